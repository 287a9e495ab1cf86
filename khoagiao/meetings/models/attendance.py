from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from khoagiao.core.models import TimeStampedModel

from ..choices import AttendanceResponse, OpinionKind
from .briefings import Briefing


class Attendance(TimeStampedModel):
    """An invited unit of a briefing: its answer to the invitation and, on the day, whether it attended."""

    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="attendances")
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("Đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    response = models.CharField(
        _("Trả lời"), max_length=20, choices=AttendanceResponse.choices, default=AttendanceResponse.PENDING
    )
    attendees = models.TextField(_("Người dự (họ tên, chức vụ)"), blank=True)
    apology_reason = models.CharField(_("Lý do vắng"), max_length=500, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    present = models.BooleanField(_("Có mặt"), null=True, blank=True)
    actual_attendees = models.TextField(_("Người dự thực tế"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["briefing", "unit__path"]
        verbose_name = _("Thành phần mời")
        verbose_name_plural = _("Thành phần mời")
        constraints = [
            models.UniqueConstraint(fields=["briefing", "unit"], name="meetings_attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.get_response_display()}"

    @property
    def attendee_lines(self) -> list[str]:
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]


class Opinion(TimeStampedModel):
    """A unit's opinion, proposal or petition voiced at the briefing (recorded by the secretary)."""

    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="opinions")
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("Đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(
        _("Loại"), max_length=20, choices=OpinionKind.choices, default=OpinionKind.OPINION
    )
    content = models.TextField(_("Nội dung"))

    class Meta:
        ordering = ["briefing", "created_at", "id"]
        verbose_name = _("Ý kiến tại hội nghị")
        verbose_name_plural = _("Ý kiến tại hội nghị")

    def __str__(self) -> str:
        return f"{self.unit}: {self.content[:60]}"
