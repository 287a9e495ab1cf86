"""Recurring tasks (monthly, quarterly, yearly). The department defines the recurrence; a daily job creates each
occurrence `lead_days` before its due date. The job is idempotent: one task per recurrence and original due
date (a unique constraint), so running it twice, or on two workers at once, creates each occurrence once."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.audit import acting_user, audit_record, snapshot
from khoagiao.core.errors import ValidationFailed
from khoagiao.core.permissions import require

from ..choices import RecurrenceFrequency, TaskPriority, TaskSourceKind
from ..models import Task, TaskRecurrence
from ..permissions import can_assign_task_to
from .creation import task_create

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
RECURRENCE_FIELDS = (
    "title",
    "lead_unit",
    "frequency",
    "due_day",
    "due_month",
    "lead_days",
    "starts_on",
    "ends_on",
)


def _day_in_month(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def recurrence_due_dates(recurrence: TaskRecurrence, *, until: dt.date) -> Iterator[dt.date]:
    """The due dates of the recurrence from its start up to `until` (inclusive), in order."""
    start = recurrence.starts_on
    end = min(until, recurrence.ends_on) if recurrence.ends_on else until
    if recurrence.frequency == RecurrenceFrequency.MONTHLY:
        months = list(range(1, 13))
    elif recurrence.frequency == RecurrenceFrequency.QUARTERLY:
        months = [3, 6, 9, 12]
    else:
        months = [recurrence.due_month]
    for year in range(start.year, end.year + 1):
        for month in months:
            day = _day_in_month(year, month, recurrence.due_day)
            if start <= day <= end:
                yield day


def occurrence_label(recurrence: TaskRecurrence, due: dt.date) -> str:
    if recurrence.frequency == RecurrenceFrequency.MONTHLY:
        return _("tháng %(month)d/%(year)d") % {"month": due.month, "year": due.year}
    if recurrence.frequency == RecurrenceFrequency.QUARTERLY:
        return _("quý %(quarter)s/%(year)d") % {"quarter": ROMAN[(due.month - 1) // 3 + 1], "year": due.year}
    return _("năm %(year)d") % {"year": due.year}


@transaction.atomic
def recurrence_create(
    *,
    actor: Any,
    title: str,
    lead_unit: Any,
    frequency: str,
    starts_on: dt.date,
    due_day: int = 25,
    due_month: int = 12,
    lead_days: int = 20,
    ends_on: dt.date | None = None,
    description: str = "",
    coordinating_units: Iterable[Any] = (),
    assigning_unit: Any = None,
    field: Any = None,
    priority: str = TaskPriority.NORMAL,
) -> TaskRecurrence:
    if actor is not None:
        require(
            lead_unit is None or can_assign_task_to(actor, lead_unit),
            _("Chỉ cán bộ của Ban phụ trách đơn vị này mới được giao nhiệm vụ cho đơn vị."),
        )
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Hãy nhập tên nhiệm vụ.")
    if lead_unit is None:
        errors["lead_unit"] = _("Hãy chọn đơn vị chủ trì.")
    if frequency not in RecurrenceFrequency.values:
        errors["frequency"] = _("Hãy chọn chu kỳ: hằng tháng, hằng quý hoặc hằng năm.")
    if not 1 <= int(due_day) <= 31:
        errors["due_day"] = _("Ngày đến hạn phải từ 1 đến 31.")
    if not 1 <= int(due_month) <= 12:
        errors["due_month"] = _("Tháng đến hạn phải từ 1 đến 12.")
    if not 0 <= int(lead_days) <= 366:
        errors["lead_days"] = _("Số ngày giao trước hạn phải từ 0 đến 366.")
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("Ngày kết thúc không được trước ngày bắt đầu áp dụng.")
    if errors:
        raise ValidationFailed(
            next(iter(errors.values())),
            code="invalid_recurrence",
            details={"fields": errors, "field": next(iter(errors))},
        )
    recurrence = TaskRecurrence.objects.create(
        title=title,
        description=(description or "").strip(),
        lead_unit=lead_unit,
        assigning_unit=assigning_unit,
        field=field,
        priority=priority,
        frequency=frequency,
        due_day=due_day,
        due_month=due_month,
        lead_days=lead_days,
        starts_on=starts_on,
        ends_on=ends_on,
        assigner=acting_user(actor),
        created_by=acting_user(actor),
    )
    coordinating = [unit for unit in coordinating_units if unit.pk != lead_unit.pk]
    if coordinating:
        recurrence.coordinating_units.set(coordinating)
    audit_record(
        actor=actor,
        action="tasks.recurrence_create",
        obj=recurrence,
        after=snapshot(recurrence, RECURRENCE_FIELDS),
    )
    return recurrence


@transaction.atomic
def recurrence_stop(*, actor: Any, recurrence: TaskRecurrence) -> TaskRecurrence:
    require(
        can_assign_task_to(actor, recurrence.lead_unit),
        _("Chỉ cán bộ của Ban phụ trách đơn vị này mới được dừng nhiệm vụ định kỳ."),
    )
    if recurrence.is_active:
        recurrence.is_active = False
        recurrence.save(update_fields=["is_active", "updated_at"])
        audit_record(actor=actor, action="tasks.recurrence_stop", obj=recurrence, after={"is_active": False})
    return recurrence


def recurrence_generate(recurrence: TaskRecurrence, *, today: dt.date) -> list[Task]:
    """Create the occurrences whose assignment day has come and that do not exist yet."""
    if not recurrence.is_active:
        return []
    until = today + dt.timedelta(days=recurrence.lead_days)
    wanted = list(recurrence_due_dates(recurrence, until=until))
    if not wanted:
        return []
    existing = set(
        recurrence.tasks.filter(original_due_date__in=wanted).values_list("original_due_date", flat=True)
    )
    coordinating = list(recurrence.coordinating_units.all())
    created = []
    for due in wanted:
        if due in existing:
            continue
        assigned_on = max(recurrence.starts_on, due - dt.timedelta(days=recurrence.lead_days))
        try:
            with transaction.atomic():
                task = task_create(
                    actor=None,
                    title=f"{recurrence.title} ({occurrence_label(recurrence, due)})",
                    description=recurrence.description,
                    lead_unit=recurrence.lead_unit,
                    due_date=due,
                    coordinating_units=coordinating,
                    source=recurrence,
                    source_kind=TaskSourceKind.NONE,
                    source_label=_("Nhiệm vụ định kỳ %(frequency)s")
                    % {"frequency": recurrence.get_frequency_display().lower()},
                    assigning_unit=recurrence.assigning_unit,
                    assigned_on=assigned_on,
                    priority=recurrence.priority,
                    field=recurrence.field,
                    recurrence=recurrence,
                )
        except IntegrityError:
            continue  # another run created this occurrence at the same moment
        created.append(task)
    return created


def recurrences_generate_all(today: dt.date | None = None) -> int:
    """The periodic job's body: every active recurrence, each occurrence once."""
    today = today or timezone.localdate()
    count = 0
    recurrences = TaskRecurrence.objects.filter(
        is_active=True, starts_on__lte=today + dt.timedelta(days=366)
    ).select_related("lead_unit", "assigning_unit", "field")
    for recurrence in recurrences:
        count += len(recurrence_generate(recurrence, today=today))
    return count
