"""API authentication: a bearer token (`Authorization: Bearer kg_…`), or the browser's session.

Both end at the same user object and the same scoped selectors. A revoked or unknown token, an inactive user,
or a session left idle past SESSION_IDLE_TIMEOUT_SECONDS authenticates nobody: the API answers 401 in the
error shape.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from khoagiao.core.errors import PermissionDeniedError


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from khoagiao.accounts.services import api_token_authenticate

        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


def session_is_idle_expired(request: HttpRequest) -> bool:
    """The screens' idle-timeout rule (SessionIdleTimeoutMiddleware skips /api/, so cannot apply it here)."""
    last = request.session.get("last_activity") if hasattr(request, "session") else None
    return last is not None and int(time.time()) - int(last) > settings.SESSION_IDLE_TIMEOUT_SECONDS


class ActiveSessionAuth(SessionAuth):
    """The logged-in browser session of an active user; writes need the CSRF token.

    Without a usable session this gives way (None → 401) before any CSRF check, so an anonymous write gets
    "unauthenticated" rather than a CSRF refusal; a CSRF failure is a 403 in the error shape.
    """

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if (
            user is None
            or not user.is_authenticated
            or not user.is_active
            or session_is_idle_expired(request)
        ):
            return None
        return super().__call__(request)

    def _get_key(self, request: HttpRequest) -> str | None:
        if (
            self.csrf
            and not getattr(request, "_ninja_csrf_exempt", False)
            and check_csrf(request) is not None
        ):
            raise PermissionDeniedError(
                "Thiếu hoặc sai mã chống giả mạo yêu cầu (CSRF). Hãy tải lại trang rồi thử lại.",
                code="csrf_failed",
            )
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None
