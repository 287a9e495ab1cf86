"""The directives API: the registry (list with filters, detail), review milestones (upcoming, overdue) and
coordination agreements, scoped like the screens. No `from __future__ import annotations`: django-ninja reads
the annotations at import time."""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from khoagiao.api.pagination import Pagination
from khoagiao.api.schemas import READ_ERRORS, ErrorSchema

from . import selectors
from .selectors import MilestoneView

router = Router(tags=["Văn bản chỉ đạo"])
LIST_ERRORS: dict[int, type[Schema]] = {403: ErrorSchema, **READ_ERRORS}
DETAIL_ERRORS: dict[int, type[Schema]] = {403: ErrorSchema, 404: ErrorSchema, **READ_ERRORS}


class DirectiveFilters(Schema):
    q: str | None = Field(
        None, max_length=200, description="Tìm không phân biệt dấu: «nghi quyet 29», «tre em»."
    )
    kind: str | None = Field(None, description="Loại văn bản (nghi_quyet, chi_thi, ket_luan…).")
    issuer: str | None = Field(None, description="Cơ quan ban hành (bo_chinh_tri, ban_bi_thu, bch_tw…).")
    field: str | None = Field(None, description="Mã lĩnh vực (giao_duc, y_te, tre_em…).")
    year: int | None = Field(None, ge=1900, le=2100, description="Năm ban hành.")
    validity: str | None = Field(None, description="Hiệu lực: in_force, replaced, expired.")


class DirectiveRefSchema(Schema):
    id: int
    kind: str
    symbol: str
    issued_on: dt.date


class DirectiveSchema(Schema):
    id: int
    kind: str
    kind_label: str
    number: int | None
    symbol: str
    issued_on: dt.date
    issuer: str
    issuer_label: str
    issuer_detail: str
    title: str
    fields: list[str]
    validity: str
    successor: DirectiveRefSchema | None
    interim_review_years: int | None
    final_review_years: int | None

    @staticmethod
    def resolve_fields(obj: object) -> list[str]:
        return [field.code for field in obj.fields.all()]  # type: ignore[attr-defined]


class MilestoneSchema(Schema):
    id: int
    directive: DirectiveRefSchema
    kind: str
    years: int
    due_on: dt.date
    opens_on: dt.date
    state: str
    opened_at: dt.datetime | None
    reviewed_on: dt.date | None
    request_period_id: int | None
    reports_expected: int
    reports_submitted: int
    task_ids: list[int]


class PlanSchema(Schema):
    id: int
    kind: str
    symbol: str
    issued_on: dt.date
    title: str
    lead_unit_id: int
    coordinating_unit_ids: list[int]

    @staticmethod
    def resolve_coordinating_unit_ids(obj: object) -> list[int]:
        return [unit.pk for unit in obj.coordinating_units.all()]  # type: ignore[attr-defined]


class DirectiveDetailSchema(DirectiveSchema):
    predecessors: list[DirectiveRefSchema]
    plans: list[PlanSchema]
    milestones: list[MilestoneSchema]

    @staticmethod
    def resolve_predecessors(obj: object) -> list[object]:
        return obj.timeline.predecessors  # type: ignore[attr-defined]

    @staticmethod
    def resolve_plans(obj: object) -> list[object]:
        return obj.timeline.plans  # type: ignore[attr-defined]

    @staticmethod
    def resolve_milestones(obj: object) -> list[dict[str, object]]:
        return [_milestone(view) for view in obj.timeline.milestones]  # type: ignore[attr-defined]


class MilestoneFilters(Schema):
    months: int = Field(24, ge=1, le=60, description="Số tháng tới (mặc định 24).")


class AgreementItemSchema(Schema):
    id: int
    title: str
    frequency: str
    lead_unit_id: int


class AgreementSchema(Schema):
    id: int
    kind: str
    title: str
    symbol: str
    signed_on: dt.date
    start_year: int
    end_year: int
    owner_unit_id: int
    party_ids: list[int]
    document_id: int | None
    items: list[AgreementItemSchema]

    @staticmethod
    def resolve_party_ids(obj: object) -> list[int]:
        return [unit.pk for unit in obj.parties.all()]  # type: ignore[attr-defined]

    @staticmethod
    def resolve_items(obj: object) -> list[object]:
        return list(obj.items.all())  # type: ignore[attr-defined]


def _milestone(view: MilestoneView) -> dict[str, object]:
    milestone = view.milestone
    return {
        "id": milestone.pk,
        "directive": milestone.directive,
        "kind": milestone.kind,
        "years": milestone.years,
        "due_on": milestone.due_on,
        "opens_on": milestone.opens_on,
        "state": view.state,
        "opened_at": milestone.opened_at,
        "reviewed_on": milestone.reviewed_on,
        "request_period_id": milestone.request_period_id,
        "reports_expected": view.expected,
        "reports_submitted": view.submitted,
        "task_ids": [task.pk for task in view.tasks],
    }


@router.get(
    "/documents",
    response={200: list[DirectiveSchema], **LIST_ERRORS},
    summary="Danh sách văn bản chỉ đạo",
    operation_id="directives_documents_list",
)
@paginate(Pagination)
def documents_list(request: HttpRequest, filters: Query[DirectiveFilters]) -> object:
    """Sổ văn bản: tìm không phân biệt dấu, lọc theo loại, cơ quan ban hành, lĩnh vực, năm, hiệu lực."""
    from khoagiao.orgs.models import Field as DomainField

    field_id = None
    if filters.field:
        field_id = DomainField.objects.filter(code=filters.field).values_list("pk", flat=True).first() or -1
    return selectors.directive_list(
        user=request.user,
        query=filters.q or "",
        kind=filters.kind or "",
        issuer=filters.issuer or "",
        field_id=field_id,
        year=filters.year,
        validity=filters.validity or "",
    )


@router.get(
    "/documents/{int:document_id}",
    response={200: DirectiveDetailSchema, **DETAIL_ERRORS},
    summary="Chi tiết văn bản chỉ đạo",
    operation_id="directives_documents_detail",
)
def documents_detail(request: HttpRequest, document_id: int) -> object:
    """Một văn bản với văn bản trước, kế hoạch triển khai của tỉnh, các mốc sơ kết, tổng kết và văn bản tiếp nối."""
    directive = selectors.directive_get(user=request.user, pk=document_id)
    directive.timeline = selectors.directive_timeline(user=request.user, directive=directive)  # type: ignore[attr-defined]
    return directive


@router.get(
    "/milestones/upcoming",
    response={200: list[MilestoneSchema], **LIST_ERRORS},
    summary="Các mốc sơ kết, tổng kết sắp tới",
    operation_id="directives_milestones_upcoming",
)
def milestones_upcoming(request: HttpRequest, filters: Query[MilestoneFilters]) -> object:
    """Các mốc chưa thực hiện đến hạn trong số tháng tới, gần nhất trước."""
    upcoming, _overdue = selectors.milestones_upcoming(
        user=request.user, months=filters.months, include_overdue=False, today=timezone.localdate()
    )
    return [_milestone(view) for view in upcoming]


@router.get(
    "/milestones/overdue",
    response={200: list[MilestoneSchema], **LIST_ERRORS},
    summary="Các mốc sơ kết, tổng kết quá hạn",
    operation_id="directives_milestones_overdue",
)
def milestones_overdue(request: HttpRequest) -> object:
    """Các mốc đã qua ngày đến hạn mà chưa ghi nhận sơ kết, tổng kết."""
    _upcoming, overdue = selectors.milestones_upcoming(user=request.user, months=1)
    return [_milestone(view) for view in overdue]


@router.get(
    "/agreements",
    response={200: list[AgreementSchema], **LIST_ERRORS},
    summary="Danh sách quy chế, chương trình phối hợp",
    operation_id="directives_agreements_list",
)
@paginate(Pagination)
def agreements_list(request: HttpRequest, q: str | None = None) -> object:
    """Các quy chế, chương trình phối hợp mà người dùng được xem (Ban theo dõi, hoặc đơn vị là một bên)."""
    return selectors.agreement_list(user=request.user, query=(q or "")[:200]).prefetch_related("items")


@router.get(
    "/agreements/{int:agreement_id}",
    response={200: AgreementSchema, **DETAIL_ERRORS},
    summary="Chi tiết quy chế, chương trình phối hợp",
    operation_id="directives_agreements_detail",
)
def agreements_detail(request: HttpRequest, agreement_id: int) -> object:
    """Một quy chế phối hợp với các bên và nội dung phối hợp."""
    return selectors.agreement_get(user=request.user, pk=agreement_id)
