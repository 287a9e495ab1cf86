"""Helpers shared by the task services: row locking with the optimistic version check, the history row."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from khoagiao.core.audit import acting_user
from khoagiao.core.errors import ConflictError, ValidationFailed

from ..models import Task, TaskEvent

TASK_STATE_FIELDS = (
    "status",
    "progress_percent",
    "completed_on",
    "due_date",
    "effective_due_date",
    "version",
)


def lock_task(task: Task | int, expected_version: int | None = None) -> Task:
    """The task's row, locked for this transaction; refused when someone changed it since `expected_version`."""
    pk = task.pk if isinstance(task, Task) else task
    locked = Task.objects.select_for_update().select_related("lead_unit").get(pk=pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(
            _(
                "Nhiệm vụ «%(title)s» vừa được người khác thay đổi. Hãy tải lại trang để xem thông tin mới "
                "rồi thực hiện lại; nội dung bạn nhập vẫn được giữ."
            )
            % {"title": locked.title},
            code="stale_version",
            details={"current_version": locked.version},
        )
    return locked


def require_status(task: Task, allowed: tuple[str, ...], action: str) -> None:
    if task.status not in allowed:
        raise ValidationFailed(
            _("Nhiệm vụ đang ở trạng thái «%(status)s», không thể %(action)s.")
            % {"status": task.get_status_display(), "action": action},
            code="invalid_status",
        )


def clean_text(value: str | None, *, field: str, required_message: str, max_length: int = 5000) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationFailed(required_message, code="required", details={"field": field})
    if len(text) > max_length:
        raise ValidationFailed(
            _("Nội dung dài quá %(max)d ký tự.") % {"max": max_length},
            code="too_long",
            details={"field": field},
        )
    return text


def save_task(task: Task, fields: list[str]) -> None:
    task.version += 1
    task.save(update_fields=[*fields, "version", "updated_at"])


def record_event(
    task: Task,
    *,
    kind: str,
    actor: Any,
    from_status: str = "",
    unit: Any = None,
    note: str = "",
) -> TaskEvent:
    return TaskEvent.objects.create(
        task=task,
        kind=kind,
        actor=acting_user(actor),
        unit=unit,
        from_status=from_status,
        to_status=task.status,
        note=note,
    )
