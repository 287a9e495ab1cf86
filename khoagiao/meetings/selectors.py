"""Reads of the briefings, scoped to the user: the department and the leadership viewer see the briefings their
memberships reach through the organising unit; the other members see those that invite one of their units."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.errors import NotFoundError
from khoagiao.core.permissions import user_scope
from khoagiao.core.text import fold_vi
from khoagiao.core.workdays import WorkingCalendar
from khoagiao.tasks.buckets import BucketRow, bucket_rows_by_lead_unit, bucket_totals
from khoagiao.tasks.models import Task

from .choices import AttendanceResponse, BriefingStatus
from .models import AgendaItem, Attendance, Briefing, ConclusionItem, ConclusionVersion
from .permissions import READERS, UNIT_ACTORS

NOTICE_DUE_DEFAULT_WORKING_DAYS = 5


def notice_due_working_days() -> int:
    from django.conf import settings

    return int(getattr(settings, "MEETINGS_NOTICE_DUE_WORKING_DAYS", NOTICE_DUE_DEFAULT_WORKING_DAYS))


def notice_due_date(briefing: Briefing, calendar: WorkingCalendar | None = None) -> dt.date:
    """The notice is due N working days after the meeting (setting MEETINGS_NOTICE_DUE_WORKING_DAYS, 5)."""
    return (calendar or WorkingCalendar()).add_working_days(briefing.date, notice_due_working_days())


def _visible_q(user: Any) -> Q:
    if getattr(user, "is_superuser", False) and user.is_active:
        return Q()
    readers = user_scope(user, READERS)
    members = user_scope(user)
    return Q(organising_unit_id__in=readers.unit_ids) | Q(attendances__unit_id__in=members.unit_ids)


def briefing_list(
    *, user: Any, query: str = "", status: str = "", year: int | None = None
) -> QuerySet[Briefing]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Briefing.objects.none()
    visible = Briefing.objects.filter(_visible_q(user)).values("pk")
    queryset = Briefing.objects.filter(pk__in=visible).select_related("organising_unit", "secretary")
    if query:
        queryset = queryset.filter(search_text__contains=fold_vi(query))
    if status in BriefingStatus.values:
        queryset = queryset.filter(status=status)
    if year:
        queryset = queryset.filter(date__year=year)
    return queryset.order_by("-date", "-start_time", "-id")


def briefing_get(*, user: Any, pk: int) -> Briefing:
    briefing = (
        briefing_list(user=user)
        .select_related("organising_unit__kind", "chair_user", "period", "period__duty")
        .prefetch_related(
            Prefetch("attendances", queryset=Attendance.objects.select_related("unit", "responded_by")),
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("presenter_unit").prefetch_related("documents"),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if briefing is None:
        raise NotFoundError(_("Không tìm thấy hội nghị giao ban này, hoặc bạn không có quyền xem."))
    return briefing


def unit_ids_user_acts_for(user: Any) -> set[int]:
    return set(user_scope(user, UNIT_ACTORS).unit_ids)


def attendances_user_answers(user: Any, briefing: Briefing) -> list[Attendance]:
    """The invited units of `briefing` this user answers for (focal point or leader over them)."""
    if getattr(user, "is_superuser", False):
        return []
    ids = unit_ids_user_acts_for(user)
    return [attendance for attendance in briefing.attendances.all() if attendance.unit_id in ids]


def conclusion_versions(briefing: Briefing) -> list[ConclusionVersion]:
    return list(
        ConclusionVersion.objects.filter(briefing=briefing)
        .select_related("notice")
        .prefetch_related(
            Prefetch("items", queryset=ConclusionItem.objects.select_related("lead_unit").order_by("order"))
        )
        .order_by("number")
    )


def tasks_by_item(items: list[ConclusionItem]) -> dict[int, list[Task]]:
    """The tasks created from each conclusion item, in one query."""
    if not items:
        return {}
    result: dict[int, list[Task]] = {item.pk: [] for item in items}
    tasks = Task.objects.filter(
        source_type=ContentType.objects.get_for_model(ConclusionItem), source_id__in=list(result)
    ).select_related("lead_unit")
    for task in tasks:
        result.setdefault(task.source_id or 0, []).append(task)
    return result


# --- Follow-up of earlier briefings' conclusions --------------------------------------------------------------


@dataclass
class FollowUp:
    rows: list[BucketRow]
    total: BucketRow
    briefings: list[Briefing]
    today: dt.date


def previous_conclusion_tasks(briefing: Briefing) -> QuerySet[Task]:
    """Tasks whose source is a conclusion item of an earlier briefing of the same organising unit."""
    item_ids = ConclusionItem.objects.filter(
        version__briefing__organising_unit_id=briefing.organising_unit_id,
        version__briefing__date__lt=briefing.date,
    ).values("pk")
    return Task.objects.filter(
        source_type=ContentType.objects.get_for_model(ConclusionItem), source_id__in=item_ids
    )


def briefing_followup(briefing: Briefing, *, today: dt.date | None = None) -> FollowUp:
    """The standing section "Kết quả thực hiện kết luận kỳ trước": the four buckets per lead unit."""
    from khoagiao.orgs.models import Unit

    today = today or timezone.localdate()
    tasks = previous_conclusion_tasks(briefing)
    rows = bucket_rows_by_lead_unit(tasks, today=today)
    units = Unit.objects.in_bulk([row.unit for row in rows if isinstance(row.unit, int)])
    for row in rows:
        if isinstance(row.unit, int):
            row.unit = units.get(row.unit, row.unit)
    rows.sort(key=lambda row: getattr(row.unit, "path", ""))
    earlier = list(
        Briefing.objects.filter(
            organising_unit_id=briefing.organising_unit_id,
            date__lt=briefing.date,
            conclusion_versions__items__isnull=False,
        )
        .distinct()
        .order_by("-date")[:5]
    )
    return FollowUp(rows=rows, total=bucket_totals(tasks, today=today), briefings=earlier, today=today)


# --- Calendar -----------------------------------------------------------------------------------------------


@dataclass
class CalendarEntry:
    day: dt.date
    kind: str  # "briefing" | "cutoff" | "notice_due"
    title: str
    briefing: Briefing
    time: dt.time | None = None


def calendar_entries(*, user: Any, start: dt.date, days: int = 90) -> list[CalendarEntry]:
    """Upcoming briefings and their deadlines (proposal cut-offs; notice due dates for the organisers)."""
    end = start + dt.timedelta(days=days)
    calendar = WorkingCalendar()
    briefings = (
        briefing_list(user=user)
        .exclude(status=BriefingStatus.CANCELLED)
        .filter(date__gte=start - dt.timedelta(days=20), date__lte=end)
    )
    manage_ids = set(user_scope(user, {"dept_leader", "dept_specialist"}).unit_ids)
    entries: list[CalendarEntry] = []
    for briefing in briefings:
        if start <= briefing.date <= end:
            entries.append(
                CalendarEntry(briefing.date, "briefing", briefing.title, briefing, briefing.start_time)
            )
        if briefing.proposal_cutoff and start <= briefing.proposal_cutoff <= end:
            entries.append(
                CalendarEntry(
                    briefing.proposal_cutoff,
                    "cutoff",
                    _("Hạn đề xuất nội dung: %(title)s") % {"title": briefing.title},
                    briefing,
                )
            )
        if briefing.status in {BriefingStatus.INVITED, BriefingStatus.HELD} and (
            user.is_superuser or briefing.organising_unit_id in manage_ids
        ):
            due = notice_due_date(briefing, calendar)
            if start <= due <= end:
                entries.append(
                    CalendarEntry(
                        due,
                        "notice_due",
                        _("Hạn ban hành thông báo kết luận: %(title)s") % {"title": briefing.title},
                        briefing,
                    )
                )
    entries.sort(key=lambda entry: (entry.day, entry.time or dt.time(0), entry.briefing.pk))
    return entries


def pending_invitations(user: Any, *, limit: int = 8) -> list[Attendance]:
    """Invitations issued to units the user answers for, not yet answered, meeting not past."""
    ids = unit_ids_user_acts_for(user)
    if not ids or getattr(user, "is_superuser", False):
        return []
    return list(
        Attendance.objects.filter(
            unit_id__in=ids,
            response=AttendanceResponse.PENDING,
            briefing__status=BriefingStatus.INVITED,
            briefing__date__gte=timezone.localdate(),
        )
        .select_related("briefing", "unit")
        .order_by("briefing__date", "unit__path")[:limit]
    )
