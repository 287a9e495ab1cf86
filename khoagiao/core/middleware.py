from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .context import current_ip, current_request_id
from .errors import ApplicationError


def client_ip(request: HttpRequest) -> str | None:
    # Behind a reverse proxy the operator names it in TRUSTED_PROXY_HEADER (e.g. HTTP_X_REAL_IP).
    header = getattr(settings, "TRUSTED_PROXY_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR")


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        ip_token = current_ip.set(client_ip(request))
        request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex[:16]
        id_token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            return response
        finally:
            current_ip.reset(ip_token)
            current_request_id.reset(id_token)


class SessionIdleTimeoutMiddleware:
    """Log out a session left idle longer than SESSION_IDLE_TIMEOUT_SECONDS (ASVS 7.3.1)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and not request.path.startswith("/api/"):
            now = int(time.time())
            last = request.session.get("last_activity")
            if last is not None and now - int(last) > settings.SESSION_IDLE_TIMEOUT_SECONDS:
                logout(request)
                messages.info(
                    request, _("Phiên làm việc đã hết hạn do không hoạt động. Vui lòng đăng nhập lại.")
                )
                return redirect(f"{reverse('accounts:login')}?next={request.path}")
            request.session["last_activity"] = now
        return self.get_response(request)


class ApplicationErrorMiddleware:
    """A business error raised by a view becomes a message on the page it came from, never a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, ApplicationError):
            return None
        if request.path.startswith("/api/") or request.headers.get("Accept", "").startswith(
            "application/json"
        ):
            return JsonResponse(exception.as_dict(), status=exception.status)
        messages.error(request, exception.message)
        referer = request.META.get("HTTP_REFERER", "")
        if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
            return HttpResponseRedirect(referer)
        return redirect("core:home")


class ChosenLanguageMiddleware:
    """Vietnamese unless the user chose English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many officials run English
    Windows: they would get an English interface they never asked for. Only the switch's cookie counts here.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response
