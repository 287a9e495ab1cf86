"""Reminders about reports not yet sent, and escalation when a unit stays late.

For every expected report that is still with the unit (not started, draft, returned, or awaiting the unit
leader's approval) the deadline gives a schedule of stages, each on a working day of the province's calendar:

- ``before``: REMIND_BEFORE_WORKING_DAYS working days before the deadline;
- ``due``: the deadline day;
- ``overdue-1`` … ``overdue-K``: each working day after the deadline, for REMIND_AFTER_DAYS working days;
- ``escalate``: ESCALATE_AFTER_WORKING_DAYS working days after the deadline, to the unit's leaders and to the
  department's specialists over the unit.

The first four go to the unit's focal points (to its leaders when the report awaits their approval, or when the
unit has no focal point). A stage is sent from REMIND_FROM on its day until the next stage's day, so a run missed
on one day catches up the next without ever sending a stage that no longer applies; the last stage of each track
is sent until the next working day. Each notification's dedupe key names the report, the stage and the person,
so however often the job runs, each reminder reaches each person once. A person who gets several reminders in
one run gets one e-mail listing them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from khoagiao.accounts.choices import MembershipRole
from khoagiao.accounts.models import Membership, User
from khoagiao.core.models import Notification
from khoagiao.core.notifications import notifications_email_after_commit, notify
from khoagiao.core.workdays import WorkingCalendar
from khoagiao.orgs.models import Unit

from .choices import SubmissionStatus
from .models import Submission
from .periods import province_tz

REMIND_BEFORE_WORKING_DAYS = 3
REMIND_AFTER_DAYS = 3  # daily reminders after the deadline, counted in working days
ESCALATE_AFTER_WORKING_DAYS = 2
REMIND_FROM = dt.time(7, 0)  # reminders go out from the start of the office day, not at midnight

PENDING_STATUSES = (
    SubmissionStatus.NOT_STARTED,
    SubmissionStatus.DRAFT,
    SubmissionStatus.RETURNED,
    SubmissionStatus.AWAITING_APPROVAL,
)
KIND_REMINDER = "reporting.reminder"
KIND_ESCALATION = "reporting.escalation"
FALLBACK_URL = "/bao-cao/"
STAGE_BEFORE = "before"
STAGE_DUE = "due"
STAGE_ESCALATE = "escalate"
_KEY_CHUNK = 500  # keeps every IN (...) below SQLite's bound on query parameters


@dataclass(frozen=True)
class Stage:
    code: str
    day: dt.date
    until: dt.date  # the stage is no longer sent from this day on
    overdue_days: int = 0

    def is_due(self, today: dt.date) -> bool:
        return self.day <= today < self.until


@dataclass(frozen=True)
class ReminderSchedule:
    deadline_day: dt.date
    stages: tuple[Stage, ...]  # the unit's track: before, due, overdue-1..K
    escalation: Stage

    def due(self, today: dt.date) -> list[Stage]:
        """The stages to send on `today`: at most one of the unit's track, and the escalation."""
        due = [stage for stage in self.stages if stage.is_due(today)][:1]
        if self.escalation.is_due(today):
            due.append(self.escalation)
        return due


def reminder_schedule(deadline_day: dt.date, calendar: WorkingCalendar) -> ReminderSchedule:
    days: list[tuple[str, dt.date, int]] = []
    if REMIND_BEFORE_WORKING_DAYS > 0:
        days.append((STAGE_BEFORE, calendar.add_working_days(deadline_day, -REMIND_BEFORE_WORKING_DAYS), 0))
    days.append((STAGE_DUE, deadline_day, 0))
    days.extend(
        (f"overdue-{k}", calendar.add_working_days(deadline_day, k), k)
        for k in range(1, REMIND_AFTER_DAYS + 1)
    )
    stages = []
    for index, (code, day, overdue) in enumerate(days):
        until = days[index + 1][1] if index + 1 < len(days) else calendar.add_working_days(day, 1)
        stages.append(Stage(code, day, until, overdue))
    escalate_day = calendar.add_working_days(deadline_day, max(1, ESCALATE_AFTER_WORKING_DAYS))
    escalation = Stage(
        STAGE_ESCALATE, escalate_day, calendar.add_working_days(escalate_day, 1), ESCALATE_AFTER_WORKING_DAYS
    )
    return ReminderSchedule(deadline_day, tuple(stages), escalation)


def reminder_key(submission: Submission, stage: str, user: Any) -> str:
    return f"reporting:{submission.pk}:{stage}:{user.pk}"


def reminders_settle(submission: Submission) -> int:
    """Mark the unread reminders and escalations about a report read once it has been sent: they no longer ask
    anything of anyone. For the submit and approve services to call; returns how many changed."""
    return Notification.objects.filter(
        dedupe_key__startswith=f"reporting:{submission.pk}:", read_at__isnull=True
    ).update(read_at=timezone.now())


# --- Who is reminded ----------------------------------------------------------------------------------------


def membership_holders_over_units(
    units: Iterable[Unit], roles: Iterable[str]
) -> dict[int, dict[str, list[User]]]:
    """For each unit, the active users holding each of `roles` over it (a membership in the unit or one of its
    ancestors), in one query per 500 ancestor paths whatever the number of units and users."""
    units = list(units)
    roles = list(roles)
    paths = sorted({path for unit in units for path in unit.ancestor_paths()})
    by_path: dict[str, list[tuple[str, User]]] = defaultdict(list)
    for start in range(0, len(paths), _KEY_CHUNK):
        memberships = (
            Membership.objects.filter(
                is_active=True,
                user__is_active=True,
                role__in=roles,
                unit__path__in=paths[start : start + _KEY_CHUNK],
            )
            .select_related("user", "unit")
            .order_by("unit__path", "user__username")
        )
        for membership in memberships:
            by_path[membership.unit.path].append((membership.role, membership.user))
    holders: dict[int, dict[str, list[User]]] = {}
    for unit in units:
        per_role: dict[str, list[User]] = {role: [] for role in roles}
        seen: set[tuple[str, int]] = set()
        for path in unit.ancestor_paths():
            for role, user in by_path.get(path, []):
                if (role, user.pk) not in seen:
                    seen.add((role, user.pk))
                    per_role[role].append(user)
        holders[unit.pk] = per_role
    return holders


def _unique(users: Iterable[User]) -> list[User]:
    seen: set[int] = set()
    unique = []
    for user in users:
        if user.pk not in seen:
            seen.add(user.pk)
            unique.append(user)
    return unique


def _recipients(submission: Submission, stage: Stage, holders: dict[str, list[User]]) -> list[User]:
    leaders = holders.get(MembershipRole.UNIT_LEADER, [])
    if stage.code == STAGE_ESCALATE:
        return _unique([*leaders, *holders.get(MembershipRole.DEPT_SPECIALIST, [])])
    if submission.status == SubmissionStatus.AWAITING_APPROVAL:
        return _unique(leaders)
    return _unique(holders.get(MembershipRole.FOCAL_POINT, []) or leaders)


# --- What they are told -------------------------------------------------------------------------------------


def _url(name: str, pk: int) -> str:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return FALLBACK_URL


@dataclass(frozen=True)
class Message:
    kind: str
    title: str
    body: str
    url: str


def reminder_message(
    submission: Submission,
    stage: Stage,
    *,
    to_leader: bool,
    today: dt.date,
    calendar: WorkingCalendar,
    locked: bool = False,
) -> Message:
    """What one person is told at one stage. In an escalation the unit's leader is sent to the report, the
    department's specialist to the board (a report never sent is not theirs to open)."""
    period = submission.period
    duty = period.duty
    names = {
        "unit": submission.unit.name,
        "duty": duty.name,
        "period": period.label,
        "deadline": stage_deadline_text(period.deadline),
        "status": submission.get_status_display(),
        "days": stage.overdue_days,
    }
    if stage.code == STAGE_ESCALATE:
        return Message(
            KIND_ESCALATION,
            _("Đơn vị chậm nộp báo cáo: %(unit)s — %(period)s") % names,
            _(
                "%(unit)s chưa gửi báo cáo «%(duty)s» kỳ %(period)s: đã quá hạn %(days)d ngày làm việc "
                "(hạn nộp hết ngày %(deadline)s). Trạng thái hiện tại: %(status)s."
            )
            % names,
            _url("reporting:submission_detail", submission.pk)
            if to_leader
            else _url("reporting:board", duty.pk),
        )
    awaiting = submission.status == SubmissionStatus.AWAITING_APPROVAL
    if stage.code == STAGE_BEFORE:
        names["left"] = calendar.working_days_between(today, period_deadline_day(period.deadline))
        title = (
            _("Báo cáo chờ đồng chí duyệt sắp đến hạn: %(duty)s — %(period)s")
            if awaiting
            else _("Sắp đến hạn nộp báo cáo: %(duty)s — %(period)s")
        )
        when = _("Hạn nộp hết ngày %(deadline)s (còn %(left)d ngày làm việc).")
    elif stage.code == STAGE_DUE:
        title = (
            _("Hôm nay là hạn nộp, báo cáo đang chờ đồng chí duyệt: %(duty)s — %(period)s")
            if awaiting
            else _("Hôm nay là hạn nộp báo cáo: %(duty)s — %(period)s")
        )
        when = _("Hạn nộp là hết hôm nay, ngày %(deadline)s.")
    else:
        title = (
            _("Quá hạn %(days)d ngày làm việc, báo cáo đang chờ đồng chí duyệt: %(duty)s — %(period)s")
            if awaiting
            else _("Báo cáo quá hạn %(days)d ngày làm việc: %(duty)s — %(period)s")
        )
        when = _("Hạn nộp đã hết ngày %(deadline)s; xin gửi báo cáo sớm nhất có thể.")
    what = (
        _(
            "%(unit)s: báo cáo «%(duty)s» kỳ %(period)s đã được soạn xong và đang chờ đồng chí duyệt để gửi Ban."
        )
        if awaiting
        else _("%(unit)s: báo cáo «%(duty)s» kỳ %(period)s chưa được gửi (trạng thái: %(status)s).")
    )
    parts = [what % names, when % names]
    if locked:
        parts.append(_("Kỳ báo cáo đã khóa nộp; hãy đề nghị Ban cho phép nộp muộn."))
    return Message(
        KIND_REMINDER, title % names, " ".join(parts), _url("reporting:submission_detail", submission.pk)
    )


def period_deadline_day(deadline: dt.datetime) -> dt.date:
    return deadline.astimezone(province_tz()).date()


def stage_deadline_text(deadline: dt.datetime) -> str:
    return period_deadline_day(deadline).strftime("%d/%m/%Y")


# --- The run ------------------------------------------------------------------------------------------------


def reminder_day(now: dt.datetime) -> dt.date:
    """The province's calendar day whose reminders are due at `now` (before REMIND_FROM: still yesterday's)."""
    local = now.astimezone(province_tz())
    return (local - dt.timedelta(hours=REMIND_FROM.hour, minutes=REMIND_FROM.minute)).date()


def _candidates(today: dt.date, calendar: WorkingCalendar) -> QuerySet[Submission]:
    """Reports still with their unit whose deadline is near enough to `today` for a stage to be due. The range
    is a little wider than the schedule (a deadline an administrator later turned into a day off); the exact
    stages are worked out per deadline."""
    slack = dt.timedelta(days=7)
    after = max(REMIND_AFTER_DAYS, ESCALATE_AFTER_WORKING_DAYS) + 1
    earliest = calendar.add_working_days(today, -after) - slack
    latest = calendar.add_working_days(today, max(REMIND_BEFORE_WORKING_DAYS, 0)) + slack
    tz = province_tz()
    return (
        Submission.objects.filter(
            status__in=PENDING_STATUSES,
            period__duty__is_active=True,
            period__deadline__gte=dt.datetime.combine(earliest, dt.time.min, tzinfo=tz),
            period__deadline__lte=dt.datetime.combine(latest, dt.time.max, tzinfo=tz),
        )
        .select_related("period", "period__duty", "unit")
        .order_by("period__deadline", "unit__path", "pk")
    )


def _existing_keys(keys: Sequence[str]) -> set[str]:
    existing: set[str] = set()
    for start in range(0, len(keys), _KEY_CHUNK):
        found = Notification.objects.filter(dedupe_key__in=keys[start : start + _KEY_CHUNK]).values_list(
            "dedupe_key", flat=True
        )
        existing.update(key for key in found if key)
    return existing


def send_reminders(now: dt.datetime | None = None) -> int:
    """Send every reminder and escalation due at `now` that was not sent before; returns how many notifications
    were created. Safe to run any number of times: the queries do not grow with the people reminded, only the
    inserts of new notifications do."""
    from .services.submissions import submission_is_locked

    now = now or timezone.now()
    today = reminder_day(now)
    calendar = WorkingCalendar()
    schedules: dict[dt.date, ReminderSchedule] = {}
    due: list[tuple[Submission, Stage]] = []
    for submission in _candidates(today, calendar):
        deadline_day = period_deadline_day(submission.period.deadline)
        if deadline_day not in schedules:
            schedules[deadline_day] = reminder_schedule(deadline_day, calendar)
        due.extend((submission, stage) for stage in schedules[deadline_day].due(today))
    if not due:
        return 0

    roles = [MembershipRole.FOCAL_POINT, MembershipRole.UNIT_LEADER, MembershipRole.DEPT_SPECIALIST]
    holders = membership_holders_over_units({s.unit_id: s.unit for s, _stage in due}.values(), roles)
    planned: list[tuple[Submission, Stage, User, bool, str]] = []
    for submission, stage in due:
        unit_holders = holders.get(submission.unit_id, {})
        leader_ids = {user.pk for user in unit_holders.get(MembershipRole.UNIT_LEADER, [])}
        for user in _recipients(submission, stage, unit_holders):
            key = reminder_key(submission, stage.code, user)
            planned.append((submission, stage, user, user.pk in leader_ids, key))
    existing = _existing_keys([key for *_rest, key in planned])

    created: dict[int, list[Notification]] = defaultdict(list)
    users: dict[int, User] = {}
    with translation.override(settings.LANGUAGE_CODE):
        for submission, stage, user, to_leader, key in planned:
            if key in existing:
                continue
            message = reminder_message(
                submission,
                stage,
                to_leader=to_leader,
                today=today,
                calendar=calendar,
                locked=stage.overdue_days > 0 and submission_is_locked(submission, now),
            )
            notification = notify(
                user,
                kind=message.kind,
                title=message.title,
                body=message.body,
                url=message.url,
                dedupe_key=key,
                email=False,
            )
            if notification is not None:
                existing.add(key)
                created[user.pk].append(notification)
                users[user.pk] = user
        for user_pk, notifications in created.items():
            notifications_email_after_commit(users[user_pk], notifications)
    return sum(len(notifications) for notifications in created.values())
