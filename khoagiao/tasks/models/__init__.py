from .recurrence import TaskRecurrence
from .tasks import Task, TaskEvent, TaskEventKind
from .work import TaskAttachment, TaskExtension, TaskProgress

__all__ = [
    "Task",
    "TaskAttachment",
    "TaskEvent",
    "TaskEventKind",
    "TaskExtension",
    "TaskProgress",
    "TaskRecurrence",
]
