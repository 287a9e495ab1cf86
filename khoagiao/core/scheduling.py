"""A small periodic schedule for jobs, kept in the database so that it survives restarts and never doubles.

Each periodic job has slots (one per interval, or one per day after a time of day). The worker asks
`schedule_due_jobs()` on every loop; the first worker to insert the (job, slot) row enqueues the job, every
other attempt hits the unique constraint and does nothing. Jobs themselves are idempotent as well.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import PeriodicJobRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task: Any  # a django_tasks Task
    every_minutes: int | None = None
    daily_at: dt.time | None = None

    def slot(self, now: dt.datetime) -> str | None:
        """The slot `now` falls in, or None when the job is not due yet today."""
        local = timezone.localtime(now)
        if self.every_minutes:
            minutes = int(local.timestamp() // 60) // self.every_minutes * self.every_minutes
            return dt.datetime.fromtimestamp(minutes * 60, tz=local.tzinfo).strftime("%Y-%m-%dT%H:%M")
        if self.daily_at is not None:
            return local.date().isoformat() if local.time() >= self.daily_at else None
        raise ValueError(f"Periodic job {self.name} has no schedule")

    @property
    def task_path(self) -> str:
        return str(getattr(self.task, "module_path", self.name))

    @property
    def schedule_label(self) -> str:
        """The schedule in words, for the administrators' screen."""
        if self.every_minutes:
            if self.every_minutes == 60:
                return _("Mỗi giờ")
            if self.every_minutes % 60 == 0:
                return _("Mỗi %(hours)d giờ") % {"hours": self.every_minutes // 60}
            return _("Mỗi %(minutes)d phút") % {"minutes": self.every_minutes}
        if self.daily_at is not None:
            return _("Hằng ngày, từ %(time)s") % {"time": self.daily_at.strftime("%H:%M")}
        return ""


PERIODIC_JOBS: dict[str, PeriodicJob] = {}


def register_periodic(job: PeriodicJob) -> PeriodicJob:
    PERIODIC_JOBS[job.name] = job
    return job


def schedule_due_jobs(now: dt.datetime | None = None) -> list[str]:
    """Enqueue every periodic job whose current slot has not been enqueued yet; returns their names."""
    now = now or timezone.now()
    enqueued = []
    for job in PERIODIC_JOBS.values():
        slot = job.slot(now)
        if slot is None:
            continue
        try:
            with transaction.atomic():
                run = PeriodicJobRun.objects.create(name=job.name, slot=slot)
                result = job.task.enqueue()
                run.result_id = str(result.id)
                run.save(update_fields=["result_id"])
        except IntegrityError:
            continue
        logger.info("periodic job enqueued", extra={"job": job.name, "slot": slot})
        enqueued.append(job.name)
    return enqueued
