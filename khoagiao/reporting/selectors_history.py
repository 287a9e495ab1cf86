"""A unit's own history: every expected report of the unit across duties and periods, with its timeliness and
state, and the unit's counts and rates. Open to the people of the unit (its scope), not only to the board's
viewers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.errors import PermissionDeniedError
from khoagiao.core.permissions import user_scope
from khoagiao.core.text import vi_sort_key
from khoagiao.orgs.models import Unit

from .choices import Timeliness
from .models import ReportingDuty, Submission
from .selectors_cells import (
    STATE_CSS,
    STATE_LABELS,
    Stats,
    _open_on,
    _url_maker,
    board_state,
    report_sent,
    submission_timeliness,
    timeliness_of,
    unit_expected_in,
)


def history_own_units(*, user: Any) -> list[Unit]:
    """The units where the user is a focal point or the leader (the units that report), for links to their
    histories."""
    from khoagiao.accounts.choices import UNIT_ROLES
    from khoagiao.accounts.selectors import membership_list_for_user

    units = {
        membership.unit.pk: membership.unit
        for membership in membership_list_for_user(user)
        if membership.role in UNIT_ROLES
    }
    return sorted(units.values(), key=lambda unit: vi_sort_key(unit.name))


def history_unit_get(*, user: Any, pk: int) -> Unit:
    """The unit whose history the user opens: any unit in the user's scope (its own people, through a
    membership on it or above it, and the successors' people for a merged unit); others are refused."""
    unit = Unit.objects.select_related("kind", "level").filter(pk=pk).first()
    if unit is None or not user_scope(user).allows(unit.pk):
        raise PermissionDeniedError(_("Bạn chỉ xem được lịch sử báo cáo của đơn vị mình."))
    return unit


@dataclass
class HistoryRow:
    submission: Submission
    timeliness: str
    state: str
    url: str | None

    @property
    def timeliness_label(self) -> str:
        return str(Timeliness(self.timeliness).label)

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def css(self) -> str:
        return STATE_CSS[self.state]


def unit_history_list(
    *, user: Any, unit: Unit, duty: int | None = None, year: int | None = None
) -> QuerySet[Submission]:
    """Every expected report of the unit, across duties and periods, newest first."""
    if not user_scope(user).allows(unit.pk):
        return Submission.objects.none()
    queryset = (
        Submission.objects.filter(unit=unit)
        .select_related("period", "period__duty")
        .defer("narrative")
        .order_by("-period__window_end", "period__duty__name", "-id")
    )
    if duty is not None:
        queryset = queryset.filter(period__duty_id=duty)
    if year is not None:
        queryset = queryset.filter(period__year=year)
    return queryset


def unit_history_rows(
    *, user: Any, unit: Unit, submissions: Any, now: dt.datetime | None = None
) -> list[HistoryRow]:
    """Rows of a page of `unit_history_list` with their timeliness and state; a link where the user may open
    the report (rule `can_view_submission`, asked once for sent and once for unsent reports, not per row)."""
    from .permissions import can_view_submission

    now = now or timezone.now()
    url_of = _url_maker("reporting:submission_detail")
    rows = []
    verdict: dict[bool, bool] = {}
    for submission in submissions:
        timeliness: str
        if submission.first_submitted_at is None and not unit_expected_in(unit, submission.period):
            timeliness, state = Timeliness.NOT_EXPECTED, "not_expected"
        else:
            timeliness = submission_timeliness(submission, now)
            state = board_state(submission.status, timeliness)
        # can_view_submission depends on the user's roles over the unit and on whether the report was sent.
        sent = report_sent(submission.status, submission.first_submitted_at)
        if sent not in verdict:
            submission.unit = unit  # the same unit: spare a query
            verdict[sent] = can_view_submission(user, submission)
        rows.append(
            HistoryRow(
                submission=submission,
                timeliness=timeliness,
                state=state,
                url=url_of(submission.pk) if verdict[sent] else None,
            )
        )
    return rows


def unit_history_stats(*, user: Any, unit: Unit, now: dt.datetime | None = None) -> Stats:
    """The unit's counts and rates over all its expected reports (one query of three columns)."""
    now = now or timezone.now()
    stats = Stats()
    rows = unit_history_list(user=user, unit=unit).values_list(
        "first_submitted_at", "period__deadline", "period__window_end"
    )
    for first_submitted_at, deadline, window_end in rows:
        if first_submitted_at is None and not _open_on(unit, window_end):
            continue
        timeliness = timeliness_of(first_submitted_at=first_submitted_at, deadline=deadline, now=now)
        stats.count(timeliness=timeliness, is_due=now > deadline)
    return stats


def unit_history_duties(*, unit: Unit) -> list[ReportingDuty]:
    """The duties the unit has expected reports in (for the history's filter)."""
    return list(ReportingDuty.objects.filter(periods__submissions__unit=unit).distinct().order_by("name"))
