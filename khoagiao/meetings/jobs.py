"""Background jobs of the meetings app: the reminder to the secretary when the concluding notice is late."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from khoagiao.core.scheduling import PeriodicJob, register_periodic


@task()
def send_notice_reminders() -> int:
    """Remind secretaries of briefings whose notice is not issued N working days after the meeting (once)."""
    from .reminders import notice_reminders_send

    return notice_reminders_send()


register_periodic(
    PeriodicJob("meetings.send_notice_reminders", send_notice_reminders, daily_at=dt.time(7, 0))
)
