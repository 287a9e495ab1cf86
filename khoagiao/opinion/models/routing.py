"""The routing table: which unit handles issues of a field arising in an area (the department when none)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from khoagiao.core.models import TimeStampedModel


class RoutingRule(TimeStampedModel):
    """Issues of `field` (any field when empty) arising in `area` or below go to `responsible_unit`. The most
    specific rule wins: the deepest area first, then a rule naming the field over one for any field."""

    field = models.ForeignKey(
        "orgs.Field",
        verbose_name=_("Lĩnh vực"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    area = models.ForeignKey(
        "orgs.Unit", verbose_name=_("Địa bàn"), on_delete=models.CASCADE, related_name="+"
    )
    responsible_unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("Đơn vị xử lý"), on_delete=models.CASCADE, related_name="+"
    )
    note = models.CharField(_("Ghi chú"), max_length=300, blank=True)

    class Meta:
        ordering = ["area__path", "field__name", "id"]
        verbose_name = _("Quy tắc chuyển xử lý")
        constraints = [
            models.UniqueConstraint(fields=["field", "area"], name="opinion_routing_unique"),
            models.UniqueConstraint(
                fields=["area"],
                condition=models.Q(field__isnull=True),
                name="opinion_routing_any_field_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.field or '*'} × {self.area} → {self.responsible_unit}"
