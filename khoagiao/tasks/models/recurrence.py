"""Recurring tasks: a definition from which a periodic job creates each occurrence (one per due date)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khoagiao.core.models import TimeStampedModel

from ..choices import RecurrenceFrequency, TaskPriority


class TaskRecurrence(TimeStampedModel):
    title = models.CharField(_("Nhiệm vụ"), max_length=500)
    description = models.TextField(_("Nội dung, yêu cầu"), blank=True)
    lead_unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("Đơn vị chủ trì"), on_delete=models.PROTECT, related_name="+"
    )
    coordinating_units = models.ManyToManyField(
        "orgs.Unit", verbose_name=_("Đơn vị phối hợp"), blank=True, related_name="+"
    )
    assigning_unit = models.ForeignKey(
        "orgs.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    field = models.ForeignKey("orgs.Field", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    priority = models.CharField(max_length=10, choices=TaskPriority.choices, default=TaskPriority.NORMAL)
    frequency = models.CharField(_("Chu kỳ"), max_length=10, choices=RecurrenceFrequency.choices)
    # The due day in the month (a day past the month's end means its last day); for a quarter, in the
    # quarter's last month; for a year, in `due_month`.
    due_day = models.PositiveSmallIntegerField(_("Ngày đến hạn trong tháng"), default=25)
    due_month = models.PositiveSmallIntegerField(_("Tháng đến hạn (nhiệm vụ hằng năm)"), default=12)
    # Each occurrence is created (assigned) this many days before its due date.
    lead_days = models.PositiveSmallIntegerField(_("Giao trước hạn (ngày)"), default=20)
    starts_on = models.DateField(_("Áp dụng từ ngày"))
    ends_on = models.DateField(_("Đến ngày"), null=True, blank=True)
    is_active = models.BooleanField(_("Đang áp dụng"), default=True)
    assigner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("Nhiệm vụ định kỳ")
        verbose_name_plural = _("Nhiệm vụ định kỳ")
        constraints = [
            models.CheckConstraint(condition=Q(due_day__gte=1, due_day__lte=31), name="tasks_recurrence_day"),
            models.CheckConstraint(
                condition=Q(due_month__gte=1, due_month__lte=12), name="tasks_recurrence_month"
            ),
        ]

    def __str__(self) -> str:
        return self.title
