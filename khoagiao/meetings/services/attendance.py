"""Attendance: each invited unit answers the invitation (before the meeting day ends); on the day the
secretary records who actually attended; the units' opinions, proposals and petitions voiced at the meeting."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.audit import acting_user, audit_record
from khoagiao.core.errors import ValidationFailed
from khoagiao.core.permissions import require
from khoagiao.orgs.models import Unit

from ..choices import AttendanceResponse, BriefingStatus, OpinionKind
from ..models import Attendance, Briefing, Opinion
from ..permissions import can_respond_attendance
from .common import locked_briefing, require_manager, require_meeting_day_reached, require_status

MAX_ATTENDEES_TEXT = 2000


@transaction.atomic
def attendance_respond(
    *, actor: Any, attendance: Attendance, attend: bool, attendees: str = "", reason: str = ""
) -> Attendance:
    """A unit confirms who attends (names and positions, one per line) or sends its apology with a reason.
    Refused after the meeting day, and for a unit the actor does not act for."""
    attendance = (
        Attendance.objects.select_for_update().select_related("unit", "briefing").get(pk=attendance.pk)
    )
    briefing = attendance.briefing
    require(
        can_respond_attendance(actor, attendance),
        _("Chỉ đầu mối hoặc lãnh đạo của %(unit)s mới được trả lời giấy mời thay cho đơn vị.")
        % {"unit": attendance.unit.name},
    )
    require_status(
        briefing,
        {BriefingStatus.PLANNED, BriefingStatus.INVITED},
        _("Hội nghị đã họp hoặc đã hủy; không xác nhận tham dự được nữa."),
    )
    if timezone.localdate() > briefing.date:
        raise ValidationFailed(
            _("Hội nghị đã họp ngày %(date)s; không xác nhận tham dự sau ngày họp.")
            % {"date": f"{briefing.date:%d/%m/%Y}"},
            code="after_meeting",
        )
    attendees = (attendees or "").strip()
    reason = (reason or "").strip()
    if attend and not attendees:
        raise ValidationFailed(
            _("Hãy ghi họ tên và chức vụ người dự (mỗi người một dòng)."),
            code="attendees",
            details={"field": "attendees"},
        )
    if not attend and not reason:
        raise ValidationFailed(_("Hãy ghi lý do xin vắng."), code="reason", details={"field": "reason"})
    if len(attendees) > MAX_ATTENDEES_TEXT:
        raise ValidationFailed(
            _("Danh sách người dự quá dài."), code="attendees", details={"field": "attendees"}
        )
    before = {"response": attendance.response, "attendees": attendance.attendees}
    attendance.response = AttendanceResponse.CONFIRMED if attend else AttendanceResponse.APOLOGISED
    attendance.attendees = attendees if attend else ""
    attendance.apology_reason = "" if attend else reason[:500]
    attendance.responded_by = acting_user(actor)
    attendance.responded_at = timezone.now()
    attendance.save()
    audit_record(
        actor=actor,
        action="meetings.attendance_respond",
        obj=attendance,
        before=before,
        after={"response": attendance.response, "attendees": attendance.attendees, "reason": reason},
    )
    return attendance


@transaction.atomic
def attendance_record(
    *, actor: Any, attendance: Attendance, present: bool, actual_attendees: str = ""
) -> Attendance:
    """On (or after) the day, the secretary or a specialist records whether the unit attended, and who."""
    briefing = locked_briefing(attendance.briefing)
    require_manager(actor, briefing)
    require_status(
        briefing,
        {BriefingStatus.INVITED, BriefingStatus.HELD},
        _("Chỉ ghi nhận tham dự khi giấy mời đã phát hành và thông báo kết luận chưa ban hành."),
    )
    require_meeting_day_reached(briefing, _("ghi nhận thành phần dự thực tế"))
    attendance = Attendance.objects.select_for_update().get(pk=attendance.pk)
    before = {"present": attendance.present, "actual_attendees": attendance.actual_attendees}
    actual = (actual_attendees or "").strip()[:MAX_ATTENDEES_TEXT]
    if present and not actual:
        actual = attendance.attendees
    attendance.present = present
    attendance.actual_attendees = actual if present else ""
    attendance.recorded_by = acting_user(actor)
    attendance.save(update_fields=["present", "actual_attendees", "recorded_by", "updated_at"])
    audit_record(
        actor=actor,
        action="meetings.attendance_record",
        obj=attendance,
        before=before,
        after={"present": present, "actual_attendees": attendance.actual_attendees},
    )
    return attendance


@transaction.atomic
def opinion_add(*, actor: Any, briefing: Briefing, unit: Unit, kind: str, content: str) -> Opinion:
    briefing = locked_briefing(briefing)
    require_manager(actor, briefing)
    require_status(
        briefing,
        {BriefingStatus.INVITED, BriefingStatus.HELD},
        _("Chỉ ghi ý kiến khi hội nghị đã phát hành giấy mời và chưa ban hành thông báo kết luận."),
    )
    require_meeting_day_reached(briefing, _("ghi ý kiến tại hội nghị"))
    if kind not in OpinionKind.values:
        raise ValidationFailed(_("Loại ý kiến không hợp lệ."), code="kind", details={"field": "kind"})
    if not briefing.attendances.filter(unit=unit).exists() and unit.pk != briefing.organising_unit_id:
        raise ValidationFailed(
            _("Đơn vị %(unit)s không có trong thành phần mời.") % {"unit": unit.name},
            details={"field": "unit"},
        )
    content = (content or "").strip()
    if not content:
        raise ValidationFailed(_("Hãy nhập nội dung ý kiến."), code="content", details={"field": "content"})
    opinion = Opinion.objects.create(
        briefing=briefing, unit=unit, kind=kind, content=content, created_by=acting_user(actor)
    )
    audit_record(
        actor=actor,
        action="meetings.opinion_add",
        obj=opinion,
        after={"unit": unit.pk, "kind": kind, "content": content},
    )
    return opinion


@transaction.atomic
def opinion_delete(*, actor: Any, opinion: Opinion) -> None:
    briefing = locked_briefing(opinion.briefing)
    require_manager(actor, briefing)
    require_status(
        briefing,
        {BriefingStatus.INVITED, BriefingStatus.HELD},
        _("Thông báo kết luận đã ban hành; các ý kiến được giữ nguyên."),
    )
    before = {"unit": opinion.unit_id, "kind": opinion.kind, "content": opinion.content}
    opinion.delete()
    audit_record(actor=actor, action="meetings.opinion_delete", obj=briefing, before=before)
