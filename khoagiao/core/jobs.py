"""Background jobs of the platform's foundation, and their periodic schedule."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from .scheduling import PeriodicJob, register_periodic

JOB_RESULTS_KEPT_DAYS = 30


@task()
def prune_login_failures() -> int:
    """Forget failed logins older than a day: throttling needs only the last minutes."""
    from khoagiao.accounts.services import login_failures_prune

    return login_failures_prune()


@task()
def prune_finished_job_results() -> int:
    """Drop successful job results after a month; failed ones stay until an administrator deals with them."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - dt.timedelta(days=JOB_RESULTS_KEPT_DAYS)
    deleted, _ = DBTaskResult.objects.successful().filter(finished_at__lt=cutoff).delete()
    return deleted


register_periodic(PeriodicJob("core.prune_login_failures", prune_login_failures, every_minutes=60))
register_periodic(
    PeriodicJob("core.prune_finished_job_results", prune_finished_job_results, daily_at=dt.time(2, 0))
)
