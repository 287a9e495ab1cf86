"""Screens of the register of outgoing documents (sổ văn bản đi): the list with its filters and XLSX export,
one document with its DOCX exactly as issued and its PDF (converted once, kept), and cancelling a number with a
reason after a confirmation step. Thin: parse, call one selector or service, render.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from khoagiao.core.documents import PdfUnavailable
from khoagiao.core.errors import ApplicationError
from khoagiao.core.forms import add_application_error
from khoagiao.core.pagination import paginate, querystring_without_page
from khoagiao.core.permissions import require

from .choices import OutgoingDocumentKind, OutgoingDocumentStatus
from .documents_register import register_file_name, register_xlsx
from .forms_register import DocumentCancelForm, RegisterFilterForm
from .permissions import can_cancel_document
from .selectors_register import (
    RegisterFilters,
    register_attach_sources,
    register_cancel_unit_ids,
    register_document_get,
    register_issuing_units,
    register_list,
    register_may_view,
    register_years,
)
from .services.register import document_cancel, document_pdf

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _require_reader(request: HttpRequest) -> None:
    require(
        register_may_view(request.user),
        _("Sổ văn bản đi dành cho cán bộ của Ban và lãnh đạo theo dõi; bạn chưa được giao quyền xem sổ."),
    )


def _filter_summary(filters: RegisterFilters, units: list[Any]) -> str:
    parts = []
    if filters.unit:
        parts += [unit.name for unit in units if unit.pk == filters.unit]
    if filters.kind:
        parts.append(str(OutgoingDocumentKind(filters.kind).label))
    if filters.year:
        parts.append(str(filters.year))
    if filters.status:
        parts.append(str(OutgoingDocumentStatus(filters.status).label))
    if filters.q.strip():
        parts.append(f"«{filters.q.strip()}»")
    return ", ".join(parts)


@login_required
@require_GET
def register_list_view(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    form = RegisterFilterForm(request.GET)
    filters = form.filters()
    form.set_options(register_issuing_units(request.user), register_years(request.user))
    page_obj = paginate(request, register_list(request.user, filters))
    register_attach_sources(page_obj.object_list)
    cancellable = register_cancel_unit_ids(request.user)
    for document in page_obj.object_list:
        document.is_cancelled = document.status == OutgoingDocumentStatus.CANCELLED
        document.can_cancel = document.status == OutgoingDocumentStatus.ISSUED and (
            request.user.is_superuser or document.issuing_unit_id in cancellable
        )
    return render(
        request,
        "reporting/register/register_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "filtered": any([filters.unit, filters.kind, filters.year, filters.status, filters.q.strip()]),
            "query_string": request.GET.urlencode(),
            "page_query": querystring_without_page(request),
        },
    )


@login_required
@require_GET
def register_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = register_document_get(request.user, pk)
    register_attach_sources([document])
    return render(
        request,
        "reporting/register/register_detail.html",
        {
            "document": document,
            "recipients": document.recipients.splitlines(),
            "cancelled": document.status == OutgoingDocumentStatus.CANCELLED,
            "can_cancel": document.status == OutgoingDocumentStatus.ISSUED
            and can_cancel_document(request.user, document),
        },
    )


@login_required
@require_GET
def register_docx(request: HttpRequest, pk: int) -> FileResponse:
    """The DOCX exactly as it was issued (never rebuilt)."""
    document = register_document_get(request.user, pk)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=register_file_name(document, "docx"),
        content_type=DOCX,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def register_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF, converted from the stored DOCX the first time and kept; a clear message without LibreOffice."""
    document = register_document_get(request.user, pk)
    try:
        pdf = document_pdf(document)
    except PdfUnavailable as error:
        messages.error(request, error.message)
        return redirect("reporting:register_detail", pk=document.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{register_file_name(document, "pdf")}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def register_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm step (GET) and cancelling (POST) with the required reason; a refusal keeps what was typed."""
    document = register_document_get(request.user, pk)
    require(
        can_cancel_document(request.user, document),
        _("Chỉ cán bộ của Ban mới được hủy số văn bản."),
    )
    if document.status == OutgoingDocumentStatus.CANCELLED:
        messages.info(request, _("%(symbol)s đã bị hủy trước đó.") % {"symbol": document.symbol})
        return redirect("reporting:register_detail", pk=document.pk)
    form = DocumentCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            document_cancel(actor=request.user, document=document, reason=form.cleaned_data["reason"])
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(
                request,
                _("Đã hủy %(symbol)s. Số này vẫn ở trong sổ cùng lý do hủy.") % {"symbol": document.symbol},
            )
            return redirect("reporting:register_detail", pk=document.pk)
    return render(request, "reporting/register/register_cancel.html", {"document": document, "form": form})


@login_required
@require_GET
def register_export(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    form = RegisterFilterForm(request.GET)
    filters = form.filters()
    units = register_issuing_units(request.user)
    now = timezone.now()
    data = register_xlsx(
        register_list(request.user, filters).iterator(chunk_size=500),
        filter_summary=_filter_summary(filters, units),
        generated_at=now,
    )
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="so-van-ban-di-{timezone.localtime(now):%Y%m%d-%H%M}.xlsx"'
    )
    return response
