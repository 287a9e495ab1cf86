"""The personal calendar feed (ICS). Its address carries a secret token instead of a session, so that a phone's
calendar can subscribe; whoever has the address sees the titles, times and places of the user's upcoming
briefings (nothing else). The user resets the token on the calendar page to cut off an address that leaked."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from .selectors import calendar_entries

FEED_DAYS_AHEAD = 370
DEFAULT_DURATION = dt.timedelta(hours=3)


def calendar_ics(user: Any, *, base_url: str, today: dt.date | None = None) -> bytes:
    today = today or timezone.localdate()
    calendar = Calendar()
    calendar.add("prodid", "-//khoagiao//giao-ban//VI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Giao ban khối Khoa giáo")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for entry in calendar_entries(user=user, start=today - dt.timedelta(days=30), days=FEED_DAYS_AHEAD):
        briefing = entry.briefing
        event = Event()
        event.add("uid", f"{entry.kind}-{briefing.pk}@khoagiao")
        event.add("summary", entry.title)
        event.add("dtstamp", timezone.now())
        if entry.kind == "briefing":
            start = briefing.starts_at
            event.add("dtstart", start)
            event.add("dtend", start + DEFAULT_DURATION)
            event.add("location", briefing.place)
            chair = briefing.chair_name + (f", {briefing.chair_title}" if briefing.chair_title else "")
            event.add("description", f"Chủ trì: {chair}")
            if briefing.status == "cancelled":
                event.add("status", "CANCELLED")
        else:
            event.add("dtstart", entry.day)
            event.add("dtend", entry.day + dt.timedelta(days=1))
        event.add("url", f"{base_url}/giao-ban/{briefing.pk}/")
        calendar.add_component(event)
    return calendar.to_ical()
