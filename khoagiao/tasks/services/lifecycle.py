"""The task's life after it is assigned: start, progress, report done, verify or send back, cancel, edit.

Every write locks the task's row, checks the optimistic version when the caller sends one (`expected_version`,
the version the user's page showed), checks the permission, validates, writes, adds a TaskEvent to the task's
history and records an AuditEvent. A refusal changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.audit import acting_user, audit_record, snapshot
from khoagiao.core.errors import ValidationFailed
from khoagiao.core.permissions import require

from ..buckets import effective_due_date
from ..choices import AttachmentPurpose, TaskPriority, TaskStatus
from ..models import Task, TaskEventKind, TaskProgress
from ..permissions import can_act_for_lead_unit, can_manage_task, progress_unit_for
from .attachments import check_files, store_files
from .common import TASK_STATE_FIELDS, clean_text, lock_task, record_event, require_status, save_task
from .creation import TASK_AUDIT_FIELDS

WORKING = (TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS)
NOT_FINISHED = (TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS, TaskStatus.REPORTED_DONE)


def _audit(actor: Any, action: str, task: Task, before: dict[str, Any], **extra: Any) -> None:
    after = snapshot(task, TASK_STATE_FIELDS)
    after.update(extra)
    audit_record(actor=actor, action=action, obj=task, before=before, after=after)


@transaction.atomic
def task_start(*, actor: Any, task: Task, expected_version: int | None = None) -> Task:
    """The lead unit starts the work (assigned → in progress)."""
    task = lock_task(task, expected_version)
    require(
        can_act_for_lead_unit(actor, task),
        _("Chỉ đầu mối hoặc lãnh đạo đơn vị chủ trì mới được bắt đầu thực hiện nhiệm vụ này."),
    )
    require_status(task, (TaskStatus.ASSIGNED,), _("bắt đầu thực hiện"))
    before = snapshot(task, TASK_STATE_FIELDS)
    task.status = TaskStatus.IN_PROGRESS
    save_task(task, ["status"])
    record_event(
        task, kind=TaskEventKind.STARTED, actor=actor, from_status=before["status"], unit=task.lead_unit
    )
    _audit(actor, "tasks.task_start", task, before)
    return task


def _clean_percent(percent: Any) -> int | None:
    if percent in (None, ""):
        return None
    try:
        value = int(percent)
    except (TypeError, ValueError):
        value = -1
    if not 0 <= value <= 100:
        raise ValidationFailed(
            _("Tiến độ phải là số nguyên từ 0 đến 100 (%)."),
            code="invalid_percent",
            details={"field": "percent"},
        )
    return value


@transaction.atomic
def task_progress_add(
    *,
    actor: Any,
    task: Task,
    text: str,
    percent: int | None = None,
    files: Iterable[Any] = (),
    expected_version: int | None = None,
) -> TaskProgress:
    """A progress report by the lead unit or a coordinating unit. The lead unit's percent becomes the task's
    progress (an assigned task moves to "in progress"); a coordinating unit's report is kept in the thread."""
    task = lock_task(task, expected_version)
    unit = progress_unit_for(actor, task)
    require(
        unit is not None,
        _(
            "Nhiệm vụ «%(title)s» không phải của đơn vị bạn: chỉ đơn vị chủ trì và đơn vị phối hợp mới được "
            "báo cáo tiến độ."
        )
        % {"title": task.title},
    )
    require_status(task, WORKING, _("báo cáo tiến độ"))
    text = clean_text(text, field="text", required_message=_("Hãy nhập nội dung báo cáo tiến độ."))
    value = _clean_percent(percent)
    checked = check_files(task, files)
    before = snapshot(task, TASK_STATE_FIELDS)
    progress = TaskProgress.objects.create(
        task=task, unit=unit, author=acting_user(actor), text=text, percent=value
    )
    stored = store_files(actor=actor, task=task, progress=progress, checked=checked)
    changed: list[str] = []
    if unit.pk == task.lead_unit_id:
        if value is not None and value != task.progress_percent:
            task.progress_percent = value
            changed.append("progress_percent")
        if task.status == TaskStatus.ASSIGNED:
            task.status = TaskStatus.IN_PROGRESS
            changed.append("status")
    save_task(task, changed)
    note = text if value is None else f"{value}% — {text}"
    record_event(
        task, kind=TaskEventKind.PROGRESS, actor=actor, from_status=before["status"], unit=unit, note=note
    )
    _audit(
        actor,
        "tasks.task_progress_add",
        task,
        before,
        progress=progress.pk,
        unit=unit.pk,
        files=[attachment.sha256 for attachment in stored],
    )
    return progress


@transaction.atomic
def task_report_done(
    *,
    actor: Any,
    task: Task,
    text: str,
    files: Iterable[Any] = (),
    completed_on: dt.date | None = None,
    expected_version: int | None = None,
) -> Task:
    """The lead unit reports the work done, with a summary and evidence files; the report's day is the
    completion day the four buckets compare with the due date."""
    task = lock_task(task, expected_version)
    require(
        can_act_for_lead_unit(actor, task),
        _("Chỉ đầu mối hoặc lãnh đạo đơn vị chủ trì mới được báo cáo hoàn thành nhiệm vụ «%(title)s».")
        % {"title": task.title},
    )
    require_status(task, WORKING, _("báo cáo hoàn thành"))
    text = clean_text(text, field="text", required_message=_("Hãy nêu kết quả thực hiện nhiệm vụ."))
    today = timezone.localdate()
    completed_on = completed_on or today
    if completed_on > today or completed_on < task.assigned_on:
        raise ValidationFailed(
            _("Ngày hoàn thành phải từ ngày giao (%(assigned)s) đến hôm nay.")
            % {"assigned": f"{task.assigned_on:%d/%m/%Y}"},
            code="invalid_date",
            details={"field": "completed_on"},
        )
    checked = check_files(task, files)
    before = snapshot(task, TASK_STATE_FIELDS)
    progress = TaskProgress.objects.create(
        task=task, unit=task.lead_unit, author=acting_user(actor), text=text, percent=100, is_completion=True
    )
    stored = store_files(
        actor=actor, task=task, progress=progress, checked=checked, purpose=AttachmentPurpose.EVIDENCE
    )
    task.status = TaskStatus.REPORTED_DONE
    task.progress_percent = 100
    task.completed_on = completed_on
    save_task(task, ["status", "progress_percent", "completed_on"])
    record_event(
        task,
        kind=TaskEventKind.REPORTED_DONE,
        actor=actor,
        from_status=before["status"],
        unit=task.lead_unit,
        note=text,
    )
    _audit(actor, "tasks.task_report_done", task, before, files=[a.sha256 for a in stored])
    return task


@transaction.atomic
def task_verify(*, actor: Any, task: Task, note: str = "", expected_version: int | None = None) -> Task:
    """The department confirms the reported completion (reported done → done)."""
    task = lock_task(task, expected_version)
    require(
        can_manage_task(actor, task), _("Chỉ cán bộ của Ban phụ trách đơn vị mới được xác nhận hoàn thành.")
    )
    require_status(task, (TaskStatus.REPORTED_DONE,), _("xác nhận hoàn thành"))
    before = snapshot(task, TASK_STATE_FIELDS)
    task.status = TaskStatus.DONE
    task.verified_at = timezone.now()
    task.verified_by = acting_user(actor)
    save_task(task, ["status", "verified_at", "verified_by"])
    record_event(
        task,
        kind=TaskEventKind.VERIFIED,
        actor=actor,
        from_status=before["status"],
        note=(note or "").strip(),
    )
    _audit(actor, "tasks.task_verify", task, before)
    return task


@transaction.atomic
def task_send_back(*, actor: Any, task: Task, reason: str, expected_version: int | None = None) -> Task:
    """The department does not accept the reported completion: back to "in progress", with the reason."""
    task = lock_task(task, expected_version)
    require(can_manage_task(actor, task), _("Chỉ cán bộ của Ban phụ trách đơn vị mới được trả lại nhiệm vụ."))
    require_status(task, (TaskStatus.REPORTED_DONE,), _("trả lại"))
    reason = clean_text(
        reason, field="reason", required_message=_("Hãy nêu lý do trả lại để đơn vị biết cần làm gì thêm.")
    )
    before = snapshot(task, TASK_STATE_FIELDS)
    task.status = TaskStatus.IN_PROGRESS
    task.completed_on = None
    save_task(task, ["status", "completed_on"])
    record_event(task, kind=TaskEventKind.SENT_BACK, actor=actor, from_status=before["status"], note=reason)
    _audit(actor, "tasks.task_send_back", task, before, reason=reason)
    return task


@transaction.atomic
def task_cancel(*, actor: Any, task: Task, reason: str, expected_version: int | None = None) -> Task:
    task = lock_task(task, expected_version)
    require(can_manage_task(actor, task), _("Chỉ cán bộ của Ban phụ trách đơn vị mới được hủy nhiệm vụ."))
    require_status(task, NOT_FINISHED, _("hủy"))
    reason = clean_text(
        reason, field="reason", required_message=_("Hãy nêu lý do hủy nhiệm vụ."), max_length=500
    )
    before = snapshot(task, TASK_STATE_FIELDS)
    task.status = TaskStatus.CANCELLED
    task.cancel_reason = reason
    save_task(task, ["status", "cancel_reason"])
    record_event(task, kind=TaskEventKind.CANCELLED, actor=actor, from_status=before["status"], note=reason)
    _audit(actor, "tasks.task_cancel", task, before, reason=reason)
    # A pending extension request dies with the task.
    task.extensions.filter(status="pending").update(
        status="refused", decided_at=timezone.now(), decided_by=acting_user(actor), decision_note=reason
    )
    return task


EDITABLE_FIELDS = ("title", "description", "lead_unit", "coordinating_units", "due_date", "priority", "field")


@transaction.atomic
def task_edit(*, actor: Any, task: Task, expected_version: int | None = None, **changes: Any) -> Task:
    """The department corrects a task (title, description, units, due date, priority, field). A new due date
    keeps the original one and recomputes the working-day due date. Audited with before and after."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(_("Không thể sửa: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    task = lock_task(task, expected_version)
    require(can_manage_task(actor, task), _("Chỉ cán bộ của Ban phụ trách đơn vị mới được sửa nhiệm vụ."))
    require_status(task, NOT_FINISHED, _("sửa"))
    before = snapshot(task, (*TASK_AUDIT_FIELDS, "description", "effective_due_date", "original_due_date"))
    errors: dict[str, str] = {}
    if "title" in changes:
        title = (changes["title"] or "").strip()
        if not title:
            errors["title"] = _("Hãy nhập tên nhiệm vụ.")
        elif len(title) > 500:
            errors["title"] = _("Tên nhiệm vụ dài quá 500 ký tự; hãy đưa phần chi tiết vào nội dung.")
        changes["title"] = title
    if "lead_unit" in changes:
        if changes["lead_unit"] is None:
            errors["lead_unit"] = _("Hãy chọn đơn vị chủ trì.")
        elif not can_manage_task(actor, Task(lead_unit=changes["lead_unit"])):
            errors["lead_unit"] = _("Bạn không phụ trách đơn vị «%(unit)s».") % {"unit": changes["lead_unit"]}
    if "due_date" in changes:
        due = changes["due_date"]
        if due is None:
            errors["due_date"] = _("Hãy nhập hạn hoàn thành.")
        elif due < task.assigned_on:
            errors["due_date"] = _("Hạn hoàn thành (%(due)s) không được trước ngày giao (%(assigned)s).") % {
                "due": f"{due:%d/%m/%Y}",
                "assigned": f"{task.assigned_on:%d/%m/%Y}",
            }
    if "priority" in changes and changes["priority"] not in TaskPriority.values:
        errors["priority"] = _("Mức độ không hợp lệ.")
    if errors:
        raise ValidationFailed(
            next(iter(errors.values())),
            code="invalid_task",
            details={"fields": errors, "field": next(iter(errors))},
        )
    coordinating = changes.pop("coordinating_units", None)
    fields: list[str] = []
    for name, value in changes.items():
        if name == "description":
            value = (value or "").strip()
        if getattr(task, name) != value:
            setattr(task, name, value)
            fields.append(name)
    if "due_date" in fields:
        task.effective_due_date = effective_due_date(task.due_date)
        fields.append("effective_due_date")
    if coordinating is not None:
        lead_id = task.lead_unit_id
        wanted = {unit.pk for unit in coordinating if unit.pk != lead_id}
        if wanted != set(task.coordinating_units.values_list("pk", flat=True)):
            task.coordinating_units.set(list(wanted))
            fields.append("coordinating_units")
    if "lead_unit" in fields:
        task.coordinating_units.remove(task.lead_unit)
    if not fields:
        return task
    save_task(task, [name for name in fields if name != "coordinating_units"])
    after = snapshot(task, (*TASK_AUDIT_FIELDS, "description", "effective_due_date", "original_due_date"))
    changed_labels = ", ".join(
        str(getattr(Task._meta.get_field(name), "verbose_name", name))
        for name in fields
        if name != "effective_due_date"
    )
    record_event(task, kind=TaskEventKind.EDITED, actor=actor, from_status=task.status, note=changed_labels)
    audit_record(actor=actor, action="tasks.task_edit", obj=task, before=before, after=after)
    return task
