"""API of the reporting regime: templates, duties, periods, units' reports and completeness.

Thin: the same selectors and services as the screens, so the same permissions. A report the caller may not read
is a 404, exactly like a missing one; an action the caller may not take on a report they can read is a 403; a
draft saved over a newer version is a 409. Every error is `{"code", "message", "details"}`.

No `from __future__ import annotations` here: ninja reads the endpoint signatures (wrapped by `paginate`) at
import time and needs real types, not strings.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from khoagiao.api.pagination import Pagination
from khoagiao.api.schemas import READ_ERRORS, ErrorSchema, UnitRefSchema
from khoagiao.core.errors import NotFoundError
from khoagiao.core.text import search_filter

from .choices import SubmissionStatus, TemplateVersionStatus, Timeliness
from .models import (
    Indicator,
    Period,
    ReportingDuty,
    ReportTemplate,
    Submission,
    TemplateSection,
    TemplateVersion,
    ValidationRule,
)
from .permissions import (
    DEPARTMENT,
    READERS,
    UNIT_EDITORS,
    can_approve_submission,
    can_edit_submission,
    can_manage_templates,
    can_review_submission,
)
from .selectors import submission_events, submission_get, submission_list
from .selectors_board import Board, Cell, Stats, board_get, submission_timeliness
from .services import submissions as services
from .validation import ParsedValue

router = Router(tags=["Báo cáo"])

WRITE_ERRORS: dict[int, type[Schema]] = {
    400: ErrorSchema,
    403: ErrorSchema,
    404: ErrorSchema,
    409: ErrorSchema,
    **READ_ERRORS,
}
DETAIL_ERRORS: dict[int, type[Schema]] = {404: ErrorSchema, **READ_ERRORS}


# --- Scope of templates and duties -----------------------------------------------------------------------------


def _unit_ids(user: Any, roles: set[Any]) -> set[int]:
    """Units under the user's memberships with `roles` (the reach of `user_roles_over`, no predecessors)."""
    from khoagiao.accounts.selectors import membership_units_for_user
    from khoagiao.orgs.selectors import unit_ids_in_subtrees

    units = membership_units_for_user(user, roles=roles)
    return unit_ids_in_subtrees(units, include_predecessors=False) if units else set()


def _visible_duties(user: Any) -> QuerySet[ReportingDuty]:
    """Duties the caller deals with: the department and readers over the receiving unit (who manage it or see
    its board), and the units that must report under it."""
    duties = ReportingDuty.objects.all()
    if user.is_superuser:
        return duties
    managed = _unit_ids(user, DEPARTMENT | READERS)
    reporting = _unit_ids(user, UNIT_EDITORS)
    return duties.filter(
        Q(receiving_unit_id__in=managed)
        | Q(pk__in=Submission.objects.filter(unit_id__in=reporting).values("period__duty_id"))
    )


def _visible_templates(user: Any) -> QuerySet[ReportTemplate]:
    """The department sees every template; others the templates of the duties they deal with."""
    if can_manage_templates(user):
        return ReportTemplate.objects.all()
    return ReportTemplate.objects.filter(pk__in=_visible_duties(user).values("template_id"))


def _duty(user: Any, pk: int) -> ReportingDuty:
    duty = _visible_duties(user).select_related("template", "receiving_unit").filter(pk=pk).first()
    if duty is None:
        raise NotFoundError(_("Không tìm thấy chế độ báo cáo, hoặc bạn không có quyền xem chế độ này."))
    return duty


# --- Schemas: templates ----------------------------------------------------------------------------------------


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


class VersionRefSchema(Schema):
    id: int
    number: int
    status: str = Field(..., description="`draft`, `published` hoặc `retired`.")
    status_label: str
    published_at: dt.datetime | None
    note: str

    @staticmethod
    def resolve_status_label(obj: TemplateVersion) -> str:
        return str(obj.get_status_display())


class TemplateSchema(Schema):
    id: int
    code: str
    name: str
    description: str
    is_active: bool
    versions: list[VersionRefSchema] = Field(..., description="Các phiên bản, mới nhất trước.")

    @staticmethod
    def resolve_versions(obj: ReportTemplate) -> list[TemplateVersion]:
        return list(obj.versions.all())


class SectionSchema(Schema):
    code: str
    order: int
    heading: str
    guidance: str
    is_required: bool
    field: str | None = Field(..., description="Mã lĩnh vực, nếu có.")
    is_public_opinion: bool

    @staticmethod
    def resolve_field(obj: TemplateSection) -> str | None:
        return obj.field.code if obj.field else None


class IndicatorSchema(Schema):
    code: str
    order: int
    name: str
    unit_of_measure: str
    value_type: str = Field(..., description="`integer`, `decimal`, `percent`, `boolean`, `choice`, `text`.")
    value_type_label: str
    choices: list[str]
    aggregation: str
    field: str | None = Field(..., description="Mã lĩnh vực, nếu có.")
    is_required: bool
    min_value: str | None = Field(..., description="Giá trị nhỏ nhất (số dạng chuỗi, dấu chấm thập phân).")
    max_value: str | None
    is_cumulative: bool = Field(..., description="Lũy kế từ đầu năm.")
    guidance: str

    @staticmethod
    def resolve_value_type_label(obj: Indicator) -> str:
        return str(obj.get_value_type_display())

    @staticmethod
    def resolve_choices(obj: Indicator) -> list[str]:
        return [str(choice) for choice in obj.choices]

    @staticmethod
    def resolve_field(obj: Indicator) -> str | None:
        return obj.field.code if obj.field else None

    @staticmethod
    def resolve_min_value(obj: Indicator) -> str | None:
        return _decimal(obj.min_value)

    @staticmethod
    def resolve_max_value(obj: Indicator) -> str | None:
        return _decimal(obj.max_value)


class RuleSchema(Schema):
    left: str = Field(..., description="Mã chỉ tiêu vế trái.")
    operator: str = Field(..., description="`le`, `lt`, `ge`, `gt`, `eq`, `ne`, `both_or_neither`.")
    operator_label: str
    right: str | None = Field(..., description="Mã chỉ tiêu vế phải, hoặc null khi so với hằng số.")
    right_constant: str | None
    message: str

    @staticmethod
    def resolve_left(obj: ValidationRule) -> str:
        return obj.left.code

    @staticmethod
    def resolve_operator_label(obj: ValidationRule) -> str:
        return str(obj.get_operator_display())

    @staticmethod
    def resolve_right(obj: ValidationRule) -> str | None:
        return obj.right.code if obj.right else None

    @staticmethod
    def resolve_right_constant(obj: ValidationRule) -> str | None:
        return _decimal(obj.right_constant)


class VersionSchema(VersionRefSchema):
    sections: list[SectionSchema]
    indicators: list[IndicatorSchema]
    rules: list[RuleSchema]

    @staticmethod
    def resolve_sections(obj: TemplateVersion) -> list[TemplateSection]:
        return list(obj.sections.select_related("field").order_by("order"))

    @staticmethod
    def resolve_indicators(obj: TemplateVersion) -> list[Indicator]:
        return list(obj.indicators.select_related("field").order_by("order"))

    @staticmethod
    def resolve_rules(obj: TemplateVersion) -> list[ValidationRule]:
        return list(obj.rules.select_related("left", "right"))


class TemplateDetailSchema(TemplateSchema):
    version: VersionSchema | None = Field(
        ..., description="Phiên bản được hỏi (mặc định: phiên bản đang áp dụng, nếu chưa có thì bản nháp)."
    )


class TemplateFilters(Schema):
    q: str | None = Field(None, max_length=200, description="Tìm theo mã, tên; không phân biệt dấu.")


class TemplateDetailQuery(Schema):
    version: int | None = Field(None, ge=1, description="Số phiên bản; mặc định phiên bản đang áp dụng.")


# --- Schemas: duties and periods -------------------------------------------------------------------------------


class TemplateRefSchema(Schema):
    id: int
    code: str
    name: str


class DutySchema(Schema):
    id: int
    code: str
    name: str
    template: TemplateRefSchema
    receiving_unit: UnitRefSchema
    frequency: str = Field(
        ..., description="`month`, `quarter`, `half_year`, `nine_months`, `year`, `ad_hoc`."
    )
    frequency_label: str
    is_active: bool

    @staticmethod
    def resolve_frequency_label(obj: ReportingDuty) -> str:
        return str(obj.get_frequency_display())


class DutyDetailSchema(DutySchema):
    window_rule: str = Field(..., description="`decree_09` (15 – 14) hoặc `calendar` (tháng dương lịch).")
    window_rule_label: str
    deadline_rule: str = Field(..., description="`working_days_after` hoặc `fixed_day`.")
    deadline_rule_label: str
    deadline_working_days: int
    deadline_fixed_day: int | None
    consolidated_deadline_working_days: int
    units: list[UnitRefSchema] = Field(..., description="Đơn vị được chỉ định đích danh.")
    unit_kinds: list[str] = Field(..., description="Mã các loại đơn vị phải báo cáo.")
    unit_levels: list[str] = Field(..., description="Mã các cấp đơn vị phải báo cáo.")
    requires_leader_approval: bool
    lock_after_days: int | None
    periods_ahead: int

    @staticmethod
    def resolve_window_rule_label(obj: ReportingDuty) -> str:
        return str(obj.get_window_rule_display())

    @staticmethod
    def resolve_deadline_rule_label(obj: ReportingDuty) -> str:
        return str(obj.get_deadline_rule_display())

    @staticmethod
    def resolve_units(obj: ReportingDuty) -> list[Any]:
        return list(obj.units.order_by("path"))

    @staticmethod
    def resolve_unit_kinds(obj: ReportingDuty) -> list[str]:
        return sorted(obj.unit_kinds.values_list("code", flat=True))

    @staticmethod
    def resolve_unit_levels(obj: ReportingDuty) -> list[str]:
        return sorted(obj.unit_levels.values_list("code", flat=True))


class DutyFilters(Schema):
    q: str | None = Field(None, max_length=200, description="Tìm theo mã, tên; không phân biệt dấu.")
    is_active: bool | None = Field(
        None, description="Chỉ các chế độ đang (true) hoặc không còn (false) áp dụng."
    )


class PeriodSchema(Schema):
    id: int
    year: int
    number: int
    label: str
    window_start: dt.date = Field(..., description="Chốt số liệu từ ngày.")
    window_end: dt.date = Field(..., description="Chốt số liệu đến ngày.")
    deadline: dt.datetime = Field(..., description="Hạn nộp của đơn vị (giờ Việt Nam, cuối ngày).")
    consolidated_deadline: dt.datetime
    lock_at: dt.datetime | None
    template_version: int = Field(..., description="Số phiên bản mẫu báo cáo của kỳ.")
    is_ad_hoc: bool
    request_note: str
    expected: int = Field(..., description="Số báo cáo phải nộp (số đơn vị phải báo cáo trong kỳ).")

    @staticmethod
    def resolve_template_version(obj: Period) -> int:
        return obj.template_version.number

    @staticmethod
    def resolve_expected(obj: Period) -> int:
        return int(getattr(obj, "expected", 0))


class PeriodFilters(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="Chỉ các kỳ của năm này.")


# --- Schemas: reports -----------------------------------------------------------------------------------------


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
                    "min_value": _decimal(indicator.min_value),
                    "max_value": _decimal(indicator.max_value),
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


# --- Schemas: completeness -------------------------------------------------------------------------------------


class StatsSchema(Schema):
    expected: int = Field(..., description="Số báo cáo phải nộp.")
    due: int = Field(..., description="Số báo cáo đã đến hạn (cơ sở của các tỷ lệ).")
    on_time: int
    late: int
    missing: int
    submitted: int = Field(..., description="Đã nộp trong số đã đến hạn (đúng hạn + chậm).")
    submission_rate: float | None = Field(
        ..., description="Đã nộp / đến hạn (0–1); null khi chưa có kỳ đến hạn."
    )
    on_time_rate: float | None = Field(..., description="Đúng hạn / đến hạn (0–1).")


class CompletenessPeriodSchema(Schema):
    id: int
    label: str
    deadline: dt.datetime
    stats: StatsSchema


class CompletenessCellSchema(Schema):
    period_id: int
    submission_id: int
    status: str
    timeliness: str = Field(..., description="`on_time`, `late`, `missing`, `pending`.")
    state: str = Field(..., description="Trạng thái tô màu trên bảng theo dõi.")
    state_label: str
    first_submitted_at: dt.datetime | None
    revision_count: int
    is_due: bool


class CompletenessUnitSchema(Schema):
    unit: UnitRefSchema
    cells: list[CompletenessCellSchema | None] = Field(
        ..., description="Một ô cho mỗi kỳ (cùng thứ tự `periods`); null: đơn vị không phải báo cáo kỳ đó."
    )
    stats: StatsSchema


class CompletenessSchema(Schema):
    duty: DutyRefSchema
    generated_at: dt.datetime
    periods: list[CompletenessPeriodSchema] = Field(..., description="Các kỳ được chọn, mới nhất trước.")
    units: list[CompletenessUnitSchema]
    total: StatsSchema


class CompletenessFilters(Schema):
    period_from: int | None = Field(None, description="Mã (id) kỳ đầu; mặc định 8 kỳ gần nhất đã mở.")
    period_to: int | None = Field(None, description="Mã (id) kỳ cuối.")


# --- Helpers ------------------------------------------------------------------------------------------------


def _fresh(user: Any, pk: int) -> Submission:
    """The report as it is after a write (re-read through the scoped selector)."""
    return submission_get(user=user, pk=pk)


def _stats(stats: Stats) -> dict[str, Any]:
    return {
        "expected": stats.expected,
        "due": stats.due,
        "on_time": stats.on_time,
        "late": stats.late,
        "missing": stats.missing,
        "submitted": stats.submitted,
        "submission_rate": stats.submission_rate,
        "on_time_rate": stats.on_time_rate,
    }


def _cell(cell: Cell | None) -> dict[str, Any] | None:
    if cell is None:
        return None
    return {
        "period_id": cell.period.pk,
        "submission_id": cell.submission_id,
        "status": cell.status,
        "timeliness": cell.timeliness,
        "state": cell.state,
        "state_label": cell.state_label,
        "first_submitted_at": cell.first_submitted_at,
        "revision_count": cell.revision_count,
        "is_due": cell.is_due,
    }


def _completeness(board: Board, now: dt.datetime) -> dict[str, Any]:
    return {
        "duty": board.duty,
        "generated_at": now,
        "periods": [
            {"id": period.pk, "label": period.label, "deadline": period.deadline, "stats": _stats(stats)}
            for period, stats in zip(board.periods, board.period_stats, strict=True)
        ],
        "units": [
            {"unit": row.unit, "cells": [_cell(cell) for cell in row.cells], "stats": _stats(row.stats)}
            for row in board.rows
        ],
        "total": _stats(board.total),
    }


# --- Endpoints: templates --------------------------------------------------------------------------------------


@router.get(
    "/templates", response={200: list[TemplateSchema], **READ_ERRORS}, summary="Danh sách mẫu báo cáo"
)
@paginate(Pagination)
def templates_list(request: HttpRequest, filters: Query[TemplateFilters]) -> object:
    """Ban Tuyên giáo thấy mọi mẫu; đơn vị thấy mẫu của các chế độ báo cáo mình phải nộp."""
    templates = _visible_templates(request.user).prefetch_related(
        Prefetch("versions", queryset=TemplateVersion.objects.order_by("-number"))
    )
    return search_filter(templates, filters.q).order_by("name", "pk")


@router.get(
    "/templates/{int:template_id}",
    response={200: TemplateDetailSchema, **DETAIL_ERRORS},
    summary="Chi tiết mẫu báo cáo",
)
def templates_detail(request: HttpRequest, template_id: int, query: Query[TemplateDetailQuery]) -> object:
    """Một mẫu với các mục đề cương, chỉ tiêu và quy tắc kiểm tra của một phiên bản."""
    template = (
        _visible_templates(request.user)
        .prefetch_related(Prefetch("versions", queryset=TemplateVersion.objects.order_by("-number")))
        .filter(pk=template_id)
        .first()
    )
    if template is None:
        raise NotFoundError(_("Không tìm thấy mẫu báo cáo, hoặc bạn không có quyền xem mẫu này."))
    versions = list(template.versions.all())
    if query.version is not None:
        version = next((v for v in versions if v.number == query.version), None)
        if version is None:
            raise NotFoundError(
                _("Mẫu báo cáo không có phiên bản %(number)d.") % {"number": query.version}, code="not_found"
            )
    else:
        published = [v for v in versions if v.status == TemplateVersionStatus.PUBLISHED]
        version = published[0] if published else (versions[0] if versions else None)
    template.version = version  # type: ignore[attr-defined]
    return template


# --- Endpoints: duties and periods -----------------------------------------------------------------------------


@router.get("/duties", response={200: list[DutySchema], **READ_ERRORS}, summary="Danh sách chế độ báo cáo")
@paginate(Pagination)
def duties_list(request: HttpRequest, filters: Query[DutyFilters]) -> object:
    """Chế độ báo cáo mà người dùng quản lý, theo dõi, hoặc đơn vị của họ phải thực hiện."""
    duties = _visible_duties(request.user).select_related("template", "receiving_unit")
    if filters.is_active is not None:
        duties = duties.filter(is_active=filters.is_active)
    return search_filter(duties, filters.q).order_by("name", "pk")


@router.get(
    "/duties/{int:duty_id}",
    response={200: DutyDetailSchema, **DETAIL_ERRORS},
    summary="Chi tiết chế độ báo cáo",
)
def duties_detail(request: HttpRequest, duty_id: int) -> object:
    """Tần suất, cách chốt số liệu, cách tính hạn, đơn vị phải báo cáo, duyệt và khóa sổ."""
    return _duty(request.user, duty_id)


@router.get(
    "/duties/{int:duty_id}/periods",
    response={200: list[PeriodSchema], **DETAIL_ERRORS},
    summary="Các kỳ báo cáo của một chế độ",
)
@paginate(Pagination)
def duties_periods(request: HttpRequest, duty_id: int, filters: Query[PeriodFilters]) -> object:
    """Các kỳ (đã tạo trước) với thời gian chốt số liệu, hạn nộp và số báo cáo phải nộp; mới nhất trước."""
    duty = _duty(request.user, duty_id)
    periods = (
        Period.objects.filter(duty=duty)
        .select_related("template_version")
        .annotate(expected=Count("submissions"))
        .order_by("-window_end", "-pk")
    )
    if filters.year is not None:
        periods = periods.filter(year=filters.year)
    return periods


@router.get(
    "/duties/{int:duty_id}/completeness",
    response={200: CompletenessSchema, 403: ErrorSchema, 404: ErrorSchema, **READ_ERRORS},
    summary="Tình hình nộp báo cáo (đầy đủ, đúng hạn)",
)
def duties_completeness(request: HttpRequest, duty_id: int, filters: Query[CompletenessFilters]) -> object:
    """Mỗi đơn vị × kỳ: trạng thái và tính kịp thời (đúng hạn nếu gửi lần đầu không muộn hơn hạn nộp), cùng
    số lượng và tỷ lệ theo đơn vị, theo kỳ và chung; tỷ lệ chỉ tính trên các báo cáo đã đến hạn. Dành cho
    Ban Tuyên giáo và người theo dõi (như màn hình bảng theo dõi)."""
    duty = _duty(request.user, duty_id)
    now = timezone.now()
    board = board_get(
        user=request.user,
        duty=duty,
        period_from=filters.period_from,
        period_to=filters.period_to,
        group="none",
        now=now,
    )
    return _completeness(board, now)


# --- Endpoints: reports ----------------------------------------------------------------------------------------


@router.get(
    "/submissions",
    response={200: list[SubmissionSchema], **READ_ERRORS},
    summary="Danh sách báo cáo của đơn vị",
)
@paginate(Pagination)
def submissions_list(request: HttpRequest, filters: Query[SubmissionFilters]) -> object:
    """Báo cáo người dùng được xem, như màn hình «Báo cáo»: đơn vị thấy mọi báo cáo của mình (kể cả bản
    nháp); Ban và người theo dõi chỉ thấy báo cáo đã gửi. Khi không chọn kỳ: chỉ các kỳ đã mở."""
    submissions = submission_list(
        user=request.user,
        duty_id=filters.duty,
        period_id=filters.period,
        status=filters.status,
        query=filters.q,
    )
    if filters.unit is not None:
        submissions = submissions.filter(unit_id=filters.unit)
    return submissions


@router.get(
    "/submissions/{int:submission_id}",
    response={200: SubmissionDetailSchema, **DETAIL_ERRORS},
    summary="Chi tiết báo cáo",
)
def submissions_detail(request: HttpRequest, submission_id: int) -> object:
    """Nội dung theo mục, số liệu theo chỉ tiêu, lịch sử xử lý. 404 nếu không có hoặc không được xem."""
    return _fresh(request.user, submission_id)


def _save(request: HttpRequest, submission_id: int, payload: DraftIn, *, replace: bool) -> Submission:
    submission = submission_get(user=request.user, pk=submission_id)
    narrative = dict(payload.narrative)
    values: dict[str, Any] = dict(payload.values)
    if replace:
        version = submission.period.template_version
        for code in version.sections.values_list("code", flat=True):
            narrative.setdefault(code, "")
        for code in version.indicators.values_list("code", flat=True):
            values.setdefault(code, None)
    services.submission_save_draft(
        actor=request.user,
        submission=submission,
        expected_version=payload.version,
        narrative=narrative,
        values=values,
    )
    return _fresh(request.user, submission_id)


@router.patch(
    "/submissions/{int:submission_id}/draft",
    response={200: SubmissionDetailSchema, **WRITE_ERRORS},
    summary="Lưu một phần bản nháp",
)
def submissions_draft_patch(request: HttpRequest, submission_id: int, payload: DraftIn) -> object:
    """Lưu các mục, chỉ tiêu được gửi; phần còn lại giữ nguyên. Số liệu sai kiểu, ngoài giới hạn: 400, không
    lưu gì. Phiên bản cũ (người khác vừa lưu): 409, không lưu gì."""
    return _save(request, submission_id, payload, replace=False)


@router.put(
    "/submissions/{int:submission_id}/draft",
    response={200: SubmissionDetailSchema, **WRITE_ERRORS},
    summary="Thay toàn bộ bản nháp",
)
def submissions_draft_put(request: HttpRequest, submission_id: int, payload: DraftIn) -> object:
    """Bản nháp trở thành đúng những gì được gửi: mục, chỉ tiêu không có trong yêu cầu bị để trống."""
    return _save(request, submission_id, payload, replace=True)


@router.post(
    "/submissions/{int:submission_id}/submit",
    response={200: SubmissionDetailSchema, **WRITE_ERRORS},
    summary="Gửi báo cáo",
)
def submissions_submit(request: HttpRequest, submission_id: int, payload: SubmitIn | None = None) -> object:
    """Gửi báo cáo (hoặc chuyển lãnh đạo đơn vị duyệt khi chế độ yêu cầu). Thiếu nội dung bắt buộc, vi phạm
    quy tắc, kỳ đã khóa: 400 với danh sách vấn đề trong `details.problems`."""
    submission = submission_get(user=request.user, pk=submission_id)
    services.submission_submit(
        actor=request.user, submission=submission, expected_version=payload.version if payload else None
    )
    return _fresh(request.user, submission_id)


@router.post(
    "/submissions/{int:submission_id}/approve",
    response={200: SubmissionDetailSchema, **WRITE_ERRORS},
    summary="Lãnh đạo đơn vị duyệt và gửi",
)
def submissions_approve(request: HttpRequest, submission_id: int) -> object:
    """Lãnh đạo đơn vị duyệt báo cáo đang chờ duyệt; báo cáo được gửi tới Ban ngay lúc đó."""
    submission = submission_get(user=request.user, pk=submission_id)
    services.submission_approve(actor=request.user, submission=submission)
    return _fresh(request.user, submission_id)


@router.post(
    "/submissions/{int:submission_id}/accept",
    response={200: SubmissionDetailSchema, **WRITE_ERRORS},
    summary="Tiếp nhận báo cáo",
)
def submissions_accept(request: HttpRequest, submission_id: int, payload: AcceptIn | None = None) -> object:
    """Ban tiếp nhận báo cáo đã gửi."""
    submission = submission_get(user=request.user, pk=submission_id)
    services.submission_accept(
        actor=request.user, submission=submission, comment=payload.comment if payload else ""
    )
    return _fresh(request.user, submission_id)


@router.post(
    "/submissions/{int:submission_id}/return",
    response={200: SubmissionDetailSchema, **WRITE_ERRORS},
    summary="Trả lại báo cáo để sửa",
)
def submissions_return(request: HttpRequest, submission_id: int, payload: ReturnIn) -> object:
    """Ban trả lại báo cáo đã gửi, kèm nội dung cần sửa; thời điểm gửi lần đầu vẫn dùng để tính đúng hạn."""
    submission = submission_get(user=request.user, pk=submission_id)
    services.submission_return(actor=request.user, submission=submission, comment=payload.comment)
    return _fresh(request.user, submission_id)
