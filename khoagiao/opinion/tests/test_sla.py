"""Service levels on the working clock, reminders sent once, and response-time statistics."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from khoagiao.core.models import CalendarDay, Notification
from khoagiao.core.testing import make_user
from khoagiao.opinion.choices import IssueSeverity, MessageKind
from khoagiao.opinion.models import HotIssue
from khoagiao.opinion.reminders import KIND_ESCALATION, KIND_REMINDER, send_sla_reminders
from khoagiao.opinion.selectors import response_statistics
from khoagiao.opinion.services import issue_route, message_post
from khoagiao.opinion.sla import Target, WorkingClock

from .helpers import report

pytestmark = pytest.mark.django_db
TZ = timezone.get_default_timezone()


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=TZ)


def test_friday_evening_report_starts_counting_monday_morning():
    clock = WorkingClock()
    friday_evening = at(2026, 12, 4, 19, 0)
    assert clock.clock_start(friday_evening) == at(2026, 12, 7, 7, 30)
    assert clock.deadline(friday_evening, Target(2, "hours")) == at(2026, 12, 7, 9, 30)
    assert clock.deadline(friday_evening, Target(4, "hours")) == at(2026, 12, 7, 11, 30)
    assert clock.deadline(friday_evening, Target(5, "hours")) == at(2026, 12, 7, 14, 30)
    assert clock.deadline(friday_evening, Target(2, "days")) == at(2026, 12, 9, 7, 30)


def test_public_holiday_is_skipped():
    # 24/11 (Ngày Văn hóa Việt Nam) is a day off from 2026
    assert WorkingClock().deadline(at(2026, 11, 23, 8, 0), Target(1, "days")) == at(2026, 11, 25, 8, 0)


def test_lunch_break_and_end_of_day_are_skipped():
    clock = WorkingClock()
    assert clock.clock_start(at(2026, 12, 8, 12, 0)) == at(2026, 12, 8, 13, 30)
    assert clock.deadline(at(2026, 12, 8, 16, 0), Target(2, "hours")) == at(2026, 12, 9, 8, 30)
    assert clock.working_hours_between(at(2026, 12, 4, 16, 0), at(2026, 12, 7, 9, 30)) == pytest.approx(3.0)


def test_tet_counts_as_days_off():
    clock = WorkingClock()
    before_tet = at(2026, 2, 13, 16, 0)  # Friday; Tết 2026 is Monday 16 to Friday 20 February
    assert clock.deadline(before_tet, Target(1, "days")) == at(2026, 2, 23, 16, 0)
    assert clock.deadline(before_tet, Target(4, "hours")) == at(2026, 2, 23, 10, 30)
    assert clock.working_hours_between(before_tet, at(2026, 2, 23, 10, 30)) == pytest.approx(4.0)


def test_administrator_day_off_is_respected():
    CalendarDay.objects.create(date=dt.date(2026, 12, 7), is_working_day=False, note="Nghỉ bù")
    assert WorkingClock().clock_start(at(2026, 12, 4, 19, 0)) == at(2026, 12, 8, 7, 30)


def test_issue_deadlines_follow_severity(cast, settings):
    issue = report(cast, severity=IssueSeverity.CRITICAL, reported_at=at(2026, 12, 4, 19, 0))
    assert timezone.localtime(issue.ack_due_at) == at(2026, 12, 7, 9, 30)
    assert timezone.localtime(issue.resolution_due_at) == at(2026, 12, 9, 8, 30)  # 16 working hours
    settings.OPINION_SLA = {
        IssueSeverity.CRITICAL: {"ack": (1, "hours"), "response": (2, "hours"), "resolution": (8, "hours")}
    }
    other = report(cast, severity=IssueSeverity.CRITICAL, reported_at=at(2026, 12, 4, 19, 0))
    assert timezone.localtime(other.ack_due_at) == at(2026, 12, 7, 8, 30)


def test_breaches_remind_and_escalate_once(cast):
    health_focal = make_user("daumoi.yte", role="focal_point", unit=cast.health)
    health_leader = make_user("lanhdao.yte", role="unit_leader", unit=cast.health)
    late = report(cast, reported_at=timezone.now() - dt.timedelta(days=30))
    sent = send_sla_reminders()
    reminded = set(Notification.objects.filter(kind=KIND_REMINDER).values_list("user__username", flat=True))
    escalated = set(
        Notification.objects.filter(kind=KIND_ESCALATION).values_list("user__username", flat=True)
    )
    assert reminded == {cast.specialist.username}
    assert escalated == {cast.leader.username}
    # the resolution deadline (15 working days) has passed too, but it is watched only once the issue is triaged
    assert sent == 2
    assert send_sla_reminders() == 0
    issue_route(actor=cast.specialist, issue=late, responsible_unit=cast.health)
    HotIssue.objects.filter(pk=late.pk).update(response_due_at=timezone.now() - dt.timedelta(hours=1))
    send_sla_reminders()
    focal_titles = sorted(
        Notification.objects.filter(kind=KIND_REMINDER, user=health_focal).values_list("title", flat=True)
    )
    assert [title.split(":")[0] for title in focal_titles] == [
        "Quá hạn giải quyết",
        "Quá hạn trả lời lần đầu",
    ]
    assert (
        Notification.objects.filter(kind=KIND_ESCALATION, user=health_leader).count() == 2
    )  # response, resolution
    count = Notification.objects.count()
    assert send_sla_reminders() == 0
    assert Notification.objects.count() == count


def test_response_statistics_median_and_share_within_sla(cast):
    focal = make_user("daumoi.yte", role="focal_point", unit=cast.health)
    answered_fast = report(cast, title="Vấn đề một")
    answered_late = report(cast, title="Vấn đề hai")
    unanswered_overdue = report(cast, title="Vấn đề ba")
    for issue in (answered_fast, answered_late, unanswered_overdue):
        issue_route(actor=cast.specialist, issue=issue, responsible_unit=cast.health)
    message_post(actor=focal, issue=answered_fast, kind=MessageKind.RESPONSE, body="Đã trả lời.")
    message_post(actor=focal, issue=answered_late, kind=MessageKind.RESPONSE, body="Đã trả lời.")
    past = timezone.now() - dt.timedelta(days=1)
    HotIssue.objects.filter(pk__in=[answered_late.pk, unanswered_overdue.pk]).update(
        response_due_at=past, routed_at=past - dt.timedelta(days=10)
    )
    rows = response_statistics(user=cast.specialist, since=timezone.localdate() - dt.timedelta(days=30))
    assert len(rows) == 1
    row = rows[0]
    assert (row.unit, row.routed, row.answered, row.within_sla, row.overdue_unanswered) == (
        cast.health,
        3,
        2,
        1,
        1,
    )
    assert row.share_within_sla == pytest.approx(1 / 3)
    assert row.median_hours is not None
