"""Business errors with stable codes. The web shows them as messages, the API as {"code", "message", "details"}."""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    """A rule of the domain refused the request. Never a bug: a 500 is always a bug."""

    code = "invalid"
    status = 400

    def __init__(self, message: str, *, code: str | None = None, details: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = str(message)
        if code:
            self.code = code
        self.details = details or {}

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "details": self.details}


class ValidationFailed(ApplicationError):
    code = "validation_failed"
    status = 400


class PermissionDeniedError(ApplicationError):
    code = "permission_denied"
    status = 403


class NotFoundError(ApplicationError):
    code = "not_found"
    status = 404


class ConflictError(ApplicationError):
    code = "conflict"
    status = 409


class RateLimitedError(ApplicationError):
    code = "rate_limited"
    status = 429
