"""The task engine's writes. Other apps create tasks with `task_create` (see its docstring)."""

from .creation import task_create
from .extensions import extension_decide, extension_request
from .lifecycle import (
    task_cancel,
    task_edit,
    task_progress_add,
    task_report_done,
    task_send_back,
    task_start,
    task_verify,
)
from .recurrence import recurrence_create, recurrence_generate, recurrence_stop, recurrences_generate_all

__all__ = [
    "extension_decide",
    "extension_request",
    "recurrence_create",
    "recurrence_generate",
    "recurrence_stop",
    "recurrences_generate_all",
    "task_cancel",
    "task_create",
    "task_edit",
    "task_progress_add",
    "task_report_done",
    "task_send_back",
    "task_start",
    "task_verify",
]
