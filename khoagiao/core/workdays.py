"""The working-day calendar: weekends, Vietnamese public holidays, and the days an administrator corrects.

Public holidays come from the maintained `holidays` library (Tết, Giỗ Tổ Hùng Vương, 30/4, 1/5, 2/9 …). The
Government fixes some days off each year by decision (extra Tết days, swapped days); administrators record
those as `CalendarDay` rows, which win over the library and over weekends.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import holidays
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import CalendarDay

SATURDAY = 5
WEEKDAY_NAMES = (
    gettext_lazy("Thứ Hai"),
    gettext_lazy("Thứ Ba"),
    gettext_lazy("Thứ Tư"),
    gettext_lazy("Thứ Năm"),
    gettext_lazy("Thứ Sáu"),
    gettext_lazy("Thứ Bảy"),
    gettext_lazy("Chủ nhật"),
)
# The library names a swapped day off "Ngày nghỉ (thay cho ngày 26/04/2025)": the Saturday named is worked.
_SWAPPED_FOR = re.compile(r"thay cho ngày (\d{1,2})/(\d{1,2})/(\d{4})")


@lru_cache(maxsize=64)
def public_holidays(year: int) -> dict[dt.date, str]:
    """Vietnam's public holidays of `year`, named in Vietnamese."""
    return dict(holidays.country_holidays("VN", years=year, language="vi").items())


def weekday_name(day: dt.date) -> str:
    return str(WEEKDAY_NAMES[day.weekday()])


def library_swapped_working_days(year: int) -> dict[dt.date, dt.date]:
    """Weekend days of `year` worked in exchange for a library holiday: {worked day: the day off it pays for}.

    The library knows the day off of a swap but not the weekend day worked for it; the administrator records
    that one as a `CalendarDay`, and the calendar screen offers it.
    """
    swapped: dict[dt.date, dt.date] = {}
    for holiday_year in (year, year + 1):
        for day_off, name in public_holidays(holiday_year).items():
            match = _SWAPPED_FOR.search(name)
            if not match:
                continue
            try:
                worked = dt.date(int(match[3]), int(match[2]), int(match[1]))
            except ValueError:
                continue
            if worked.year == year and worked.weekday() >= SATURDAY:
                swapped[worked] = day_off
    return dict(sorted(swapped.items()))


class WorkingCalendar:
    """Answers working-day questions, reading the administrator's corrections once per year touched."""

    def __init__(self) -> None:
        self._overrides: dict[int, dict[dt.date, CalendarDay]] = {}

    def _year_overrides(self, year: int) -> dict[dt.date, CalendarDay]:
        if year not in self._overrides:
            self._overrides[year] = {day.date: day for day in CalendarDay.objects.filter(date__year=year)}
        return self._overrides[year]

    def is_working_day(self, day: dt.date) -> bool:
        override = self._year_overrides(day.year).get(day)
        if override is not None:
            return override.is_working_day
        if day.weekday() >= SATURDAY:
            return False
        return day not in public_holidays(day.year)

    def day_off_reason(self, day: dt.date) -> str:
        """Why a day is not a working day ("" when it is one)."""
        override = self._year_overrides(day.year).get(day)
        if override is not None:
            return "" if override.is_working_day else (override.note or _("Ngày nghỉ do quản trị viên đặt"))
        if day in public_holidays(day.year):
            return public_holidays(day.year)[day]
        if day.weekday() >= SATURDAY:
            return _("Thứ Bảy") if day.weekday() == SATURDAY else _("Chủ nhật")
        return ""

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The date `days` working days after `start` (before it when negative), `start` itself not counted.

        With `days == 0` the answer is `start` when it is a working day, else the next working day: a deadline
        that falls on a holiday moves to the next working day.
        """
        step = 1 if days >= 0 else -1
        current = start
        if days == 0:
            while not self.is_working_day(current):
                current += dt.timedelta(days=1)
            return current
        remaining = abs(days)
        while remaining:
            current += dt.timedelta(days=step)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in the half-open range (start, end]; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        current = start
        while current < end:
            current += dt.timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count


def is_working_day(day: dt.date) -> bool:
    return WorkingCalendar().is_working_day(day)


def add_working_days(start: dt.date, days: int) -> dt.date:
    return WorkingCalendar().add_working_days(start, days)
