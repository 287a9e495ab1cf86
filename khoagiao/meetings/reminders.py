"""The concluding notice's reminder (Decidim's "close the meeting" reminder, our N working days): once the
meeting is N working days past (setting MEETINGS_NOTICE_DUE_WORKING_DAYS, default 5) and no notice is issued, the
secretary (else the briefing's creator) is told once; the notification's dedupe key makes re-runs harmless."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.notifications import notify
from khoagiao.core.workdays import WorkingCalendar

from .choices import BriefingStatus
from .models import Briefing
from .selectors import notice_due_date, notice_due_working_days


def notice_reminders_send(today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    calendar = WorkingCalendar()
    sent = 0
    candidates = Briefing.objects.filter(
        status__in=[BriefingStatus.INVITED, BriefingStatus.HELD],
        date__lt=today,
        notice_reminder_sent_at__isnull=True,
    ).select_related("secretary", "created_by")
    for briefing in candidates:
        due = notice_due_date(briefing, calendar)
        if today <= due:
            continue
        recipient = briefing.secretary or briefing.created_by
        if recipient is None or not recipient.is_active:
            continue
        created = notify(
            recipient,
            kind="meetings.notice_overdue",
            title=_("Chưa ban hành thông báo kết luận: %(title)s") % {"title": briefing.title},
            body=_(
                "Hội nghị họp ngày %(date)s; thông báo kết luận cần ban hành trước ngày %(due)s "
                "(%(days)d ngày làm việc sau hội nghị)."
            )
            % {
                "date": f"{briefing.date:%d/%m/%Y}",
                "due": f"{due:%d/%m/%Y}",
                "days": notice_due_working_days(),
            },
            url=reverse("meetings:briefing_detail", args=[briefing.pk]) + "#ket-luan",
            dedupe_key=f"meetings:notice-overdue:{briefing.pk}",
        )
        Briefing.objects.filter(pk=briefing.pk).update(notice_reminder_sent_at=timezone.now())
        if created is not None:
            sent += 1
    return sent
