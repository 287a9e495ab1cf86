"""The working-day calendar: weekends, the holiday library (Tết 2026: 16–20/02), corrections."""

import datetime as dt

import pytest

from khoagiao.core.models import CalendarDay
from khoagiao.core.workdays import (
    WorkingCalendar,
    add_working_days,
    is_working_day,
    library_swapped_working_days,
    public_holidays,
    weekday_name,
)

D = dt.date
pytestmark = pytest.mark.django_db


def test_weekend_days_are_not_working_days():
    assert is_working_day(D(2026, 3, 6))  # Friday
    assert not is_working_day(D(2026, 3, 7))  # Saturday
    assert not is_working_day(D(2026, 3, 8))  # Sunday


def test_adding_working_days_skips_the_weekend():
    assert add_working_days(D(2026, 3, 2), 4) == D(2026, 3, 6)  # Monday + 4 → Friday
    assert add_working_days(D(2026, 3, 4), 5) == D(2026, 3, 11)  # Wednesday + 5 → next Wednesday


def test_friday_plus_one_working_day_is_monday():
    assert add_working_days(D(2026, 3, 6), 1) == D(2026, 3, 9)


def test_library_has_tet_2026_from_16_to_20_february():
    holidays = public_holidays(2026)
    assert [day for day in holidays if day.month == 2] == [D(2026, 2, day) for day in range(16, 21)]
    assert "Tết" in holidays[D(2026, 2, 17)]


def test_deadline_counted_across_tet_2026():
    # Window closes Friday 13/02/2026; 3 working days later: Tết fills 16–20/02, the weekends around it too.
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
    assert add_working_days(D(2026, 2, 13), 3) == D(2026, 2, 25)
    assert WorkingCalendar().working_days_between(D(2026, 2, 13), D(2026, 2, 25)) == 3


def test_zero_days_on_a_holiday_moves_to_the_next_working_day():
    assert add_working_days(D(2026, 2, 17), 0) == D(2026, 2, 23)
    assert add_working_days(D(2026, 3, 7), 0) == D(2026, 3, 9)  # a Saturday → Monday


def test_zero_days_on_a_working_day_is_that_day():
    assert add_working_days(D(2026, 3, 4), 0) == D(2026, 3, 4)


def test_negative_days_count_backwards_over_weekends_and_holidays():
    assert add_working_days(D(2026, 3, 9), -1) == D(2026, 3, 6)  # Monday − 1 → Friday
    assert add_working_days(D(2026, 2, 23), -1) == D(2026, 2, 13)  # across Tết
    assert add_working_days(D(2026, 2, 23), -2) == D(2026, 2, 12)


def test_administrator_day_off_is_honoured():
    CalendarDay.objects.create(date=D(2026, 3, 10), is_working_day=False, note="Nghỉ theo quyết định")
    calendar = WorkingCalendar()
    assert not calendar.is_working_day(D(2026, 3, 10))
    assert calendar.day_off_reason(D(2026, 3, 10)) == "Nghỉ theo quyết định"
    assert calendar.add_working_days(D(2026, 3, 9), 1) == D(2026, 3, 11)


def test_working_saturday_is_honoured():
    CalendarDay.objects.create(date=D(2026, 8, 22), is_working_day=True, note="Làm bù cho 31/08/2026")
    calendar = WorkingCalendar()
    assert calendar.is_working_day(D(2026, 8, 22))
    assert calendar.day_off_reason(D(2026, 8, 22)) == ""
    assert calendar.add_working_days(D(2026, 8, 21), 1) == D(2026, 8, 22)


def test_administrator_correction_wins_over_the_library():
    CalendarDay.objects.create(date=D(2026, 2, 20), is_working_day=True, note="Đi làm sớm")
    assert WorkingCalendar().add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 20)


def test_working_days_between_counts_the_half_open_range():
    calendar = WorkingCalendar()
    assert calendar.working_days_between(D(2026, 3, 2), D(2026, 3, 9)) == 5  # Tue–Fri and Monday
    assert calendar.working_days_between(D(2026, 3, 6), D(2026, 3, 8)) == 0
    assert calendar.working_days_between(D(2026, 3, 9), D(2026, 3, 2)) == -5
    assert calendar.working_days_between(D(2026, 3, 4), D(2026, 3, 4)) == 0


def test_day_off_reason_names_the_holiday_or_the_weekend():
    calendar = WorkingCalendar()
    assert calendar.day_off_reason(D(2026, 4, 30)) == "Ngày Chiến thắng"
    assert calendar.day_off_reason(D(2026, 3, 8)) == "Chủ nhật"
    assert calendar.day_off_reason(D(2026, 3, 4)) == ""


def test_library_swapped_working_days_name_the_saturday_worked():
    assert library_swapped_working_days(2025) == {D(2025, 4, 26): D(2025, 5, 2)}
    assert library_swapped_working_days(2026) == {D(2026, 8, 22): D(2026, 8, 31)}


def test_weekday_names_are_vietnamese():
    assert weekday_name(D(2026, 3, 2)) == "Thứ Hai"
    assert weekday_name(D(2026, 3, 8)) == "Chủ nhật"
