"""Reporting duties (chế độ báo cáo) and their periods (kỳ báo cáo)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khoagiao.core.models import TimeStampedModel
from khoagiao.core.text import SearchableMixin

from ..choices import DeadlineRule, DutyFrequency, WindowRule
from .templates import ReportTemplate, TemplateVersion


class ReportingDuty(SearchableMixin, TimeStampedModel):
    search_fields = ("code", "name")

    code = models.SlugField(_("Mã chế độ"), max_length=60, unique=True)
    name = models.CharField(_("Tên chế độ báo cáo"), max_length=255)
    template = models.ForeignKey(
        ReportTemplate, verbose_name=_("Mẫu báo cáo"), on_delete=models.PROTECT, related_name="duties"
    )
    receiving_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("Đơn vị nhận báo cáo"),
        on_delete=models.PROTECT,
        related_name="received_duties",
        help_text=_("Thường là Ban Tuyên giáo và Dân vận; chỉ đơn vị trực thuộc mới có thể phải báo cáo."),
    )
    frequency = models.CharField(_("Tần suất"), max_length=20, choices=DutyFrequency.choices)
    window_rule = models.CharField(
        _("Thời gian chốt số liệu"), max_length=20, choices=WindowRule.choices, default=WindowRule.DECREE_09
    )
    deadline_rule = models.CharField(
        _("Cách tính hạn nộp"),
        max_length=30,
        choices=DeadlineRule.choices,
        default=DeadlineRule.WORKING_DAYS_AFTER,
    )
    deadline_working_days = models.PositiveSmallIntegerField(
        _("Số ngày làm việc sau ngày chốt"),
        default=2,
        help_text=_("Nghị định 09 yêu cầu ít nhất 01 ngày làm việc."),
    )
    deadline_fixed_day = models.PositiveSmallIntegerField(
        _("Ngày cố định trong tháng"),
        null=True,
        blank=True,
        help_text=_("Ví dụ 18: hạn là ngày 18 sau ngày chốt."),
    )
    consolidated_deadline_working_days = models.PositiveSmallIntegerField(
        _("Hạn báo cáo tổng hợp (ngày làm việc sau hạn của đơn vị)"), default=3
    )
    units = models.ManyToManyField(
        "orgs.Unit",
        verbose_name=_("Đơn vị phải báo cáo (chỉ định)"),
        blank=True,
        related_name="reporting_duties",
    )
    unit_kinds = models.ManyToManyField(
        "orgs.UnitKind", verbose_name=_("Hoặc theo loại đơn vị"), blank=True, related_name="+"
    )
    unit_levels = models.ManyToManyField(
        "orgs.UnitLevel", verbose_name=_("Và theo cấp"), blank=True, related_name="+"
    )
    requires_leader_approval = models.BooleanField(_("Lãnh đạo đơn vị duyệt trước khi gửi"), default=False)
    lock_after_days = models.PositiveSmallIntegerField(
        _("Khóa sau hạn (ngày)"), null=True, blank=True, help_text=_("Để trống: không khóa.")
    )
    periods_ahead = models.PositiveSmallIntegerField(_("Số kỳ tạo trước"), default=2)
    is_active = models.BooleanField(_("Đang áp dụng"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Chế độ báo cáo")
        verbose_name_plural = _("Chế độ báo cáo")

    def __str__(self) -> str:
        return self.name


class Period(TimeStampedModel):
    """One reporting period of a duty, with its data window and deadlines in the province's time zone."""

    duty = models.ForeignKey(ReportingDuty, on_delete=models.CASCADE, related_name="periods")
    year = models.PositiveSmallIntegerField(_("Năm"))
    number = models.PositiveSmallIntegerField(
        _("Số thứ tự kỳ"), help_text=_("Tháng 1–12, quý 1–4; 1 cho kỳ năm.")
    )
    label = models.CharField(_("Tên kỳ"), max_length=120)
    window_start = models.DateField(_("Chốt số liệu từ ngày"))
    window_end = models.DateField(_("Chốt số liệu đến ngày"))
    deadline = models.DateTimeField(_("Hạn nộp của đơn vị"))
    consolidated_deadline = models.DateTimeField(_("Hạn báo cáo tổng hợp"))
    lock_at = models.DateTimeField(_("Khóa nộp lúc"), null=True, blank=True)
    template_version = models.ForeignKey(
        TemplateVersion, verbose_name=_("Phiên bản mẫu"), on_delete=models.PROTECT, related_name="periods"
    )
    is_ad_hoc = models.BooleanField(_("Yêu cầu đột xuất"), default=False)
    request_note = models.TextField(_("Nội dung yêu cầu"), blank=True)

    class Meta:
        ordering = ["duty", "-window_end"]
        verbose_name = _("Kỳ báo cáo")
        verbose_name_plural = _("Kỳ báo cáo")
        constraints = [
            models.UniqueConstraint(fields=["duty", "year", "number"], name="reporting_period_unique"),
            models.CheckConstraint(
                condition=Q(window_end__gte=models.F("window_start")), name="reporting_window"
            ),
        ]
        indexes = [models.Index(fields=["deadline"], name="reporting_period_deadline_idx")]

    def __str__(self) -> str:
        return f"{self.duty.name} — {self.label}"
