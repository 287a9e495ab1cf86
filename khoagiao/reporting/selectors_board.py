"""Completeness and timeliness: the board of units × periods of a duty, and a unit's own history.

Rules (DESIGN §4, the issue §5):

- An expected report is a Submission row. Its timeliness comes from `first_submitted_at`, the time of the first
  submit event, never from later edits: on time when it is at or before the period's deadline, late after it,
  missing when never submitted and the deadline has passed, pending before that.
- Units are counted by their dates: a row whose unit was not open on the last day of the period's window (the
  day the generator uses) and that was never submitted is "not expected" (a unit closed or merged away after
  its rows were generated ahead). A unit that did not exist in a period has no row there. Both show "—".
- Rates are over the expected reports whose deadline has passed: submission rate = (on time + late) / due,
  on-time rate = on time / due. A report sent early for a period not yet due is not in either side, so a rate
  can never pass 100%.

The board costs the same few queries whatever the number of units and periods: the viewer's roles over the
receiving unit, the duty's periods, the expected reports of the chosen periods (plain tuples: a model instance
per cell would cost more than the query), and their units with kind and level. Filters on kind, level, state
and the folded unit name run in Python over those rows (a province has a few hundred units).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.errors import NotFoundError
from khoagiao.core.permissions import require, user_scope
from khoagiao.core.text import fold_vi, vi_sort_key
from khoagiao.orgs.models import Unit

from .models import Period, ReportingDuty, Submission
from .permissions import can_view_board
from .selectors_cells import (
    BOARD_STATES,
    STATE_CSS,
    STATE_LABELS,
    Cell,
    CellTexts,
    Stats,
    _url_maker,
    board_state,
    report_sent,
    submission_timeliness,
    timeliness_of,
    unit_expected_in,
)
from .selectors_history import (
    HistoryRow,
    history_own_units,
    history_unit_get,
    unit_history_duties,
    unit_history_list,
    unit_history_rows,
    unit_history_stats,
)

__all__ = [
    "BOARD_STATES",
    "DEFAULT_COLUMNS",
    "GROUPINGS",
    "SORTS",
    "STATE_CSS",
    "STATE_LABELS",
    "Board",
    "Cell",
    "CellTexts",
    "Group",
    "HistoryRow",
    "Row",
    "Stats",
    "board_duty_get",
    "board_duty_list",
    "board_get",
    "board_state",
    "duty_periods",
    "history_own_units",
    "history_unit_get",
    "report_sent",
    "submission_timeliness",
    "timeliness_of",
    "unit_expected_in",
    "unit_history_duties",
    "unit_history_list",
    "unit_history_rows",
    "unit_history_stats",
]

# --- The board ------------------------------------------------------------------------------------------------


@dataclass
class Row:
    unit: Unit
    cells: list[Cell | None]
    stats: Stats = field(default_factory=Stats)


@dataclass
class Group:
    label: str
    rows: list[Row]


@dataclass
class Board:
    duty: ReportingDuty
    periods: list[Period]  # the chosen range, newest first
    all_periods: list[Period]  # every period of the duty, newest first (for the range selects)
    groups: list[Group]
    period_stats: list[Stats]
    total: Stats
    state_counts: dict[str, int]
    kinds: list[Any]
    levels: list[Any]
    period_from: Period | None
    period_to: Period | None
    filter_summary: str = ""

    @property
    def rows(self) -> list[Row]:
        return [row for group in self.groups for row in group.rows]

    @property
    def legend(self) -> list[tuple[str, str, str, int]]:
        return [(key, str(label), css, self.state_counts.get(key, 0)) for key, label, css in BOARD_STATES]


def _require_board(user: Any, duty: ReportingDuty) -> None:
    require(can_view_board(user, duty), _("Bạn không có quyền xem tình hình nộp báo cáo của chế độ này."))


GROUPINGS = ("kind", "level", "none")
SORTS = ("name", "on_time_rate", "submission_rate")
DEFAULT_COLUMNS = 8


def board_duty_get(*, user: Any, pk: int) -> ReportingDuty:
    """The duty whose board the user opens; refused unless `can_view_board`."""
    duty = ReportingDuty.objects.select_related("receiving_unit", "template").filter(pk=pk).first()
    if duty is None:
        raise NotFoundError(_("Không tìm thấy chế độ báo cáo."))
    _require_board(user, duty)
    return duty


def board_duty_list(*, user: Any) -> list[ReportingDuty]:
    """Duties whose board the user may open (for the board's duty switcher and entry page)."""
    duties = ReportingDuty.objects.select_related("receiving_unit").order_by("-is_active", "name")
    scope = user_scope(user)
    duties = scope.filter(duties, "receiving_unit")
    return [duty for duty in duties if can_view_board(user, duty)]


def duty_periods(duty: ReportingDuty) -> list[Period]:
    """The duty's periods, newest first."""
    return list(
        Period.objects.filter(duty=duty)
        .only(
            "id", "duty_id", "year", "number", "label", "window_start", "window_end", "deadline", "is_ad_hoc"
        )
        .order_by("-window_end", "-id")
    )


def _choose_range(
    periods: list[Period], period_from: int | None, period_to: int | None, today: dt.date
) -> tuple[list[Period], Period | None, Period | None]:
    if not periods:
        return [], None, None
    by_id = {p.pk: p for p in periods}
    newest = by_id.get(period_to) if period_to else None
    if newest is None:
        # Default: the newest period already open (periods generated ahead are all "pending"); when none has
        # opened yet, the first ones.
        newest = next(
            (p for p in periods if p.window_start <= today),
            periods[max(0, len(periods) - DEFAULT_COLUMNS)],
        )
    oldest = by_id.get(period_from) if period_from else None
    if oldest is None:
        index = periods.index(newest)
        oldest = periods[min(index + DEFAULT_COLUMNS - 1, len(periods) - 1)]
    if oldest.window_end > newest.window_end:
        oldest, newest = newest, oldest
    chosen = [p for p in periods if oldest.window_end <= p.window_end <= newest.window_end]
    return chosen, oldest, newest


def _link_rule(user: Any) -> Any:
    """Which cells link to their report, as a function of (status, first_submitted_at). A board viewer holds
    department or reader roles over the receiving unit, hence over every unit of the duty, so
    `can_view_submission` reduces to this without a query per cell: once sent the report is visible; a draft
    only to a superuser."""
    if getattr(user, "is_superuser", False):
        return lambda status, first_submitted_at: True
    return report_sent


def board_get(
    *,
    user: Any,
    duty: ReportingDuty,
    period_from: int | None = None,
    period_to: int | None = None,
    kind: int | None = None,
    level: int | None = None,
    state: str | None = None,
    query: str | None = None,
    group: str = "kind",
    sort: str = "name",
    now: dt.datetime | None = None,
) -> Board:
    _require_board(user, duty)
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    all_periods = duty_periods(duty)
    periods, oldest, newest = _choose_range(all_periods, period_from, period_to, today)
    column = {period.pk: index for index, period in enumerate(periods)}
    # Two queries, whatever the size: the expected reports as plain tuples (instantiating a model per cell
    # costs more than the query), and their units once each with kind and level.
    expected = Submission.objects.filter(period_id__in=list(column))
    cells = expected.values_list(
        "id", "period_id", "unit_id", "status", "first_submitted_at", "revision_count"
    )
    units = {
        unit.pk: unit
        for unit in Unit.objects.filter(pk__in=expected.values("unit_id"))
        .select_related("kind", "level")
        .only(
            "id",
            "code",
            "name",
            "short_name",
            "path",
            "valid_from",
            "valid_to",
            "search_text",
            "kind__id",
            "kind__name",
            "kind__sort_order",
            "level__id",
            "level__name",
            "level__rank",
        )
    }
    url_of = _url_maker("reporting:submission_detail")
    may_open = _link_rule(user)
    texts = CellTexts.current()
    rows: dict[int, Row] = {}
    for submission_id, period_id, unit_id, status, first_submitted_at, revision_count in cells:
        period = periods[column[period_id]]
        unit = units[unit_id]
        if first_submitted_at is None and not unit_expected_in(unit, period):
            continue  # counted by its dates: the unit did not exist at the period's cut-off
        timeliness = timeliness_of(first_submitted_at=first_submitted_at, deadline=period.deadline, now=now)
        cell = Cell(
            submission_id=submission_id,
            period=period,
            status=status,
            timeliness=timeliness,
            state=board_state(status, timeliness),
            first_submitted_at=first_submitted_at,
            revision_count=revision_count,
            is_due=now > period.deadline,
            may_open=may_open(status, first_submitted_at),
        ).describe(texts)
        cell.url = url_of(submission_id) if cell.may_open else None
        row = rows.get(unit_id)
        if row is None:
            row = rows[unit_id] = Row(unit=unit, cells=[None] * len(periods))
        row.cells[column[period_id]] = cell

    kinds = sorted(
        {row.unit.kind for row in rows.values()}, key=lambda k: (k.sort_order, vi_sort_key(k.name))
    )
    levels = sorted({row.unit.level for row in rows.values()}, key=lambda lv: (lv.rank, vi_sort_key(lv.name)))
    words = fold_vi(query).split()
    kept = [
        row
        for row in rows.values()
        if (kind is None or row.unit.kind.pk == kind)
        and (level is None or row.unit.level.pk == level)
        and all(word in row.unit.search_text for word in words)
        and (not state or any(cell is not None and cell.state == state for cell in row.cells))
    ]

    period_stats = [Stats() for _period in periods]
    total = Stats()
    state_counts: Counter[str] = Counter()
    for row in kept:
        for index, entry in enumerate(row.cells):
            if entry is None:
                state_counts["not_expected"] += 1
                continue
            row.stats.add(entry)
            period_stats[index].add(entry)
            total.add(entry)
            state_counts[entry.state] += 1

    def name_key(row: Row) -> Any:
        return vi_sort_key(row.unit.name)

    def order_key(row: Row) -> Any:
        if sort in {"on_time_rate", "submission_rate"}:
            rate = getattr(row.stats, sort)
            # Worst first; units with nothing due yet go last.
            return (rate is None, rate if rate is not None else 0.0, name_key(row))
        return name_key(row)

    groups: list[Group] = []
    if group in {"kind", "level"}:
        buckets: dict[Any, list[Row]] = {}
        for row in kept:
            buckets.setdefault(getattr(row.unit, group), []).append(row)
        ordered = kinds if group == "kind" else levels
        for key in ordered:
            if key in buckets:
                groups.append(Group(label=key.name, rows=sorted(buckets[key], key=order_key)))
    elif kept:
        groups.append(Group(label="", rows=sorted(kept, key=order_key)))

    summary = []
    if kind is not None:
        summary += [_("loại: %(name)s") % {"name": k.name} for k in kinds if k.pk == kind]
    if level is not None:
        summary += [_("cấp: %(name)s") % {"name": lv.name} for lv in levels if lv.pk == level]
    if state:
        summary.append(_("trạng thái: %(name)s") % {"name": STATE_LABELS.get(state, state)})
    if query:
        summary.append(_("tìm: «%(query)s»") % {"query": query})
    return Board(
        duty=duty,
        periods=periods,
        all_periods=all_periods,
        groups=groups,
        period_stats=period_stats,
        total=total,
        state_counts=dict(state_counts),
        kinds=kinds,
        levels=levels,
        period_from=oldest,
        period_to=newest,
        filter_summary="; ".join(summary),
    )
