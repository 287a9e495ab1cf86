"""The register of outgoing documents (sổ văn bản đi) in the API: the rows the caller may read, one row, and its
files (the DOCX exactly as issued; the PDF converted once and kept). Read only: numbers are given by the apps
that issue documents, and cancelled on the screens.
No `from __future__ import annotations`: see the package's docstring."""

import datetime as dt

from django.http import FileResponse, HttpRequest, HttpResponse
from ninja import Field, Query, Schema
from ninja.pagination import paginate

from khoagiao.api.pagination import Pagination
from khoagiao.api.schemas import READ_ERRORS, ErrorSchema, UnitRefSchema

from ..choices import OutgoingDocumentKind, OutgoingDocumentStatus
from ..documents_register import register_file_name
from ..models.register import OutgoingDocument
from ..selectors_register import RegisterFilters, register_document_get, register_list
from ..services.register import document_pdf
from .common import DETAIL_ERRORS, router

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class RegisterFiltersSchema(Schema):
    unit: int | None = Field(None, description="Mã (id) đơn vị ban hành.")
    kind: OutgoingDocumentKind | None = Field(
        None, description="Loại văn bản (BC, TB, GM, KH, HD, CTr, QĐ, TTr, CV)."
    )
    year: int | None = Field(None, description="Năm của số văn bản.")
    status: OutgoingDocumentStatus | None = Field(
        None, description="issued (đã ban hành) hoặc cancelled (đã hủy số)."
    )
    q: str = Field(
        "", max_length=200, description="Tìm trong số, ký hiệu và trích yếu (có dấu hoặc không dấu)."
    )


class RegisterEntrySchema(Schema):
    id: int
    issuing_unit: UnitRefSchema
    kind: str
    year: int
    number: int
    symbol: str = Field(..., description="Số, ký hiệu như in trên văn bản, ví dụ «Số 12-BC/BTGDVTU».")
    document_format: str = Field(..., description="party (Hướng dẫn 36) hoặc state (Nghị định 30).")
    title: str = Field(..., description="Trích yếu.")
    issued_on: dt.date
    signer_name: str
    status: str
    cancel_reason: str
    cancelled_at: dt.datetime | None
    sha256: str = Field(..., description="SHA-256 của tệp DOCX đã ban hành.")


class RegisterEntryDetailSchema(RegisterEntrySchema):
    recipients: list[str] = Field(..., description="Nơi nhận, theo thứ tự trên văn bản.")
    source_type: str | None = Field(None, description="Loại đối tượng nguồn (app.model), nếu có.")
    source_id: int | None
    source_role: str
    has_pdf: bool = Field(..., description="Bản PDF đã được tạo và lưu.")

    @staticmethod
    def resolve_recipients(document: OutgoingDocument) -> list[str]:
        return [line for line in document.recipients.splitlines() if line.strip()]

    @staticmethod
    def resolve_source_type(document: OutgoingDocument) -> str | None:
        if document.source_type is None:
            return None
        return f"{document.source_type.app_label}.{document.source_type.model}"

    @staticmethod
    def resolve_has_pdf(document: OutgoingDocument) -> bool:
        return bool(document.pdf_file)


@router.get(
    "/register",
    response={200: list[RegisterEntrySchema], **READ_ERRORS},
    summary="Sổ văn bản đi",
    operation_id="reporting_register_list",
)
@paginate(Pagination)
def register_entries(request: HttpRequest, filters: Query[RegisterFiltersSchema]) -> object:
    """Các văn bản đã cấp số (kể cả số đã hủy, kèm lý do) của các đơn vị ban hành mà người gọi được xem sổ:
    cán bộ của Ban và lãnh đạo theo dõi. Người khác nhận danh sách rỗng. Mới nhất trước."""
    return register_list(
        request.user,
        RegisterFilters(
            unit=filters.unit,
            kind=filters.kind or "",
            year=filters.year,
            status=filters.status or "",
            q=filters.q,
        ),
    )


@router.get(
    "/register/{int:document_id}",
    response={200: RegisterEntryDetailSchema, **DETAIL_ERRORS},
    summary="Một văn bản trong sổ văn bản đi",
    operation_id="reporting_register_detail",
)
def register_entry(request: HttpRequest, document_id: int) -> object:
    """Một dòng của sổ với nơi nhận và đối tượng nguồn; 404 nếu không có hoặc người gọi không được xem."""
    return register_document_get(request.user, document_id)


@router.get(
    "/register/{int:document_id}/docx",
    response={200: None, **DETAIL_ERRORS},
    summary="Tải tệp DOCX đã ban hành",
    operation_id="reporting_register_docx",
)
def register_entry_docx(request: HttpRequest, document_id: int) -> FileResponse:
    """Tệp DOCX đúng như khi ban hành (không tạo lại); mã SHA-256 trùng với trường `sha256`."""
    document = register_document_get(request.user, document_id)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=register_file_name(document, "docx"),
        content_type=DOCX,
    )


@router.get(
    "/register/{int:document_id}/pdf",
    response={200: None, 503: ErrorSchema, **DETAIL_ERRORS},
    summary="Tải bản PDF",
    operation_id="reporting_register_pdf",
)
def register_entry_pdf(request: HttpRequest, document_id: int) -> HttpResponse:
    """Bản PDF, chuyển từ tệp DOCX đã lưu bằng LibreOffice ở lần tải đầu và giữ lại cho các lần sau. Máy chủ
    chưa cài LibreOffice: 503 với mã `pdf_unavailable`."""
    document = register_document_get(request.user, document_id)
    response = HttpResponse(document_pdf(document), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{register_file_name(document, "pdf")}"'
    return response
