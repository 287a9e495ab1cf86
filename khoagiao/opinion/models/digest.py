"""The weekly and monthly digest «Tình hình dư luận xã hội»."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from khoagiao.core.models import TimeStampedModel

from ..choices import DigestKind


class Digest(TimeStampedModel):
    """A digest's editable texts; its figures are computed from the issues of its window when shown or issued.
    The issued DOCX is the register's document (`document_for_source(digest)`)."""

    kind = models.CharField(_("Loại"), max_length=10, choices=DigestKind.choices)
    issuing_unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("Từ ngày"))
    period_end = models.DateField(_("Đến ngày"))
    title = models.CharField(_("Trích yếu"), max_length=300)
    overview = models.TextField(_("Tình hình chung"), blank=True)
    assessment = models.TextField(_("Nhận định, đánh giá"), blank=True)
    recommendations = models.TextField(_("Đề xuất, kiến nghị"), blank=True)
    signer_name = models.CharField(_("Người ký"), max_length=150, blank=True)
    signer_is_deputy = models.BooleanField(_("Cấp phó ký thay"), default=False)
    issued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period_end", "-id"]
        verbose_name = _("Báo cáo tình hình dư luận xã hội")
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_unit", "kind", "period_start"], name="opinion_digest_unique_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="opinion_digest_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title
