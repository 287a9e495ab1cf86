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

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khoagiao.core.errors import NotFoundError, PermissionDeniedError
from khoagiao.core.permissions import require, user_scope
from khoagiao.core.text import fold_vi, vi_sort_key
from khoagiao.orgs.models import Unit

from .choices import SubmissionStatus, Timeliness
from .models import Period, ReportingDuty, Submission
from .permissions import can_view_board

# --- Timeliness and the state shown in a cell --------------------------------------------------------------


def timeliness_of(
    *, first_submitted_at: dt.datetime | None, deadline: dt.datetime, now: dt.datetime | None = None
) -> str:
    """On time, late, missing or pending, from the first submit's time (a `Timeliness` value)."""
    if first_submitted_at is not None:
        return Timeliness.ON_TIME if first_submitted_at <= deadline else Timeliness.LATE
    now = now or timezone.now()
    return Timeliness.MISSING if now > deadline else Timeliness.PENDING


def submission_timeliness(submission: Submission, now: dt.datetime | None = None) -> str:
    return timeliness_of(
        first_submitted_at=submission.first_submitted_at, deadline=submission.period.deadline, now=now
    )


def _open_on(unit: Unit, day: dt.date) -> bool:
    return unit.valid_from <= day and (unit.valid_to is None or unit.valid_to >= day)


def unit_expected_in(unit: Unit, period: Period) -> bool:
    """Whether the unit existed on the last day of the period's window (the generator's rule)."""
    return _open_on(unit, period.window_end)


# The legend, in the order shown: key, label, CSS class of the cell.
BOARD_STATES: list[tuple[str, Any, str]] = [
    ("on_time", Timeliness.ON_TIME.label, "kg-state-on-time"),
    ("late", Timeliness.LATE.label, "kg-state-late"),
    ("missing", Timeliness.MISSING.label, "kg-state-missing"),
    ("draft", SubmissionStatus.DRAFT.label, "kg-state-draft"),
    ("returned", SubmissionStatus.RETURNED.label, "kg-state-returned"),
    ("awaiting_approval", gettext_lazy("Chờ lãnh đạo duyệt"), "kg-state-awaiting"),
    ("accepted", SubmissionStatus.ACCEPTED.label, "kg-state-accepted"),
    ("pending", Timeliness.PENDING.label, "kg-state-pending"),
    ("not_expected", Timeliness.NOT_EXPECTED.label, "kg-state-none"),
]
STATE_LABELS = {key: label for key, label, _css in BOARD_STATES}
STATE_CSS = {key: css for key, _label, css in BOARD_STATES}


def board_state(status: str, timeliness: str) -> str:
    """The one state a cell is coloured by. Review states win (accepted, returned); a report sent and waiting
    shows its timeliness; one never sent is missing once overdue, else shows how far the unit has got."""
    if status == SubmissionStatus.ACCEPTED:
        return "accepted"
    if status == SubmissionStatus.RETURNED:
        return "returned"
    if status == SubmissionStatus.SUBMITTED:
        return str(timeliness)
    if timeliness == Timeliness.MISSING:
        return "missing"
    if status == SubmissionStatus.AWAITING_APPROVAL:
        return "awaiting_approval"
    if status == SubmissionStatus.DRAFT:
        return "draft"
    return "pending"


# --- The board ------------------------------------------------------------------------------------------------


@dataclass
class Stats:
    """Counts over a set of expected reports; rates over those whose deadline has passed."""

    expected: int = 0
    due: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0

    def count(self, *, timeliness: str, is_due: bool) -> None:
        """Count one expected report."""
        self.expected += 1
        if not is_due:
            return
        self.due += 1
        if timeliness == Timeliness.ON_TIME:
            self.on_time += 1
        elif timeliness == Timeliness.LATE:
            self.late += 1
        else:
            self.missing += 1

    def add(self, cell: Cell) -> None:
        self.count(timeliness=cell.timeliness, is_due=cell.is_due)

    @property
    def submitted(self) -> int:
        return self.on_time + self.late

    @property
    def submission_rate(self) -> float | None:
        return self.submitted / self.due if self.due else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.due if self.due else None


@dataclass
class Cell:
    """One expected report on the board. Its texts are computed once when the board is built (a board has up
    to a thousand cells, and a template lookup of a translated label per cell is what costs)."""

    submission_id: int
    period: Period
    status: str
    timeliness: str
    state: str
    first_submitted_at: dt.datetime | None
    revision_count: int
    is_due: bool
    may_open: bool = False
    url: str | None = None
    label: str = ""  # the state, in words
    detail: str = ""  # what the colour alone does not say: the timeliness of a reviewed report, a late draft
    note: str = ""  # "gửi 2 lần"
    title: str = ""  # the first submit's time, for the tooltip
    css: str = ""

    def describe(self, texts: CellTexts) -> Cell:
        self.label = texts.states[self.state]
        self.css = STATE_CSS[self.state]
        if self.state in {"accepted", "returned"} and self.first_submitted_at is not None:
            self.detail = texts.timeliness[self.timeliness]
        elif self.state == "missing" and self.status != SubmissionStatus.NOT_STARTED:
            self.detail = texts.statuses[self.status]
        if self.revision_count > 1:
            self.note = texts.sent_times % {"count": self.revision_count}
        if self.first_submitted_at is not None:
            when = timezone.localtime(self.first_submitted_at).strftime("%H:%M %d/%m/%Y")
            self.title = texts.first_sent % {"when": when}
        return self

    @property
    def state_label(self) -> str:
        return self.label

    @property
    def timeliness_label(self) -> str:
        return str(Timeliness(self.timeliness).label)

    @property
    def export_text(self) -> str:
        return " · ".join(part for part in (self.label, self.detail, self.note) if part)


@dataclass(frozen=True)
class CellTexts:
    """The labels of the active language, translated once per board."""

    states: dict[str, str]
    timeliness: dict[str, str]
    statuses: dict[str, str]
    sent_times: str
    first_sent: str

    @classmethod
    def current(cls) -> CellTexts:
        return cls(
            states={key: str(label) for key, label, _css in BOARD_STATES},
            timeliness={value: str(label) for value, label in Timeliness.choices},
            statuses={value: str(label) for value, label in SubmissionStatus.choices},
            sent_times=_("gửi %(count)d lần"),
            first_sent=_("Gửi lần đầu lúc %(when)s"),
        )


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


GROUPINGS = ("kind", "level", "none")
SORTS = ("name", "on_time_rate", "submission_rate")
DEFAULT_COLUMNS = 8


def board_duty_get(*, user: Any, pk: int) -> ReportingDuty:
    """The duty whose board the user opens; refused unless `can_view_board`."""
    duty = ReportingDuty.objects.select_related("receiving_unit", "template").filter(pk=pk).first()
    if duty is None:
        raise NotFoundError(_("Không tìm thấy chế độ báo cáo."))
    require(can_view_board(user, duty), _("Bạn không có quyền xem tình hình nộp báo cáo của chế độ này."))
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


def _url_maker(name: str) -> Any:
    """reverse() once with a placeholder, then substitute: the board may have a thousand cells."""
    try:
        sample = reverse(name, args=[987654321])
    except NoReverseMatch:
        return lambda pk: None
    head, tail = sample.split("987654321", 1)
    return lambda pk: f"{head}{pk}{tail}"


def _link_rule(user: Any) -> Any:
    """Which cells link to their report, as a function of (status, first_submitted_at). A board viewer holds
    department or reader roles over the receiving unit, hence over every unit of the duty, so
    `can_view_submission` reduces to this without a query per cell: once sent the report is visible; a draft
    only to a superuser."""
    if getattr(user, "is_superuser", False):
        return lambda status, first_submitted_at: True
    return lambda status, first_submitted_at: (
        first_submitted_at is not None
        or status
        in {
            SubmissionStatus.SUBMITTED,
            SubmissionStatus.ACCEPTED,
        }
    )


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
    require(can_view_board(user, duty), _("Bạn không có quyền xem tình hình nộp báo cáo của chế độ này."))
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


# --- A unit's own history -------------------------------------------------------------------------------------


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
        sent = submission.first_submitted_at is not None or submission.status in {
            SubmissionStatus.SUBMITTED,
            SubmissionStatus.ACCEPTED,
        }
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
