"""Background jobs of the reporting app and their schedule."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from khoagiao.core.scheduling import PeriodicJob, register_periodic


@task()
def generate_periods() -> int:
    """Create the coming periods and expected reports of every active duty (idempotent)."""
    from .services.periods import periods_generate_all

    return periods_generate_all()


register_periodic(PeriodicJob("reporting.generate_periods", generate_periods, daily_at=dt.time(0, 30)))


@task()
def send_reporting_reminders() -> int:
    """Remind focal points (and escalate to leaders and specialists) about reports not yet sent (idempotent)."""
    from .reminders import send_reminders

    return send_reminders()


register_periodic(PeriodicJob("reporting.send_reminders", send_reporting_reminders, every_minutes=60))


@task()
def build_consolidation_preview(version_id: int) -> str:
    """Build a large consolidated report draft's DOCX in the background; the build page shows the progress."""
    from .services.consolidation import consolidation_preview_build

    return consolidation_preview_build(version_id)
