"""Reads of the foundation: health, the audit trail, jobs and the calendar corrections."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import QuerySet

from .models import AuditEvent, CalendarDay


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


def audit_event_list(
    *,
    actor_query: str | None = None,
    object_query: str | None = None,
    action: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """The audit trail with filters; callers check `can_view_audit` first."""
    queryset = AuditEvent.objects.select_related("actor", "object_type")
    if actor_query:
        queryset = queryset.filter(actor_name__icontains=actor_query.strip())
    if object_query:
        text = object_query.strip()
        queryset = queryset.filter(object_repr__icontains=text) | queryset.filter(object_id=text)
    if action:
        queryset = queryset.filter(action__startswith=action.strip())
    if date_from:
        queryset = queryset.filter(created_at__date__gte=date_from)
    if date_to:
        queryset = queryset.filter(created_at__date__lte=date_to)
    return queryset


def calendar_day_list(*, year: int | None = None) -> QuerySet[CalendarDay]:
    queryset = CalendarDay.objects.all()
    return queryset.filter(date__year=year) if year else queryset
