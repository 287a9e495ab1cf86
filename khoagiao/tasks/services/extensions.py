"""Extension requests: the lead unit asks for a later due date with a reason; the department approves (the task
takes the new due date, its original due date stays) or refuses with a note. One pending request per task,
guarded by the service and by a partial unique constraint (two requests sent at the same moment: the second is
refused)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.audit import acting_user, audit_record, snapshot
from khoagiao.core.errors import ConflictError, ValidationFailed
from khoagiao.core.permissions import require

from ..buckets import effective_due_date
from ..choices import ExtensionStatus, TaskStatus
from ..models import TaskEventKind, TaskExtension
from ..permissions import can_act_for_lead_unit, can_manage_task
from .common import TASK_STATE_FIELDS, clean_text, lock_task, record_event, require_status, save_task

EXTENSION_FIELDS = ("status", "current_due_date", "requested_due_date", "decision_note")


def _pending_refusal(pending: TaskExtension) -> ConflictError:
    return ConflictError(
        _(
            "Nhiệm vụ này đã có một đề nghị gia hạn (đến %(day)s) đang chờ Ban quyết định; không thể gửi thêm "
            "đề nghị khác cho đến khi có quyết định."
        )
        % {"day": f"{pending.requested_due_date:%d/%m/%Y}"},
        code="extension_pending",
    )


@transaction.atomic
def extension_request(
    *,
    actor: Any,
    task: Any,
    requested_due_date: dt.date | None,
    reason: str,
    expected_version: int | None = None,
) -> TaskExtension:
    task = lock_task(task, expected_version)
    require(
        can_act_for_lead_unit(actor, task),
        _("Chỉ đầu mối hoặc lãnh đạo đơn vị chủ trì mới được xin gia hạn nhiệm vụ «%(title)s».")
        % {"title": task.title},
    )
    require_status(task, (TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS), _("xin gia hạn"))
    pending = task.extensions.filter(status=ExtensionStatus.PENDING).first()
    if pending is not None:
        raise _pending_refusal(pending)
    if requested_due_date is None:
        raise ValidationFailed(
            _("Hãy nhập hạn mới đề nghị."), code="required", details={"field": "requested_due_date"}
        )
    if requested_due_date <= task.due_date:
        raise ValidationFailed(
            _("Hạn đề nghị (%(new)s) phải sau hạn hiện tại (%(due)s).")
            % {"new": f"{requested_due_date:%d/%m/%Y}", "due": f"{task.due_date:%d/%m/%Y}"},
            code="invalid_date",
            details={"field": "requested_due_date"},
        )
    reason = clean_text(reason, field="reason", required_message=_("Hãy nêu lý do xin gia hạn."))
    try:
        with transaction.atomic():
            extension = TaskExtension.objects.create(
                task=task,
                unit=task.lead_unit,
                requested_by=acting_user(actor),
                current_due_date=task.due_date,
                requested_due_date=requested_due_date,
                reason=reason,
            )
    except IntegrityError as error:
        pending = task.extensions.filter(status=ExtensionStatus.PENDING).first()
        if pending is not None:
            raise _pending_refusal(pending) from error
        raise
    record_event(
        task,
        kind=TaskEventKind.EXTENSION_REQUESTED,
        actor=actor,
        from_status=task.status,
        unit=task.lead_unit,
        note=_("Đề nghị gia hạn đến %(day)s: %(reason)s")
        % {"day": f"{requested_due_date:%d/%m/%Y}", "reason": reason},
    )
    audit_record(
        actor=actor, action="tasks.extension_request", obj=task, after=snapshot(extension, EXTENSION_FIELDS)
    )
    return extension


@transaction.atomic
def extension_decide(
    *, actor: Any, extension: TaskExtension, approve: bool, note: str = "", due_date: dt.date | None = None
) -> TaskExtension:
    """Approve (the task's due date becomes the requested one, or `due_date` when the department grants a
    different day) or refuse (a note is required)."""
    extension = TaskExtension.objects.select_for_update().get(pk=extension.pk)
    task = lock_task(extension.task_id)
    require(
        can_manage_task(actor, task), _("Chỉ cán bộ của Ban phụ trách đơn vị mới được quyết định gia hạn.")
    )
    if extension.status != ExtensionStatus.PENDING:
        raise ConflictError(
            _("Đề nghị gia hạn này đã được quyết định («%(status)s»).")
            % {"status": extension.get_status_display()},
            code="already_decided",
        )
    note = (note or "").strip()
    before = snapshot(extension, EXTENSION_FIELDS)
    task_before = snapshot(task, TASK_STATE_FIELDS)
    if approve:
        new_due = due_date or extension.requested_due_date
        if new_due <= task.due_date:
            raise ValidationFailed(
                _("Hạn mới (%(new)s) phải sau hạn hiện tại (%(due)s).")
                % {"new": f"{new_due:%d/%m/%Y}", "due": f"{task.due_date:%d/%m/%Y}"},
                code="invalid_date",
                details={"field": "due_date"},
            )
        extension.status = ExtensionStatus.APPROVED
        task.due_date = new_due
        task.effective_due_date = effective_due_date(new_due)
        save_task(task, ["due_date", "effective_due_date"])
        event_kind = TaskEventKind.EXTENSION_APPROVED
        event_note = _("Gia hạn đến %(day)s (hạn ban đầu %(original)s).") % {
            "day": f"{new_due:%d/%m/%Y}",
            "original": f"{task.original_due_date:%d/%m/%Y}",
        }
    else:
        if not note:
            raise ValidationFailed(
                _("Hãy nêu lý do không đồng ý gia hạn."), code="required", details={"field": "note"}
            )
        extension.status = ExtensionStatus.REFUSED
        event_kind = TaskEventKind.EXTENSION_REFUSED
        event_note = ""
    extension.decided_by = acting_user(actor)
    extension.decided_at = timezone.now()
    extension.decision_note = note
    extension.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    record_event(
        task,
        kind=event_kind,
        actor=actor,
        from_status=task.status,
        note=" ".join(part for part in (event_note, note) if part),
    )
    audit_record(
        actor=actor,
        action="tasks.extension_decide",
        obj=task,
        before={"extension": before, "task": task_before},
        after={"extension": snapshot(extension, EXTENSION_FIELDS), "task": snapshot(task, TASK_STATE_FIELDS)},
    )
    return extension
