"""Period arithmetic: data windows (Decree 09/2019/NĐ-CP Art. 12, or calendar months) and deadlines.

Windows under Decree 09 run from the 15th of the month before to the 14th of the last month: month M is
15/(M-1)–14/M; quarter Q is 15 of the month before the quarter – 14 of its last month; the first half-year
15/12 of the previous year – 14/6; nine months 15/12 – 14/9 (cumulative); the year 15/12 – 14/12. Deadlines are
end of day (23:59:59) in the province's time zone, N working days after the window closes, or a fixed day of
the month after it.
"""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings

from khoagiao.core.workdays import WorkingCalendar

from .choices import DeadlineRule, DutyFrequency, WindowRule

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
PERIODS_PER_YEAR = {
    DutyFrequency.MONTH: 12,
    DutyFrequency.QUARTER: 4,
    DutyFrequency.HALF_YEAR: 1,
    DutyFrequency.NINE_MONTHS: 1,
    DutyFrequency.YEAR: 1,
}


def province_tz() -> ZoneInfo:
    return ZoneInfo(settings.KHOAGIAO_PROVINCE_TIME_ZONE)


@dataclass(frozen=True)
class PeriodSpec:
    year: int
    number: int
    label: str
    window_start: dt.date
    window_end: dt.date


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, stdlib_calendar.monthrange(year, month)[1])


def _month_before(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def _first_last_month(frequency: str, number: int) -> tuple[int, int]:
    """The calendar months a period covers (first, last) within its year."""
    if frequency == DutyFrequency.MONTH:
        return number, number
    if frequency == DutyFrequency.QUARTER:
        return 3 * number - 2, 3 * number
    if frequency == DutyFrequency.HALF_YEAR:
        return 1, 6
    if frequency == DutyFrequency.NINE_MONTHS:
        return 1, 9
    if frequency == DutyFrequency.YEAR:
        return 1, 12
    raise ValueError(f"No calendar for frequency {frequency}")


def period_label(frequency: str, year: int, number: int) -> str:
    if frequency == DutyFrequency.MONTH:
        return f"Tháng {number}/{year}"
    if frequency == DutyFrequency.QUARTER:
        return f"Quý {ROMAN[number]}/{year}"
    if frequency == DutyFrequency.HALF_YEAR:
        return f"6 tháng đầu năm {year}"
    if frequency == DutyFrequency.NINE_MONTHS:
        return f"9 tháng đầu năm {year}"
    if frequency == DutyFrequency.YEAR:
        return f"Năm {year}"
    raise ValueError(f"No label for frequency {frequency}")


def period_spec(frequency: str, window_rule: str, year: int, number: int) -> PeriodSpec:
    first, last = _first_last_month(frequency, number)
    if window_rule == WindowRule.DECREE_09:
        start_year, start_month = _month_before(year, first)
        start = dt.date(start_year, start_month, 15)
        end = dt.date(year, last, 14)
    else:
        start = dt.date(year, first, 1)
        end = _last_day(year, last)
    return PeriodSpec(year, number, period_label(frequency, year, number), start, end)


def period_containing(frequency: str, window_rule: str, day: dt.date) -> PeriodSpec:
    """The period whose window contains `day` (for half-year/9-month/year: the one of the year it ends in)."""
    per_year = PERIODS_PER_YEAR[DutyFrequency(frequency)]
    for year in (day.year, day.year + 1):
        for number in range(1, per_year + 1):
            spec = period_spec(frequency, window_rule, year, number)
            if spec.window_start <= day <= spec.window_end:
                return spec
    # Half-year and nine-month windows leave gaps (after 14/6 or 14/9): the next one is the following year's.
    return next_period(frequency, window_rule, period_spec(frequency, window_rule, day.year, per_year))


def next_period(frequency: str, window_rule: str, spec: PeriodSpec) -> PeriodSpec:
    per_year = PERIODS_PER_YEAR[DutyFrequency(frequency)]
    year, number = (spec.year + 1, 1) if spec.number >= per_year else (spec.year, spec.number + 1)
    return period_spec(frequency, window_rule, year, number)


def end_of_day(day: dt.date) -> dt.datetime:
    """23:59:59.999999 of `day` in the province's time zone: a submit at 23:59 on the deadline day is on time."""
    return dt.datetime.combine(day, dt.time.max, tzinfo=province_tz())


def deadline_date(
    *,
    window_end: dt.date,
    rule: str,
    working_days: int,
    fixed_day: int | None,
    calendar: WorkingCalendar | None = None,
) -> dt.date:
    """The unit's deadline day. Decree 09 asks for at least one working day after the window closes."""
    calendar = calendar or WorkingCalendar()
    if rule == DeadlineRule.FIXED_DAY and fixed_day:
        year, month = (window_end.year, window_end.month)
        candidate_day = min(fixed_day, stdlib_calendar.monthrange(year, month)[1])
        candidate = dt.date(year, month, candidate_day)
        if candidate <= window_end:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            candidate = dt.date(year, month, min(fixed_day, stdlib_calendar.monthrange(year, month)[1]))
        # A fixed day that falls on a day off moves to the next working day.
        return calendar.add_working_days(candidate, 0)
    return calendar.add_working_days(window_end, max(1, working_days))
