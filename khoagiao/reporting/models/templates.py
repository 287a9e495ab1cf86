"""Report templates (đề cương, mẫu báo cáo): versioned sections, indicators and validation rules.

A template is a family; its content lives in versions. A published version never changes: editing makes a new
draft version, and publishing it applies it to the periods that have not opened yet.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khoagiao.core.models import TimeStampedModel
from khoagiao.core.text import SearchableMixin

from ..choices import IndicatorAggregation, IndicatorValueType, RuleOperator, TemplateVersionStatus


class ReportTemplate(SearchableMixin, TimeStampedModel):
    search_fields = ("code", "name")

    code = models.SlugField(_("Mã mẫu"), max_length=60, unique=True)
    name = models.CharField(_("Tên mẫu báo cáo"), max_length=255)
    description = models.TextField(_("Mô tả"), blank=True)
    is_active = models.BooleanField(_("Đang dùng"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Mẫu báo cáo")
        verbose_name_plural = _("Mẫu báo cáo")

    def __str__(self) -> str:
        return self.name


class TemplateVersion(TimeStampedModel):
    template = models.ForeignKey(ReportTemplate, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("Phiên bản"))
    status = models.CharField(
        _("Trạng thái"),
        max_length=20,
        choices=TemplateVersionStatus.choices,
        default=TemplateVersionStatus.DRAFT,
    )
    published_at = models.DateTimeField(_("Ban hành lúc"), null=True, blank=True)
    note = models.CharField(_("Ghi chú thay đổi"), max_length=300, blank=True)

    class Meta:
        ordering = ["template", "-number"]
        verbose_name = _("Phiên bản mẫu báo cáo")
        verbose_name_plural = _("Phiên bản mẫu báo cáo")
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="reporting_version_number_unique"),
            models.UniqueConstraint(
                fields=["template"],
                condition=Q(status=TemplateVersionStatus.DRAFT),
                name="reporting_one_draft_per_template",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template.name} — phiên bản {self.number}"

    @property
    def is_editable(self) -> bool:
        return self.status == TemplateVersionStatus.DRAFT


class TemplateSection(models.Model):
    """A narrative section of the outline, e.g. "I. Tình hình tư tưởng, dư luận xã hội"."""

    version = models.ForeignKey(TemplateVersion, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(_("Thứ tự"))
    code = models.SlugField(_("Mã mục"), max_length=40)
    heading = models.CharField(_("Tiêu đề mục"), max_length=300)
    guidance = models.TextField(_("Hướng dẫn viết"), blank=True)
    is_required = models.BooleanField(_("Bắt buộc"), default=True)
    field = models.ForeignKey(
        "orgs.Field",
        verbose_name=_("Lĩnh vực"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_public_opinion = models.BooleanField(
        _("Là mục dư luận xã hội"),
        default=False,
        help_text=_("Đoạn văn của mục này có thể chuyển thành vấn đề nóng."),
    )

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("Mục đề cương")
        verbose_name_plural = _("Mục đề cương")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="reporting_section_code_unique")
        ]

    def __str__(self) -> str:
        return self.heading


class Indicator(models.Model):
    """A figure a unit reports, e.g. "Số trường đạt chuẩn quốc gia" (integer, summed up the tree)."""

    version = models.ForeignKey(TemplateVersion, on_delete=models.CASCADE, related_name="indicators")
    order = models.PositiveSmallIntegerField(_("Thứ tự"))
    code = models.SlugField(_("Mã chỉ tiêu"), max_length=40)
    name = models.CharField(_("Tên chỉ tiêu"), max_length=300)
    unit_of_measure = models.CharField(_("Đơn vị tính"), max_length=40, blank=True)
    value_type = models.CharField(_("Kiểu dữ liệu"), max_length=20, choices=IndicatorValueType.choices)
    choices = models.JSONField(_("Các lựa chọn"), default=list, blank=True)
    aggregation = models.CharField(
        _("Cách tổng hợp"),
        max_length=20,
        choices=IndicatorAggregation.choices,
        default=IndicatorAggregation.SUM,
    )
    field = models.ForeignKey(
        "orgs.Field",
        verbose_name=_("Lĩnh vực"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_required = models.BooleanField(_("Bắt buộc"), default=False)
    min_value = models.DecimalField(
        _("Giá trị nhỏ nhất"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("Giá trị lớn nhất"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    is_cumulative = models.BooleanField(
        _("Lũy kế từ đầu năm"), default=False, help_text=_("Số liệu tính từ đầu năm đến hết kỳ báo cáo.")
    )
    guidance = models.CharField(_("Hướng dẫn nhập"), max_length=300, blank=True)

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("Chỉ tiêu")
        verbose_name_plural = _("Chỉ tiêu")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="reporting_indicator_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class ValidationRule(models.Model):
    """A relation between two figures that must hold before a submit, e.g. đạt chuẩn ≤ tổng số trường."""

    version = models.ForeignKey(TemplateVersion, on_delete=models.CASCADE, related_name="rules")
    left = models.ForeignKey(
        Indicator, verbose_name=_("Chỉ tiêu vế trái"), on_delete=models.CASCADE, related_name="+"
    )
    operator = models.CharField(_("Phép so sánh"), max_length=20, choices=RuleOperator.choices)
    right = models.ForeignKey(
        Indicator,
        verbose_name=_("Chỉ tiêu vế phải"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    right_constant = models.DecimalField(
        _("Hoặc hằng số vế phải"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    message = models.CharField(_("Thông báo khi vi phạm"), max_length=300, blank=True)

    class Meta:
        ordering = ["version", "id"]
        verbose_name = _("Quy tắc kiểm tra")
        verbose_name_plural = _("Quy tắc kiểm tra")

    def __str__(self) -> str:
        right = self.right.code if self.right_id and self.right else str(self.right_constant)
        return f"{self.left.code} {self.get_operator_display()} {right}"
