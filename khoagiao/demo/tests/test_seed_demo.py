import datetime as dt

import pytest
from django.core.management import call_command

from khoagiao.accounts.choices import MembershipRole
from khoagiao.accounts.models import Membership, User
from khoagiao.core.models import AuditEvent
from khoagiao.core.permissions import user_scope
from khoagiao.demo.province import DEMO_PASSWORD
from khoagiao.orgs.models import Unit, UnitSuccession

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(capsys):
    call_command("seed_demo")
    return capsys.readouterr().out


def test_seed_demo_prints_every_demo_login_with_the_password(seeded):
    assert DEMO_PASSWORD in seeded
    for username in ["quantri", "chuyenvien", "daumoi.sogddt", "daumoi.binhson", "thuongtruc", "baocaovien"]:
        assert username in seeded


def test_seed_demo_is_idempotent():
    call_command("seed_demo")
    counts = (
        Unit.objects.count(),
        UnitSuccession.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )
    audit_count = AuditEvent.objects.count()
    call_command("seed_demo")
    assert (
        Unit.objects.count(),
        UnitSuccession.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    ) == counts
    # The second run writes nothing but the demo passwords (which are not audited events of the platform).
    assert AuditEvent.objects.count() == audit_count


def test_seed_demo_has_a_user_for_every_role_who_can_log_in(seeded, client):
    roles = set(Membership.objects.filter(is_active=True).values_list("role", flat=True))
    assert roles == set(MembershipRole.values)
    assert client.login(username="chuyenvien", password=DEMO_PASSWORD)


def test_seed_demo_builds_the_2025_bloc_with_dated_successions(seeded):
    department = Unit.objects.get(code="btgdvtu")
    assert department.document_symbol == "BTGDVTU"
    assert department.valid_from == dt.date(2025, 3, 1)
    predecessors = set(
        UnitSuccession.objects.filter(successor=department).values_list("predecessor__code", flat=True)
    )
    assert predecessors == {"btgtu-qng", "bdvtu-qng", "btgdvtu-kt"}
    merged_agencies = UnitSuccession.objects.filter(successor__kind__code="agency")
    assert merged_agencies.count() >= 3
    for link in merged_agencies:
        assert link.predecessor.valid_to == link.date - dt.timedelta(days=1)
    communes = Unit.objects.filter(level__code="commune", valid_to__isnull=True)
    assert 20 <= communes.count() <= 40
    assert all(c.parent_id == department.pk for c in communes)
    assert Unit.objects.get(code="so-gddt").parent_id == department.pk


def test_seed_demo_scopes_a_commune_focal_point_to_its_commune(seeded):
    focal = User.objects.get(username="daumoi.binhson")
    scope = user_scope(focal)
    assert scope.unit_ids == {Unit.objects.get(code="xa-binh-son").pk}
    specialist = User.objects.get(username="chuyenvien")
    specialist_scope = user_scope(specialist)
    assert Unit.objects.get(code="xa-binh-son").pk in specialist_scope.unit_ids
    assert Unit.objects.get(code="so-gddt-kt").pk in specialist_scope.unit_ids  # history of a merged agency
    assert Unit.objects.get(code="tt-tu-qng").pk not in specialist_scope.unit_ids


def test_seed_demo_current_quarter_has_reports_in_every_state(seeded):
    from django.utils import timezone

    from khoagiao.demo.reporting import DUTY_CODE
    from khoagiao.reporting.choices import SubmissionStatus
    from khoagiao.reporting.models import Period

    today = timezone.localdate()
    # The quarterly duty's open period (the demo also opens other requests, such as a directive's review).
    current = (
        Period.objects.filter(duty__code=DUTY_CODE, window_start__lte=today, deadline__gte=timezone.now())
        .order_by("window_start")
        .first()
    )
    assert current is not None
    states = set(current.submissions.values_list("status", flat=True))
    assert states == set(SubmissionStatus.values)
    past = Period.objects.filter(deadline__lt=timezone.now())
    assert past.exists()
    assert all(p.lock_at is not None for p in past)
    accepted = past.filter(submissions__status=SubmissionStatus.ACCEPTED).count()
    assert accepted > 0
