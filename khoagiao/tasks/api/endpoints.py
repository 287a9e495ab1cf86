"""Endpoints of the task API. No `from __future__ import annotations` (django-ninja)."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from khoagiao.api.pagination import Pagination
from khoagiao.api.schemas import READ_ERRORS, ErrorSchema

from .. import selectors, services
from ..selectors import TaskFilters
from .schemas import (
    ExtensionDecisionIn,
    ExtensionRequestIn,
    ExtensionSchema,
    NoteIn,
    ProgressIn,
    ProgressSchema,
    ReasonIn,
    ReportDoneIn,
    TaskDetailSchema,
    TaskFiltersIn,
    TaskSchema,
)

router = Router(tags=["Nhiệm vụ"])

WRITE_ERRORS: dict[int, type[Schema]] = {
    400: ErrorSchema,
    403: ErrorSchema,
    404: ErrorSchema,
    409: ErrorSchema,
    **READ_ERRORS,
}
DETAIL_ERRORS: dict[int, type[Schema]] = {404: ErrorSchema, **READ_ERRORS}


@router.get(
    "",
    response={200: list[TaskSchema], **READ_ERRORS},
    summary="Danh sách nhiệm vụ",
    operation_id="tasks_list",
)
@paginate(Pagination)
def tasks_list(request: HttpRequest, filters: Query[TaskFiltersIn]) -> object:
    """Nhiệm vụ trong phạm vi của người dùng (như màn hình «Tất cả nhiệm vụ»), lọc theo đơn vị, lĩnh vực, nguồn,
    nhóm (bốn nhóm của Văn phòng Chính phủ), tình trạng, khoảng hạn và từ khóa; sắp theo hạn gần nhất."""
    return selectors.task_list(
        user=request.user,
        filters=TaskFilters(
            unit_id=filters.unit,
            field_id=filters.field,
            source_kind=filters.source_kind,
            source_id=filters.source_id if filters.source_kind else None,
            bucket=filters.bucket,
            status=filters.status,
            due_from=filters.due_from,
            due_to=filters.due_to,
            query=filters.q,
        ),
        today=timezone.localdate(),
    )


@router.get(
    "/{int:task_id}",
    response={200: TaskDetailSchema, **DETAIL_ERRORS},
    summary="Chi tiết nhiệm vụ",
    operation_id="tasks_detail",
)
def tasks_detail(request: HttpRequest, task_id: int) -> object:
    """Nhiệm vụ với báo cáo tiến độ, đề nghị gia hạn và lịch sử. 404 nếu không có hoặc ngoài phạm vi."""
    return selectors.task_get(user=request.user, pk=task_id)


@router.post(
    "/{int:task_id}/progress",
    response={201: ProgressSchema, **WRITE_ERRORS},
    summary="Báo cáo tiến độ",
    operation_id="tasks_progress_add",
)
def tasks_progress_add(request: HttpRequest, task_id: int, payload: ProgressIn) -> object:
    """Đơn vị chủ trì hoặc phối hợp báo cáo tiến độ (nội dung, %). Tiến độ của đơn vị chủ trì trở thành tiến
    độ của nhiệm vụ. Tệp đính kèm gửi qua màn hình. 403 nếu nhiệm vụ không phải của đơn vị mình."""
    task = selectors.task_get(user=request.user, pk=task_id)
    progress = services.task_progress_add(
        actor=request.user,
        task=task,
        text=payload.text,
        percent=payload.percent,
        expected_version=payload.version,
    )
    return Status(201, progress)


@router.post(
    "/{int:task_id}/report-done",
    response={200: TaskDetailSchema, **WRITE_ERRORS},
    summary="Báo cáo hoàn thành",
    operation_id="tasks_report_done",
)
def tasks_report_done(request: HttpRequest, task_id: int, payload: ReportDoneIn) -> object:
    """Đơn vị chủ trì báo cáo hoàn thành; nhiệm vụ chờ Ban xác nhận. Ngày hoàn thành được so với hạn."""
    task = selectors.task_get(user=request.user, pk=task_id)
    services.task_report_done(
        actor=request.user,
        task=task,
        text=payload.text,
        completed_on=payload.completed_on,
        expected_version=payload.version,
    )
    return selectors.task_get(user=request.user, pk=task_id)


@router.post(
    "/{int:task_id}/verify",
    response={200: TaskDetailSchema, **WRITE_ERRORS},
    summary="Xác nhận hoàn thành",
    operation_id="tasks_verify",
)
def tasks_verify(request: HttpRequest, task_id: int, payload: NoteIn) -> object:
    """Cán bộ Ban phụ trách đơn vị xác nhận nhiệm vụ đã hoàn thành."""
    task = selectors.task_get(user=request.user, pk=task_id)
    services.task_verify(actor=request.user, task=task, note=payload.note, expected_version=payload.version)
    return selectors.task_get(user=request.user, pk=task_id)


@router.post(
    "/{int:task_id}/send-back",
    response={200: TaskDetailSchema, **WRITE_ERRORS},
    summary="Trả lại nhiệm vụ",
    operation_id="tasks_send_back",
)
def tasks_send_back(request: HttpRequest, task_id: int, payload: ReasonIn) -> object:
    """Ban không xác nhận kết quả: nhiệm vụ trở lại «Đang thực hiện», kèm lý do."""
    task = selectors.task_get(user=request.user, pk=task_id)
    services.task_send_back(
        actor=request.user, task=task, reason=payload.reason, expected_version=payload.version
    )
    return selectors.task_get(user=request.user, pk=task_id)


@router.post(
    "/{int:task_id}/extensions",
    response={201: ExtensionSchema, **WRITE_ERRORS},
    summary="Xin gia hạn",
    operation_id="tasks_extension_request",
)
def tasks_extension_request(request: HttpRequest, task_id: int, payload: ExtensionRequestIn) -> object:
    """Đơn vị chủ trì đề nghị hạn mới kèm lý do. Mỗi nhiệm vụ chỉ có một đề nghị chờ quyết định (409 nếu đã có)."""
    task = selectors.task_get(user=request.user, pk=task_id)
    extension = services.extension_request(
        actor=request.user,
        task=task,
        requested_due_date=payload.requested_due_date,
        reason=payload.reason,
        expected_version=payload.version,
    )
    return Status(201, extension)


@router.post(
    "/extensions/{int:extension_id}/decision",
    response={200: ExtensionSchema, **WRITE_ERRORS},
    summary="Quyết định gia hạn",
    operation_id="tasks_extension_decide",
)
def tasks_extension_decide(request: HttpRequest, extension_id: int, payload: ExtensionDecisionIn) -> object:
    """Ban đồng ý (nhiệm vụ nhận hạn mới, hạn ban đầu vẫn được lưu) hoặc không đồng ý (cần nêu lý do)."""
    extension = selectors.extension_get(user=request.user, pk=extension_id)
    return services.extension_decide(
        actor=request.user,
        extension=extension,
        approve=payload.approve,
        note=payload.note,
        due_date=payload.due_date,
    )
