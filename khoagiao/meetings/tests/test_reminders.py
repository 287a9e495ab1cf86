import datetime as dt

import pytest

from khoagiao.core.models import Notification
from khoagiao.core.workdays import add_working_days
from khoagiao.meetings import services
from khoagiao.meetings.reminders import notice_reminders_send

from .helpers import invited_briefing, today

pytestmark = pytest.mark.django_db


def test_the_secretary_is_reminded_once_when_the_notice_is_late(cast):
    briefing = invited_briefing(cast, date=today() - dt.timedelta(days=20))
    due = add_working_days(briefing.date, 5)
    assert notice_reminders_send(today=due) == 0
    assert notice_reminders_send(today=due + dt.timedelta(days=1)) == 1
    assert notice_reminders_send(today=due + dt.timedelta(days=2)) == 0
    reminders = Notification.objects.filter(kind="meetings.notice_overdue")
    assert [n.user for n in reminders] == [cast.specialist]
    assert "Chưa ban hành thông báo kết luận" in reminders[0].title


def test_no_reminder_once_the_notice_is_issued(cast, settings):
    settings.MEETINGS_NOTICE_DUE_WORKING_DAYS = 1
    briefing = invited_briefing(cast, date=today())
    services.briefing_mark_held(actor=cast.specialist, briefing=briefing)
    services.conclusion_item_add(actor=cast.specialist, briefing=briefing, text="Kết luận")
    services.notice_issue(actor=cast.specialist, briefing=briefing)
    assert notice_reminders_send(today=today() + dt.timedelta(days=30)) == 0
    assert not Notification.objects.filter(kind="meetings.notice_overdue").exists()


def test_the_job_runs_the_reminders(cast):
    from khoagiao.meetings.jobs import send_notice_reminders

    invited_briefing(cast, date=today() - dt.timedelta(days=30))
    assert send_notice_reminders.call() == 1
    assert send_notice_reminders.call() == 0
