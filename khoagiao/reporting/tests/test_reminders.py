"""Reminders to focal points and escalation to leaders and specialists: each stage on its working day, once."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from khoagiao.accounts.choices import MembershipRole
from khoagiao.accounts.models import Membership
from khoagiao.core.models import CalendarDay, Notification
from khoagiao.core.scheduling import PERIODIC_JOBS
from khoagiao.core.testing import make_unit, make_user
from khoagiao.core.workdays import WorkingCalendar
from khoagiao.reporting import reminders
from khoagiao.reporting.choices import DutyFrequency, SubmissionStatus
from khoagiao.reporting.jobs import send_reporting_reminders
from khoagiao.reporting.periods import end_of_day
from khoagiao.reporting.reminders import (
    membership_holders_over_units,
    reminder_schedule,
    reminders_settle,
    send_reminders,
)
from khoagiao.reporting.services.submissions import submission_return, submission_submit

from .factories import fill_valid, first_period, make_duty, submission_of

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
# make_duty's first period is quarter I/2026: the window closes on Saturday 14/3/2026, and the deadline is two
# working days later, Tuesday 17/3/2026.
Q1_DEADLINE = dt.date(2026, 3, 17)


def at(day: dt.date, hour: int = 8, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=HANOI)


def d(day: int, month: int = 3, year: int = 2026) -> dt.date:
    return dt.date(year, month, day)


def keys(**filters) -> set[str]:
    return {key or "" for key in Notification.objects.filter(**filters).values_list("dedupe_key", flat=True)}


def stages_of(user) -> list[str]:
    return sorted(key.split(":")[2] for key in keys(user=user))


@pytest.fixture
def duty(cast):
    return make_duty(cast)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Send reminders at a moment, running the after-commit e-mails as a worker outside a transaction would."""

    def _run(moment: dt.datetime) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return send_reminders(moment)

    return _run


def test_the_first_period_deadline_is_the_one_the_tests_assume(duty):
    period = first_period(duty)
    assert period.deadline.astimezone(HANOI).date() == Q1_DEADLINE


def test_schedule_counts_working_days_around_the_deadline():
    schedule = reminder_schedule(Q1_DEADLINE, WorkingCalendar())

    assert [(stage.code, stage.day) for stage in schedule.stages] == [
        ("before", d(12)),  # Thu 12 → Fri 13, Mon 16, Tue 17: three working days before
        ("due", d(17)),
        ("overdue-1", d(18)),
        ("overdue-2", d(19)),
        ("overdue-3", d(20)),
    ]
    assert (schedule.escalation.code, schedule.escalation.day) == ("escalate", d(19))
    assert schedule.stages[-1].until == d(23)  # the last stage waits over the weekend, not longer


def test_nothing_is_sent_before_the_first_stage(cast, duty, run):
    assert run(at(d(11), 18)) == 0
    assert not Notification.objects.exists()


def test_before_stage_fires_three_working_days_before_the_deadline(cast, duty, run):
    run(at(d(12)))

    education = submission_of(duty, cast.education)
    assert keys(user=cast.education_focal) == {f"reporting:{education.pk}:before:{cast.education_focal.pk}"}
    assert stages_of(cast.commune_a_focal) == ["before"]
    assert stages_of(cast.commune_b_focal) == ["before"]
    # Leaders and specialists are not bothered before the deadline.
    assert not Notification.objects.filter(user__in=[cast.education_leader, cast.specialist]).exists()
    note = Notification.objects.get(user=cast.education_focal)
    assert note.kind == "reporting.reminder"
    assert "Báo cáo quý công tác khoa giáo" in note.title and "Quý I/2026" in note.title
    assert "17/03/2026" in note.body and "còn 3 ngày làm việc" in note.body
    assert "Sở Giáo dục và Đào tạo" in note.body
    assert note.url.startswith("/bao-cao/")


def test_reminders_wait_for_the_office_day_to_start(cast, duty, run):
    assert run(at(d(12), 6, 59)) == 0
    assert run(at(d(12), 7, 0)) == 3


def test_each_focal_point_hears_only_about_their_own_unit(cast, duty, run):
    run(at(d(12)))

    commune_a = submission_of(duty, cast.commune_a)
    for key in keys(user=cast.commune_b_focal) | keys(user=cast.education_focal):
        assert not key.startswith(f"reporting:{commune_a.pk}:")
    assert Notification.objects.filter(dedupe_key__startswith=f"reporting:{commune_a.pk}:").count() == 1


def test_due_stage_fires_on_the_deadline_day(cast, duty, run):
    run(at(d(12)))
    run(at(d(17)))

    assert stages_of(cast.education_focal) == ["before", "due"]
    due = Notification.objects.get(dedupe_key__contains=":due:", user=cast.education_focal)
    assert "Hôm nay là hạn nộp" in due.title
    assert "17/03/2026" in due.body


def test_overdue_days_and_escalation_follow_the_working_days(cast, duty, run):
    for day in (d(12), d(17), d(18)):
        run(at(day))
    assert stages_of(cast.education_focal) == ["before", "due", "overdue-1"]
    assert not Notification.objects.filter(user__in=[cast.education_leader, cast.specialist]).exists()

    run(at(d(19)))
    assert stages_of(cast.education_focal) == ["before", "due", "overdue-1", "overdue-2"]
    assert stages_of(cast.education_leader) == ["escalate"]
    # The specialist over the department hears about every unit still late, health (no focal point) included.
    assert stages_of(cast.specialist) == ["escalate"] * 4
    escalation = Notification.objects.filter(user=cast.education_leader).get()
    assert escalation.kind == "reporting.escalation"
    assert "Sở Giáo dục và Đào tạo" in escalation.title
    assert "quá hạn 2 ngày làm việc" in escalation.body and "17/03/2026" in escalation.body
    # The leader opens the report; the specialist, who may not open a report never sent, the board.
    assert escalation.url == reverse(
        "reporting:submission_detail", args=[submission_of(duty, cast.education).pk]
    )
    assert {n.url for n in Notification.objects.filter(user=cast.specialist)} == {
        reverse("reporting:board", args=[duty.pk])
    }

    run(at(d(20)))
    assert stages_of(cast.education_focal)[-1] == "overdue-3"
    overdue = Notification.objects.get(dedupe_key__contains=":overdue-3:", user=cast.education_focal)
    assert "quá hạn 3 ngày làm việc" in overdue.title

    # After the last overdue day nothing more is sent, however often the job runs.
    for day in (d(21), d(22), d(23), d(24), d(30)):
        assert run(at(day)) == 0
    assert Notification.objects.filter(user=cast.education_focal).count() == 5


def test_a_missed_day_is_caught_up_but_a_stage_that_no_longer_applies_is_not(cast, duty, run):
    # The worker was down from Thursday 12 to Monday 16: the "before" stage still applies and is sent.
    run(at(d(16)))
    assert stages_of(cast.education_focal) == ["before"]
    # Down again until Thursday 19: "due" and "overdue-1" have passed; only today's stage goes out.
    run(at(d(19)))
    assert stages_of(cast.education_focal) == ["before", "overdue-2"]


def test_a_deadline_on_friday_is_followed_by_monday(cast, duty, run):
    period = first_period(duty)
    period.deadline = end_of_day(d(13))  # Friday
    period.save(update_fields=["deadline"])

    run(at(d(10)))  # Tuesday: three working days before Friday
    assert stages_of(cast.education_focal) == ["before"]
    run(at(d(13)))
    assert stages_of(cast.education_focal) == ["before", "due"]
    assert run(at(d(14))) == 0  # Saturday
    assert run(at(d(15), 20)) == 0  # Sunday
    run(at(d(16)))  # Monday: the first working day after the deadline
    assert stages_of(cast.education_focal) == ["before", "due", "overdue-1"]
    run(at(d(17)))
    assert "escalate" in stages_of(cast.education_leader)


def test_a_deadline_after_tet_2026_skips_the_holiday(cast, run):
    duty = make_duty(cast, code="kg-thang", frequency=DutyFrequency.MONTH, since=d(20, 1))
    period = duty.periods.get(year=2026, number=2)  # window 15/1–14/2/2026
    # Saturday 14/2, then Tết (16–20/2) and the weekend: the two working days are Monday 23 and Tuesday 24.
    assert period.deadline.astimezone(HANOI).date() == d(24, 2)
    schedule = reminder_schedule(d(24, 2), WorkingCalendar())
    assert [stage.day for stage in schedule.stages[:3]] == [d(12, 2), d(24, 2), d(25, 2)]

    assert run(at(d(11, 2))) == 0
    run(at(d(12, 2)))
    assert stages_of(cast.education_focal) == ["before"]
    for day in (d(13, 2), d(16, 2), d(17, 2), d(20, 2), d(23, 2)):
        assert run(at(day)) == 0  # before Tết, during it, and the Monday after: the "before" stage stands
    run(at(d(24, 2)))
    assert stages_of(cast.education_focal) == ["before", "due"]
    note = Notification.objects.get(dedupe_key__contains=":due:", user=cast.education_focal)
    assert "Tháng 2/2026" in note.title and "24/02/2026" in note.body
    run(at(d(25, 2)))
    run(at(d(26, 2)))
    assert stages_of(cast.education_focal) == ["before", "due", "overdue-1", "overdue-2"]
    assert stages_of(cast.education_leader) == ["escalate"]


def test_an_administrators_day_off_moves_the_stages(cast, duty, run):
    CalendarDay.objects.create(date=d(18), is_working_day=False, note="Nghỉ bầu cử")
    run(at(d(17)))
    assert run(at(d(18))) == 0
    run(at(d(19)))
    assert stages_of(cast.education_focal) == ["due", "overdue-1"]


def test_running_twice_sends_nothing_new(cast, duty, run):
    cast.education_focal.email = "daumoi@sogd.example.vn"
    cast.education_focal.save(update_fields=["email"])
    run(at(d(19)))
    notifications, mails = Notification.objects.count(), len(mail.outbox)
    assert notifications > 0 and mails == 2  # the education focal point and the specialist

    assert run(at(d(19), 9)) == 0
    assert run(at(d(19), 15)) == 0
    assert Notification.objects.count() == notifications
    assert len(mail.outbox) == mails


def test_a_submitted_report_gets_no_reminder(cast, duty, run):
    education = submission_of(duty, cast.education)
    fill_valid(education, cast.education_focal)
    submission_submit(actor=cast.education_focal, submission=education)

    run(at(d(12)))
    run(at(d(19)))

    assert not Notification.objects.filter(dedupe_key__startswith=f"reporting:{education.pk}:").exists()
    assert not Notification.objects.filter(user__in=[cast.education_focal, cast.education_leader]).exists()
    assert stages_of(cast.commune_a_focal) == ["before", "overdue-2"]


def test_a_returned_report_is_reminded_until_it_is_sent_again(cast, duty, run):
    education = submission_of(duty, cast.education)
    fill_valid(education, cast.education_focal)
    submission_submit(actor=cast.education_focal, submission=education)
    education.refresh_from_db()
    submission_return(actor=cast.specialist, submission=education, comment="Bổ sung số liệu mục 2.")

    run(at(d(17)))

    # The return itself told the unit (kind "reporting.review"); here we look at the reminder.
    note = Notification.objects.get(user=cast.education_focal, kind="reporting.reminder")
    assert (note.dedupe_key or "").endswith(f":due:{cast.education_focal.pk}")
    assert "Bị trả lại" in note.body


def test_awaiting_approval_reminds_the_leader_instead_of_the_focal_point(cast, run):
    duty = make_duty(cast, requires_leader_approval=True)
    education = submission_of(duty, cast.education)
    fill_valid(education, cast.education_focal)
    submission_submit(actor=cast.education_focal, submission=education)
    education.refresh_from_db()
    assert education.status == SubmissionStatus.AWAITING_APPROVAL

    run(at(d(17)))

    assert not Notification.objects.filter(user=cast.education_focal).exists()
    # The request for approval told the leader at once (kind "reporting.approval"); here we look at the reminder.
    note = Notification.objects.get(user=cast.education_leader, kind="reporting.reminder")
    assert note.dedupe_key == f"reporting:{education.pk}:due:{cast.education_leader.pk}"
    assert "chờ đồng chí duyệt" in note.title
    assert stages_of(cast.commune_a_focal) == ["due"]  # other units are reminded as usual


def test_a_unit_without_focal_point_reminds_its_leader(cast, duty, run):
    Membership.objects.filter(user=cast.education_focal).update(is_active=False)
    run(at(d(17)))
    assert stages_of(cast.education_leader) == ["due"]
    assert not Notification.objects.filter(user=cast.education_focal).exists()


def test_inactive_people_and_ended_memberships_are_not_reminded(cast, duty, run):
    cast.commune_a_focal.is_active = False
    cast.commune_a_focal.save(update_fields=["is_active"])
    Membership.objects.filter(user=cast.commune_b_focal).update(is_active=False)
    run(at(d(17)))
    assert not Notification.objects.filter(user__in=[cast.commune_a_focal, cast.commune_b_focal]).exists()
    assert stages_of(cast.education_focal) == ["due"]


def test_an_inactive_duty_sends_nothing(cast, duty, run):
    duty.is_active = False
    duty.save(update_fields=["is_active"])
    assert run(at(d(17))) == 0


def test_email_respects_the_preference_and_the_address(cast, duty, run):
    cast.education_focal.email = "daumoi@sogd.example.vn"
    cast.education_focal.notify_by_email = False
    cast.education_focal.save(update_fields=["email", "notify_by_email"])
    cast.specialist.notify_by_email = True  # has an address
    cast.specialist.save(update_fields=["notify_by_email"])

    run(at(d(19)))

    recipients = [message.to for message in mail.outbox]
    assert recipients == [["cv@example.vn"]]  # focal point opted out; commune focal points have no address
    assert Notification.objects.filter(user=cast.education_focal).count() == 1  # still told in the app
    assert not Notification.objects.filter(user=cast.education_focal, emailed_at__isnull=False).exists()
    assert not Notification.objects.filter(user=cast.specialist, emailed_at__isnull=True).exists()


def test_several_reminders_in_one_run_make_one_email(cast, duty, run):
    run(at(d(19)))

    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == ["cv@example.vn"]
    assert "4 thông báo mới" in digest.subject
    for unit in (cast.education, cast.health, cast.commune_a, cast.commune_b):
        assert unit.name in digest.body


def test_no_email_is_sent_when_the_run_rolls_back(cast, duty):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        send_reminders(at(d(19)))
        raise RuntimeError("worker crashed")

    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_holders_include_memberships_on_ancestors(cast):
    group = make_unit("Trường Chính trị tỉnh", parent=cast.education, code="truong-ct")
    holders = membership_holders_over_units(
        [group, cast.commune_a], [MembershipRole.FOCAL_POINT, MembershipRole.DEPT_SPECIALIST]
    )

    assert holders[group.pk][MembershipRole.FOCAL_POINT] == [cast.education_focal]
    assert holders[group.pk][MembershipRole.DEPT_SPECIALIST] == [cast.specialist]
    assert holders[cast.commune_a.pk][MembershipRole.FOCAL_POINT] == [cast.commune_a_focal]


def test_a_run_with_nothing_due_costs_a_few_queries(cast, duty):
    with CaptureQueriesContext(connection) as queries:
        assert send_reminders(at(d(1, 3))) == 0
    assert len(queries) <= 3  # the calendar corrections of the year, and the candidate reports


def test_queries_do_not_grow_with_units_and_people(cast, run):
    for number in range(10):
        unit = make_unit(
            f"Đảng ủy xã Số {number}",
            parent=cast.department,
            code=f"xa-{number}",
            kind="party_committee",
            level="commune",
        )
        for person in range(2):
            make_user(f"daumoi.xa{number}.{person}", role=MembershipRole.FOCAL_POINT, unit=unit)
        make_user(f"lanhdao.xa{number}", role=MembershipRole.UNIT_LEADER, unit=unit)
    duty = make_duty(cast)
    assert duty.periods.get(year=2026, number=1).submissions.count() == 14

    created = run(at(d(19)))
    # "overdue-2" to 3 + 20 focal points; "escalate" to 1 + 10 unit leaders and, for 14 units, the specialist.
    assert created == 23 + 11 + 14
    with CaptureQueriesContext(connection) as queries:
        assert run(at(d(19), 10)) == 0
    assert len(queries) <= 6


def test_the_reminder_job_runs_every_hour():
    job = PERIODIC_JOBS["reporting.send_reminders"]
    assert job.every_minutes == 60
    assert job.task is send_reporting_reminders


def test_the_job_sends_the_reminders_due_now(cast, duty, monkeypatch):
    moment = at(d(17))
    monkeypatch.setattr(reminders.timezone, "now", lambda: moment)
    result = send_reporting_reminders.enqueue()
    assert result.return_value == 3
    assert stages_of(cast.education_focal) == ["due"]


def test_settling_a_sent_report_marks_its_reminders_read(cast, duty, run):
    run(at(d(19)))
    education = submission_of(duty, cast.education)
    mine = Notification.objects.filter(dedupe_key__startswith=f"reporting:{education.pk}:")
    assert mine.count() == 3  # focal point, leader, specialist

    assert reminders_settle(education) == 3

    assert not mine.filter(read_at__isnull=True).exists()
    assert Notification.objects.filter(read_at__isnull=True).count() > 0  # other units' stay unread
