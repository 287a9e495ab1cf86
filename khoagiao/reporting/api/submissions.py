"""Endpoints of the reporting API for units' reports: list, detail, draft, submit, approve, accept, return.
No `from __future__ import annotations`: see the package's docstring."""

from typing import Any

from django.http import HttpRequest
from ninja import Query
from ninja.pagination import paginate

from khoagiao.api.pagination import Pagination
from khoagiao.api.schemas import READ_ERRORS

from ..models import Submission
from ..selectors import submission_get, submission_list
from ..services import submissions as services
from .common import DETAIL_ERRORS, WRITE_ERRORS, router
from .schemas_submissions import (
    AcceptIn,
    DraftIn,
    ReturnIn,
    SubmissionDetailSchema,
    SubmissionFilters,
    SubmissionSchema,
    SubmitIn,
)


def _fresh(user: Any, pk: int) -> Submission:
    """The report as it is after a write (re-read through the scoped selector)."""
    return submission_get(user=user, pk=pk)


@router.get(
    "/submissions",
    response={200: list[SubmissionSchema], **READ_ERRORS},
    summary="Danh sách báo cáo của đơn vị",
    operation_id="khoagiao_reporting_api_submissions_list",
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
    operation_id="khoagiao_reporting_api_submissions_detail",
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
    operation_id="khoagiao_reporting_api_submissions_draft_patch",
)
def submissions_draft_patch(request: HttpRequest, submission_id: int, payload: DraftIn) -> object:
    """Lưu các mục, chỉ tiêu được gửi; phần còn lại giữ nguyên. Số liệu sai kiểu, ngoài giới hạn: 400, không
    lưu gì. Phiên bản cũ (người khác vừa lưu): 409, không lưu gì."""
    return _save(request, submission_id, payload, replace=False)


@router.put(
    "/submissions/{int:submission_id}/draft",
    response={200: SubmissionDetailSchema, **WRITE_ERRORS},
    summary="Thay toàn bộ bản nháp",
    operation_id="khoagiao_reporting_api_submissions_draft_put",
)
def submissions_draft_put(request: HttpRequest, submission_id: int, payload: DraftIn) -> object:
    """Bản nháp trở thành đúng những gì được gửi: mục, chỉ tiêu không có trong yêu cầu bị để trống."""
    return _save(request, submission_id, payload, replace=True)


@router.post(
    "/submissions/{int:submission_id}/submit",
    response={200: SubmissionDetailSchema, **WRITE_ERRORS},
    summary="Gửi báo cáo",
    operation_id="khoagiao_reporting_api_submissions_submit",
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
    operation_id="khoagiao_reporting_api_submissions_approve",
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
    operation_id="khoagiao_reporting_api_submissions_accept",
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
    operation_id="khoagiao_reporting_api_submissions_return",
)
def submissions_return(request: HttpRequest, submission_id: int, payload: ReturnIn) -> object:
    """Ban trả lại báo cáo đã gửi, kèm nội dung cần sửa; thời điểm gửi lần đầu vẫn dùng để tính đúng hạn."""
    submission = submission_get(user=request.user, pk=submission_id)
    services.submission_return(actor=request.user, submission=submission, comment=payload.comment)
    return _fresh(request.user, submission_id)
