from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from khoagiao.accounts.selectors import membership_list_for_user

from .home import waiting_items_for
from .selectors import health_status


@login_required
def home(request: HttpRequest) -> HttpResponse:
    memberships = membership_list_for_user(request.user)
    return render(
        request,
        "core/home.html",
        {"memberships": memberships, "waiting_items": waiting_items_for(request.user)},
    )


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    status = health_status()
    return JsonResponse(status, status=200 if status["status"] == "ok" else 503)
