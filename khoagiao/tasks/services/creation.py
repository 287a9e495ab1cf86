"""Creating tasks: the one entry point every source of work uses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.audit import acting_user, audit_record, snapshot
from khoagiao.core.errors import ValidationFailed
from khoagiao.core.permissions import require

from ..buckets import effective_due_date
from ..choices import TaskPriority, TaskSourceKind, TaskStatus
from ..models import Task, TaskEvent, TaskEventKind
from ..permissions import can_assign_task_to

TASK_AUDIT_FIELDS = (
    "title",
    "lead_unit",
    "coordinating_units",
    "assigned_on",
    "due_date",
    "priority",
    "field",
    "status",
    "source_kind",
    "source_label",
)


@transaction.atomic
def task_create(
    *,
    actor: Any,
    title: str,
    lead_unit: Any,
    due_date: dt.date | None,
    description: str = "",
    coordinating_units: Iterable[Any] = (),
    source: models.Model | None = None,
    source_kind: str = TaskSourceKind.NONE,
    source_label: str = "",
    assigning_unit: Any = None,
    assigned_on: dt.date | None = None,
    priority: str = TaskPriority.NORMAL,
    field: Any = None,
    recurrence: Any = None,
) -> Task:
    """Assign a task to a lead unit, with coordinating units, a due date and its source.

    `actor` is the department's user who assigns it; `None` means the platform itself (a job that opens a
    directive's review milestone, for instance), which is allowed only from code, never from a request.
    `recurrence` is set by the recurring-task job on the occurrences it creates.
    """
    if actor is not None:
        require(
            lead_unit is None or can_assign_task_to(actor, lead_unit),
            _("Chỉ cán bộ của Ban phụ trách đơn vị này mới được giao nhiệm vụ cho đơn vị."),
        )
    title = (title or "").strip()
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("Hãy nhập tên nhiệm vụ.")
    elif len(title) > 500:
        errors["title"] = _("Tên nhiệm vụ dài quá 500 ký tự; hãy đưa phần chi tiết vào nội dung.")
    if lead_unit is None:
        errors["lead_unit"] = _("Hãy chọn đơn vị chủ trì.")
    assigned_on = assigned_on or timezone.localdate()
    if due_date is None:
        errors["due_date"] = _("Hãy nhập hạn hoàn thành.")
    elif due_date < assigned_on:
        errors["due_date"] = _("Hạn hoàn thành (%(due)s) không được trước ngày giao (%(assigned)s).") % {
            "due": f"{due_date:%d/%m/%Y}",
            "assigned": f"{assigned_on:%d/%m/%Y}",
        }
    if source_kind not in TaskSourceKind.values:
        errors["source_kind"] = _("Nguồn nhiệm vụ không hợp lệ.")
    if priority not in TaskPriority.values:
        errors["priority"] = _("Mức độ không hợp lệ.")
    coordinating = [unit for unit in coordinating_units if lead_unit is None or unit.pk != lead_unit.pk]
    if errors:
        raise ValidationFailed(next(iter(errors.values())), code="invalid_task", details={"fields": errors})
    assert due_date is not None
    task = Task.objects.create(
        title=title,
        description=(description or "").strip(),
        source_kind=source_kind,
        source_type=ContentType.objects.get_for_model(source) if source is not None else None,
        source_id=source.pk if source is not None else None,
        source_label=(source_label or "")[:300],
        lead_unit=lead_unit,
        assigning_unit=assigning_unit,
        assigner=acting_user(actor),
        assigned_on=assigned_on,
        due_date=due_date,
        original_due_date=due_date,
        effective_due_date=effective_due_date(due_date),
        priority=priority,
        field=field,
        recurrence=recurrence,
        status=TaskStatus.ASSIGNED,
        created_by=acting_user(actor),
    )
    if coordinating:
        task.coordinating_units.set(coordinating)
    TaskEvent.objects.create(
        task=task,
        kind=TaskEventKind.CREATED,
        actor=acting_user(actor),
        to_status=TaskStatus.ASSIGNED,
        unit=assigning_unit,
    )
    audit_record(actor=actor, action="tasks.task_create", obj=task, after=snapshot(task, TASK_AUDIT_FIELDS))
    return task
