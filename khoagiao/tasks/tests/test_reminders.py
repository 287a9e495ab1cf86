"""Reminders before and after the due date and the escalations: each reaches each person once."""

from __future__ import annotations

import datetime as dt

import pytest

from khoagiao.core.models import Notification
from khoagiao.tasks.choices import TaskStatus
from khoagiao.tasks.models import Task
from khoagiao.tasks.reminders import send_task_reminders

from .factories import make_task

pytestmark = pytest.mark.django_db

DUE = dt.date(2026, 3, 20)  # a Friday


def recipients() -> set[tuple[str, str]]:
    return {
        (n.user.username, (n.dedupe_key or "").split(":")[3])
        for n in Notification.objects.select_related("user")
    }


def test_reminder_three_working_days_before_sent_once(cast):
    make_task(cast, assigned_on=dt.date(2026, 3, 2), due_date=DUE)
    assert send_task_reminders(today=dt.date(2026, 3, 16)) == 0  # four working days before
    assert send_task_reminders(today=dt.date(2026, 3, 17)) == 1
    assert send_task_reminders(today=dt.date(2026, 3, 18)) == 0
    assert send_task_reminders(today=DUE) == 0
    assert recipients() == {("daumoi.sogd", "before")}
    notification = Notification.objects.get()
    assert "sắp đến hạn" in notification.title and notification.url.endswith(f"/{Task.objects.get().pk}/")


def test_overdue_then_leader_then_department_each_once(cast):
    make_task(cast, assigned_on=dt.date(2026, 3, 2), due_date=DUE)
    assert send_task_reminders(today=dt.date(2026, 3, 23)) == 1
    assert send_task_reminders(today=dt.date(2026, 3, 24)) == 0
    assert send_task_reminders(today=dt.date(2026, 3, 27)) == 1  # five working days after: the unit leader
    assert send_task_reminders(today=dt.date(2026, 3, 30)) == 0
    assert send_task_reminders(today=dt.date(2026, 4, 3)) == 1  # ten working days after: the department
    assert send_task_reminders(today=dt.date(2026, 4, 10)) == 0
    assert recipients() == {
        ("daumoi.sogd", "overdue"),
        ("lanhdao.sogd", "escalate-leader"),
        ("chuyenvien", "escalate-department"),
    }


def test_finished_tasks_get_no_reminder(cast):
    task = make_task(cast, assigned_on=dt.date(2026, 3, 2), due_date=DUE)
    Task.objects.filter(pk=task.pk).update(status=TaskStatus.REPORTED_DONE, completed_on=DUE)
    assert send_task_reminders(today=dt.date(2026, 3, 23)) == 0


def test_a_task_found_long_overdue_gets_only_the_latest_stage(cast):
    make_task(cast, assigned_on=dt.date(2026, 1, 5), due_date=dt.date(2026, 1, 30))
    assert send_task_reminders(today=dt.date(2026, 6, 1)) == 1
    assert recipients() == {("chuyenvien", "escalate-department")}


def test_unit_without_focal_point_reminds_its_leader(cast):
    make_task(cast, lead_unit=cast.health, assigned_on=dt.date(2026, 3, 2), due_date=DUE)
    assert send_task_reminders(today=dt.date(2026, 3, 17)) == 0  # health has neither focal point nor leader
    from khoagiao.core.testing import make_user

    make_user("lanhdao.soyte", role="unit_leader", unit=cast.health)
    assert send_task_reminders(today=dt.date(2026, 3, 17)) == 1
    assert recipients() == {("lanhdao.soyte", "before")}
