"""Endpoints of the opinion API."""

from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from khoagiao.api.pagination import Pagination
from khoagiao.api.schemas import READ_ERRORS, ErrorSchema
from khoagiao.core.errors import ValidationFailed
from khoagiao.orgs.models import Field, Unit

from .. import selectors, services
from ..digests import digest_figures
from ..documents import digest_docx
from ..models import HotIssue
from .schemas import (
    ActionIn,
    IssueDetailSchema,
    IssueFilters,
    IssueIn,
    IssueSchema,
    MessageIn,
    MessageSchema,
    SimilarIn,
    SuggestionSchema,
)

router = Router(tags=["Dư luận xã hội"])
WRITE_ERRORS: dict[int, Any] = {
    400: ErrorSchema,
    403: ErrorSchema,
    404: ErrorSchema,
    409: ErrorSchema,
    **READ_ERRORS,
}
DETAIL_ERRORS: dict[int, Any] = {404: ErrorSchema, **READ_ERRORS}


def _unit(pk: int | None, field: str) -> Unit | None:
    if pk is None:
        return None
    unit = Unit.objects.filter(pk=pk).first()
    if unit is None:
        raise ValidationFailed(
            _("Không có đơn vị số %(pk)s.") % {"pk": pk}, code="unknown_unit", details={"field": field}
        )
    return unit


def _field(pk: int | None) -> Field | None:
    if pk is None:
        return None
    field = Field.objects.filter(pk=pk).first()
    if field is None:
        raise ValidationFailed(
            _("Không có lĩnh vực số %(pk)s.") % {"pk": pk},
            code="unknown_field",
            details={"field": "field_id"},
        )
    return field


def _detail(user: Any, pk: int) -> HotIssue:
    return selectors.issue_get(user=user, pk=pk)


@router.get(
    "/issues",
    response={200: list[IssueSchema], **READ_ERRORS},
    summary="Danh sách vấn đề nóng",
    operation_id="opinion_issues_list",
)
@paginate(Pagination)
def issues_list(request: HttpRequest, filters: Query[IssueFilters]) -> object:
    """Vấn đề người gọi được xem (Ban theo địa bàn; đơn vị: vấn đề mình báo cáo hoặc được giao xử lý; lãnh đạo:
    vấn đề đã báo cáo lãnh đạo), mới nhất trước, lọc theo trạng thái, mức độ, nguồn, lĩnh vực, địa bàn, từ khóa."""
    return selectors.issue_list(
        user=request.user,
        status=filters.status,
        severity=filters.severity,
        source=filters.source,
        field_id=filters.field,
        area_id=filters.area,
        responsible_unit_id=filters.responsible_unit,
        query=filters.q,
        escalated=filters.escalated,
    )


@router.post(
    "/issues",
    response={201: IssueDetailSchema, **WRITE_ERRORS},
    summary="Báo cáo vấn đề nóng",
    operation_id="opinion_issues_create",
)
def issues_create(request: HttpRequest, payload: IssueIn) -> Status:
    """Đơn vị (đầu mối, lãnh đạo) hoặc Ban báo cáo một vấn đề; chỉ tiêu đề và đơn vị báo cáo là bắt buộc."""
    reporting_unit = _unit(payload.reporting_unit_id, "reporting_unit_id")
    issue = services.issue_report(
        actor=request.user,
        title=payload.title,
        description=payload.description,
        reporting_unit=reporting_unit,
        area=_unit(payload.area_id, "area_id"),
        field=_field(payload.field_id),
        source=payload.source,
        severity=payload.severity,
        first_seen_on=payload.first_seen_on,
        links=payload.links,
    )
    return Status(201, _detail(request.user, issue.pk))


@router.get(
    "/issues/{int:issue_id}",
    response={200: IssueDetailSchema, **DETAIL_ERRORS},
    summary="Chi tiết vấn đề",
    operation_id="opinion_issues_detail",
)
def issues_detail(request: HttpRequest, issue_id: int) -> HotIssue:
    """Nội dung hiện tại, đường dẫn, trao đổi và diễn biến xử lý của một vấn đề."""
    return _detail(request.user, issue_id)


@router.post(
    "/issues/{int:issue_id}/messages",
    response={201: MessageSchema, **WRITE_ERRORS},
    summary="Trao đổi về vấn đề",
    operation_id="opinion_issues_message",
)
def issues_message(request: HttpRequest, issue_id: int, payload: MessageIn) -> Status:
    """Đơn vị được giao trả lời (response); Ban định hướng thông tin (orientation) hoặc yêu cầu giải trình
    (explanation_request); ai xem được vấn đề đều ghi chú được (note)."""
    issue = _detail(request.user, issue_id)
    message = services.message_post(
        actor=request.user,
        issue=issue,
        kind=payload.kind,
        body=payload.body,
        audiences=payload.audiences,
        addressed_unit=_unit(payload.addressed_unit_id, "addressed_unit_id"),
    )
    return Status(201, message)


@router.post(
    "/issues/{int:issue_id}/actions",
    response={200: IssueDetailSchema, **WRITE_ERRORS},
    summary="Chuyển trạng thái vấn đề",
    operation_id="opinion_issues_action",
)
def issues_action(request: HttpRequest, issue_id: int, payload: ActionIn) -> HotIssue:
    """Ban: verify (xác minh, mức độ), route (chuyển xử lý; bỏ trống đơn vị để theo bảng phân luồng), reject
    (kèm lý do), resolve, escalate (tóm tắt, đề xuất), merge (into_id), unmerge. Đơn vị báo cáo: confirm,
    reopen (trong thời hạn)."""
    issue = _detail(request.user, issue_id)
    user, action = request.user, payload.action
    if action == "verify":
        services.issue_verify(
            actor=user,
            issue=issue,
            severity=payload.severity or issue.severity,
            field=_field(payload.field_id),
            note=payload.note,
        )
    elif action == "route":
        services.issue_route(
            actor=user,
            issue=issue,
            responsible_unit=_unit(payload.responsible_unit_id, "responsible_unit_id"),
            severity=payload.severity,
            note=payload.note,
        )
    elif action == "reject":
        services.issue_reject(actor=user, issue=issue, reason=payload.note)
    elif action == "resolve":
        services.issue_resolve(actor=user, issue=issue, note=payload.note)
    elif action == "confirm":
        services.issue_confirm(actor=user, issue=issue, note=payload.note)
    elif action == "reopen":
        services.issue_reopen(actor=user, issue=issue, reason=payload.note)
    elif action == "escalate":
        services.issue_escalate(
            actor=user,
            issue=issue,
            summary=payload.summary,
            recommendation=payload.recommendation,
            body=payload.body,
        )
    elif action == "merge":
        if payload.into_id is None:
            raise ValidationFailed(
                _("Hãy cho biết gộp vào vấn đề nào (into_id)."),
                code="into_required",
                details={"field": "into_id"},
            )
        services.issue_merge(actor=user, issue=issue, into=_detail(user, payload.into_id))
    elif action == "unmerge":
        services.issue_unmerge(actor=user, issue=issue)
    else:
        raise ValidationFailed(
            _("Thao tác «%(action)s» không có.") % {"action": action[:40]},
            code="unknown_action",
            details={"field": "action"},
        )
    return _detail(user, issue_id)


@router.post(
    "/similar",
    response={200: list[SuggestionSchema], **READ_ERRORS},
    summary="Gợi ý vấn đề tương tự",
    operation_id="opinion_similar",
)
def similar(request: HttpRequest, payload: SimilarIn) -> list[dict[str, Any]]:
    """Vấn đề đang mở (người gọi được xem) giống bản nháp: cùng lĩnh vực, địa bàn lân cận, gần đây; điểm tương
    đồng n-gram ký tự trên văn bản đã bỏ dấu (0–1)."""
    area = Unit.objects.filter(pk=payload.area_id).first() if payload.area_id else None
    suggestions = selectors.similar_issues(
        user=request.user,
        title=payload.title[:2000],
        description=payload.description[:4000],
        field_id=payload.field_id,
        area=area,
        exclude_id=payload.exclude_id,
    )
    return [
        {
            "id": s.issue.pk,
            "title": s.issue.title,
            "area": s.issue.area.name,
            "reported_at": s.issue.reported_at,
            "score": s.score,
        }
        for s in suggestions
    ]


@router.get(
    "/digests/{int:digest_id}/docx",
    response={200: None, **DETAIL_ERRORS},
    summary="Tải báo cáo tình hình dư luận xã hội (DOCX)",
    operation_id="opinion_digest_download",
)
def digest_download(request: HttpRequest, digest_id: int) -> HttpResponseBase:
    """Văn bản đã cấp số (nếu đã ban hành), nếu chưa thì bản dự thảo."""
    from khoagiao.reporting.services.register import document_for_source

    digest = selectors.digest_get(user=request.user, pk=digest_id)
    document = document_for_source(digest, "digest")
    if document is not None:
        return FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=(document.file.name or "").rsplit("/", 1)[-1],
        )
    figures = digest_figures(
        issuing_unit=digest.issuing_unit, kind=digest.kind, start=digest.period_start, end=digest.period_end
    )
    response = HttpResponse(
        digest_docx(digest, figures, draft=True),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="du-thao-bao-cao-du-luan-{digest.pk}.docx"'
    return response
