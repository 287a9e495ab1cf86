"""Reads of the task engine, always scoped to the user: a unit's people see the tasks their unit leads or
coordinates (a membership gives its subtree), the department sees the tasks of the units in its scope, viewers
and reporters read within their scope. Lists come prefetched (no query per row)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.errors import NotFoundError
from khoagiao.core.permissions import user_scope
from khoagiao.core.text import search_filter, vi_sort_key
from khoagiao.orgs.models import Field, Unit

from .buckets import BucketRow, annotate_bucket, bucket_rows_by_lead_unit, bucket_totals, filter_bucket
from .choices import ExtensionStatus, TaskBucket, TaskSourceKind, TaskStatus
from .models import Task, TaskAttachment, TaskEvent, TaskExtension, TaskProgress, TaskRecurrence
from .permissions import DEPARTMENT, UNIT_ACTORS

Coordination = Task.coordinating_units.through


def _unit_ids_with_roles(user: Any, roles: Iterable[str]) -> set[int]:
    """Units in the subtrees of the user's memberships with `roles` (the reach of the permission rules)."""
    from khoagiao.accounts.selectors import membership_units_for_user
    from khoagiao.orgs.selectors import unit_ids_in_subtrees

    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    units = membership_units_for_user(user, roles=roles)
    return unit_ids_in_subtrees(units, include_predecessors=False) if units else set()


def _units_q(unit_ids: Iterable[int]) -> Q:
    ids = list(unit_ids)
    return Q(lead_unit_id__in=ids) | Q(pk__in=Coordination.objects.filter(unit_id__in=ids).values("task_id"))


def task_visible_q(user: Any) -> Q | None:
    """The condition on Task rows the user may read; None means every row (a superuser)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser:
        return None
    scope = user_scope(user)
    if scope.is_empty:
        return Q(pk__in=[])
    return _units_q(scope.unit_ids)


def _visible(user: Any) -> QuerySet[Task]:
    condition = task_visible_q(user)
    queryset = Task.objects.all()
    return queryset if condition is None else queryset.filter(condition)


def _with_rows(queryset: QuerySet[Task]) -> QuerySet[Task]:
    return queryset.select_related("lead_unit", "field", "assigning_unit").prefetch_related(
        Prefetch("coordinating_units", queryset=Unit.objects.only("id", "name", "short_name", "path"))
    )


@dataclass(frozen=True)
class TaskFilters:
    unit_id: int | None = None
    field_id: int | None = None
    source_kind: str | None = None
    source_id: int | None = None
    bucket: str | None = None
    status: str | None = None
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    query: str | None = None

    @property
    def active(self) -> bool:
        return any(value not in (None, "") for value in self.__dict__.values())


def _apply_filters(queryset: QuerySet[Task], filters: TaskFilters, today: dt.date) -> QuerySet[Task]:
    if filters.unit_id:
        queryset = queryset.filter(_units_q([filters.unit_id]))
    if filters.field_id:
        queryset = queryset.filter(field_id=filters.field_id)
    if filters.source_kind and filters.source_kind in TaskSourceKind.values:
        queryset = queryset.filter(source_kind=filters.source_kind)
        # A source id means nothing without its kind (ids of different apps overlap).
        if filters.source_id:
            queryset = queryset.filter(source_id=filters.source_id)
    if filters.status and filters.status in TaskStatus.values:
        queryset = queryset.filter(status=filters.status)
    if filters.bucket and filters.bucket in TaskBucket.values:
        queryset = filter_bucket(queryset, filters.bucket, today=today)
    if filters.due_from:
        queryset = queryset.filter(effective_due_date__gte=filters.due_from)
    if filters.due_to:
        queryset = queryset.filter(effective_due_date__lte=filters.due_to)
    if filters.query:
        queryset = search_filter(queryset, filters.query)
    return queryset


def task_list(
    *, user: Any, filters: TaskFilters | None = None, today: dt.date | None = None
) -> QuerySet[Task]:
    """All tasks the user may read, filtered, each with its `bucket`, nearest due date first."""
    today = today or timezone.localdate()
    queryset = _apply_filters(_visible(user), filters or TaskFilters(), today)
    return _with_rows(annotate_bucket(queryset, today=today)).order_by("effective_due_date", "id")


def task_list_base(
    *, user: Any, filters: TaskFilters | None = None, today: dt.date | None = None
) -> QuerySet[Task]:
    """The filtered, scoped rows without ordering or joins: for counting buckets."""
    today = today or timezone.localdate()
    return _apply_filters(_visible(user), filters or TaskFilters(), today)


def task_my_unit_ids(user: Any) -> set[int]:
    """The units for which the user acts (focal point, unit leader)."""
    return _unit_ids_with_roles(user, UNIT_ACTORS)


def task_my_unit_list(*, user: Any, today: dt.date | None = None, open_only: bool = False) -> QuerySet[Task]:
    """Tasks the user's unit leads or coordinates (as focal point or unit leader)."""
    today = today or timezone.localdate()
    ids = task_my_unit_ids(user)
    if not ids:
        return Task.objects.none()
    queryset = Task.objects.filter(_units_q(ids))
    if open_only:
        queryset = queryset.filter(
            status__in=[TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS, TaskStatus.REPORTED_DONE]
        )
    return _with_rows(annotate_bucket(queryset, today=today)).order_by("effective_due_date", "id")


def task_awaiting_department(*, user: Any, today: dt.date | None = None) -> QuerySet[Task]:
    """Tasks of units in the user's department scope reported done (to verify) or with a pending extension."""
    today = today or timezone.localdate()
    if user is not None and getattr(user, "is_superuser", False) and user.is_active:
        queryset = Task.objects.all()
    else:
        ids = _unit_ids_with_roles(user, DEPARTMENT)
        if not ids:
            return Task.objects.none()
        queryset = Task.objects.filter(lead_unit_id__in=ids)
    pending = TaskExtension.objects.filter(status=ExtensionStatus.PENDING).values("task_id")
    queryset = queryset.filter(Q(status=TaskStatus.REPORTED_DONE) | Q(pk__in=pending))
    return _with_rows(annotate_bucket(queryset, today=today)).order_by("effective_due_date", "id")


def task_get(*, user: Any, pk: int) -> Task:
    condition = task_visible_q(user)
    queryset = Task.objects.select_related(
        "lead_unit", "field", "assigning_unit", "assigner", "verified_by", "source_type", "recurrence"
    ).prefetch_related("coordinating_units")
    if condition is not None:
        queryset = queryset.filter(condition)
    task = queryset.filter(pk=pk).first()
    if task is None:
        raise NotFoundError(_("Không tìm thấy nhiệm vụ này, hoặc nhiệm vụ không thuộc phạm vi của bạn."))
    return task


def task_events(task: Task) -> QuerySet[TaskEvent]:
    return task.events.select_related("actor", "unit").order_by("created_at", "id")


def task_progress_thread(task: Task) -> QuerySet[TaskProgress]:
    return (
        task.progress_updates.select_related("unit", "author")
        .prefetch_related(Prefetch("attachments", queryset=TaskAttachment.objects.order_by("id")))
        .order_by("-created_at", "-id")
    )


def task_extensions(task: Task) -> QuerySet[TaskExtension]:
    return task.extensions.select_related("unit", "requested_by", "decided_by").order_by(
        "-requested_at", "-id"
    )


def task_pending_extension(task: Task) -> TaskExtension | None:
    return task.extensions.filter(status=ExtensionStatus.PENDING).first()


def extension_get(*, user: Any, pk: int) -> TaskExtension:
    extension = TaskExtension.objects.select_related("task").filter(pk=pk).first()
    if extension is None:
        raise NotFoundError(_("Không tìm thấy đề nghị gia hạn này."))
    task_get(user=user, pk=extension.task_id)
    return extension


def attachment_get(*, user: Any, pk: int) -> TaskAttachment:
    attachment = TaskAttachment.objects.filter(pk=pk).first()
    if attachment is None:
        raise NotFoundError(_("Không tìm thấy tệp đính kèm này."))
    task_get(user=user, pk=attachment.task_id)
    return attachment


def task_source_object(task: Task) -> Any:
    if task.source_type_id is None or task.source_id is None:
        return None
    model = ContentType.objects.get_for_id(task.source_type_id).model_class()
    return model._default_manager.filter(pk=task.source_id).first() if model else None


# --- Four buckets ----------------------------------------------------------------------------------------------


def task_bucket_totals(
    *, user: Any, filters: TaskFilters | None = None, today: dt.date | None = None
) -> BucketRow:
    """The four buckets (and ageing) of the user's filtered list, in one query. The bucket filter itself is left
    out so that the four figures stay visible when one of them is chosen."""
    today = today or timezone.localdate()
    filters = filters or TaskFilters()
    unbucketed = TaskFilters(**{**filters.__dict__, "bucket": None})
    return bucket_totals(task_list_base(user=user, filters=unbucketed, today=today), today=today)


def task_unit_table(
    *, user: Any, filters: TaskFilters | None = None, today: dt.date | None = None
) -> list[BucketRow]:
    """The four buckets per lead unit, ranked by on-time rate (units with nothing finished last, then fewest
    overdue first, then by name in Vietnamese order). Two queries whatever the number of units."""
    today = today or timezone.localdate()
    filters = filters or TaskFilters()
    unbucketed = TaskFilters(**{**filters.__dict__, "bucket": None, "unit_id": None})
    queryset = task_list_base(user=user, filters=unbucketed, today=today)
    if filters.unit_id:
        queryset = queryset.filter(lead_unit_id=filters.unit_id)
    rows = bucket_rows_by_lead_unit(queryset, today=today)
    units = Unit.objects.in_bulk([row.unit for row in rows])
    for row in rows:
        row.unit = units.get(row.unit)
    rows = [row for row in rows if row.unit is not None and row.total]
    rows.sort(
        key=lambda row: (
            row.on_time_rate is None,
            -(row.on_time_rate or 0),
            row.open_overdue,
            vi_sort_key(row.unit.name),
        )
    )
    return rows


def task_overdue_list(*, user: Any, min_days: int = 0, today: dt.date | None = None) -> QuerySet[Task]:
    """Unfinished tasks past their due date, oldest first (ageing: min_days 30, 60, 120)."""
    today = today or timezone.localdate()
    return (
        _with_rows(_visible(user))
        .filter(
            status__in=[TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS],
            effective_due_date__lt=today - dt.timedelta(days=min_days),
        )
        .order_by("effective_due_date", "id")
    )


# --- Choices for the filter and assign forms ---------------------------------------------------------------------


def task_unit_choices(*, user: Any) -> QuerySet[Unit]:
    if user is not None and getattr(user, "is_superuser", False):
        return Unit.objects.all()
    return Unit.objects.filter(pk__in=user_scope(user).unit_ids)


def task_assignable_units(*, user: Any) -> QuerySet[Unit]:
    if user is not None and getattr(user, "is_superuser", False):
        return Unit.objects.filter(valid_to__isnull=True)
    return Unit.objects.filter(pk__in=_unit_ids_with_roles(user, DEPARTMENT), valid_to__isnull=True)


def task_field_choices() -> QuerySet[Field]:
    return Field.objects.all()


def recurrence_list(*, user: Any) -> QuerySet[TaskRecurrence]:
    queryset = TaskRecurrence.objects.select_related("lead_unit")
    if user is not None and getattr(user, "is_superuser", False):
        return queryset
    return queryset.filter(lead_unit_id__in=_unit_ids_with_roles(user, DEPARTMENT))
