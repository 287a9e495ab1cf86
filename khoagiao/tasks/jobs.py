"""Background jobs of the task engine and their schedule."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from khoagiao.core.scheduling import PeriodicJob, register_periodic


@task()
def generate_recurring_tasks() -> int:
    """Create the occurrences of recurring tasks whose assignment day has come (idempotent)."""
    from .services.recurrence import recurrences_generate_all

    return recurrences_generate_all()


register_periodic(PeriodicJob("tasks.generate_recurring", generate_recurring_tasks, daily_at=dt.time(0, 45)))


@task()
def send_task_reminders() -> int:
    """Remind lead units before and after due dates, escalate to leaders and the department (sent once)."""
    from .reminders import send_task_reminders as send

    return send()


register_periodic(PeriodicJob("tasks.send_reminders", send_task_reminders, daily_at=dt.time(7, 15)))
