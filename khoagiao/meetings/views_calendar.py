"""The briefing calendar page and the personal ICS feed (see `ics.py` for the token's meaning)."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import selectors, services
from .ics import calendar_ics
from .models import CalendarFeedToken


@login_required
@require_GET
def calendar_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    entries = selectors.calendar_entries(user=request.user, start=today, days=120)
    token = services.feed_token_for(request.user)
    feed_url = request.build_absolute_uri(reverse("meetings:calendar_feed", args=[token.token]))
    days = [(day, list(group)) for day, group in groupby(entries, key=lambda entry: entry.day)]
    return render(
        request,
        "meetings/calendar.html",
        {"days": days, "feed_url": feed_url, "today": today},
    )


@login_required
@require_POST
def calendar_feed_reset(request: HttpRequest) -> HttpResponse:
    services.feed_token_reset(actor=request.user)
    messages.success(request, _("Đã đổi địa chỉ lịch; địa chỉ cũ không dùng được nữa."))
    return redirect("meetings:calendar")


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """No session here: the secret token identifies the user (an unknown token is a plain 404)."""
    feed = CalendarFeedToken.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    base_url = request.build_absolute_uri("/").rstrip("/")
    response = HttpResponse(
        calendar_ics(feed.user, base_url=base_url), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="giao-ban.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
