"""Writes of the foundation: retrying a failed job, correcting the working-day calendar.

Each function checks permission, validates, writes and audits in one transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks.base import Task
from django_tasks.exceptions import InvalidTaskBackendError, InvalidTaskError
from django_tasks_db.models import DBTaskResult

from khoagiao.accounts.permissions import can_manage_calendar, can_view_jobs

from .audit import acting_user, audit_record, audited_update, snapshot
from .errors import ConflictError, NotFoundError, ValidationFailed
from .models import AuditEvent, CalendarDay
from .permissions import require
from .selectors import JOB_RETRY_ACTION
from .workdays import SATURDAY, public_holidays, weekday_name

CALENDAR_DAY_AUDIT_FIELDS = ("date", "is_working_day", "note")
CALENDAR_FIRST_YEAR = 2000
CALENDAR_LAST_YEAR = 2100
NOTE_MAX_LENGTH = CalendarDay._meta.get_field("note").max_length or 200


def _vi_date(day: dt.date) -> str:
    return f"{weekday_name(day)}, {day:%d/%m/%Y}"


# --- Jobs --------------------------------------------------------------------------------------------------


@transaction.atomic
def job_retry(*, actor: Any, result: DBTaskResult) -> DBTaskResult:
    """Enqueue a failed job again, same arguments, same queue; the failed result stays as history.

    The job is enqueued inside the transaction, not after commit: on the database queue the new row then
    commits or rolls back together with the audit event, and the retried job depends on nothing written here.
    """
    require(can_view_jobs(actor), _("Chỉ quản trị viên mới được chạy lại công việc nền."))
    locked = DBTaskResult.objects.select_for_update().filter(pk=result.pk).first()
    if locked is None:
        raise NotFoundError(_("Không tìm thấy công việc nền này (có thể đã được dọn đi)."))
    result = locked
    if result.status != "FAILED":
        raise ValidationFailed(_("Chỉ chạy lại được công việc bị lỗi."), code="job_not_failed")
    previous = AuditEvent.objects.filter(action=JOB_RETRY_ACTION, object_id=str(result.pk)).first()
    if previous is not None:
        raise ConflictError(
            _("Công việc này đã được chạy lại lúc %(time)s bởi %(actor)s.")
            % {"time": f"{previous.created_at:%H:%M %d/%m/%Y}", "actor": previous.actor_name},
            code="job_already_retried",
        )
    try:
        task = import_string(result.task_path)
    except ImportError as error:
        raise ValidationFailed(
            _("Không tìm thấy công việc «%(path)s» trong phiên bản phần mềm hiện tại, không thể chạy lại.")
            % {"path": result.task_path},
            code="job_missing",
        ) from error
    if not isinstance(task, Task):
        raise ValidationFailed(
            _("«%(path)s» không phải là một công việc nền, không thể chạy lại.") % {"path": result.task_path},
            code="job_missing",
        )
    args_kwargs = result.args_kwargs or {}
    args, kwargs = list(args_kwargs.get("args", [])), dict(args_kwargs.get("kwargs", {}))
    try:
        new_result = task.using(
            priority=result.priority, queue_name=result.queue_name, backend=result.backend_name
        ).enqueue(*args, **kwargs)
    except (InvalidTaskBackendError, InvalidTaskError) as error:
        # The queue it ran on was removed from the settings, or the job's code changed shape since.
        raise ValidationFailed(
            _("Không thể chạy lại công việc này với cấu hình hiện tại: %(error)s") % {"error": error},
            code="job_invalid",
        ) from error
    audit_record(
        actor=actor,
        action=JOB_RETRY_ACTION,
        obj=result,
        before={"status": result.status, "exception": result.exception_class_path},
        after={
            "task_path": result.task_path,
            "args": args,
            "kwargs": kwargs,
            "new_result_id": str(new_result.id),
        },
    )
    return result


# --- Working-day calendar -----------------------------------------------------------------------------------


def _default_is_working_day(day: dt.date) -> tuple[bool, str]:
    """What the day is without any correction, and why it is off."""
    holidays = public_holidays(day.year)
    if day in holidays:
        return False, holidays[day]
    if day.weekday() >= SATURDAY:
        return False, weekday_name(day)
    return True, ""


@transaction.atomic
def calendar_day_set(*, actor: Any, date: dt.date, is_working_day: bool, note: str = "") -> CalendarDay:
    """Make `date` a day off (an extra day off decided by the Government) or a working day (a swap).

    A correction that changes nothing is refused: the same one twice, a day off on a holiday or a weekend, a
    working day on an ordinary weekday (removing the existing correction is the way back). A correction left
    pointless by a newer holiday library is turned around in place.
    """
    require(can_manage_calendar(actor), _("Chỉ quản trị viên mới được điều chỉnh lịch làm việc."))
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        raise ValidationFailed(_("Ngày không hợp lệ."), details={"field": "date"})
    if not CALENDAR_FIRST_YEAR <= date.year <= CALENDAR_LAST_YEAR:
        raise ValidationFailed(
            _("Chỉ điều chỉnh được ngày trong các năm %(first)d–%(last)d.")
            % {"first": CALENDAR_FIRST_YEAR, "last": CALENDAR_LAST_YEAR},
            details={"field": "date"},
        )
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationFailed(
            _("Ghi chú dài tối đa %(count)d ký tự.") % {"count": NOTE_MAX_LENGTH}, details={"field": "note"}
        )
    if not is_working_day and not note:
        raise ValidationFailed(
            _("Vui lòng ghi lý do của ngày nghỉ (ví dụ: nghỉ bù Tết theo thông báo của Chính phủ)."),
            details={"field": "note"},
        )
    day = CalendarDay.objects.select_for_update().filter(date=date).first()
    if day is not None and day.is_working_day == is_working_day:
        message = (
            _("Ngày %(date)s đã được đặt là ngày làm việc.")
            if is_working_day
            else _("Ngày %(date)s đã được đặt là ngày nghỉ.")
        )
        raise ValidationFailed(
            message % {"date": _vi_date(date)}, code="calendar_day_exists", details={"field": "date"}
        )
    default_working, reason = _default_is_working_day(date)
    if default_working == is_working_day:
        message = (
            _("Ngày %(date)s vốn đã là ngày làm việc, không cần điều chỉnh.")
            if is_working_day
            else _("Ngày %(date)s vốn đã là ngày nghỉ (%(reason)s), không cần điều chỉnh.")
        )
        message = message % {"date": _vi_date(date), "reason": reason}
        if day is not None:
            message += " " + _("Muốn trở lại lịch chung, hãy bỏ điều chỉnh đang có của ngày này.")
        raise ValidationFailed(message, code="calendar_day_redundant", details={"field": "date"})
    if day is None:
        day = CalendarDay.objects.create(
            date=date,
            is_working_day=is_working_day,
            note=note,
            created_by=acting_user(actor),
        )
        audit_record(
            actor=actor,
            action="core.calendar_day_create",
            obj=day,
            after=snapshot(day, CALENDAR_DAY_AUDIT_FIELDS),
        )
        return day
    audited_update(
        actor=actor,
        obj=day,
        action="core.calendar_day_update",
        changes={"is_working_day": is_working_day, "note": note},
        audit_fields=CALENDAR_DAY_AUDIT_FIELDS,
    )
    return day


@transaction.atomic
def calendar_day_remove(*, actor: Any, day: CalendarDay) -> None:
    """Drop a correction: the day goes back to what the weekends and the holiday library say."""
    require(can_manage_calendar(actor), _("Chỉ quản trị viên mới được điều chỉnh lịch làm việc."))
    locked = CalendarDay.objects.select_for_update().filter(pk=day.pk).first()
    if locked is None:
        raise NotFoundError(_("Không tìm thấy ngày điều chỉnh này (có thể đã được xóa)."))
    day = locked
    audit_record(
        actor=actor,
        action="core.calendar_day_remove",
        obj=day,
        before=snapshot(day, CALENDAR_DAY_AUDIT_FIELDS),
    )
    day.delete()
