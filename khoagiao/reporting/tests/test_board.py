"""Completeness and timeliness: the board's rules, rates on hand-computed cases, filters, link rule and the
number of queries (constant in the number of units)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from khoagiao.core.testing import kinds_and_levels, make_unit, root_user
from khoagiao.orgs.models import UnitKind, UnitLevel
from khoagiao.orgs.services import unit_close, unit_merge
from khoagiao.reporting.choices import SubmissionStatus, Timeliness
from khoagiao.reporting.models import Period, Submission
from khoagiao.reporting.periods import end_of_day
from khoagiao.reporting.permissions import can_view_submission
from khoagiao.reporting.selectors_board import (
    Board,
    Cell,
    board_get,
    board_state,
    timeliness_of,
    unit_history_list,
    unit_history_rows,
    unit_history_stats,
)
from khoagiao.reporting.services.periods import periods_generate
from khoagiao.reporting.services.submissions import (
    submission_accept,
    submission_return,
    submission_submit,
)
from khoagiao.reporting.tests.factories import DEFAULT_SINCE, fill_valid, make_duty, submission_of

pytestmark = pytest.mark.django_db

TZ = dt.timezone(dt.timedelta(hours=7))  # Asia/Ho_Chi_Minh has no daylight saving


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=TZ)


def periods_of(duty: Any) -> list[Period]:
    """Q1, Q2, Q3 of 2026, oldest first."""
    return list(duty.periods.order_by("window_start"))


def mark(duty: Any, unit: Any, period: Period, status: str, first_submitted_at: dt.datetime | None) -> None:
    """Put an expected report in a given state directly (the services are covered by their own tests)."""
    Submission.objects.filter(period=period, unit=unit).update(
        status=status,
        first_submitted_at=first_submitted_at,
        last_submitted_at=first_submitted_at,
        revision_count=1 if first_submitted_at else 0,
    )


def row_of(board: Board, unit: Any) -> Any:
    return next(row for row in board.rows if row.unit.pk == unit.pk)


def column(board: Board, period: Period) -> int:
    return [p.pk for p in board.periods].index(period.pk)


def cell(board: Board, unit: Any, period: Period) -> Cell | None:
    return row_of(board, unit).cells[column(board, period)]


def assert_rates_bounded(board: Board) -> None:
    for stats in [board.total, *board.period_stats, *(row.stats for row in board.rows)]:
        assert stats.submitted <= stats.due
        for rate in (stats.submission_rate, stats.on_time_rate):
            assert rate is None or 0 <= rate <= 1


# --- Timeliness rules -----------------------------------------------------------------------------------------


def test_timeliness_is_on_time_up_to_the_deadline_instant_then_late() -> None:
    deadline = end_of_day(dt.date(2026, 3, 17))
    assert timeliness_of(first_submitted_at=at(2026, 3, 17, 23, 59), deadline=deadline) == Timeliness.ON_TIME
    assert timeliness_of(first_submitted_at=deadline, deadline=deadline) == Timeliness.ON_TIME
    assert (
        timeliness_of(first_submitted_at=deadline + dt.timedelta(microseconds=1), deadline=deadline)
        == Timeliness.LATE
    )


def test_timeliness_of_a_report_never_sent_is_pending_before_the_deadline_and_missing_after() -> None:
    deadline = end_of_day(dt.date(2026, 3, 17))
    assert (
        timeliness_of(first_submitted_at=None, deadline=deadline, now=at(2026, 3, 17, 23))
        == Timeliness.PENDING
    )
    assert (
        timeliness_of(first_submitted_at=None, deadline=deadline, now=at(2026, 3, 18, 0, 1))
        == Timeliness.MISSING
    )


def test_board_state_puts_review_states_first_and_missing_before_unsent_work() -> None:
    assert board_state(SubmissionStatus.ACCEPTED, Timeliness.LATE) == "accepted"
    assert board_state(SubmissionStatus.RETURNED, Timeliness.ON_TIME) == "returned"
    assert board_state(SubmissionStatus.SUBMITTED, Timeliness.LATE) == "late"
    assert board_state(SubmissionStatus.SUBMITTED, Timeliness.ON_TIME) == "on_time"
    assert board_state(SubmissionStatus.DRAFT, Timeliness.MISSING) == "missing"
    assert board_state(SubmissionStatus.DRAFT, Timeliness.PENDING) == "draft"
    assert board_state(SubmissionStatus.AWAITING_APPROVAL, Timeliness.PENDING) == "awaiting_approval"
    assert board_state(SubmissionStatus.NOT_STARTED, Timeliness.PENDING) == "pending"


# --- Rates on hand-computed cases -----------------------------------------------------------------------------


def test_rates_per_unit_per_period_and_in_total_match_a_hand_computed_case(cast: Any) -> None:
    duty = make_duty(cast)
    q1, q2, q3 = periods_of(duty)
    # Deadlines: Q1 17/03/2026, Q2 16/06/2026, Q3 16/09/2026 (two working days after the 14th).
    assert timezone.localtime(q1.deadline).date() == dt.date(2026, 3, 17)
    assert timezone.localtime(q2.deadline).date() == dt.date(2026, 6, 16)
    on_time_q1, late_q1 = at(2026, 3, 16), at(2026, 3, 20)
    mark(duty, cast.education, q1, SubmissionStatus.SUBMITTED, on_time_q1)
    mark(duty, cast.health, q1, SubmissionStatus.ACCEPTED, late_q1)
    mark(duty, cast.commune_a, q1, SubmissionStatus.DRAFT, None)
    mark(duty, cast.commune_b, q1, SubmissionStatus.RETURNED, on_time_q1)
    mark(duty, cast.education, q2, SubmissionStatus.SUBMITTED, at(2026, 6, 20))
    mark(duty, cast.health, q2, SubmissionStatus.SUBMITTED, at(2026, 6, 1))
    mark(duty, cast.commune_a, q2, SubmissionStatus.ACCEPTED, at(2026, 6, 16, 23, 59))
    # Q3 is not due yet: an early report counts in neither side of a rate.
    mark(duty, cast.education, q3, SubmissionStatus.SUBMITTED, at(2026, 7, 1))

    board = board_get(user=cast.specialist, duty=duty, now=at(2026, 7, 15))

    assert [p.pk for p in board.periods] == [q3.pk, q2.pk, q1.pk]  # newest first
    education = row_of(board, cast.education).stats
    assert (education.expected, education.due, education.on_time, education.late) == (3, 2, 1, 1)
    assert education.submission_rate == 1.0
    assert education.on_time_rate == 0.5
    commune_b = row_of(board, cast.commune_b).stats
    assert (commune_b.due, commune_b.on_time, commune_b.missing) == (2, 1, 1)
    q1_stats = board.period_stats[column(board, q1)]
    assert (q1_stats.due, q1_stats.on_time, q1_stats.late, q1_stats.missing) == (4, 2, 1, 1)
    assert q1_stats.submission_rate == 0.75
    assert q1_stats.on_time_rate == 0.5
    q3_stats = board.period_stats[column(board, q3)]
    assert (q3_stats.expected, q3_stats.due, q3_stats.submission_rate) == (4, 0, None)
    total = board.total
    assert (total.due, total.on_time, total.late, total.missing) == (8, 4, 2, 2)
    assert total.submission_rate == 0.75
    assert total.on_time_rate == 0.5
    assert board.state_counts == {
        "on_time": 3,  # education Q1 and Q3 (early), health Q2
        "late": 1,  # education Q2
        "accepted": 2,  # health Q1 (late), commune A Q2 (23:59 on the deadline day)
        "returned": 1,
        "missing": 2,  # commune A Q1 (a draft, overdue) and commune B Q2
        "pending": 3,
    }
    overdue_draft, late_accepted = cell(board, cast.commune_a, q1), cell(board, cast.health, q1)
    assert overdue_draft is not None and late_accepted is not None
    assert (overdue_draft.state, overdue_draft.detail) == ("missing", "Đang soạn")
    assert late_accepted.detail == "Chậm"
    assert_rates_bounded(board)


def test_a_unit_closed_mid_year_is_counted_only_in_the_periods_it_existed(cast: Any) -> None:
    duty = make_duty(cast)  # rows for Q1–Q3 generated ahead, while the agency was open
    q1, q2, q3 = periods_of(duty)
    unit_close(actor=root_user(), unit=cast.health, valid_to=dt.date(2026, 6, 30), reason="Sáp nhập sở")
    for unit in (cast.education, cast.commune_a, cast.commune_b):
        mark(duty, unit, q3, SubmissionStatus.SUBMITTED, at(2026, 9, 15))
    mark(duty, cast.health, q2, SubmissionStatus.SUBMITTED, at(2026, 6, 15))

    board = board_get(user=cast.specialist, duty=duty, now=at(2026, 10, 1))

    health = row_of(board, cast.health)
    assert health.cells[column(board, q3)] is None  # closed before the cut-off of 14/09
    assert health.cells[column(board, q2)] is not None
    assert (health.stats.expected, health.stats.due, health.stats.on_time) == (2, 2, 1)
    q3_stats = board.period_stats[column(board, q3)]
    assert (q3_stats.due, q3_stats.on_time) == (3, 3)
    assert q3_stats.submission_rate == 1.0
    assert board.state_counts["not_expected"] == 1
    assert_rates_bounded(board)


def test_a_merged_unit_and_its_successor_are_each_counted_by_their_dates(cast: Any) -> None:
    duty = make_duty(cast)
    q1, q2, q3 = periods_of(duty)
    kinds, levels = kinds_and_levels()
    successor = unit_merge(
        actor=root_user(),
        predecessors=[cast.commune_a, cast.commune_b],
        new_successor={
            "parent": cast.department,
            "code": "xa-an-bac",
            "name": "Đảng ủy xã An Bắc",
            "kind": kinds["party_committee"],
            "level": levels["commune"],
        },
        date=dt.date(2026, 7, 1),
    )
    periods_generate(duty=duty, since=DEFAULT_SINCE, today=DEFAULT_SINCE)  # the successor's expected reports
    assert Submission.objects.filter(unit=successor, period=q3).exists()
    assert not Submission.objects.filter(unit=successor, period__in=[q1, q2]).exists()
    # Every unit sends on the cut-off day of every period it exists in; the predecessors' Q3 rows, generated
    # ahead while they were open, stay never sent.
    for period, units in (
        (q1, [cast.education, cast.health, cast.commune_a, cast.commune_b]),
        (q2, [cast.education, cast.health, cast.commune_a, cast.commune_b]),
        (q3, [cast.education, cast.health, successor]),
    ):
        for unit in units:
            mark(duty, unit, period, SubmissionStatus.SUBMITTED, end_of_day(period.window_end))
    assert Submission.objects.filter(unit=cast.commune_a, period=q3).exists()

    board = board_get(user=cast.specialist, duty=duty, now=at(2026, 10, 1))

    assert cell(board, successor, q3) is not None
    assert cell(board, successor, q2) is None
    assert cell(board, cast.commune_a, q3) is None
    assert cell(board, cast.commune_a, q2) is not None
    per_period = {p.pk: s for p, s in zip(board.periods, board.period_stats, strict=True)}
    assert (per_period[q1.pk].due, per_period[q2.pk].due, per_period[q3.pk].due) == (4, 4, 3)
    assert all(stats.submission_rate == 1.0 for stats in board.period_stats)
    assert board.total.due == 11
    assert board.total.submission_rate == 1.0
    assert_rates_bounded(board)


def test_a_report_sent_by_a_unit_after_it_closed_still_counts_on_both_sides(cast: Any) -> None:
    duty = make_duty(cast)
    _q1, _q2, q3 = periods_of(duty)
    unit_close(actor=root_user(), unit=cast.health, valid_to=dt.date(2026, 6, 30), reason="Sáp nhập sở")
    mark(duty, cast.health, q3, SubmissionStatus.SUBMITTED, at(2026, 9, 15))

    board = board_get(user=cast.specialist, duty=duty, now=at(2026, 10, 1))

    q3_cell = cell(board, cast.health, q3)
    assert q3_cell is not None and q3_cell.state == "on_time"
    assert_rates_bounded(board)


# --- Timeliness through the real review cycle -----------------------------------------------------------------


def test_timeliness_comes_from_the_first_submit_even_after_return_and_a_late_resubmit(
    cast: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    duty = make_duty(cast)
    q1 = periods_of(duty)[0]
    submission = submission_of(duty, cast.commune_a, q1)
    fill_valid(submission, cast.commune_a_focal)
    monkeypatch.setattr(
        timezone, "now", lambda: at(2026, 3, 17, 23, 59)
    )  # the last minute of the deadline day
    submission_submit(actor=cast.commune_a_focal, submission=submission)
    monkeypatch.setattr(timezone, "now", lambda: at(2026, 3, 19, 9))
    submission_return(actor=cast.specialist, submission=submission, comment="Bổ sung số liệu mục II.")
    returned = board_get(user=cast.specialist, duty=duty, now=at(2026, 3, 19, 10))
    returned_cell = cell(returned, cast.commune_a, q1)
    assert returned_cell is not None
    assert (returned_cell.state, returned_cell.timeliness) == ("returned", Timeliness.ON_TIME)

    monkeypatch.setattr(timezone, "now", lambda: at(2026, 3, 25, 15))  # a week late
    submission_submit(actor=cast.commune_a_focal, submission=submission)
    submission.refresh_from_db()
    assert submission.revision_count == 2
    assert submission.first_submitted_at == at(2026, 3, 17, 23, 59)
    board = board_get(user=cast.specialist, duty=duty, now=at(2026, 4, 1))
    resubmitted = cell(board, cast.commune_a, q1)
    assert resubmitted is not None
    assert (resubmitted.state, resubmitted.revision_count) == ("on_time", 2)
    assert "gửi 2 lần" in resubmitted.export_text

    submission_accept(actor=cast.specialist, submission=submission)
    accepted = cell(board_get(user=cast.specialist, duty=duty, now=at(2026, 4, 2)), cast.commune_a, q1)
    assert accepted is not None
    assert (accepted.state, accepted.timeliness, accepted.detail) == (
        "accepted",
        Timeliness.ON_TIME,
        "Đúng hạn",
    )


# --- Filters, grouping, order -----------------------------------------------------------------------------


def test_filters_by_kind_level_state_folded_name_and_period_range(cast: Any) -> None:
    duty = make_duty(cast)
    q1, q2, q3 = periods_of(duty)
    mark(duty, cast.education, q1, SubmissionStatus.SUBMITTED, at(2026, 3, 16))
    now = at(2026, 7, 1)
    agency = UnitKind.objects.get(code="agency")
    commune = UnitLevel.objects.get(code="commune")

    def names(**filters: Any) -> list[str]:
        return [row.unit.name for row in board_get(user=cast.specialist, duty=duty, now=now, **filters).rows]

    assert set(names(kind=agency.pk)) == {"Sở Giáo dục và Đào tạo", "Sở Y tế"}
    assert set(names(level=commune.pk)) == {"Đảng ủy xã An Bình", "Đảng ủy phường Bắc Sơn"}
    assert names(query="an binh") == ["Đảng ủy xã An Bình"]
    assert names(query="BẮC  son") == ["Đảng ủy phường Bắc Sơn"]
    assert names(query="dang uy xa") == ["Đảng ủy xã An Bình"]
    assert names(state="on_time") == ["Sở Giáo dục và Đào tạo"]
    assert "Sở Giáo dục và Đào tạo" not in names(state="missing", period_from=q1.pk, period_to=q1.pk)
    narrow = board_get(user=cast.specialist, duty=duty, now=now, period_from=q2.pk, period_to=q2.pk)
    assert [p.pk for p in narrow.periods] == [q2.pk]
    assert all(len(row.cells) == 1 for row in narrow.rows)
    swapped = board_get(user=cast.specialist, duty=duty, now=now, period_from=q3.pk, period_to=q1.pk)
    assert [p.pk for p in swapped.periods] == [q3.pk, q2.pk, q1.pk]
    unknown = board_get(user=cast.specialist, duty=duty, now=now, period_from=999_999, period_to=999_998)
    assert [p.pk for p in unknown.periods] == [q3.pk, q2.pk, q1.pk]  # defaults: the open periods
    filtered = board_get(user=cast.specialist, duty=duty, now=now, kind=agency.pk, query="y te")
    assert "Sở, ngành" in filtered.filter_summary and "y te" in filtered.filter_summary


def test_default_range_ends_at_the_newest_open_period_and_shows_eight(cast: Any) -> None:
    duty = make_duty(cast, frequency="month", since=dt.date(2025, 1, 20), today=dt.date(2026, 1, 20))
    board = board_get(user=cast.specialist, duty=duty, now=at(2026, 1, 20))
    assert len(board.periods) == 8
    # 20/01/2026 lies in the window of month 2 (15/01–14/02); the months generated ahead are left out.
    assert board.periods[0].label == "Tháng 2/2026"
    assert board.periods[-1].label == "Tháng 7/2025"


def test_rows_are_grouped_by_kind_or_level_and_sorted_in_vietnamese_order(cast: Any) -> None:
    make_unit(
        "Đảng ủy xã Ân Nghĩa",
        parent=cast.department,
        code="xa-an-nghia",
        kind="party_committee",
        level="commune",
    )
    make_unit(
        "Đảng ủy xã Ẳng Cang",
        parent=cast.department,
        code="xa-ang-cang",
        kind="party_committee",
        level="commune",
    )
    duty = make_duty(cast)
    by_kind = board_get(user=cast.specialist, duty=duty, now=at(2026, 7, 1))
    assert [group.label for group in by_kind.groups] == ["Cấp ủy đảng", "Sở, ngành"]  # kind sort order
    assert [row.unit.name for row in by_kind.groups[0].rows] == [
        "Đảng ủy phường Bắc Sơn",
        "Đảng ủy xã An Bình",
        "Đảng ủy xã Ẳng Cang",  # ă before â: code-point order would put Ân first
        "Đảng ủy xã Ân Nghĩa",
    ]
    by_level = board_get(user=cast.specialist, duty=duty, now=at(2026, 7, 1), group="level")
    assert [group.label for group in by_level.groups] == ["Cấp tỉnh", "Cấp xã"]
    flat = board_get(user=cast.specialist, duty=duty, now=at(2026, 7, 1), group="none")
    assert len(flat.groups) == 1 and len(flat.rows) == 6


def test_sorting_by_on_time_rate_puts_the_worst_units_first(cast: Any) -> None:
    duty = make_duty(cast)
    q1, q2, _q3 = periods_of(duty)
    for unit in (cast.education, cast.health, cast.commune_a, cast.commune_b):
        mark(duty, unit, q1, SubmissionStatus.SUBMITTED, at(2026, 3, 16))
    mark(duty, cast.health, q2, SubmissionStatus.SUBMITTED, at(2026, 6, 16))
    mark(duty, cast.commune_b, q2, SubmissionStatus.SUBMITTED, at(2026, 6, 30))
    board = board_get(user=cast.specialist, duty=duty, now=at(2026, 7, 1), group="none", sort="on_time_rate")
    rates = [row.stats.on_time_rate for row in board.rows]
    assert None not in rates
    assert rates == sorted(rate or 0.0 for rate in rates)
    assert board.rows[-1].unit.pk == cast.health.pk


# --- Links and permissions ------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["specialist", "leader", "viewer", "reporter"])
def test_a_cell_links_to_the_report_exactly_when_the_viewer_may_see_it(cast: Any, who: str) -> None:
    duty = make_duty(cast)
    q1 = periods_of(duty)[0]
    fill_valid(
        submission_of(duty, cast.education, q1), cast.education_focal
    )  # a draft: not for the department
    sent = submission_of(duty, cast.health, q1)
    mark(duty, cast.health, q1, SubmissionStatus.SUBMITTED, at(2026, 3, 16))
    mark(duty, cast.commune_a, q1, SubmissionStatus.RETURNED, at(2026, 3, 16))
    user = getattr(cast, who)
    board = board_get(user=user, duty=duty, now=at(2026, 4, 1))
    checked = 0
    for row in board.rows:
        for board_cell in row.cells:
            if board_cell is None:
                continue
            submission = Submission.objects.select_related("unit").get(pk=board_cell.submission_id)
            assert board_cell.may_open == can_view_submission(user, submission), (who, row.unit.name)
            checked += 1
    assert checked == 8  # Q1 and Q2 (Q3 has not opened on 01/04) × 4 units
    assert cell(board, cast.health, q1).may_open  # type: ignore[union-attr]
    assert not cell(board, cast.education, q1).may_open  # type: ignore[union-attr]
    assert sent.pk == cell(board, cast.health, q1).submission_id  # type: ignore[union-attr]


def test_a_superuser_may_open_drafts_from_the_board(cast: Any) -> None:
    duty = make_duty(cast)
    q1 = periods_of(duty)[0]
    fill_valid(submission_of(duty, cast.education, q1), cast.education_focal)
    board = board_get(user=root_user(), duty=duty, now=at(2026, 4, 1))
    assert cell(board, cast.education, q1).may_open  # type: ignore[union-attr]


@pytest.mark.parametrize("who", ["commune_a_focal", "education_focal", "education_leader", "outsider"])
def test_units_and_outsiders_cannot_build_the_department_board(cast: Any, who: str) -> None:
    from khoagiao.core.errors import PermissionDeniedError

    duty = make_duty(cast)
    with pytest.raises(PermissionDeniedError):
        board_get(user=getattr(cast, who), duty=duty)


# --- A unit's history -----------------------------------------------------------------------------------------


def test_unit_history_lists_every_expected_report_with_timeliness_and_revisions(cast: Any) -> None:
    duty = make_duty(cast)
    other = make_duty(cast, code="kg-thang", name="Báo cáo tháng", frequency="month")
    q1, q2, q3 = periods_of(duty)
    mark(duty, cast.commune_a, q1, SubmissionStatus.ACCEPTED, at(2026, 3, 20))
    Submission.objects.filter(period=q1, unit=cast.commune_a).update(revision_count=3)
    now = at(2026, 7, 1)
    submissions = list(unit_history_list(user=cast.commune_a_focal, unit=cast.commune_a))
    assert len(submissions) == 3 + other.periods.count()
    rows = unit_history_rows(user=cast.commune_a_focal, unit=cast.commune_a, submissions=submissions, now=now)
    by_period = {row.submission.period_id: row for row in rows}
    assert (by_period[q1.pk].state, by_period[q1.pk].timeliness) == ("accepted", Timeliness.LATE)
    assert by_period[q1.pk].submission.revision_count == 3
    assert by_period[q2.pk].state == "missing"
    assert by_period[q3.pk].state == "pending"
    assert all(row.submission.unit_id == cast.commune_a.pk for row in rows)
    only_quarterly = unit_history_list(user=cast.commune_a_focal, unit=cast.commune_a, duty=duty.pk)
    assert only_quarterly.count() == 3
    stats = unit_history_stats(user=cast.commune_a_focal, unit=cast.commune_a, now=now)
    assert stats.late == 1 and stats.missing >= 1 and stats.on_time == 0


def test_unit_history_of_another_unit_is_empty_for_a_focal_point(cast: Any) -> None:
    make_duty(cast)
    assert not unit_history_list(user=cast.commune_a_focal, unit=cast.commune_b).exists()
    assert unit_history_list(user=cast.specialist, unit=cast.commune_b).count() == 3


# --- Queries --------------------------------------------------------------------------------------------------


def _add_agencies(cast: Any, count: int, start: int) -> None:
    for number in range(start, start + count):
        make_unit(f"Sở thử nghiệm {number}", parent=cast.department, code=f"so-thu-{number}")


def _queries_for_board(cast: Any, duty: Any) -> int:
    user = cast.specialist
    # A fresh user object: the scope cache of an earlier call must not hide a query.
    user = type(user).objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as captured:
        board = board_get(user=user, duty=duty, now=at(2026, 7, 1))
        rendered = [
            (row.unit.kind.name, row.unit.level.name, [c and c.url for c in row.cells]) for row in board.rows
        ]
    assert rendered
    return len(captured)


def test_the_board_costs_the_same_few_queries_for_5_and_for_40_units(
    cast: Any, django_assert_num_queries: Any
) -> None:
    _add_agencies(cast, 1, 1)
    duty = make_duty(cast)
    q1 = periods_of(duty)[0]
    mark(duty, cast.education, q1, SubmissionStatus.SUBMITTED, at(2026, 3, 16))
    assert Submission.objects.filter(period__duty=duty).values("unit").distinct().count() == 5
    small = _queries_for_board(cast, duty)
    assert (
        small <= 4
    )  # the viewer's roles over the receiving unit, the periods, the expected reports, their units

    _add_agencies(cast, 35, 2)
    periods_generate(duty=duty, since=DEFAULT_SINCE, today=DEFAULT_SINCE)
    assert Submission.objects.filter(period__duty=duty).values("unit").distinct().count() == 40
    user = type(cast.specialist).objects.get(pk=cast.specialist.pk)
    with django_assert_num_queries(small):
        board = board_get(user=user, duty=duty, now=at(2026, 7, 1))
        assert sum(1 for row in board.rows for c in row.cells if c is not None) == 120
        [(row.unit.kind.name, row.unit.level.name) for row in board.rows]


def test_before_any_period_opens_the_board_shows_the_first_ones(cast: Any) -> None:
    duty = make_duty(cast)
    board = board_get(user=cast.specialist, duty=duty, now=at(2025, 11, 1))
    assert [p.label for p in board.periods] == ["Quý III/2026", "Quý II/2026", "Quý I/2026"]
    assert board.total.due == 0 and board.total.submission_rate is None
    assert {c.state for row in board.rows for c in row.cells if c is not None} == {"pending"}
