"""Screens of the consolidated report: the list, starting one for a period, the build page (figures,
completeness, the narrative editor with each paragraph's source, rebuild with the change list), the preview,
"Cấp số và ban hành", a new version, and the downloads (DOCX, PDF, XLSX). Thin: parse, call a selector or a
service, render or redirect. Refusals are ApplicationErrors: the middleware shows them as a message.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from khoagiao.core.errors import ApplicationError
from khoagiao.core.forms import add_application_error
from khoagiao.core.permissions import require

from .consolidation.permissions import can_build_consolidation
from .documents_consolidation import consolidation_file
from .forms_consolidation import ConsolidationOptionsForm, ConsolidationStartForm, paragraph_input
from .models import ConsolidatedVersion, Period
from .selectors_consolidation import (
    consolidation_duty_periods,
    consolidation_latest_for_period,
    consolidation_report_versions,
    consolidation_version_figures,
    consolidation_version_for_edit,
    consolidation_version_get,
    consolidation_version_list,
)
from .services.consolidation import (
    consolidation_issue,
    consolidation_new_version,
    consolidation_preview_needs_job,
    consolidation_preview_request,
    consolidation_rebuild,
    consolidation_save,
    consolidation_start,
)


@login_required
@require_GET
def consolidation_list(request: HttpRequest) -> HttpResponse:
    versions = consolidation_version_list(user=request.user)
    periods = consolidation_duty_periods(user=request.user)
    # ?period=<id> (from a period's link) preselects the period to consolidate.
    initial = {"period": request.GET["period"]} if request.GET.get("period", "").isdigit() else {}
    form = ConsolidationStartForm(periods=periods, initial=initial) if periods else None
    return render(request, "reporting/consolidation_list.html", {"versions": versions, "start_form": form})


@login_required
@require_POST
def consolidation_start_view(request: HttpRequest) -> HttpResponse:
    periods = consolidation_duty_periods(user=request.user)
    # No period to consolidate means no right to: a refusal, not a form error.
    require(bool(periods), _("Chỉ cán bộ của Ban mới được lập báo cáo tổng hợp."))
    form = ConsolidationStartForm(request.POST, periods=periods)
    if form.is_valid():
        period = form.periods[form.cleaned_data["period"]]
        version = consolidation_start(
            actor=request.user,
            period=period,
            issuing_unit=period.duty.receiving_unit,
            include_submitted=form.cleaned_data["include_submitted"],
        )
        return redirect("reporting:consolidation_build", version.pk)
    versions = consolidation_version_list(user=request.user)
    return render(
        request, "reporting/consolidation_list.html", {"versions": versions, "start_form": form}, status=400
    )


def _sections_view(version: ConsolidatedVersion, posted: Any | None = None) -> list[dict[str, Any]]:
    """The sections for the editor, with the texts the user typed when a save was refused."""
    sections = []
    for section in version.sections:
        paragraphs = []
        for paragraph in section["paragraphs"]:
            name = f"p|{section['code']}|{paragraph['key']}"
            text = (
                posted.get(name, paragraph.get("text", ""))
                if posted is not None
                else paragraph.get("text", "")
            )
            paragraphs.append(
                {
                    **paragraph,
                    "field_name": name,
                    "remove_name": f"rm|{section['code']}|{paragraph['key']}",
                    "shown_text": text,
                }
            )
        new_name = f"new|{section['code']}"
        sections.append(
            {
                **section,
                "paragraphs": paragraphs,
                "new_name": new_name,
                "new_text": posted.get(new_name, "") if posted is not None else "",
            }
        )
    return sections


@login_required
@require_http_methods(["GET", "POST"])
def consolidation_build(request: HttpRequest, pk: int) -> HttpResponse:
    version = consolidation_version_for_edit(user=request.user, pk=pk)
    if not version.is_draft:
        return redirect("reporting:consolidation_detail", version.pk)
    posted = None
    if request.method == "POST":
        form = ConsolidationOptionsForm(request.POST)
        if form.is_valid():
            paragraphs, removed, new = paragraph_input(request.POST)
            try:
                consolidation_save(
                    actor=request.user,
                    version=version,
                    summary=form.cleaned_data["summary"],
                    include_submitted=form.cleaned_data["include_submitted"],
                    signer_role=form.cleaned_data["signer_role"],
                    signer_name=form.cleaned_data["signer_name"],
                    recipients=form.recipient_lines(),
                    paragraphs=paragraphs,
                    removed=removed,
                    new_paragraphs=new,
                )
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(request, _("Đã lưu bản nháp báo cáo tổng hợp."))
                return redirect("reporting:consolidation_build", version.pk)
        posted = request.POST
    else:
        form = ConsolidationOptionsForm(
            initial={
                "summary": version.summary,
                "include_submitted": version.include_submitted,
                "signer_role": version.signer_role,
                "signer_name": version.signer_name,
                "recipients": version.recipients,
            }
        )
    figures = consolidation_version_figures(version)
    return render(
        request,
        "reporting/consolidation_build.html",
        {
            "version": version,
            "report": version.report,
            "form": form,
            "sections": _sections_view(version, posted),
            "figures": figures,
            "needs_job": consolidation_preview_needs_job(figures),
            "versions": consolidation_report_versions(version.report),
        },
        status=400 if posted is not None else 200,
    )


@login_required
@require_POST
def consolidation_rebuild_view(request: HttpRequest, pk: int) -> HttpResponse:
    version = consolidation_version_for_edit(user=request.user, pk=pk)
    version = consolidation_rebuild(actor=request.user, version=version)
    if version.changes:
        messages.info(
            request,
            _("Đã tổng hợp lại: %(count)s thay đổi, xem danh sách bên dưới.")
            % {"count": len(version.changes)},
        )
    else:
        messages.info(request, _("Đã tổng hợp lại: không có thay đổi từ báo cáo của các đơn vị."))
    return redirect("reporting:consolidation_build", version.pk)


@login_required
@require_http_methods(["GET", "POST"])
def consolidation_issue_view(request: HttpRequest, pk: int) -> HttpResponse:
    version = consolidation_version_for_edit(user=request.user, pk=pk)
    if not version.is_draft:
        messages.info(request, _("Phiên bản này đã được ban hành."))
        return redirect("reporting:consolidation_detail", version.pk)
    error = None
    if request.method == "POST":
        try:
            version = consolidation_issue(actor=request.user, version=version)
        except ApplicationError as refused:
            error = refused.message
        else:
            messages.success(
                request,
                _("Đã cấp số %(symbol)s và ban hành báo cáo tổng hợp.") % {"symbol": version.symbol},
            )
            return redirect("reporting:consolidation_detail", version.pk)
    return render(
        request,
        "reporting/consolidation_issue.html",
        {
            "version": version,
            "report": version.report,
            "error": error,
            "figures": consolidation_version_figures(version),
        },
        status=400 if error else 200,
    )


@login_required
@require_POST
def consolidation_new_version_view(request: HttpRequest, pk: int) -> HttpResponse:
    version = consolidation_version_get(user=request.user, pk=pk)
    draft = consolidation_new_version(actor=request.user, version=version)
    messages.info(
        request,
        _("Đã mở phiên bản %(number)s để đính chính; phiên bản đã ban hành được giữ nguyên.")
        % {"number": draft.number},
    )
    return redirect("reporting:consolidation_build", draft.pk)


@login_required
@require_GET
def consolidation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as it reads (the preview of a draft, or the issued version with its number)."""
    version = consolidation_version_get(user=request.user, pk=pk)
    may_build = can_build_consolidation(request.user, version.report.issuing_unit)
    return render(
        request,
        "reporting/consolidation_detail.html",
        {
            "version": version,
            "report": version.report,
            "figures": consolidation_version_figures(version),
            "may_build": may_build,
            "versions": consolidation_report_versions(version.report) if may_build else [version],
        },
    )


def _file_response(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def consolidation_download(request: HttpRequest, pk: str, fmt: str) -> HttpResponse:
    """DOCX, PDF or XLSX; a large draft's DOCX is queued for the background job and the build page shows it."""
    version = consolidation_version_get(user=request.user, pk=int(pk))
    found = consolidation_file(version, fmt)
    if found is None:
        consolidation_preview_request(actor=request.user, version=version)
        messages.info(request, _("Báo cáo lớn: bản dự thảo đang được tạo, trang sẽ báo khi xong."))
        return redirect("reporting:consolidation_build", version.pk)
    return _file_response(*found)


@login_required
@require_POST
def consolidation_preview_job(request: HttpRequest, pk: int) -> HttpResponse:
    version = consolidation_version_for_edit(user=request.user, pk=pk)
    consolidation_preview_request(actor=request.user, version=version)
    messages.info(request, _("Đang tạo bản dự thảo DOCX; trang sẽ báo khi xong."))
    return redirect("reporting:consolidation_build", version.pk)


@login_required
@require_GET
def consolidation_preview_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's progress (a fragment the build page polls with htmx, readable on its own without JS)."""
    version = consolidation_version_for_edit(user=request.user, pk=pk)
    version.refresh_from_db(fields=["preview_state", "preview_error", "preview_file"])
    return render(request, "reporting/consolidation_preview_status.html", {"version": version})


@login_required
@require_GET
def consolidation_for_period(request: HttpRequest, period_pk: int) -> HttpResponse:
    """The latest consolidated report of a period the user may read; when there is none yet, the department
    goes to the list with the period chosen in the start form (a GET never creates anything); others get a 404."""
    period = get_object_or_404(Period.objects.select_related("duty__receiving_unit"), pk=period_pk)
    version = consolidation_latest_for_period(user=request.user, period=period)
    if version is not None:
        if version.is_draft:
            return redirect("reporting:consolidation_build", version.pk)
        return redirect("reporting:consolidation_detail", version.pk)
    if can_build_consolidation(request.user, period.duty.receiving_unit):
        messages.info(request, _("Kỳ này chưa có báo cáo tổng hợp; bấm «Lập hoặc mở bản nháp» để lập."))
        return redirect(reverse("reporting:consolidation_list") + f"?period={period.pk}")
    raise Http404(_("Chưa có báo cáo tổng hợp của kỳ này."))
