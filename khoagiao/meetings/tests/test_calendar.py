import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from khoagiao.meetings.models import CalendarFeedToken

from .helpers import make_briefing, today

pytestmark = pytest.mark.django_db


def test_the_calendar_page_lists_briefings_and_deadlines(cast, client):
    make_briefing(cast, date=today() + dt.timedelta(days=8), proposal_cutoff=today() + dt.timedelta(days=3))
    client.force_login(cast.education_focal)
    content = client.get(reverse("meetings:calendar")).content.decode()
    assert "Hạn đề xuất nội dung" in content
    assert "Hội nghị giao ban khối Khoa giáo quý III năm 2026" in content
    assert "/giao-ban/lich/" in content and ".ics" in content


def test_the_ics_feed_is_read_without_a_session_and_parses(cast, client):
    briefing = make_briefing(
        cast, date=today() + dt.timedelta(days=8), proposal_cutoff=today() + dt.timedelta(days=3)
    )
    client.force_login(cast.education_focal)
    client.get(reverse("meetings:calendar"))
    token = CalendarFeedToken.objects.get(user=cast.education_focal).token
    client.logout()
    response = client.get(reverse("meetings:calendar_feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    summaries = {str(event["SUMMARY"]) for event in events}
    assert briefing.title in summaries
    meeting = next(event for event in events if str(event["SUMMARY"]) == briefing.title)
    assert meeting.decoded("DTSTART").date() == briefing.date
    assert str(meeting["LOCATION"]) == "Hội trường Tỉnh ủy"


def test_the_feed_shows_only_the_users_briefings(cast, client):
    make_briefing(cast, invited_units=[cast.health])
    client.force_login(cast.education_focal)
    client.get(reverse("meetings:calendar"))
    token = CalendarFeedToken.objects.get(user=cast.education_focal).token
    calendar = Calendar.from_ical(client.get(reverse("meetings:calendar_feed", args=[token])).content)
    assert list(calendar.walk("VEVENT")) == []


def test_resetting_the_token_cuts_off_the_old_address(cast, client):
    client.force_login(cast.specialist)
    client.get(reverse("meetings:calendar"))
    old = CalendarFeedToken.objects.get(user=cast.specialist).token
    client.post(reverse("meetings:calendar_feed_reset"))
    new = CalendarFeedToken.objects.get(user=cast.specialist).token
    assert new != old
    assert client.get(reverse("meetings:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("meetings:calendar_feed", args=[new])).status_code == 200
    assert client.get(reverse("meetings:calendar_feed", args=["khong-co"])).status_code == 404
