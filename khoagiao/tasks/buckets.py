"""The four buckets of the Government Office's task tracking, and the ageing of overdue tasks.

- done on time: verified done, reported done on or before the effective due date;
- done late: verified done, reported done after it;
- open within term: not done yet and today is on or before the effective due date, or reported done in time and
  awaiting the department's verification (the unit did its part in time);
- open overdue: not done and the effective due date has passed (or reported done late, awaiting verification).

The effective due date is the due date moved forward to the next working day when it falls on a day off (a
deadline on a Sunday or on Tết ends on the next working day). Cancelled tasks are in no bucket.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When

from khoagiao.core.workdays import WorkingCalendar

from .choices import TaskBucket, TaskStatus

AGEING_THRESHOLDS = (30, 60, 120)


def effective_due_date(due_date: dt.date, calendar: WorkingCalendar | None = None) -> dt.date:
    calendar = calendar or WorkingCalendar()
    day = due_date
    while not calendar.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def task_bucket_of(task: Any, *, today: dt.date) -> str | None:
    """The bucket of one task on `today` (None for a cancelled task)."""
    due = task.effective_due_date
    if task.status == TaskStatus.CANCELLED:
        return None
    if task.status == TaskStatus.DONE:
        return (
            TaskBucket.DONE_ON_TIME
            if task.completed_on and task.completed_on <= due
            else TaskBucket.DONE_LATE
        )
    if task.status == TaskStatus.REPORTED_DONE and task.completed_on:
        return TaskBucket.OPEN_WITHIN_TERM if task.completed_on <= due else TaskBucket.OPEN_OVERDUE
    return TaskBucket.OPEN_WITHIN_TERM if today <= due else TaskBucket.OPEN_OVERDUE


def bucket_conditions(today: dt.date) -> dict[str, Q]:
    """The four buckets as database conditions, for counting and filtering large lists."""
    open_statuses = [TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS]
    reported = Q(status=TaskStatus.REPORTED_DONE, completed_on__isnull=False)
    return {
        TaskBucket.DONE_ON_TIME: Q(status=TaskStatus.DONE, completed_on__lte=F("effective_due_date")),
        TaskBucket.DONE_LATE: Q(status=TaskStatus.DONE)
        & (Q(completed_on__gt=F("effective_due_date")) | Q(completed_on__isnull=True)),
        TaskBucket.OPEN_WITHIN_TERM: (Q(status__in=open_statuses) & Q(effective_due_date__gte=today))
        | (reported & Q(completed_on__lte=F("effective_due_date")))
        | (Q(status=TaskStatus.REPORTED_DONE, completed_on__isnull=True) & Q(effective_due_date__gte=today)),
        TaskBucket.OPEN_OVERDUE: (Q(status__in=open_statuses) & Q(effective_due_date__lt=today))
        | (reported & Q(completed_on__gt=F("effective_due_date")))
        | (Q(status=TaskStatus.REPORTED_DONE, completed_on__isnull=True) & Q(effective_due_date__lt=today)),
    }


def annotate_bucket(queryset: QuerySet, *, today: dt.date) -> QuerySet:
    """Adds `bucket` (one of TaskBucket's values, or "" for cancelled tasks) to every row."""
    whens = [
        When(condition, then=Value(str(bucket))) for bucket, condition in bucket_conditions(today).items()
    ]
    return queryset.annotate(bucket=Case(*whens, default=Value(""), output_field=CharField()))


def filter_bucket(queryset: QuerySet, bucket: str, *, today: dt.date) -> QuerySet:
    return queryset.filter(bucket_conditions(today)[bucket])


@dataclass
class BucketRow:
    """One unit's (or the whole list's) four buckets, with ageing of the overdue ones."""

    unit: Any = None
    done_on_time: int = 0
    done_late: int = 0
    open_within_term: int = 0
    open_overdue: int = 0
    overdue_ageing: dict[int, int] = field(default_factory=lambda: dict.fromkeys(AGEING_THRESHOLDS, 0))

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def total(self) -> int:
        return self.done + self.open_within_term + self.open_overdue

    @property
    def on_time_rate(self) -> float | None:
        """Share of finished tasks finished on time (None when nothing is finished yet)."""
        return round(100 * self.done_on_time / self.done, 1) if self.done else None


def _counts(queryset: QuerySet, today: dt.date, group_by: str | None) -> dict[Any, BucketRow]:
    conditions = bucket_conditions(today)
    aggregates: dict[str, Any] = {
        str(bucket): Count("pk", filter=condition) for bucket, condition in conditions.items()
    }
    overdue = conditions[TaskBucket.OPEN_OVERDUE]
    for days in AGEING_THRESHOLDS:
        aggregates[f"age_{days}"] = Count(
            "pk", filter=overdue & Q(effective_due_date__lt=today - dt.timedelta(days=days))
        )
    queryset = queryset.exclude(status=TaskStatus.CANCELLED).order_by()
    rows: dict[Any, BucketRow] = {}
    if group_by is None:
        values = [queryset.aggregate(**aggregates)]
    else:
        values = list(queryset.values(group_by).annotate(**aggregates))
    for value in values:
        key = value.get(group_by) if group_by else None
        rows[key] = BucketRow(
            unit=key,
            done_on_time=value[TaskBucket.DONE_ON_TIME] or 0,
            done_late=value[TaskBucket.DONE_LATE] or 0,
            open_within_term=value[TaskBucket.OPEN_WITHIN_TERM] or 0,
            open_overdue=value[TaskBucket.OPEN_OVERDUE] or 0,
            overdue_ageing={days: value[f"age_{days}"] or 0 for days in AGEING_THRESHOLDS},
        )
    return rows


def bucket_totals(queryset: QuerySet, *, today: dt.date) -> BucketRow:
    """The four buckets of a whole list of tasks, in one query."""
    return _counts(queryset, today, None)[None]


def bucket_rows_by_lead_unit(
    queryset: QuerySet, *, today: dt.date, units: Iterable[Any] = ()
) -> list[BucketRow]:
    """The four buckets per lead unit, in one query (plus the units given, with zero rows for units that have no
    task). `unit` on each row is the Unit when `units` names it, else the lead unit's id."""
    rows = _counts(queryset, today, "lead_unit")
    by_id = {unit.pk: unit for unit in units}
    result = []
    for unit_id, unit in by_id.items():
        row = rows.pop(unit_id, BucketRow())
        row.unit = unit
        result.append(row)
    result.extend(rows.values())
    return result


def task_elapsed_percent(task: Any, *, today: dt.date) -> int:
    """The share of the task's term already gone, in percent (0 before the assignment day, 100 from the due
    date on)."""
    due = task.effective_due_date
    if today >= due:
        return 100
    if today <= task.assigned_on:
        return 0
    return int(100 * (today - task.assigned_on).days / max(1, (due - task.assigned_on).days))


def task_behind_schedule(task: Any, *, today: dt.date) -> bool:
    """Redmine's rule: an unfinished task within its term whose progress lags the share of the term elapsed
    (an overdue task is already in the "open overdue" bucket, a stronger signal)."""
    if task.status not in (TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS) or today > task.effective_due_date:
        return False
    return task.progress_percent < task_elapsed_percent(task, today=today)


def task_overdue_days(task: Any, *, today: dt.date) -> int:
    """Days past the effective due date for an unfinished task (0 otherwise)."""
    if task.status not in (TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS) or today <= task.effective_due_date:
        return 0
    return (today - task.effective_due_date).days


def ageing_band(days: int) -> int | None:
    """The highest ageing threshold (30, 60, 120) an overdue task has passed, or None."""
    passed = [threshold for threshold in AGEING_THRESHOLDS if days > threshold]
    return passed[-1] if passed else None
