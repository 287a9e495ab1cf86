import datetime as dt

import pytest

from khoagiao.core.errors import ValidationFailed
from khoagiao.directives.choices import DirectiveKind, MilestoneKind, MilestoneState
from khoagiao.directives.milestones import add_months, add_years, milestone_specs
from khoagiao.directives.models import Directive, ReviewMilestone
from khoagiao.directives.selectors import milestones_upcoming
from khoagiao.directives.services.milestones import milestone_mark_done, milestone_state
from khoagiao.directives.services.registry import directive_set_review_rule

D = dt.date


def test_a_leap_day_milestone_falls_on_28_february_in_a_common_year():
    assert add_years(D(2024, 2, 29), 5) == D(2029, 2, 28)
    assert add_years(D(2024, 2, 29), 4) == D(2028, 2, 29)
    assert add_years(D(2012, 11, 5), 10) == D(2022, 11, 5)


def test_the_opening_day_keeps_to_the_end_of_a_shorter_month():
    assert add_months(D(2029, 8, 31), -6) == D(2029, 2, 28)
    assert add_months(D(2028, 8, 31), -6) == D(2028, 2, 29)
    assert add_months(D(2027, 1, 15), -6) == D(2026, 7, 15)


def test_specs_follow_the_rule_and_open_six_months_before():
    specs = milestone_specs(issued_on=D(2024, 2, 29), interim_years=5, final_years=15)
    assert [(s.kind, s.due_on, s.opens_on) for s in specs] == [
        (MilestoneKind.INTERIM, D(2029, 2, 28), D(2028, 8, 28)),
        (MilestoneKind.FINAL, D(2039, 2, 28), D(2038, 8, 28)),
    ]


@pytest.mark.django_db
def test_a_resolution_gets_the_default_interim_and_final_reviews(make_directive):
    directive = make_directive(kind=DirectiveKind.RESOLUTION, symbol="29-NQ/TW", issued_on=D(2013, 11, 4))
    milestones = {m.kind: m for m in directive.milestones.all()}
    assert milestones[MilestoneKind.INTERIM].due_on == D(2018, 11, 4)
    assert milestones[MilestoneKind.FINAL].due_on == D(2023, 11, 4)
    assert milestones[MilestoneKind.FINAL].opens_on == D(2023, 5, 4)


@pytest.mark.django_db
def test_a_final_review_after_15_years_moves_the_milestone(cast, make_directive):
    directive = make_directive(issued_on=D(2024, 2, 29), symbol="1-CT/TW")
    directive_set_review_rule(
        actor=cast.specialist, directive=directive, interim_review_years=5, final_review_years=15
    )
    final = directive.milestones.get(kind=MilestoneKind.FINAL)
    assert (final.years, final.due_on) == (15, D(2039, 2, 28))
    directive_set_review_rule(
        actor=cast.specialist, directive=directive, interim_review_years=None, final_review_years=15
    )
    assert list(directive.milestones.values_list("kind", flat=True)) == [MilestoneKind.FINAL]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("interim", "final", "message"),
    [
        (0, 10, "trước hoặc đúng ngày ban hành"),
        (-3, 10, "trước hoặc đúng ngày ban hành"),
        (5, -1, "trước hoặc đúng ngày ban hành"),
        (10, 5, "phải sau mốc sơ kết"),
        (5, 5, "phải sau mốc sơ kết"),
    ],
)
def test_a_rule_falling_before_the_document_is_refused_and_changes_nothing(
    cast, make_directive, interim, final, message
):
    directive = make_directive()
    before = list(directive.milestones.values_list("kind", "due_on"))
    with pytest.raises(ValidationFailed, match=message):
        directive_set_review_rule(
            actor=cast.specialist, directive=directive, interim_review_years=interim, final_review_years=final
        )
    directive.refresh_from_db()
    assert (directive.interim_review_years, directive.final_review_years) == (5, 10)
    assert list(directive.milestones.values_list("kind", "due_on")) == before


@pytest.mark.django_db
def test_a_document_older_than_its_reviews_shows_them_overdue_until_done(cast, make_directive, make_plan):
    directive = make_directive()  # 05/11/2012: both reviews are in the past
    make_plan(directive)
    today = D(2026, 11, 22)
    states = {m.kind: milestone_state(m, today) for m in directive.milestones.all()}
    assert states == {
        MilestoneKind.INTERIM: MilestoneState.OVERDUE,
        MilestoneKind.FINAL: MilestoneState.OVERDUE,
    }
    interim = directive.milestones.get(kind=MilestoneKind.INTERIM)
    milestone_mark_done(actor=cast.specialist, milestone=interim, reviewed_on=D(2017, 12, 20))
    interim.refresh_from_db()
    assert milestone_state(interim, today) == MilestoneState.DONE
    upcoming, overdue = milestones_upcoming(user=cast.specialist, today=today)
    assert upcoming == []
    assert [view.milestone.kind for view in overdue] == [MilestoneKind.FINAL]


@pytest.mark.django_db
def test_the_upcoming_view_lists_the_next_months_nearest_first(cast, make_directive):
    make_directive(
        symbol="20-NQ/TW", kind=DirectiveKind.RESOLUTION, issued_on=D(2017, 10, 25)
    )  # final 25/10/2027
    make_directive(
        symbol="38/NQ-CP", kind=DirectiveKind.RESOLUTION, issued_on=D(2022, 3, 17)
    )  # interim 17/3/2027
    make_directive(
        symbol="45-NQ/TW", kind=DirectiveKind.RESOLUTION, issued_on=D(2023, 11, 24)
    )  # interim 2028
    today = D(2026, 11, 22)
    upcoming, _overdue = milestones_upcoming(user=cast.specialist, today=today, months=12)
    assert [(v.milestone.directive.symbol, v.milestone.kind) for v in upcoming] == [
        ("38/NQ-CP", MilestoneKind.INTERIM),
        ("20-NQ/TW", MilestoneKind.FINAL),
    ]
    upcoming, _overdue = milestones_upcoming(user=cast.specialist, today=today, months=24)
    assert [v.milestone.directive.symbol for v in upcoming] == ["38/NQ-CP", "20-NQ/TW"]
    upcoming, _overdue = milestones_upcoming(user=cast.specialist, today=today, months=36)
    assert "45-NQ/TW" in [v.milestone.directive.symbol for v in upcoming]


@pytest.mark.django_db
def test_a_replaced_document_leaves_the_review_lists(cast, make_directive):
    old = make_directive(symbol="19-CT/TW", issued_on=D(2012, 11, 5), kind=DirectiveKind.DIRECTIVE)
    Directive.objects.filter(pk=old.pk).update(validity="replaced")
    _upcoming, overdue = milestones_upcoming(user=cast.specialist, today=D(2026, 11, 22))
    assert overdue == []
    assert ReviewMilestone.objects.filter(directive=old).count() == 2
