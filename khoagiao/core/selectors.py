"""Reads of the foundation: health, the audit trail, jobs and the working-day calendar."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from .errors import NotFoundError
from .models import AuditEvent, CalendarDay, PeriodicJobRun
from .scheduling import PERIODIC_JOBS, PeriodicJob
from .text import search_filter
from .workdays import SATURDAY, library_swapped_working_days, public_holidays, weekday_name

JOB_STATUSES = ("FAILED", "RUNNING", "READY", "SUCCESSFUL")
JOB_RETRY_ACTION = "core.job_retry"


def health_status() -> dict[str, Any]:
    """Whether the database answers and every migration is applied."""
    status: dict[str, Any] = {"database": "ok", "migrations": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            status["migrations"] = f"{len(pending)} chưa áp dụng"
    except DatabaseError as error:
        status["database"] = f"lỗi: {error.__class__.__name__}"
        status["migrations"] = "không kiểm tra được"
    status["status"] = "ok" if status["database"] == "ok" and status["migrations"] == "ok" else "error"
    return status


# --- Audit trail --------------------------------------------------------------------------------------------


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_event_list(
    *,
    actor_query: str | None = None,
    object_query: str | None = None,
    action: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """The audit trail with filters, newest first; callers check `can_view_audit` first.

    The actor matches on the stored user name or on the user's full name (without diacritics); the object on
    its text or its exact id; the action on its prefix ("orgs." or "orgs.unit_"); dates are local days,
    both ends included.
    """
    queryset = AuditEvent.objects.select_related("actor", "object_type")
    if actor_query and actor_query.strip():
        text = actor_query.strip()
        users = search_filter(get_user_model().objects.all(), text).values("pk")
        queryset = queryset.filter(Q(actor_name__icontains=text) | Q(actor__in=users))
    if object_query and object_query.strip():
        text = object_query.strip()
        queryset = queryset.filter(Q(object_repr__icontains=text) | Q(object_id=text))
    if action and action.strip():
        queryset = queryset.filter(action__startswith=action.strip())
    if date_from:
        queryset = queryset.filter(created_at__gte=_day_start(date_from))
    if date_to:
        queryset = queryset.filter(created_at__lt=_day_start(date_to + dt.timedelta(days=1)))
    return queryset


def audit_action_list() -> list[str]:
    """The distinct actions recorded so far (suggestions for the action filter)."""
    return sorted(AuditEvent.objects.order_by().values_list("action", flat=True).distinct())


# --- Jobs --------------------------------------------------------------------------------------------------


def job_result_list(*, status: str | None = None) -> QuerySet[DBTaskResult]:
    """The job results of the database queue: failed ones first, then the newest."""
    queryset = DBTaskResult.objects.all()
    if status in JOB_STATUSES:
        queryset = queryset.filter(status=status)
    failed_first = Case(When(status="FAILED", then=Value(0)), default=Value(1), output_field=IntegerField())
    return queryset.order_by(failed_first, "-enqueued_at")


def job_status_counts() -> dict[str, int]:
    counts = dict.fromkeys(JOB_STATUSES, 0)
    for row in DBTaskResult.objects.order_by().values("status").annotate(count=Count("id")):
        counts[row["status"]] = row["count"]
    return counts


def job_result_get(*, pk: Any) -> DBTaskResult:
    try:
        return DBTaskResult.objects.get(pk=pk)
    except (DBTaskResult.DoesNotExist, ValueError, TypeError) as error:
        raise NotFoundError(_("Không tìm thấy công việc nền này (có thể đã được dọn đi).")) from error


def job_retry_events(results: Iterable[DBTaskResult]) -> dict[str, AuditEvent]:
    """The audit event of the latest retry of each job result already retried, keyed by the result's id."""
    ids = [str(result.pk) for result in results]
    events = AuditEvent.objects.filter(action=JOB_RETRY_ACTION, object_id__in=ids).order_by("created_at")
    return {event.object_id: event for event in events}


@dataclass(frozen=True)
class PeriodicJobRow:
    job: PeriodicJob
    last_run: PeriodicJobRun | None
    last_result: DBTaskResult | None


def _as_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def periodic_job_list() -> list[PeriodicJobRow]:
    """The periodic schedule, with each job's last enqueued slot and, on the database queue, its outcome."""
    last_runs = {
        name: PeriodicJobRun.objects.filter(name=name).order_by("-enqueued_at", "-id").first()
        for name in PERIODIC_JOBS
    }
    result_ids = [_as_uuid(run.result_id) for run in last_runs.values() if run is not None and run.result_id]
    results = {
        str(result.pk): result for result in DBTaskResult.objects.filter(pk__in=[i for i in result_ids if i])
    }
    rows = []
    for name, job in sorted(PERIODIC_JOBS.items()):
        run = last_runs[name]
        result_id = _as_uuid(run.result_id) if run is not None and run.result_id else None
        rows.append(PeriodicJobRow(job, run, results.get(str(result_id)) if result_id else None))
    return rows


# --- Working-day calendar -----------------------------------------------------------------------------------


def calendar_day_list(*, year: int | None = None) -> QuerySet[CalendarDay]:
    queryset = CalendarDay.objects.select_related("created_by")
    return queryset.filter(date__year=year) if year else queryset


def calendar_day_get(*, pk: Any) -> CalendarDay:
    try:
        return CalendarDay.objects.get(pk=pk)
    except (CalendarDay.DoesNotExist, ValueError, TypeError) as error:
        raise NotFoundError(_("Không tìm thấy ngày điều chỉnh này (có thể đã được xóa).")) from error


@dataclass(frozen=True)
class HolidayRow:
    date: dt.date
    weekday: str
    name: str
    correction: CalendarDay | None


@dataclass(frozen=True)
class CorrectionRow:
    day: CalendarDay
    weekday: str


@dataclass(frozen=True)
class SwapSuggestion:
    date: dt.date
    weekday: str
    day_off: dt.date


@dataclass(frozen=True)
class CalendarYear:
    year: int
    holidays: list[HolidayRow]
    corrections: list[CorrectionRow]
    suggestions: list[SwapSuggestion]


def calendar_year(year: int) -> CalendarYear:
    """The library's public holidays of `year`, the administrator's corrections, and the swapped working days
    the library implies but the administrator has not recorded yet."""
    corrections = list(calendar_day_list(year=year))
    by_date = {day.date: day for day in corrections}
    holidays = [
        HolidayRow(date, weekday_name(date), name, by_date.get(date))
        for date, name in sorted(public_holidays(year).items())
    ]
    suggestions = [
        SwapSuggestion(worked, weekday_name(worked), day_off)
        for worked, day_off in library_swapped_working_days(year).items()
        if worked not in by_date and worked.weekday() >= SATURDAY
    ]
    rows = [CorrectionRow(day, weekday_name(day.date)) for day in corrections]
    return CalendarYear(year, holidays, rows, suggestions)
