"""The task engine's writes. Other apps create tasks with `task_create` (see its docstring)."""

from .creation import task_create

__all__ = ["task_create"]
