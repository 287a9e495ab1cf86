"""Review milestone arithmetic: when a document's interim review (sơ kết) and final review (tổng kết) fall due.

A milestone falls on the same day and month, N years after the document's date. A document dated 29 February
has no such day in a common year: its milestone falls on 28 February (the last day of that February), so the
review is never pushed into March. A milestone opens (the review request and its tasks are created) a number of
months before it falls due (`DIRECTIVES_REVIEW_OPEN_MONTHS`, 6 by default); the same end-of-month rule applies.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from .choices import DirectiveKind, MilestoneKind

DEFAULT_OPEN_MONTHS = 6
MAX_REVIEW_YEARS = 50

# Review rules per kind of document, in years (interim, final); None: no such review by default. Resolutions,
# directives and conclusions are reviewed after 5 and 10 years; programmes and plans run shorter.
KIND_REVIEW_YEARS: dict[str, tuple[int | None, int | None]] = {
    DirectiveKind.RESOLUTION: (5, 10),
    DirectiveKind.DIRECTIVE: (5, 10),
    DirectiveKind.CONCLUSION: (5, 10),
    DirectiveKind.REGULATION: (5, 10),
    DirectiveKind.DECISION: (5, 10),
    DirectiveKind.PROGRAMME: (None, 5),
    DirectiveKind.PLAN: (None, 5),
    DirectiveKind.RULES: (None, 5),
}


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier when negative), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def open_months() -> int:
    return int(getattr(settings, "DIRECTIVES_REVIEW_OPEN_MONTHS", DEFAULT_OPEN_MONTHS))


@dataclass(frozen=True)
class MilestoneSpec:
    kind: str
    years: int
    due_on: dt.date
    opens_on: dt.date


def default_review_years(kind: str) -> tuple[int | None, int | None]:
    return KIND_REVIEW_YEARS.get(kind, (None, None))


def milestone_specs(
    *,
    issued_on: dt.date,
    interim_years: int | None,
    final_years: int | None,
    months_before: int | None = None,
) -> list[MilestoneSpec]:
    months = open_months() if months_before is None else months_before
    specs = []
    for kind, years in ((MilestoneKind.INTERIM, interim_years), (MilestoneKind.FINAL, final_years)):
        if years:
            due = add_years(issued_on, years)
            specs.append(MilestoneSpec(str(kind), years, due, max(issued_on, add_months(due, -months))))
    return specs
