"""Per-request facts the service layer needs without threading the request through every call."""

from __future__ import annotations

from contextvars import ContextVar

current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)
current_request_id: ContextVar[str | None] = ContextVar("current_request_id", default=None)
