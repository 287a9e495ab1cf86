"""The demo province: after the demo seeding the directives part is there, and a second run adds nothing."""

import pytest

from khoagiao.directives.choices import MilestoneKind
from khoagiao.directives.models import (
    Agreement,
    AgreementItemTask,
    Directive,
    ImplementationPlan,
    ReviewMilestone,
)
from khoagiao.directives.tests.demo_seed import seed_directives_demo
from khoagiao.tasks.models import Task

pytestmark = pytest.mark.django_db


def test_seed_demo_loads_the_directives_the_ct20_review_and_the_agreement():
    seed_directives_demo()
    ct20 = Directive.objects.get(symbol="20-CT/TW")
    final = ct20.milestones.get(kind=MilestoneKind.FINAL)
    assert final.request_period is not None
    assert final.request_period.submissions.count() == 4  # Sở Y tế leads; GD&ĐT, Nội vụ, VH-TT&DL coordinate
    assert Task.objects.filter(source_id=final.pk, source_kind="review").count() == 2
    assert ct20.milestones.get(kind=MilestoneKind.INTERIM).reviewed_on is not None
    assert ImplementationPlan.objects.get(directive=ct20).items.count() == 3
    agreement = Agreement.objects.get()
    assert (agreement.start_year, agreement.end_year) == (2022, 2027)
    assert AgreementItemTask.objects.filter(item__agreement=agreement).count() > 0
    counts = (
        Directive.objects.count(),
        ReviewMilestone.objects.count(),
        Task.objects.count(),
        AgreementItemTask.objects.count(),
    )
    seed_directives_demo()
    assert counts == (
        Directive.objects.count(),
        ReviewMilestone.objects.count(),
        Task.objects.count(),
        AgreementItemTask.objects.count(),
    )
