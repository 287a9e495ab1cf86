"""Schemas of the reporting API for units' reports: the report, its detail and the inputs of the actions.
No `from __future__ import annotations`: see the package's docstring."""

import datetime as dt
from typing import Any

from ninja import Field, Schema

from khoagiao.api.schemas import UnitRefSchema

from ..choices import SubmissionStatus, Timeliness
from ..models import ReportingDuty, Submission
from ..permissions import can_approve_submission, can_edit_submission, can_review_submission
from ..selectors import submission_events
from ..selectors_board import submission_timeliness
from ..services import submissions as services
from ..validation import ParsedValue
from .common import decimal_text


class DutyRefSchema(Schema):
    id: int
    code: str
    name: str


class PeriodRefSchema(Schema):
    id: int
    label: str
    window_start: dt.date
    window_end: dt.date
    deadline: dt.datetime


class SubmissionSchema(Schema):
    id: int
    duty: DutyRefSchema
    period: PeriodRefSchema
    unit: UnitRefSchema
    status: str = Field(
        ...,
        description="`not_started`, `draft`, `awaiting_approval`, `submitted`, `returned`, `accepted`.",
    )
    status_label: str
    timeliness: str = Field(
        ..., description="`on_time`, `late`, `missing`, `pending` (từ thời điểm gửi lần đầu)."
    )
    timeliness_label: str
    version: int = Field(..., description="Phiên bản bản nháp; gửi kèm khi lưu để tránh ghi đè.")
    revision_count: int
    first_submitted_at: dt.datetime | None
    last_submitted_at: dt.datetime | None
    accepted_at: dt.datetime | None
    returned_at: dt.datetime | None
    last_edited_at: dt.datetime | None

    @staticmethod
    def resolve_duty(obj: Submission) -> ReportingDuty:
        return obj.period.duty

    @staticmethod
    def resolve_status_label(obj: Submission) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_timeliness(obj: Submission) -> str:
        return str(submission_timeliness(obj))

    @staticmethod
    def resolve_timeliness_label(obj: Submission) -> str:
        return str(Timeliness(submission_timeliness(obj)).label)


class NarrativeSectionSchema(Schema):
    code: str
    heading: str
    guidance: str
    is_required: bool
    html: str = Field(..., description="Nội dung (HTML đã làm sạch).")


class FigureSchema(Schema):
    code: str
    name: str
    unit_of_measure: str
    value_type: str
    is_required: bool
    min_value: str | None
    max_value: str | None
    is_cumulative: bool
    choices: list[str]
    value: str | bool | None = Field(
        ..., description="Số (dạng chuỗi, dấu chấm thập phân), true/false, văn bản, hoặc null khi trống."
    )
    display: str = Field(..., description="Giá trị như hiển thị trên màn hình (1.234,5; Có/Không).")


class EventSchema(Schema):
    action: str
    action_label: str
    actor: str | None
    comment: str
    revision: int | None
    created_at: dt.datetime


class AllowedSchema(Schema):
    edit: bool = Field(..., description="Soạn, lưu nháp, gửi.")
    approve: bool = Field(..., description="Lãnh đạo đơn vị duyệt.")
    review: bool = Field(..., description="Ban tiếp nhận, trả lại.")


class SubmissionDetailSchema(SubmissionSchema):
    lock_at: dt.datetime | None
    is_locked: bool
    sections: list[NarrativeSectionSchema]
    figures: list[FigureSchema]
    events: list[EventSchema] = Field(
        ..., description="Lịch sử gửi, duyệt, trả lại, tiếp nhận; mới nhất trước."
    )
    allowed: AllowedSchema = Field(..., description="Người gọi được làm gì với báo cáo lúc này.")

    @staticmethod
    def resolve_lock_at(obj: Submission) -> dt.datetime | None:
        return obj.period.lock_at

    @staticmethod
    def resolve_is_locked(obj: Submission) -> bool:
        return services.submission_is_locked(obj)

    @staticmethod
    def resolve_sections(obj: Submission) -> list[dict[str, Any]]:
        return [
            {
                "code": section.code,
                "heading": section.heading,
                "guidance": section.guidance,
                "is_required": section.is_required,
                "html": obj.narrative.get(section.code, ""),
            }
            for section in obj.period.template_version.sections.order_by("order")
        ]

    @staticmethod
    def resolve_figures(obj: Submission) -> list[dict[str, Any]]:
        values = services.current_values(obj)
        figures = []
        for indicator in obj.period.template_version.indicators.order_by("order"):
            value = values.get(indicator.code, ParsedValue())
            figures.append(
                {
                    "code": indicator.code,
                    "name": indicator.name,
                    "unit_of_measure": indicator.unit_of_measure,
                    "value_type": indicator.value_type,
                    "is_required": indicator.is_required,
                    "min_value": decimal_text(indicator.min_value),
                    "max_value": decimal_text(indicator.max_value),
                    "is_cumulative": indicator.is_cumulative,
                    "choices": [str(choice) for choice in indicator.choices],
                    "value": value.as_json(),
                    "display": value.display(),
                }
            )
        return figures

    @staticmethod
    def resolve_events(obj: Submission) -> list[dict[str, Any]]:
        return [
            {
                "action": event.action,
                "action_label": str(event.get_action_display()),
                "actor": event.actor.get_full_name() if event.actor else None,
                "comment": event.comment,
                "revision": event.revision.number if event.revision else None,
                "created_at": event.created_at,
            }
            for event in submission_events(obj)
        ]

    @staticmethod
    def resolve_allowed(obj: Submission, context: Any) -> dict[str, bool]:
        user = context["request"].user
        return {
            "edit": can_edit_submission(user, obj),
            "approve": can_approve_submission(user, obj),
            "review": can_review_submission(user, obj),
        }


class SubmissionFilters(Schema):
    duty: int | None = Field(None, description="Mã (id) chế độ báo cáo.")
    period: int | None = Field(None, description="Mã (id) kỳ báo cáo; khi bỏ trống chỉ gồm các kỳ đã mở.")
    unit: int | None = Field(None, description="Mã (id) đơn vị.")
    status: SubmissionStatus | None = Field(None, description="Trạng thái báo cáo.")
    q: str | None = Field(None, max_length=200, description="Tìm theo tên đơn vị; không phân biệt dấu.")


class DraftIn(Schema):
    version: int = Field(
        ...,
        ge=0,
        description="Phiên bản đọc được lần trước (`version`); khác phiên bản hiện tại thì bị từ chối (409).",
    )
    narrative: dict[str, str] = Field(
        default_factory=dict, description="Nội dung theo mã mục (HTML; được làm sạch khi lưu)."
    )
    values: dict[str, str | bool | int | float | None] = Field(
        default_factory=dict,
        description="Số liệu theo mã chỉ tiêu: số (hoặc chuỗi «1.234,5»), true/false, văn bản; null để xóa.",
    )


class SubmitIn(Schema):
    version: int | None = Field(None, ge=0, description="Nếu có: chỉ gửi khi bản nháp vẫn ở phiên bản này.")


class ReturnIn(Schema):
    comment: str = Field(..., max_length=5000, description="Nội dung đơn vị cần sửa (bắt buộc).")


class AcceptIn(Schema):
    comment: str = Field("", max_length=5000)
