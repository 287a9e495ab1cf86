from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khoagiao.core.models import TimeStampedModel
from khoagiao.core.text import SearchableMixin

from ..choices import BriefingKind, BriefingStatus, ProposalStatus


class Briefing(SearchableMixin, TimeStampedModel):
    """One briefing of the bloc, organised by a unit (the department), from planning to the concluding notice."""

    search_fields = ("title", "place", "chair_name")

    title = models.CharField(_("Tên hội nghị"), max_length=300)
    kind = models.CharField(_("Loại giao ban"), max_length=20, choices=BriefingKind.choices)
    organising_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("Đơn vị tổ chức"),
        on_delete=models.PROTECT,
        related_name="organised_briefings",
    )
    date = models.DateField(_("Ngày họp"), db_index=True)
    start_time = models.TimeField(_("Giờ bắt đầu"), default=dt.time(8, 0))
    place = models.CharField(_("Địa điểm"), max_length=300)
    chair_name = models.CharField(_("Người chủ trì"), max_length=150)
    chair_title = models.CharField(_("Chức vụ người chủ trì"), max_length=200, blank=True)
    chair_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Tài khoản người chủ trì"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Thư ký hội nghị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposal_cutoff = models.DateField(_("Hạn đề xuất nội dung"), null=True, blank=True)
    period = models.ForeignKey(
        "reporting.Period",
        verbose_name=_("Kỳ báo cáo liên quan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes = models.TextField(_("Ghi chú"), blank=True)
    status = models.CharField(
        _("Tình trạng"), max_length=20, choices=BriefingStatus.choices, default=BriefingStatus.PLANNED
    )
    held_at = models.DateTimeField(_("Ghi nhận đã họp lúc"), null=True, blank=True)
    cancel_reason = models.CharField(_("Lý do hủy"), max_length=500, blank=True)
    notice_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-date", "-start_time", "-id"]
        verbose_name = _("Hội nghị giao ban")
        verbose_name_plural = _("Hội nghị giao ban")
        indexes = [models.Index(fields=["organising_unit", "date"], name="meetings_org_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(proposal_cutoff__isnull=True) | Q(proposal_cutoff__lte=models.F("date")),
                name="meetings_cutoff_before_date",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def starts_at(self) -> dt.datetime:
        from django.utils import timezone

        return timezone.make_aware(dt.datetime.combine(self.date, self.start_time))


class AgendaItem(TimeStampedModel):
    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("Thứ tự"), default=1)
    title = models.CharField(_("Nội dung"), max_length=500)
    presenter_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("Đơn vị trình bày"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    duration_minutes = models.PositiveSmallIntegerField(_("Thời lượng (phút)"), default=15)

    class Meta:
        ordering = ["briefing", "order", "id"]
        verbose_name = _("Nội dung chương trình")
        verbose_name_plural = _("Chương trình hội nghị")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__lte=600), name="meetings_agenda_duration_max"
            )
        ]

    def __str__(self) -> str:
        return self.title


class AgendaDocument(models.Model):
    """A file attached to an agenda item (tài liệu hội nghị), checked by content like every upload."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="meetings/%Y/")
    name = models.CharField(_("Tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    content_type = models.CharField(max_length=120, blank=True)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class AgendaProposal(TimeStampedModel):
    """A topic a unit proposes for the agenda before the cut-off; the department accepts or declines it."""

    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="proposals")
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("Đơn vị đề xuất"), on_delete=models.PROTECT)
    title = models.CharField(_("Nội dung đề xuất"), max_length=500)
    description = models.TextField(_("Thuyết minh"), blank=True)
    status = models.CharField(max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PENDING)
    decision_note = models.CharField(_("Ý kiến của Ban"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    agenda_item = models.OneToOneField(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposal"
    )

    class Meta:
        ordering = ["briefing", "created_at", "id"]
        verbose_name = _("Đề xuất nội dung")
        verbose_name_plural = _("Đề xuất nội dung")

    def __str__(self) -> str:
        return self.title
