"""Reminders about unfinished tasks (assigned or in progress), each sent once (the notification's dedupe key
names the task, its current due date, the stage and the person):

- ``before``: from REMIND_BEFORE_WORKING_DAYS working days before the effective due date up to that date, to the
  lead unit's focal points (its leaders when it has none);
- ``overdue``: from the day after the due date, to the same people;
- ``escalate-leader``: from ESCALATE_LEADER_WORKING_DAYS working days after the due date, to the lead unit's
  leaders;
- ``escalate-department``: from ESCALATE_DEPARTMENT_WORKING_DAYS working days after it, to the department's
  specialists over the lead unit.

Only the latest stage reached is sent, so a task found long overdue on the first run produces one escalation,
not a burst of every earlier reminder. An extension (a new due date) starts a new series.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.accounts.choices import MembershipRole
from khoagiao.core.notifications import notify
from khoagiao.core.workdays import WorkingCalendar
from khoagiao.reporting.reminders import membership_holders_over_units

from .choices import TaskStatus
from .models import Task

REMIND_BEFORE_WORKING_DAYS = 3
ESCALATE_LEADER_WORKING_DAYS = 5
ESCALATE_DEPARTMENT_WORKING_DAYS = 10
KIND_REMINDER = "tasks.reminder"
KIND_ESCALATION = "tasks.escalation"
STAGE_BEFORE = "before"
STAGE_OVERDUE = "overdue"
STAGE_LEADER = "escalate-leader"
STAGE_DEPARTMENT = "escalate-department"


def task_stage(task: Task, today: dt.date, calendar: WorkingCalendar) -> str | None:
    due = task.effective_due_date
    if today <= due:
        start = calendar.add_working_days(due, -REMIND_BEFORE_WORKING_DAYS)
        return STAGE_BEFORE if today >= start else None
    if today >= calendar.add_working_days(due, ESCALATE_DEPARTMENT_WORKING_DAYS):
        return STAGE_DEPARTMENT
    if today >= calendar.add_working_days(due, ESCALATE_LEADER_WORKING_DAYS):
        return STAGE_LEADER
    return STAGE_OVERDUE


def reminder_key(task: Task, stage: str, user: Any) -> str:
    return f"tasks:{task.pk}:{task.effective_due_date:%Y%m%d}:{stage}:{user.pk}"


def _candidates(today: dt.date, calendar: WorkingCalendar) -> QuerySet[Task]:
    horizon = calendar.add_working_days(today, REMIND_BEFORE_WORKING_DAYS)
    return (
        Task.objects.filter(
            status__in=[TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS], effective_due_date__lte=horizon
        )
        .select_related("lead_unit")
        .order_by("effective_due_date", "pk")
    )


def _message(task: Task, stage: str, today: dt.date) -> tuple[str, str, str]:
    due = f"{task.due_date:%d/%m/%Y}"
    unit = task.lead_unit.display_name
    if stage == STAGE_BEFORE:
        days = (task.effective_due_date - today).days
        title = _("Nhiệm vụ sắp đến hạn (%(due)s): %(title)s") % {"due": due, "title": task.title}
        body = _(
            "Còn %(days)d ngày đến hạn hoàn thành. Đơn vị chủ trì: %(unit)s. Tiến độ hiện tại: %(percent)d%%."
        ) % {
            "days": days,
            "unit": unit,
            "percent": task.progress_percent,
        }
        return KIND_REMINDER, title, body
    days = (today - task.effective_due_date).days
    title = _("Nhiệm vụ quá hạn %(days)d ngày: %(title)s") % {"days": days, "title": task.title}
    if stage == STAGE_OVERDUE:
        body = _(
            "Hạn hoàn thành là %(due)s. Đơn vị chủ trì %(unit)s hãy báo cáo kết quả hoặc xin gia hạn."
        ) % {
            "due": due,
            "unit": unit,
        }
        return KIND_REMINDER, title, body
    body = _("Nhiệm vụ của %(unit)s đã quá hạn %(days)d ngày (hạn %(due)s) mà chưa báo cáo hoàn thành.") % {
        "unit": unit,
        "days": days,
        "due": due,
    }
    return KIND_ESCALATION, title, body


def send_task_reminders(today: dt.date | None = None) -> int:
    """One run of the reminder job: returns how many notifications were created (0 on a repeated run)."""
    today = today or timezone.localdate()
    calendar = WorkingCalendar()
    due_now = []
    for task in _candidates(today, calendar):
        stage = task_stage(task, today, calendar)
        if stage is not None:
            due_now.append((task, stage))
    if not due_now:
        return 0
    roles = [MembershipRole.FOCAL_POINT, MembershipRole.UNIT_LEADER, MembershipRole.DEPT_SPECIALIST]
    units = {task.lead_unit_id: task.lead_unit for task, _stage in due_now}
    holders = membership_holders_over_units(units.values(), roles)
    sent = 0
    for task, stage in due_now:
        per_role = holders.get(task.lead_unit_id, {})
        leaders = per_role.get(MembershipRole.UNIT_LEADER, [])
        if stage == STAGE_DEPARTMENT:
            people = per_role.get(MembershipRole.DEPT_SPECIALIST, [])
        elif stage == STAGE_LEADER:
            people = leaders
        else:
            people = per_role.get(MembershipRole.FOCAL_POINT, []) or leaders
        kind, title, body = _message(task, stage, today)
        url = reverse("tasks:task_detail", args=[task.pk])
        for user in {user.pk: user for user in people}.values():
            if notify(
                user, kind=kind, title=title, body=body, url=url, dedupe_key=reminder_key(task, stage, user)
            ):
                sent += 1
    return sent
