"""Background jobs of the directives app and their schedule."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from khoagiao.core.scheduling import PeriodicJob, register_periodic


@task()
def open_review_milestones() -> int:
    """Open the review milestones whose opening day has come: report request and tasks, once only."""
    from .services.milestones import milestones_open_due

    return milestones_open_due()


register_periodic(
    PeriodicJob("directives.open_review_milestones", open_review_milestones, daily_at=dt.time(1, 0))
)


@task()
def generate_agreement_tasks() -> int:
    """This year's tasks of the coordination agreements running this year (idempotent)."""
    from .services.agreements import agreements_generate_current_year

    return agreements_generate_current_year()


register_periodic(
    PeriodicJob("directives.generate_agreement_tasks", generate_agreement_tasks, daily_at=dt.time(1, 15))
)
