from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khoagiao.core.models import TimeStampedModel

from .briefings import Briefing


class ConclusionVersion(TimeStampedModel):
    """One version of the chair's conclusions. The notice (thông báo kết luận) is issued from a version; after
    that the version is locked and a correction is a new version (with its reason), the old one kept."""

    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="conclusion_versions")
    number = models.PositiveSmallIntegerField(_("Lần"), default=1)
    reason = models.CharField(_("Lý do điều chỉnh"), max_length=500, blank=True)
    opening = models.TextField(_("Phần mở đầu"), blank=True)
    notice = models.ForeignKey(
        "reporting.OutgoingDocument",
        verbose_name=_("Thông báo kết luận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["briefing", "number"]
        constraints = [
            models.UniqueConstraint(fields=["briefing", "number"], name="meetings_conclusion_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.briefing} — {self.number}"

    @property
    def is_locked(self) -> bool:
        return self.notice_id is not None


class ConclusionItem(TimeStampedModel):
    """A numbered conclusion ("Một là, …"); tasks created from it name it as their source."""

    version = models.ForeignKey(ConclusionVersion, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("Thứ tự"))
    text = models.TextField(_("Nội dung kết luận"))
    lead_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("Đơn vị chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_date = models.DateField(_("Thời hạn"), null=True, blank=True)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_versions"
    )

    class Meta:
        ordering = ["version", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="meetings_conclusion_item_order"),
            models.CheckConstraint(condition=Q(order__gte=1), name="meetings_conclusion_item_order_min"),
        ]

    def __str__(self) -> str:
        return self.text[:80]
