"""Consolidated reports (báo cáo tổng hợp): list, read one (figures and text), download its documents.
Same selectors as the screens, so the same permissions: a draft or a report the caller may not read is a 404.
No `from __future__ import annotations`: see the package's docstring."""

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Schema
from ninja.pagination import paginate

from khoagiao.api.pagination import Pagination
from khoagiao.api.schemas import READ_ERRORS, ErrorSchema
from khoagiao.core.errors import ConflictError, NotFoundError

from ..documents_consolidation import consolidation_file
from ..selectors_consolidation import (
    consolidation_version_figures,
    consolidation_version_get,
    consolidation_version_list,
)
from ..services.consolidation import consolidation_preview_request
from .common import DETAIL_ERRORS, router


class ConsolidationListItemSchema(Schema):
    id: int
    number: int = Field(..., description="Số phiên bản (đính chính tạo phiên bản mới).")
    status: str = Field(..., description="`draft` (chỉ Ban thấy) hoặc `issued`.")
    summary: str = Field(..., description="Trích yếu, sau chữ «BÁO CÁO».")
    period_id: int
    period_label: str
    duty_id: int
    issuing_unit_id: int
    issuing_unit: str
    symbol: str | None = Field(None, description="Số, ký hiệu khi đã ban hành, ví dụ «Số 12-BC/BTGDVTU».")
    issued_on: dt.date | None = None


class ParagraphSchema(Schema):
    text: str
    unit_id: int | None = Field(None, description="Đơn vị nguồn của đoạn; null: đoạn do Ban viết.")
    unit_name: str = ""
    edited: bool = Field(False, description="Đoạn đã được Ban biên tập (không còn đúng nguyên văn đơn vị).")


class SectionSchema(Schema):
    code: str
    heading: str
    paragraphs: list[ParagraphSchema]


class ConsolidationSchema(ConsolidationListItemSchema):
    include_submitted: bool = Field(..., description="Có tính báo cáo đã gửi nhưng chưa tiếp nhận.")
    signer_role: str = Field(..., description="`head` (Trưởng ban ký) hoặc `deputy` (K/T).")
    signer_name: str
    recipients: list[str]
    sections: list[SectionSchema]
    figures: dict[str, Any] = Field(
        ...,
        description="Số liệu: `indicators` (kỳ này, kỳ trước, cùng kỳ năm trước, ghi chú), `kinds`, `levels`, "
        "`rollup`, `units`, `completeness` (đơn vị thiếu, tỷ lệ). Bản đã ban hành: số liệu đã chốt.",
    )


def _item(version: Any) -> dict[str, Any]:
    report = version.report
    document = version.document
    return {
        "id": version.pk,
        "number": version.number,
        "status": version.status,
        "summary": version.summary,
        "period_id": report.period_id,
        "period_label": report.period.label,
        "duty_id": report.period.duty_id,
        "issuing_unit_id": report.issuing_unit_id,
        "issuing_unit": report.issuing_unit.name,
        "symbol": document.symbol if document else None,
        "issued_on": document.issued_on if document else None,
    }


@router.get(
    "/consolidations",
    response={200: list[ConsolidationListItemSchema], **READ_ERRORS},
    summary="Danh sách báo cáo tổng hợp",
    operation_id="reporting_consolidation_list",
)
@paginate(Pagination)
def consolidation_list(request: HttpRequest) -> object:
    """Các phiên bản báo cáo tổng hợp người dùng được xem, kỳ mới nhất trước: Ban thấy cả bản nháp; lãnh đạo
    theo dõi và báo cáo viên thấy bản đã ban hành; đơn vị thấy bản đã ban hành có tính đơn vị mình."""
    return [_item(version) for version in consolidation_version_list(user=request.user)]


@router.get(
    "/consolidations/{int:version_id}",
    response={200: ConsolidationSchema, **DETAIL_ERRORS},
    summary="Một báo cáo tổng hợp: số liệu và nội dung",
    operation_id="reporting_consolidation_get",
)
def consolidation_get(request: HttpRequest, version_id: int) -> object:
    """Nội dung theo mục (mỗi đoạn có đơn vị nguồn cho đến khi được biên tập), người ký, nơi nhận và toàn bộ
    số liệu. Bản nháp: số liệu tính tại thời điểm gọi; bản đã ban hành: số liệu đã chốt khi ban hành."""
    version = consolidation_version_get(user=request.user, pk=version_id)
    return {
        **_item(version),
        "include_submitted": version.include_submitted,
        "signer_role": version.signer_role,
        "signer_name": version.signer_name,
        "recipients": version.recipient_list,
        "sections": [
            {
                "code": section["code"],
                "heading": section["heading"],
                "paragraphs": [
                    {
                        "text": paragraph.get("text", ""),
                        "unit_id": paragraph.get("unit_id"),
                        "unit_name": paragraph.get("unit_name", ""),
                        "edited": bool(paragraph.get("edited")),
                    }
                    for paragraph in section["paragraphs"]
                ],
            }
            for section in version.sections
        ],
        "figures": consolidation_version_figures(version),
    }


@router.get(
    "/consolidations/{int:version_id}/documents/{fmt}",
    response={200: None, 404: ErrorSchema, 409: ErrorSchema, 503: ErrorSchema, **READ_ERRORS},
    summary="Tải văn bản báo cáo tổng hợp (DOCX, PDF, XLSX)",
    operation_id="reporting_consolidation_download",
)
def consolidation_document(request: HttpRequest, version_id: int, fmt: str) -> HttpResponse:
    """`fmt`: `docx` (bản đã ban hành: đúng tệp đã lưu khi cấp số; bản nháp: dự thảo), `pdf` (qua LibreOffice;
    503 `pdf_unavailable` khi máy chủ chưa cài), `xlsx` (toàn bộ số liệu, an toàn trước công thức). Bản nháp rất lớn: 409 `preview_queued`, dự thảo đang được tạo
    trong nền."""
    if fmt not in {"docx", "pdf", "xlsx"}:
        raise NotFoundError("Định dạng không hỗ trợ; chọn docx, pdf hoặc xlsx.")
    version = consolidation_version_get(user=request.user, pk=version_id)
    found = consolidation_file(version, fmt)
    if found is None:
        consolidation_preview_request(actor=request.user, version=version)
        raise ConflictError(
            "Báo cáo lớn: bản dự thảo đang được tạo trong nền; hãy gọi lại sau ít phút.",
            code="preview_queued",
        )
    content, content_type, name = found
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
