"""Timeliness and the state of one expected report, as the board and a unit's history show it: the rules are
in `selectors_board`'s docstring. Counts and rates over a set of expected reports (`Stats`), and one cell of the
board with its texts (`Cell`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khoagiao.orgs.models import Unit

from .choices import SubmissionStatus, Timeliness
from .models import Period, Submission

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


# --- Counts and cells ---------------------------------------------------------------------------------------


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


def report_sent(status: str, first_submitted_at: dt.datetime | None) -> bool:
    """Whether the report has reached the department (once sent, its readers above the unit may open it)."""
    return first_submitted_at is not None or status in {
        SubmissionStatus.SUBMITTED,
        SubmissionStatus.ACCEPTED,
    }


def _url_maker(name: str) -> Any:
    """reverse() once with a placeholder, then substitute: the board may have a thousand cells."""
    try:
        sample = reverse(name, args=[987654321])
    except NoReverseMatch:
        return lambda pk: None
    head, tail = sample.split("987654321", 1)
    return lambda pk: f"{head}{pk}{tail}"
