"""Administrators correct the working-day calendar: services, and the screen."""

import datetime as dt

import pytest
from django.urls import reverse

from khoagiao.core.errors import NotFoundError, PermissionDeniedError, ValidationFailed
from khoagiao.core.models import AuditEvent, CalendarDay
from khoagiao.core.services import calendar_day_remove, calendar_day_set
from khoagiao.core.workdays import add_working_days

D = dt.date
pytestmark = pytest.mark.django_db


def test_admin_adds_a_day_off_and_deadlines_move(cast):
    day = calendar_day_set(
        actor=cast.admin, date=D(2026, 2, 23), is_working_day=False, note="Nghỉ thêm dịp Tết"
    )
    assert (day.is_working_day, day.note, day.created_by) == (False, "Nghỉ thêm dịp Tết", cast.admin)
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 24)
    event = AuditEvent.objects.get(action="core.calendar_day_create")
    assert event.actor == cast.admin
    assert event.object_id == str(day.pk)
    assert event.after == {"date": "2026-02-23", "is_working_day": False, "note": "Nghỉ thêm dịp Tết"}


def test_admin_makes_a_saturday_a_working_day_without_a_note(cast):
    day = calendar_day_set(actor=cast.admin, date=D(2026, 8, 22), is_working_day=True, note="")
    assert day.is_working_day
    assert add_working_days(D(2026, 8, 21), 1) == D(2026, 8, 22)


def test_a_day_off_needs_a_note(cast):
    with pytest.raises(ValidationFailed, match="lý do") as error:
        calendar_day_set(actor=cast.admin, date=D(2026, 3, 10), is_working_day=False, note="   ")
    assert error.value.details == {"field": "note"}
    assert not CalendarDay.objects.exists()


def test_the_same_correction_twice_is_refused(cast):
    calendar_day_set(actor=cast.admin, date=D(2026, 3, 10), is_working_day=False, note="Bầu cử")
    with pytest.raises(ValidationFailed, match="đã được đặt là ngày nghỉ"):
        calendar_day_set(actor=cast.admin, date=D(2026, 3, 10), is_working_day=False, note="Bầu cử")
    assert CalendarDay.objects.count() == 1


def test_a_correction_that_changes_nothing_is_refused(cast):
    with pytest.raises(ValidationFailed, match="vốn đã là ngày nghỉ"):
        calendar_day_set(actor=cast.admin, date=D(2026, 2, 17), is_working_day=False, note="Tết")
    with pytest.raises(ValidationFailed, match="vốn đã là ngày làm việc"):
        calendar_day_set(actor=cast.admin, date=D(2026, 3, 10), is_working_day=True, note="")
    assert not CalendarDay.objects.exists()


def test_turning_a_correction_back_to_the_default_asks_to_remove_it(cast):
    calendar_day_set(actor=cast.admin, date=D(2026, 3, 7), is_working_day=True, note="Làm bù")
    with pytest.raises(ValidationFailed, match="hãy bỏ điều chỉnh đang có"):
        calendar_day_set(actor=cast.admin, date=D(2026, 3, 7), is_working_day=False, note="Hủy làm bù")
    assert CalendarDay.objects.get().is_working_day


def test_a_correction_made_pointless_is_turned_around_with_before_and_after(cast):
    # A working-day row on an ordinary Monday: what is left when a newer holiday library drops a holiday.
    old = CalendarDay.objects.create(date=D(2026, 3, 9), is_working_day=True, note="Cũ")
    day = calendar_day_set(
        actor=cast.admin, date=D(2026, 3, 9), is_working_day=False, note="Nghỉ theo quyết định"
    )
    assert day.pk == old.pk and not day.is_working_day
    event = AuditEvent.objects.get(action="core.calendar_day_update")
    assert event.before == {"date": "2026-03-09", "is_working_day": True, "note": "Cũ"}
    assert event.after == {"date": "2026-03-09", "is_working_day": False, "note": "Nghỉ theo quyết định"}


def test_an_impossible_year_is_refused(cast):
    with pytest.raises(ValidationFailed, match="2000–2100"):
        calendar_day_set(actor=cast.admin, date=D(1, 1, 1), is_working_day=False, note="x")


def test_removing_a_correction_restores_the_calendar_and_is_audited(cast):
    day = calendar_day_set(actor=cast.admin, date=D(2026, 2, 23), is_working_day=False, note="Nghỉ thêm")
    pk = day.pk
    calendar_day_remove(actor=cast.admin, day=day)
    assert not CalendarDay.objects.exists()
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
    event = AuditEvent.objects.get(action="core.calendar_day_remove")
    assert event.object_id == str(pk)
    assert event.before == {"date": "2026-02-23", "is_working_day": False, "note": "Nghỉ thêm"}
    with pytest.raises(NotFoundError):
        calendar_day_remove(actor=cast.admin, day=day)


@pytest.mark.parametrize("role", ["specialist", "leader", "education_focal", "viewer", "outsider"])
def test_only_administrators_correct_the_calendar(cast, role):
    user = getattr(cast, role)
    with pytest.raises(PermissionDeniedError):
        calendar_day_set(actor=user, date=D(2026, 3, 10), is_working_day=False, note="x")
    day = CalendarDay.objects.create(date=D(2026, 3, 11), is_working_day=False, note="y")
    with pytest.raises(PermissionDeniedError):
        calendar_day_remove(actor=user, day=day)
    assert CalendarDay.objects.count() == 1


# --- The screen ---------------------------------------------------------------------------------------------


def test_calendar_screen_shows_the_holidays_and_corrections_of_the_year(client, cast):
    CalendarDay.objects.create(date=D(2026, 2, 23), is_working_day=False, note="Nghỉ thêm dịp Tết")
    client.force_login(cast.admin)
    response = client.get(reverse("core:calendar"), {"year": 2026})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Giao thừa Tết Nguyên Đán" in html and "16/02/2026" in html
    assert "Nghỉ thêm dịp Tết" in html
    assert reverse("core:calendar_day_remove", args=[CalendarDay.objects.get().pk]) in html
    assert "data-kg-confirm" in html
    # 22/08/2026 is worked for the day off of 31/08/2026: offered until recorded.
    assert [s.date for s in response.context["overview"].suggestions] == [D(2026, 8, 22)]


def test_calendar_screen_falls_back_to_this_year_for_a_bad_year(client, cast):
    client.force_login(cast.admin)
    for year in ("abc", "99999", "-3"):
        response = client.get(reverse("core:calendar"), {"year": year})
        assert response.status_code == 200
        assert 2000 <= response.context["year"] <= 2100


def test_calendar_screen_adds_a_day_off(client, cast):
    client.force_login(cast.admin)
    response = client.post(
        reverse("core:calendar") + "?year=2026",
        {"date": "2026-02-23", "kind": "off", "note": "Nghỉ thêm dịp Tết"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:calendar") + "?year=2026"
    assert CalendarDay.objects.get().note == "Nghỉ thêm dịp Tết"


def test_calendar_screen_accepts_the_suggested_working_saturday(client, cast):
    client.force_login(cast.admin)
    response = client.post(
        reverse("core:calendar"),
        {"date": "2026-08-22", "kind": "work", "note": "Làm bù cho ngày nghỉ 31/08/2026"},
    )
    assert response.status_code == 302
    assert CalendarDay.objects.get(date=D(2026, 8, 22)).is_working_day
    response = client.get(reverse("core:calendar"), {"year": 2026})
    assert response.context["overview"].suggestions == []


def test_calendar_screen_shows_the_error_and_keeps_the_input(client, cast):
    client.force_login(cast.admin)
    response = client.post(reverse("core:calendar"), {"date": "2026-03-10", "kind": "off", "note": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vui lòng ghi lý do của ngày nghỉ" in html
    assert 'value="2026-03-10"' in html
    assert not CalendarDay.objects.exists()


def test_calendar_screen_refuses_an_impossible_date(client, cast):
    client.force_login(cast.admin)
    response = client.post(reverse("core:calendar"), {"date": "2026-02-30", "kind": "off", "note": "x"})
    assert response.status_code == 200
    assert "Ngày không hợp lệ" in response.content.decode()
    assert not CalendarDay.objects.exists()


def test_calendar_screen_refuses_a_duplicate_with_a_message(client, cast):
    CalendarDay.objects.create(date=D(2026, 3, 10), is_working_day=False, note="Bầu cử")
    client.force_login(cast.admin)
    response = client.post(reverse("core:calendar"), {"date": "2026-03-10", "kind": "off", "note": "Bầu cử"})
    assert response.status_code == 200
    assert "đã được đặt là ngày nghỉ" in response.content.decode()


def test_calendar_screen_removes_a_correction(client, cast):
    day = CalendarDay.objects.create(date=D(2026, 3, 10), is_working_day=False, note="Bầu cử")
    client.force_login(cast.admin)
    response = client.post(reverse("core:calendar_day_remove", args=[day.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("core:calendar") + "?year=2026"
    assert "Đã bỏ điều chỉnh ngày 10/03/2026" in response.content.decode()
    assert not CalendarDay.objects.exists()
    missing = client.post(reverse("core:calendar_day_remove", args=[day.pk]), follow=True)
    assert missing.status_code == 200
    assert "Không tìm thấy ngày điều chỉnh" in missing.content.decode()


def test_removing_needs_post(client, cast):
    day = CalendarDay.objects.create(date=D(2026, 3, 10), is_working_day=False, note="Bầu cử")
    client.force_login(cast.admin)
    assert client.get(reverse("core:calendar_day_remove", args=[day.pk])).status_code == 405
    assert CalendarDay.objects.exists()
