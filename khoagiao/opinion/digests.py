"""The figures of a digest «Tình hình dư luận xã hội»: counts by field, severity, source and area, the trend
over recent weeks or months, and the notable issues with their state.

An *issue* counted here is a report that was not merged into another (a cluster counts once); `reports` counts
every report received, duplicates included, which shows the spread. The window is by the time of the report,
in the province's time zone, over the issuing unit's subtree.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from .choices import DigestKind, IssueSeverity, IssueSource, IssueStatus
from .models import HotIssue

TREND_POINTS: dict[str, int] = {DigestKind.WEEKLY: 8, DigestKind.MONTHLY: 6}
NOTABLE_LIMIT = 15


@dataclass
class DigestFigures:
    period_start: dt.date
    period_end: dt.date
    issues: int
    reports: int
    by_field: list[tuple[str, int]]
    by_severity: list[tuple[str, int]]
    by_source: list[tuple[str, int]]
    by_area: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    trend: list[tuple[str, int]]
    notable: list[HotIssue] = field(default_factory=list)


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_default_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def _in_scope(unit: Any) -> Q:
    return Q(area__path__startswith=unit.path) | Q(reporting_unit__path__startswith=unit.path)


def default_window(kind: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The last full week (Monday–Sunday) or the last full month before `today`."""
    if kind == DigestKind.WEEKLY:
        start = today - dt.timedelta(days=today.weekday() + 7)
        return start, start + dt.timedelta(days=6)
    first_this_month = today.replace(day=1)
    end = first_this_month - dt.timedelta(days=1)
    return end.replace(day=1), end


def _trend_windows(kind: str, start: dt.date, end: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    points = TREND_POINTS.get(kind, 6)
    windows = []
    if kind == DigestKind.WEEKLY:
        for back in range(points - 1, -1, -1):
            w_start = start - dt.timedelta(days=7 * back)
            w_end = w_start + dt.timedelta(days=6)
            windows.append((f"{w_start:%d/%m}", w_start, w_end))
    else:
        month_start = start.replace(day=1)
        starts = [month_start]
        for _ in range(points - 1):
            starts.insert(0, (starts[0] - dt.timedelta(days=1)).replace(day=1))
        for s in starts:
            e = (s.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
            windows.append((f"{s:%m/%Y}", s, e))
    return windows


def digest_figures(*, issuing_unit: Any, kind: str, start: dt.date, end: dt.date) -> DigestFigures:
    begin, finish = _bounds(start, end)
    scoped = HotIssue.objects.filter(_in_scope(issuing_unit))
    window = scoped.filter(reported_at__gte=begin, reported_at__lt=finish)
    reports = window.count()
    rows = list(
        window.filter(merged_into__isnull=True).values_list(
            "field__name", "severity", "source", "area__name", "status"
        )
    )
    by_field = Counter(row[0] or "Chưa phân loại" for row in rows)
    by_severity = Counter(row[1] for row in rows)
    by_source = Counter(row[2] for row in rows)
    by_area = Counter(row[3] for row in rows)
    by_status = Counter(row[4] for row in rows)
    trend_start, _ = _bounds(_trend_windows(kind, start, end)[0][1], end)
    trend_rows = list(
        scoped.filter(
            merged_into__isnull=True, reported_at__gte=trend_start, reported_at__lt=finish
        ).values_list("reported_at", flat=True)
    )
    trend = []
    for label, w_start, w_end in _trend_windows(kind, start, end):
        lo, hi = _bounds(w_start, w_end)
        trend.append((label, sum(1 for moment in trend_rows if lo <= moment < hi)))
    notable = list(
        window.filter(merged_into__isnull=True)
        .filter(Q(severity__in=[IssueSeverity.HOT, IssueSeverity.CRITICAL]) | Q(escalated_at__isnull=False))
        .select_related("area", "responsible_unit")
        .order_by("-severity", "reported_at")[:NOTABLE_LIMIT]
    )
    severity_order = {value: index for index, value in enumerate(reversed(IssueSeverity.values))}
    notable.sort(key=lambda issue: (severity_order.get(issue.severity, 9), issue.reported_at))
    return DigestFigures(
        period_start=start,
        period_end=end,
        issues=len(rows),
        reports=reports,
        by_field=sorted(by_field.items(), key=lambda item: (-item[1], item[0])),
        by_severity=[
            (str(IssueSeverity(v).label), by_severity[v]) for v in IssueSeverity.values if by_severity[v]
        ],
        by_source=[(str(IssueSource(v).label), by_source[v]) for v in IssueSource.values if by_source[v]],
        by_area=sorted(by_area.items(), key=lambda item: (-item[1], item[0])),
        by_status=[(str(IssueStatus(v).label), by_status[v]) for v in IssueStatus.values if by_status[v]],
        trend=trend,
        notable=notable,
    )
