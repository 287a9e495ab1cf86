import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from khoagiao.core.errors import PermissionDeniedError, ValidationFailed
from khoagiao.core.testing import make_unit
from khoagiao.directives.choices import ItemFrequency
from khoagiao.directives.models import AgreementItem, AgreementItemTask, PlanItem
from khoagiao.directives.selectors import agreement_evaluation
from khoagiao.directives.services.agreements import (
    agreement_create,
    agreement_generate_tasks,
    agreement_item_create,
    agreements_generate_current_year,
    item_slots,
)
from khoagiao.directives.services.plans import plan_item_create
from khoagiao.reporting.models import Period, Submission
from khoagiao.reporting.tests.factories import make_duty
from khoagiao.tasks.choices import TaskSourceKind, TaskStatus
from khoagiao.tasks.models import Task

D = dt.date
pytestmark = pytest.mark.django_db


def test_a_plan_item_becomes_one_task_of_the_lead_unit(cast, make_directive, make_plan):
    plan = make_plan(make_directive())
    item = plan_item_create(
        actor=cast.specialist,
        plan=plan,
        title="Tuyên truyền Luật Trẻ em",
        due_on=D(2027, 3, 31),
        coordinating_units=[cast.education],
    )
    task = item.task
    assert task is not None
    assert (task.lead_unit, task.due_date, task.source_kind) == (
        cast.health,
        D(2027, 3, 31),
        TaskSourceKind.DIRECTIVE,
    )
    assert (task.source_type, task.source_id) == (ContentType.objects.get_for_model(PlanItem), item.pk)
    assert "75-KH/TU" in task.source_label and "20-CT/TW" in task.source_label
    assert list(task.coordinating_units.all()) == [cast.education]


def test_plan_units_must_lie_under_the_owner_unit(cast, make_directive, make_plan):
    outside = make_unit("Sở ngoài tỉnh", code="so-ngoai")
    with pytest.raises(ValidationFailed, match="Sở ngoài tỉnh"):
        make_plan(make_directive(), lead_unit=outside)


def test_a_plan_before_its_document_is_refused(cast, make_directive, make_plan):
    with pytest.raises(ValidationFailed, match="phải ban hành từ ngày 05/11/2012"):
        make_plan(make_directive(), issued_on=D(2012, 1, 1))


def test_a_unit_may_not_create_plans(cast, make_directive, make_plan):
    directive = make_directive()
    from khoagiao.directives.services.plans import plan_create

    with pytest.raises(PermissionDeniedError):
        plan_create(
            actor=cast.education_focal,
            directive=directive,
            symbol="1-KH",
            issued_on=D(2013, 1, 1),
            title="x",
            owner_unit=cast.department,
            lead_unit=cast.health,
        )


def test_item_slots_per_frequency():
    assert [s[2] for s in item_slots(ItemFrequency.YEAR, 2026)] == [D(2026, 12, 15)]
    assert [s[2] for s in item_slots(ItemFrequency.HALF_YEAR, 2026)] == [D(2026, 6, 15), D(2026, 12, 15)]
    assert [s[1] for s in item_slots(ItemFrequency.QUARTER, 2026)] == [D(2026, m, 1) for m in (1, 4, 7, 10)]


@pytest.fixture
def agreement(cast):
    agreement = agreement_create(
        actor=cast.specialist,
        title="Quy chế phối hợp giai đoạn 2022–2027",
        signed_on=D(2022, 3, 15),
        start_year=2022,
        end_year=2027,
        owner_unit=cast.department,
        parties=[cast.education],
    )
    agreement_item_create(
        actor=cast.specialist,
        agreement=agreement,
        title="Tuyên truyền Nghị quyết 29",
        lead_unit=cast.education,
        coordinating_units=[cast.department],
    )
    agreement_item_create(
        actor=cast.specialist,
        agreement=agreement,
        title="Trao đổi thông tin dư luận",
        lead_unit=cast.education,
        frequency=ItemFrequency.HALF_YEAR,
    )
    agreement_item_create(
        actor=cast.specialist,
        agreement=agreement,
        title="Nắm tình hình",
        lead_unit=cast.department,
        frequency=ItemFrequency.QUARTER,
    )
    return agreement


def test_agreement_tasks_are_made_once_per_item_and_slot(cast, agreement):
    assert agreement_generate_tasks(actor=cast.specialist, agreement=agreement, year=2025) == 1 + 2 + 4
    assert agreement_generate_tasks(actor=cast.specialist, agreement=agreement, year=2025) == 0
    assert Task.objects.filter(source_kind=TaskSourceKind.AGREEMENT).count() == 7
    titles = set(Task.objects.values_list("title", flat=True))
    assert {
        "Tuyên truyền Nghị quyết 29 năm 2025",
        "Trao đổi thông tin dư luận (đợt 2/2025)",
        "Nắm tình hình (quý 4/2025)",
    } <= titles
    # A new item added later gets its tasks on the next run; the others are not repeated.
    agreement_item_create(
        actor=cast.specialist, agreement=agreement, title="Giao ban", lead_unit=cast.department
    )
    assert agreement_generate_tasks(actor=cast.specialist, agreement=agreement, year=2025) == 1
    assert AgreementItemTask.objects.count() == 8


def test_the_daily_job_makes_this_years_tasks_once(cast, agreement):
    today = timezone.localdate()
    expected = 7 if agreement.start_year <= today.year <= agreement.end_year else 0
    assert agreements_generate_current_year(today=today) == expected
    assert agreements_generate_current_year(today=today) == 0


def test_years_outside_the_agreement_and_non_parties_are_refused(cast, agreement):
    with pytest.raises(ValidationFailed, match="ngoài giai đoạn 2022–2027"):
        agreement_generate_tasks(actor=cast.specialist, agreement=agreement, year=2021)
    with pytest.raises(ValidationFailed, match="không phải là bên: Sở Y tế"):
        agreement_item_create(actor=cast.specialist, agreement=agreement, title="x", lead_unit=cast.health)
    assert AgreementItem.objects.filter(title="x").count() == 0
    with pytest.raises(ValidationFailed, match="năm kết thúc"):
        agreement_create(
            actor=cast.specialist,
            title="x",
            signed_on=D(2022, 1, 1),
            start_year=2027,
            end_year=2022,
            owner_unit=cast.department,
            parties=[cast.education],
        )
    with pytest.raises(PermissionDeniedError):
        agreement_generate_tasks(actor=cast.education_focal, agreement=agreement, year=2025)


def test_the_yearly_evaluation_counts_buckets_and_reporting_timeliness(
    cast, agreement, django_assert_max_num_queries
):
    agreement_generate_tasks(actor=cast.specialist, agreement=agreement, year=2025)
    first = Task.objects.filter(lead_unit=cast.education).order_by("due_date").first()
    assert first is not None
    Task.objects.filter(pk=first.pk).update(status=TaskStatus.DONE, completed_on=first.due_date)
    duty = make_duty(cast)
    Period.objects.filter(duty=duty).update(deadline=timezone.make_aware(dt.datetime(2025, 6, 20, 23, 59)))
    submissions = list(Submission.objects.filter(unit=cast.education).order_by("pk"))
    assert len(submissions) >= 2
    Submission.objects.filter(pk=submissions[0].pk).update(
        first_submitted_at=timezone.make_aware(dt.datetime(2025, 6, 18, 9, 0))
    )
    Submission.objects.filter(pk=submissions[1].pk).update(
        first_submitted_at=timezone.make_aware(dt.datetime(2025, 6, 25, 9, 0))
    )
    with django_assert_max_num_queries(8):
        evaluation = agreement_evaluation(agreement=agreement, year=2025, today=D(2026, 1, 10))
    assert evaluation.totals.total == 7
    assert evaluation.totals.done_on_time == 1
    assert evaluation.totals.open_overdue == 6
    rows = {row.unit: row for row in evaluation.rows}
    assert rows[cast.education].buckets.total == 3
    assert rows[cast.department].buckets.total == 4
    assert rows[cast.education].reports_due == len(submissions)
    assert rows[cast.education].reports_on_time == 1
