"""Service levels of hot issues, counted on the working clock: working days of the province's calendar (Tết and
the other days off do not count) and, within a day, the office hours (7:30–11:30 and 13:30–17:00 by default).

An issue reported on Friday evening starts counting on Monday morning. Targets are set per severity in the
setting `OPINION_SLA` as (amount, "hours" | "days"): hours for «đặc biệt nghiêm trọng», days for the rest.
A target in days ends at the same clock time on the N-th working day after the clock started.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone

from khoagiao.core.workdays import WorkingCalendar

from .choices import IssueSeverity

DEFAULT_WORKING_HOURS = (("07:30", "11:30"), ("13:30", "17:00"))
DEFAULT_SLA: dict[str, dict[str, tuple[int, str]]] = {
    IssueSeverity.CRITICAL: {"ack": (2, "hours"), "response": (4, "hours"), "resolution": (16, "hours")},
    IssueSeverity.HOT: {"ack": (1, "days"), "response": (2, "days"), "resolution": (5, "days")},
    IssueSeverity.NORMAL: {"ack": (2, "days"), "response": (5, "days"), "resolution": (15, "days")},
}
MAX_DAYS_SCANNED = 800  # a clock never walks further than this (a calendar with no working day at all)


@dataclass(frozen=True)
class Target:
    amount: int
    unit: str  # "hours" or "days"

    @property
    def label(self) -> str:
        return f"{self.amount} giờ làm việc" if self.unit == "hours" else f"{self.amount} ngày làm việc"


def _parse(value: str) -> dt.time:
    hours, minutes = value.split(":")
    return dt.time(int(hours), int(minutes))


def working_intervals() -> list[tuple[dt.time, dt.time]]:
    configured = getattr(settings, "OPINION_WORKING_HOURS", DEFAULT_WORKING_HOURS)
    return [(_parse(start), _parse(end)) for start, end in configured]


def sla_target(severity: str, stage: str) -> Target:
    table = {**DEFAULT_SLA, **getattr(settings, "OPINION_SLA", {})}
    amount, unit = table.get(severity, DEFAULT_SLA[IssueSeverity.NORMAL])[stage]
    return Target(int(amount), unit)


class WorkingClock:
    """Working-time arithmetic over the calendar and the office hours (in the province's time zone)."""

    def __init__(self, calendar: WorkingCalendar | None = None) -> None:
        self.calendar = calendar or WorkingCalendar()
        self.intervals = working_intervals()
        self.tz = timezone.get_default_timezone()

    def _local(self, moment: dt.datetime) -> dt.datetime:
        return timezone.localtime(moment, self.tz)

    def _at(self, day: dt.date, time: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, time, tzinfo=self.tz)

    def clock_start(self, moment: dt.datetime) -> dt.datetime:
        """The first working moment at or after `moment`."""
        local = self._local(moment)
        day = local.date()
        for _ in range(MAX_DAYS_SCANNED):
            if self.calendar.is_working_day(day):
                for start, end in self.intervals:
                    begin, finish = self._at(day, start), self._at(day, end)
                    if local < finish:
                        return max(local, begin)
            day += dt.timedelta(days=1)
            local = self._at(day, dt.time(0, 0))
        return local

    def add_hours(self, moment: dt.datetime, hours: float) -> dt.datetime:
        """The moment `hours` working hours after `moment`."""
        remaining = dt.timedelta(hours=hours)
        current = self.clock_start(moment)
        for _ in range(MAX_DAYS_SCANNED * len(self.intervals)):
            day = current.date()
            for start, end in self.intervals:
                begin, finish = self._at(day, start), self._at(day, end)
                if current >= finish:
                    continue
                current = max(current, begin)
                available = finish - current
                if remaining <= available:
                    return current + remaining
                remaining -= available
                current = finish
            current = self.clock_start(self._at(day + dt.timedelta(days=1), dt.time(0, 0)))
        return current

    def add_days(self, moment: dt.datetime, days: int) -> dt.datetime:
        """The same clock time on the `days`-th working day after the clock starts."""
        start = self.clock_start(moment)
        day = self.calendar.add_working_days(start.date(), days)
        return self._at(day, start.timetz().replace(tzinfo=None))

    def deadline(self, moment: dt.datetime, target: Target) -> dt.datetime:
        if target.unit == "hours":
            return self.add_hours(moment, target.amount)
        return self.add_days(moment, target.amount)

    def working_hours_between(self, start: dt.datetime, end: dt.datetime) -> float:
        """Working hours elapsed between two moments (0 when `end` is not after `start`)."""
        if end <= start:
            return 0.0
        current = self.clock_start(start)
        end = self._local(end)
        total = dt.timedelta()
        day = current.date()
        for _ in range(MAX_DAYS_SCANNED * 10):
            if day > end.date():
                break
            if self.calendar.is_working_day(day):
                for begin_time, finish_time in self.intervals:
                    begin = max(self._at(day, begin_time), current)
                    finish = min(self._at(day, finish_time), end)
                    if finish > begin:
                        total += finish - begin
            day += dt.timedelta(days=1)
        return total.total_seconds() / 3600


def issue_deadlines(issue: Any, clock: WorkingClock | None = None) -> dict[str, dt.datetime | None]:
    """The three deadlines of an issue for its severity: acknowledgement and resolution from the report,
    first response from the routing to the unit (None while not routed)."""
    clock = clock or WorkingClock()
    severity = issue.severity
    return {
        "ack_due_at": clock.deadline(issue.reported_at, sla_target(severity, "ack")),
        "response_due_at": (
            clock.deadline(issue.routed_at, sla_target(severity, "response")) if issue.routed_at else None
        ),
        "resolution_due_at": clock.deadline(issue.reported_at, sla_target(severity, "resolution")),
    }
