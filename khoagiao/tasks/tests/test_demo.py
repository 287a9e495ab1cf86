"""The demo data of the task engine: every bucket and state, a pending extension, a monthly recurrence; loading
it twice adds nothing. (The province is loaded first, as `seed_demo` does; the other parts' demo data is not
needed here.)"""

from __future__ import annotations

import pytest
from django.utils import timezone

from khoagiao.tasks.buckets import bucket_totals
from khoagiao.tasks.choices import ExtensionStatus, TaskStatus
from khoagiao.tasks.models import Task, TaskExtension, TaskRecurrence

pytestmark = pytest.mark.django_db


def load() -> str:
    from khoagiao.demo.seeding import seed_demo_province, system_actor
    from khoagiao.demo.tasks import seed_demo_tasks

    seed_demo_province()
    return seed_demo_tasks(actor=system_actor())


def test_seed_demo_creates_tasks_in_every_bucket_and_state():
    summary = load()
    assert summary.startswith("Nhiệm vụ:")
    count = Task.objects.count()
    assert 35 <= count <= 60
    totals = bucket_totals(Task.objects.all(), today=timezone.localdate())
    assert totals.done_on_time and totals.done_late and totals.open_within_term and totals.open_overdue
    assert totals.overdue_ageing[120] >= 1
    statuses = set(Task.objects.values_list("status", flat=True))
    assert statuses == set(TaskStatus.values)
    assert TaskExtension.objects.filter(status=ExtensionStatus.PENDING).count() == 1
    recurrence = TaskRecurrence.objects.get()
    assert recurrence.frequency == "monthly" and recurrence.tasks.count() >= 3
    assert Task.objects.filter(lead_unit__code="so-gddt").exists()
    load()
    assert Task.objects.count() == count
