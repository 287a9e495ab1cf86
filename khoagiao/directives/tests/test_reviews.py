import datetime as dt

import pytest

from khoagiao.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from khoagiao.directives.choices import MilestoneKind
from khoagiao.directives.models import ReviewMilestone
from khoagiao.directives.services.milestones import milestone_open, milestones_open_due
from khoagiao.directives.services.registry import directive_set_review_rule
from khoagiao.reporting.choices import DutyFrequency
from khoagiao.reporting.models import Period, ReportingDuty, Submission
from khoagiao.tasks.choices import TaskSourceKind
from khoagiao.tasks.models import Task

D = dt.date
pytestmark = pytest.mark.django_db


def _counts():
    return (
        ReportingDuty.objects.count(),
        Period.objects.count(),
        Submission.objects.count(),
        Task.objects.count(),
    )


def test_opening_a_late_milestone_creates_the_request_and_the_lead_units_tasks(
    cast, make_directive, make_plan
):
    directive = make_directive()
    plan = make_plan(directive)
    final = directive.milestones.get(kind=MilestoneKind.FINAL)
    today = D(2026, 11, 22)
    milestone_open(actor=cast.specialist, milestone=final, today=today)
    final.refresh_from_db()
    period = final.request_period
    assert period.is_ad_hoc and period.duty.frequency == DutyFrequency.AD_HOC
    assert period.duty.receiving_unit == cast.department
    assert period.template_version.template.code == "so-ket-tong-ket-van-ban"
    headings = list(period.template_version.sections.values_list("heading", flat=True))
    assert "III. Hạn chế, nguyên nhân" in headings and "IV. Bài học kinh nghiệm" in headings
    assert set(period.submissions.values_list("unit_id", flat=True)) == {
        cast.health.pk,
        cast.education.pk,
        cast.commune_a.pk,
    }
    # A late milestone gives the units a month; the review conference follows two weeks after the reports.
    assert period.deadline.date() >= today + dt.timedelta(days=30)
    tasks = list(
        Task.objects.filter(source_id=final.pk, source_kind=TaskSourceKind.REVIEW).order_by("due_date")
    )
    assert [task.lead_unit for task in tasks] == [plan.lead_unit, plan.lead_unit]
    assert tasks[0].title == "Xây dựng báo cáo tổng kết 10 năm thực hiện Chỉ thị 20-CT/TW"
    assert tasks[1].title.startswith("Tổ chức hội nghị tổng kết 10 năm")
    assert set(tasks[0].coordinating_units.all()) == {cast.education, cast.commune_a}


def test_a_milestone_is_opened_once_and_only_once(cast, make_directive, make_plan):
    directive = make_directive()
    make_plan(directive)
    final = directive.milestones.get(kind=MilestoneKind.FINAL)
    milestone_open(actor=cast.specialist, milestone=final, today=D(2026, 11, 22))
    counts = _counts()
    with pytest.raises(ConflictError, match="đã được mở"):
        milestone_open(actor=cast.specialist, milestone=final, today=D(2026, 11, 23))
    assert _counts() == counts


def test_the_daily_job_opens_milestones_when_due_and_never_twice(cast, make_directive, make_plan):
    directive = make_directive(symbol="20-NQ/TW", kind="nghi_quyet", issued_on=D(2017, 10, 25))
    make_plan(directive)
    final = directive.milestones.get(kind=MilestoneKind.FINAL)  # due 25/10/2027, opens 25/04/2027
    assert milestones_open_due(today=D(2027, 4, 24)) == 0
    assert milestones_open_due(today=D(2027, 4, 25)) == 1
    counts = _counts()
    assert milestones_open_due(today=D(2027, 4, 25)) == 0
    assert milestones_open_due(today=D(2027, 5, 1)) == 0
    assert _counts() == counts
    final.refresh_from_db()
    assert final.opened_at is not None and Task.objects.filter(source_id=final.pk).count() == 2
    # Opened 6 months ahead: the units report 45 days before the milestone.
    assert final.request_period.deadline.date() >= D(2027, 9, 10)


def test_the_job_leaves_late_milestones_and_documents_without_a_plan(cast, make_directive, make_plan):
    late = make_directive()  # reviews in 2017 and 2022
    make_plan(late)
    make_directive(symbol="20-NQ/TW", kind="nghi_quyet", issued_on=D(2017, 10, 25))  # no plan
    counts = _counts()
    assert milestones_open_due(today=D(2027, 5, 1)) == 0
    assert _counts() == counts


def test_opening_without_a_plan_is_refused_with_a_clear_message(cast, make_directive):
    directive = make_directive()
    final = directive.milestones.get(kind=MilestoneKind.FINAL)
    with pytest.raises(PermissionDeniedError):
        milestone_open(actor=cast.specialist, milestone=final)
    with pytest.raises(ValidationFailed, match="chưa có kế hoạch triển khai"):
        milestone_open(actor=None, milestone=final)


def test_units_and_viewers_may_not_open_a_review(cast, make_directive, make_plan):
    directive = make_directive()
    make_plan(directive)
    final = directive.milestones.get(kind=MilestoneKind.FINAL)
    for user in (cast.education_focal, cast.viewer, cast.admin, cast.reporter):
        with pytest.raises(PermissionDeniedError):
            milestone_open(actor=user, milestone=final)
    assert ReviewMilestone.objects.get(pk=final.pk).opened_at is None


def test_the_rule_of_an_opened_milestone_cannot_change(cast, make_directive, make_plan):
    directive = make_directive()
    make_plan(directive)
    final = directive.milestones.get(kind=MilestoneKind.FINAL)
    milestone_open(actor=cast.specialist, milestone=final, today=D(2026, 11, 22))
    with pytest.raises(ValidationFailed, match="đã được mở"):
        directive_set_review_rule(
            actor=cast.specialist, directive=directive, interim_review_years=5, final_review_years=15
        )
    directive.refresh_from_db()
    assert directive.final_review_years == 10
