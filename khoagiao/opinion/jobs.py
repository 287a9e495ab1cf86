"""Background jobs of the public-opinion app and their schedule."""

from __future__ import annotations

from django_tasks import task

from khoagiao.core.scheduling import PeriodicJob, register_periodic


@task()
def send_opinion_sla_reminders() -> int:
    """Remind and escalate issues past their service level (idempotent: each notification is sent once)."""
    from .reminders import send_sla_reminders

    return send_sla_reminders()


register_periodic(PeriodicJob("opinion.send_sla_reminders", send_opinion_sla_reminders, every_minutes=30))
