"""API of the briefings: list, detail (with agenda, attendance and conclusions) and a unit's answer to the
invitation. The same selectors and services as the screens, so the same permissions: a briefing the caller may
not see is a 404 like a missing one; answering for a unit the caller does not act for is a 403.

No `from __future__ import annotations`: ninja reads the signatures at import time."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from khoagiao.api.pagination import Pagination
from khoagiao.api.schemas import READ_ERRORS, ErrorSchema
from khoagiao.core.errors import NotFoundError

from . import selectors, services
from .ordinals import ordinal_lead

router = Router(tags=["Giao ban"])

DETAIL_ERRORS: dict[int, type[Schema]] = {404: ErrorSchema, **READ_ERRORS}
WRITE_ERRORS: dict[int, type[Schema]] = {
    400: ErrorSchema,
    403: ErrorSchema,
    409: ErrorSchema,
    **DETAIL_ERRORS,
}


class UnitRef(Schema):
    id: int
    name: str


class BriefingSchema(Schema):
    id: int
    title: str
    kind: str = Field(description="quarter, half_year, nine_months, year, thematic")
    status: str = Field(description="planned → invited → held → concluded (hoặc cancelled)")
    date: dt.date
    start_time: dt.time
    place: str
    chair_name: str
    chair_title: str
    organising_unit: UnitRef
    proposal_cutoff: dt.date | None


class AgendaItemSchema(Schema):
    order: int
    title: str
    presenter_unit: UnitRef | None
    duration_minutes: int


class AttendanceSchema(Schema):
    id: int
    unit: UnitRef
    response: str = Field(description="pending, confirmed, apologised")
    attendees: str
    apology_reason: str
    present: bool | None


class ConclusionSchema(Schema):
    version: int
    order: int
    lead_in: str = Field(description="«Một là», «Hai là»…")
    text: str
    lead_unit: UnitRef | None
    due_date: dt.date | None
    locked: bool = Field(description="Đã ban hành thông báo kết luận (chỉ sửa bằng lần điều chỉnh mới)")
    notice_symbol: str | None


class BriefingDetailSchema(BriefingSchema):
    agenda: list[AgendaItemSchema]
    attendance: list[AttendanceSchema]
    conclusions: list[ConclusionSchema]


class BriefingFilters(Schema):
    q: str = ""
    status: str = ""
    year: int | None = None


class AttendanceIn(Schema):
    attend: bool = Field(description="true: đơn vị dự; false: xin vắng")
    attendees: str = Field("", description="Họ tên, chức vụ người dự, mỗi người một dòng (bắt buộc khi dự)")
    reason: str = Field("", description="Lý do xin vắng (bắt buộc khi vắng)")


def _unit(unit: Any) -> dict[str, Any] | None:
    return {"id": unit.pk, "name": unit.name} if unit is not None else None


def _briefing(briefing: Any) -> dict[str, Any]:
    return {
        "id": briefing.pk,
        "title": briefing.title,
        "kind": briefing.kind,
        "status": briefing.status,
        "date": briefing.date,
        "start_time": briefing.start_time,
        "place": briefing.place,
        "chair_name": briefing.chair_name,
        "chair_title": briefing.chair_title,
        "organising_unit": _unit(briefing.organising_unit),
        "proposal_cutoff": briefing.proposal_cutoff,
    }


def _detail(briefing: Any) -> dict[str, Any]:
    data = _briefing(briefing)
    data["agenda"] = [
        {
            "order": item.order,
            "title": item.title,
            "presenter_unit": _unit(item.presenter_unit),
            "duration_minutes": item.duration_minutes,
        }
        for item in briefing.agenda_items.all()
    ]
    data["attendance"] = [
        {
            "id": attendance.pk,
            "unit": _unit(attendance.unit),
            "response": attendance.response,
            "attendees": attendance.attendees,
            "apology_reason": attendance.apology_reason,
            "present": attendance.present,
        }
        for attendance in briefing.attendances.all()
    ]
    data["conclusions"] = [
        {
            "version": version.number,
            "order": item.order,
            "lead_in": ordinal_lead(item.order),
            "text": item.text,
            "lead_unit": _unit(item.lead_unit),
            "due_date": item.due_date,
            "locked": version.is_locked,
            "notice_symbol": version.notice.symbol if version.notice is not None else None,
        }
        for version in selectors.conclusion_versions(briefing)
        for item in version.items.all()
    ]
    return data


@router.get(
    "/briefings",
    response={200: list[BriefingSchema], **READ_ERRORS},
    summary="Danh sách hội nghị giao ban",
    operation_id="meetings_briefings_list",
)
@paginate(Pagination)
def briefings_list(request: HttpRequest, filters: Query[BriefingFilters]) -> object:
    """Hội nghị người dùng được xem: Ban và người theo dõi thấy hội nghị do đơn vị mình tổ chức; các đơn vị
    thấy hội nghị mời mình. Lọc theo từ khóa, tình trạng, năm."""
    return selectors.briefing_list(
        user=request.user, query=filters.q.strip()[:200], status=filters.status, year=filters.year
    )


@router.get(
    "/briefings/{int:briefing_id}",
    response={200: BriefingDetailSchema, **DETAIL_ERRORS},
    summary="Chi tiết hội nghị giao ban",
    operation_id="meetings_briefings_detail",
)
def briefings_detail(request: HttpRequest, briefing_id: int) -> object:
    """Thông tin hội nghị, chương trình, thành phần mời và tham dự, các kết luận (mọi lần điều chỉnh)."""
    return _detail(selectors.briefing_get(user=request.user, pk=briefing_id))


@router.post(
    "/briefings/{int:briefing_id}/attendance/{int:attendance_id}",
    response={200: AttendanceSchema, **WRITE_ERRORS},
    summary="Đơn vị xác nhận tham dự hoặc xin vắng",
    operation_id="meetings_attendance_respond",
)
def attendance_respond(
    request: HttpRequest, briefing_id: int, attendance_id: int, payload: AttendanceIn
) -> object:
    """Đầu mối hoặc lãnh đạo đơn vị được mời trả lời giấy mời: dự (ghi người dự) hoặc xin vắng (ghi lý do).
    Không nhận sau ngày họp (400), không trả lời thay đơn vị khác (403)."""
    briefing = selectors.briefing_get(user=request.user, pk=briefing_id)
    attendance = next((a for a in briefing.attendances.all() if a.pk == attendance_id), None)
    if attendance is None:
        raise NotFoundError("Không tìm thấy đơn vị này trong thành phần mời của hội nghị.")
    attendance = services.attendance_respond(
        actor=request.user,
        attendance=attendance,
        attend=payload.attend,
        attendees=payload.attendees,
        reason=payload.reason,
    )
    return {
        "id": attendance.pk,
        "unit": _unit(attendance.unit),
        "response": attendance.response,
        "attendees": attendance.attendees,
        "apology_reason": attendance.apology_reason,
        "present": attendance.present,
    }
