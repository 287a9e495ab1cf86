"""What awaits a user on the home page, from the task engine: tasks for my unit to act on, tasks awaiting my
verification or my decision on an extension."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.home import WaitingItem, register_waiting_provider

from .choices import TaskStatus
from .selectors import task_awaiting_department, task_my_unit_list

HOME_LIMIT = 8


@register_waiting_provider
def tasks_waiting_items(user: Any) -> list[WaitingItem]:
    today = timezone.localdate()
    items: list[WaitingItem] = []
    mine = task_my_unit_list(user=user, today=today).filter(
        status__in=[TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS]
    )
    for task in mine[:HOME_LIMIT]:
        overdue = today > task.effective_due_date
        label = (_("quá hạn %(day)s") if overdue else _("hạn %(day)s")) % {"day": f"{task.due_date:%d/%m/%Y}"}
        items.append(
            WaitingItem(
                _("Thực hiện nhiệm vụ: %(title)s") % {"title": task.title},
                reverse("tasks:task_detail", args=[task.pk]),
                label,
                overdue,
            )
        )
    awaiting = list(task_awaiting_department(user=user, today=today)[:HOME_LIMIT])
    for task in awaiting:
        verb = (
            _("Xác nhận hoàn thành") if task.status == TaskStatus.REPORTED_DONE else _("Quyết định gia hạn")
        )
        items.append(
            WaitingItem(
                f"{verb}: {task.title}",
                reverse("tasks:task_detail", args=[task.pk]),
                task.lead_unit.display_name,
            )
        )
    return items
