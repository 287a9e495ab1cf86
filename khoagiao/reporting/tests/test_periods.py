"""Period arithmetic (Decree 09/2019/NĐ-CP windows, calendar windows, deadlines in working days or on a fixed
day, in Asia/Ho_Chi_Minh) and the generation of periods and expected reports."""

from __future__ import annotations

import datetime as dt
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

from khoagiao.accounts.choices import MembershipRole
from khoagiao.core.models import CalendarDay
from khoagiao.core.testing import Cast, make_unit, make_user, root_user
from khoagiao.core.workdays import WorkingCalendar
from khoagiao.orgs.models import UnitKind, UnitLevel
from khoagiao.orgs.services import unit_close
from khoagiao.reporting.choices import DeadlineRule, DutyFrequency, SubmissionStatus, WindowRule
from khoagiao.reporting.models import Period, Submission, TemplateVersion
from khoagiao.reporting.periods import (
    deadline_date,
    end_of_day,
    next_period,
    period_containing,
    period_spec,
)
from khoagiao.reporting.selectors_board import submission_timeliness
from khoagiao.reporting.services.periods import (
    duty_expected_units,
    period_create_ad_hoc,
    periods_generate,
)
from khoagiao.reporting.services.submissions import submission_save_draft, submission_submit
from khoagiao.reporting.services.templates import (
    indicator_create,
    version_publish,
    version_start_draft,
)

from .factories import fill_valid, first_period, make_duty, submission_of

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
D = dt.date
M, Q, H, N, Y = (
    DutyFrequency.MONTH,
    DutyFrequency.QUARTER,
    DutyFrequency.HALF_YEAR,
    DutyFrequency.NINE_MONTHS,
    DutyFrequency.YEAR,
)


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=HCM)


# --- Windows ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frequency", "number", "start", "end", "label"),
    [
        (M, 1, D(2025, 12, 15), D(2026, 1, 14), "Tháng 1/2026"),
        (M, 3, D(2026, 2, 15), D(2026, 3, 14), "Tháng 3/2026"),
        (M, 12, D(2026, 11, 15), D(2026, 12, 14), "Tháng 12/2026"),
        (Q, 1, D(2025, 12, 15), D(2026, 3, 14), "Quý I/2026"),
        (Q, 2, D(2026, 3, 15), D(2026, 6, 14), "Quý II/2026"),
        (Q, 4, D(2026, 9, 15), D(2026, 12, 14), "Quý IV/2026"),
        (H, 1, D(2025, 12, 15), D(2026, 6, 14), "6 tháng đầu năm 2026"),
        (N, 1, D(2025, 12, 15), D(2026, 9, 14), "9 tháng đầu năm 2026"),
        (Y, 1, D(2025, 12, 15), D(2026, 12, 14), "Năm 2026"),
    ],
)
def test_decree_09_windows_run_from_the_15th_to_the_14th(frequency, number, start, end, label):
    spec = period_spec(frequency, WindowRule.DECREE_09, 2026, number)
    assert (spec.window_start, spec.window_end, spec.label) == (start, end, label)


@pytest.mark.parametrize(
    ("frequency", "year", "number", "start", "end"),
    [
        (M, 2026, 1, D(2026, 1, 1), D(2026, 1, 31)),
        (M, 2026, 2, D(2026, 2, 1), D(2026, 2, 28)),
        (M, 2028, 2, D(2028, 2, 1), D(2028, 2, 29)),
        (M, 2026, 4, D(2026, 4, 1), D(2026, 4, 30)),
        (Q, 2026, 1, D(2026, 1, 1), D(2026, 3, 31)),
        (Q, 2026, 3, D(2026, 7, 1), D(2026, 9, 30)),
        (H, 2026, 1, D(2026, 1, 1), D(2026, 6, 30)),
        (N, 2026, 1, D(2026, 1, 1), D(2026, 9, 30)),
        (Y, 2026, 1, D(2026, 1, 1), D(2026, 12, 31)),
    ],
)
def test_calendar_windows_run_from_the_first_to_the_last_day_of_the_month(
    frequency, year, number, start, end
):
    spec = period_spec(frequency, WindowRule.CALENDAR, year, number)
    assert (spec.window_start, spec.window_end) == (start, end)


@pytest.mark.parametrize(
    ("frequency", "rule", "day", "year", "number"),
    [
        (M, WindowRule.DECREE_09, D(2026, 1, 14), 2026, 1),
        (M, WindowRule.DECREE_09, D(2026, 1, 15), 2026, 2),
        (M, WindowRule.DECREE_09, D(2025, 12, 20), 2026, 1),  # after 15/12 the year's first month has begun
        (Q, WindowRule.DECREE_09, D(2026, 3, 14), 2026, 1),
        (Q, WindowRule.DECREE_09, D(2026, 3, 15), 2026, 2),
        (Q, WindowRule.DECREE_09, D(2025, 12, 31), 2026, 1),
        (H, WindowRule.DECREE_09, D(2026, 6, 14), 2026, 1),
        (H, WindowRule.DECREE_09, D(2026, 6, 20), 2027, 1),  # the gap after the half-year: the next one
        (H, WindowRule.DECREE_09, D(2026, 12, 1), 2027, 1),
        (N, WindowRule.DECREE_09, D(2026, 9, 20), 2027, 1),
        (Y, WindowRule.DECREE_09, D(2026, 12, 14), 2026, 1),
        (Y, WindowRule.DECREE_09, D(2026, 12, 15), 2027, 1),
        (M, WindowRule.CALENDAR, D(2026, 2, 28), 2026, 2),
        (H, WindowRule.CALENDAR, D(2026, 7, 15), 2027, 1),
        (Q, WindowRule.CALENDAR, D(2026, 12, 31), 2026, 4),
    ],
)
def test_period_containing_finds_the_window_or_the_next_one_after_a_gap(frequency, rule, day, year, number):
    spec = period_containing(frequency, rule, day)
    assert (spec.year, spec.number) == (year, number)
    if spec.window_start <= day <= spec.window_end:
        return
    assert spec.window_start > day  # a day in a gap belongs to no window: the next period is given


def test_next_period_rolls_over_the_year():
    december = period_spec(M, WindowRule.DECREE_09, 2026, 12)
    january = next_period(M, WindowRule.DECREE_09, december)
    assert (january.year, january.number, january.window_start) == (2027, 1, D(2026, 12, 15))
    assert next_period(Q, WindowRule.DECREE_09, period_spec(Q, WindowRule.DECREE_09, 2026, 4)).label == (
        "Quý I/2027"
    )


def test_consecutive_decree_09_months_and_quarters_leave_no_gap_and_no_overlap():
    for frequency, count in ((M, 24), (Q, 8)):
        spec = period_spec(frequency, WindowRule.DECREE_09, 2026, 1)
        for _ in range(count):
            following = next_period(frequency, WindowRule.DECREE_09, spec)
            assert following.window_start == spec.window_end + dt.timedelta(days=1)
            spec = following


# --- Deadlines --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_working_day_deadline_skips_tet():
    # Window closing Friday 13/02/2026; 16–20/02 are Tết: two working days later is Tuesday 24/02.
    day = deadline_date(
        window_end=D(2026, 2, 13), rule=DeadlineRule.WORKING_DAYS_AFTER, working_days=2, fixed_day=None
    )
    assert day == D(2026, 2, 24)


@pytest.mark.django_db
def test_working_day_deadline_skips_the_weekend_and_counts_at_least_one_day():
    # Saturday 14/03/2026 closes quarter I: one working day later is Monday 16/03 (not the 14th itself).
    assert deadline_date(
        window_end=D(2026, 3, 14), rule=DeadlineRule.WORKING_DAYS_AFTER, working_days=1, fixed_day=None
    ) == D(2026, 3, 16)
    # Zero is never stored (the duty service refuses it), and the arithmetic still keeps one working day.
    assert deadline_date(
        window_end=D(2026, 3, 12), rule=DeadlineRule.WORKING_DAYS_AFTER, working_days=0, fixed_day=None
    ) == D(2026, 3, 13)


@pytest.mark.django_db
def test_working_day_deadline_follows_the_administrators_calendar():
    CalendarDay.objects.create(date=D(2026, 3, 16), is_working_day=False, note="Nghỉ bù")
    assert deadline_date(
        window_end=D(2026, 3, 14),
        rule=DeadlineRule.WORKING_DAYS_AFTER,
        working_days=1,
        fixed_day=None,
        calendar=WorkingCalendar(),
    ) == D(2026, 3, 17)


@pytest.mark.django_db
def test_fixed_day_on_a_weekend_moves_to_monday():
    # Quarter I closes 14/03/2026; the 21st is a Saturday, so the deadline is Monday 23/03.
    assert deadline_date(
        window_end=D(2026, 3, 14), rule=DeadlineRule.FIXED_DAY, working_days=2, fixed_day=21
    ) == D(2026, 3, 23)


@pytest.mark.django_db
def test_fixed_day_not_after_the_cut_off_falls_in_the_next_month():
    assert deadline_date(
        window_end=D(2026, 3, 14), rule=DeadlineRule.FIXED_DAY, working_days=2, fixed_day=10
    ) == D(2026, 4, 10)
    assert deadline_date(
        window_end=D(2026, 3, 14), rule=DeadlineRule.FIXED_DAY, working_days=2, fixed_day=14
    ) == D(2026, 4, 14)


@pytest.mark.django_db
def test_fixed_day_31_in_a_short_month_is_its_last_day_then_skips_holidays():
    # Month 4 (calendar) closes 30/04, a holiday: "the 31st" after it is 31/05 (Sunday) → Monday 01/06.
    assert deadline_date(
        window_end=D(2026, 4, 30), rule=DeadlineRule.FIXED_DAY, working_days=2, fixed_day=31
    ) == D(2026, 6, 1)
    # Decree 09 month 4 closes 14/04: the 31st of April is its 30th, 30/04 and 01/05 are holidays, then a
    # weekend: Monday 04/05.
    assert deadline_date(
        window_end=D(2026, 4, 14), rule=DeadlineRule.FIXED_DAY, working_days=2, fixed_day=31
    ) == D(2026, 5, 4)


def test_deadline_instant_is_the_last_microsecond_of_the_day_in_ho_chi_minh_city():
    instant = end_of_day(D(2026, 3, 17))
    assert instant.tzinfo is not None
    local = instant.astimezone(HCM)
    assert (local.hour, local.minute, local.second, local.microsecond) == (23, 59, 59, 999999)
    assert instant.astimezone(dt.UTC) == dt.datetime(2026, 3, 17, 16, 59, 59, 999999, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_periods_store_their_deadlines_at_the_end_of_the_deadline_day(cast: Cast):
    duty = make_duty(cast)
    quarter = first_period(duty)
    # Quarter I/2026 closes Saturday 14/03; 2 working days: Tuesday 17/03; consolidated 3 more: Friday 20/03.
    assert quarter.deadline == end_of_day(D(2026, 3, 17))
    assert quarter.consolidated_deadline == end_of_day(D(2026, 3, 20))
    assert quarter.lock_at is None


@pytest.mark.django_db
def test_a_submit_at_23_59_on_the_deadline_day_is_on_time_and_one_minute_later_is_late(cast: Cast):
    duty = make_duty(cast)
    quarter = first_period(duty)
    health_focal = make_user("daumoi.yte", role=MembershipRole.FOCAL_POINT, unit=cast.health)
    on_time = fill_valid(submission_of(duty, cast.education), cast.education_focal)
    late = fill_valid(submission_of(duty, cast.health), health_focal)
    with mock.patch("django.utils.timezone.now", return_value=at(D(2026, 3, 17), 23, 59)):
        submission_submit(actor=cast.education_focal, submission=on_time)
    with mock.patch("django.utils.timezone.now", return_value=at(D(2026, 3, 18), 0, 0)):
        submission_submit(actor=health_focal, submission=late)
    on_time.refresh_from_db()
    late.refresh_from_db()
    assert on_time.first_submitted_at is not None and late.first_submitted_at is not None
    assert on_time.first_submitted_at <= quarter.deadline < late.first_submitted_at
    assert submission_timeliness(on_time) == "on_time"
    assert submission_timeliness(late) == "late"


# --- Generating periods and expected reports --------------------------------------------------------------------


def _state(duty):
    periods = list(duty.periods.order_by("window_start").values_list("pk", "year", "number", "deadline"))
    submissions = list(
        Submission.objects.filter(period__duty=duty).order_by("pk").values_list("pk", "period_id", "unit_id")
    )
    return periods, submissions


@pytest.mark.django_db
def test_periods_generate_is_idempotent(cast: Cast):
    duty = make_duty(cast)
    before = _state(duty)
    assert periods_generate(duty=duty, since=D(2026, 1, 10), today=D(2026, 1, 10)) == []
    assert periods_generate(duty=duty, since=D(2026, 1, 10), today=D(2026, 1, 10)) == []
    assert _state(duty) == before
    # The current quarter and two ahead, each with one expected report per agency and commune.
    assert [label for label in duty.periods.order_by("window_start").values_list("label", flat=True)] == [
        "Quý I/2026",
        "Quý II/2026",
        "Quý III/2026",
    ]
    assert len(before[1]) == 3 * 4


@pytest.mark.django_db
def test_periods_generate_walks_from_a_past_day_to_the_current_period_even_with_none_ahead(cast: Cast):
    duty = make_duty(cast, since=D(2026, 1, 10), today=D(2026, 1, 10), periods_ahead=0)
    assert duty.periods.count() == 1
    created = periods_generate(duty=duty, since=D(2026, 1, 10), today=D(2026, 8, 1))
    assert [period.label for period in created] == ["Quý II/2026", "Quý III/2026"]


@pytest.mark.django_db
def test_monthly_generation_crosses_the_year_and_keeps_periods_ahead(cast: Cast):
    duty = make_duty(cast, code="kg-thang", frequency=M, since=D(2026, 12, 20), today=D(2026, 12, 20))
    labels = list(duty.periods.order_by("window_start").values_list("label", flat=True))
    assert labels == ["Tháng 1/2027", "Tháng 2/2027", "Tháng 3/2027"]
    january = duty.periods.get(year=2027, number=1)
    assert (january.window_start, january.window_end) == (D(2026, 12, 15), D(2027, 1, 14))


@pytest.mark.django_db
def test_expected_units_are_those_open_on_the_last_day_of_the_window(cast: Cast):
    # A unit closed before the quarter's cut-off does not report for it; a unit created after it does not
    # either; one created during the window does.
    unit_close(actor=root_user(), unit=cast.health, valid_to=D(2026, 3, 10), reason="Hợp nhất")
    late_comer = make_unit(
        "Sở Khoa học và Công nghệ", parent=cast.department, code="so-khcn", valid_from=D(2026, 3, 20)
    )
    newcomer = make_unit(
        "Sở Văn hóa, Thể thao và Du lịch", parent=cast.department, code="so-vhttdl", valid_from=D(2026, 2, 1)
    )
    duty = make_duty(cast)
    quarter_one = duty.periods.get(year=2026, number=1)
    quarter_two = duty.periods.get(year=2026, number=2)
    expected_one = set(quarter_one.submissions.values_list("unit_id", flat=True))
    expected_two = set(quarter_two.submissions.values_list("unit_id", flat=True))
    assert cast.health.pk not in expected_one and cast.health.pk not in expected_two
    assert newcomer.pk in expected_one
    assert late_comer.pk not in expected_one and late_comer.pk in expected_two
    assert cast.education.pk in expected_one


@pytest.mark.django_db
def test_expected_units_are_the_explicit_list_plus_kind_and_level_never_the_receiving_unit(cast: Cast):
    duty = make_duty(cast)
    duty.unit_kinds.set(UnitKind.objects.filter(code__in=["party_committee", "party_board"]))
    duty.unit_levels.set(UnitLevel.objects.filter(code="commune"))
    duty.units.set([cast.education, cast.department])  # the receiving unit itself is never expected
    units = set(duty_expected_units(duty, window_start=D(2026, 3, 15), window_end=D(2026, 6, 14)))
    assert units == {cast.education, cast.commune_a, cast.commune_b}
    # Kinds alone take every level; levels alone take every kind.
    duty.unit_levels.clear()
    units = set(duty_expected_units(duty, window_start=D(2026, 3, 15), window_end=D(2026, 6, 14)))
    assert units == {
        cast.education,
        cast.commune_a,
        cast.commune_b,
    }  # the province is not under the department
    duty.unit_kinds.clear()
    duty.units.clear()
    duty.unit_levels.set(UnitLevel.objects.filter(code="province"))
    units = set(duty_expected_units(duty, window_start=D(2026, 3, 15), window_end=D(2026, 6, 14)))
    assert units == {cast.division, cast.education, cast.health}


@pytest.mark.django_db
def test_an_ad_hoc_request_on_a_periodic_duty_does_not_take_a_future_period_number(cast: Cast):
    duty = make_duty(cast)  # quarters I–III of 2026
    request = period_create_ad_hoc(
        actor=cast.specialist,
        duty=duty,
        label="Báo cáo nhanh tình hình dịch sốt xuất huyết",
        window_start=D(2026, 5, 1),
        window_end=D(2026, 5, 20),
        deadline_day=D(2026, 5, 23),  # a Saturday: Monday 25/05
        units=[cast.health, cast.commune_a],
    )
    assert request.number > 12 and request.is_ad_hoc
    assert request.deadline == end_of_day(D(2026, 5, 25))
    assert set(request.submissions.values_list("unit_id", flat=True)) == {cast.health.pk, cast.commune_a.pk}
    created = periods_generate(duty=duty, since=D(2026, 1, 10), today=D(2026, 10, 1))
    assert "Quý IV/2026" in [period.label for period in created]


@pytest.mark.django_db
def test_an_ad_hoc_request_refuses_units_outside_the_receiving_unit(cast: Cast):
    duty = make_duty(cast)
    before = Period.objects.count()
    with pytest.raises(Exception, match="Tỉnh ủy Thử Nghiệm"):
        period_create_ad_hoc(
            actor=cast.specialist,
            duty=duty,
            label="Yêu cầu",
            window_start=D(2026, 5, 1),
            window_end=D(2026, 5, 20),
            deadline_day=D(2026, 5, 25),
            units=[cast.province],
        )
    assert Period.objects.count() == before


# --- A new template version and the periods -------------------------------------------------------------------


@pytest.mark.django_db
def test_publishing_moves_only_periods_not_opened_and_with_no_report_started(cast: Cast):
    duty = make_duty(cast)  # quarters I, II, III of 2026, all on version 1
    version_one = first_period(duty).template_version
    q2 = duty.periods.get(year=2026, number=2)
    q3 = duty.periods.get(year=2026, number=3)
    # A unit started quarter III early (a draft saved): that period stays on version 1 too.
    draft = Submission.objects.get(period=q3, unit=cast.education)
    submission_save_draft(
        actor=cast.education_focal,
        submission=draft,
        expected_version=draft.version,
        narrative={},
        values={"CT01": "3"},
    )
    draft_version = version_start_draft(actor=cast.specialist, template=duty.template)
    indicator_create(
        actor=cast.specialist,
        version=draft_version,
        code="CD01",
        name="Số thủ tục chuyển đổi số",
        value_type="integer",
    )
    # Today is 20/01/2026: quarter I is open, quarters II and III are not.
    with mock.patch("django.utils.timezone.now", return_value=at(D(2026, 1, 20))):
        version_publish(actor=cast.specialist, version=draft_version, note="Thêm chỉ tiêu chuyển đổi số")
    assert first_period(duty).template_version == version_one
    q2.refresh_from_db()
    q3.refresh_from_db()
    assert q2.template_version == draft_version
    assert q3.template_version == version_one
    version_one.refresh_from_db()
    assert version_one.status == "retired"
    assert TemplateVersion.objects.get(pk=draft_version.pk).status == "published"
    # Newly generated periods take the new version.
    created = periods_generate(duty=duty, since=D(2026, 1, 10), today=D(2026, 6, 20))
    assert created and all(period.template_version == draft_version for period in created)


@pytest.mark.django_db
def test_a_returned_report_keeps_its_period_on_the_old_version(cast: Cast):
    duty = make_duty(cast)
    q2 = duty.periods.get(year=2026, number=2)
    submission = Submission.objects.get(period=q2, unit=cast.commune_a)
    Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.RETURNED)
    draft_version = version_start_draft(actor=cast.specialist, template=duty.template)
    indicator_create(
        actor=cast.specialist, version=draft_version, code="CD01", name="Mới", value_type="integer"
    )
    with mock.patch("django.utils.timezone.now", return_value=at(D(2026, 1, 20))):
        version_publish(actor=cast.specialist, version=draft_version)
    q2.refresh_from_db()
    assert q2.template_version != draft_version
