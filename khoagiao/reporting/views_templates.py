"""Screens of report templates (đề cương, mẫu báo cáo), for the department: templates and their versions. The
sections, indicators and rules of a draft version are edited in `views_template_parts`, duties in `views_duties`;
both use the small helpers below.

Thin: parse, call one selector or service, render. A service's refusal comes back on the form with everything
the user typed; a refusal of a one-click action (move, delete, publish) comes back as a message on the page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from khoagiao.core.errors import ApplicationError
from khoagiao.core.forms import add_application_error
from khoagiao.core.pagination import paginate
from khoagiao.core.permissions import require

from . import selectors_templates as selectors
from .choices import TemplateVersionStatus
from .forms_templates import PublishForm, TemplateCreateForm, TemplateEditForm
from .models import TemplateVersion
from .permissions import can_manage_templates
from .services import templates as services

Saved = TypeVar("Saved")


def _form_data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _run_form(request: HttpRequest, form: Any, service: Callable[[], Saved]) -> Saved | None:
    """On a valid POST, the service's result. Otherwise None and the page is shown again: with the service's
    refusal on the form, next to everything the user typed."""
    if request.method == "POST" and form.is_valid():
        try:
            return service()
        except ApplicationError as error:
            add_application_error(form, error)
    return None


def _run_action(request: HttpRequest, action: Any, success: str) -> None:
    """A one-click action: its refusal becomes an error message, its success a confirmation."""
    try:
        action()
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if success:
            messages.success(request, success)


def _require_templates(request: HttpRequest) -> None:
    require(can_manage_templates(request.user), _("Chỉ Ban mới quản lý mẫu báo cáo."))


def _version_url(version: TemplateVersion, anchor: str = "") -> str:
    url = reverse("reporting:version_detail", args=[version.pk])
    return f"{url}#{anchor}" if anchor else url


def _draft_or_redirect(request: HttpRequest, version: TemplateVersion) -> HttpResponse | None:
    """Editing pages of a published version send the user back to it with the reason."""
    if version.status == TemplateVersionStatus.DRAFT:
        return None
    messages.error(
        request,
        _(
            "Phiên bản %(number)s đã ban hành nên không sửa được. Hãy bấm «Tạo phiên bản mới» để thay đổi; "
            "phiên bản mới áp dụng từ kỳ báo cáo chưa mở."
        )
        % {"number": version.number},
    )
    return redirect(_version_url(version))


# --- Templates --------------------------------------------------------------------------------------------------


@login_required
@require_GET
def template_list(request: HttpRequest) -> HttpResponse:
    _require_templates(request)
    query = request.GET.get("q", "").strip()[:200]
    page_obj = paginate(request, selectors.template_list(user=request.user, query=query).order_by("name"))
    return render(request, "reporting/templates/template_list.html", {"page_obj": page_obj, "query": query})


@login_required
@require_http_methods(["GET", "POST"])
def template_create(request: HttpRequest) -> HttpResponse:
    _require_templates(request)
    form = TemplateCreateForm(_form_data(request))
    template = _run_form(
        request, form, lambda: services.template_create(actor=request.user, **form.cleaned_data)
    )
    if template is not None:
        messages.success(
            request,
            _("Đã tạo mẫu «%(name)s». Hãy thêm các mục đề cương và chỉ tiêu, rồi ban hành.")
            % {"name": template.name},
        )
        return redirect(_version_url(template.versions.get()))
    return render(
        request,
        "reporting/templates/template_form.html",
        {"form": form, "title": _("Tạo mẫu báo cáo"), "submit_label": _("Tạo mẫu")},
    )


@login_required
@require_GET
def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_templates(request)
    template = selectors.template_get(user=request.user, pk=pk)
    versions = list(template.versions.all())
    return render(
        request,
        "reporting/templates/template_detail.html",
        {
            "template": template,
            "versions": versions,
            "draft": next((v for v in versions if v.status == TemplateVersionStatus.DRAFT), None),
            "current": next((v for v in versions if v.status == TemplateVersionStatus.PUBLISHED), None),
            "duties": template.visible_duties,  # type: ignore[attr-defined]
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_templates(request)
    template = selectors.template_get(user=request.user, pk=pk)
    form = TemplateEditForm(_form_data(request), template=template)
    saved = _run_form(
        request,
        form,
        lambda: services.template_update(actor=request.user, template=template, **form.cleaned_data),
    )
    if saved is not None:
        messages.success(request, _("Đã lưu mẫu «%(name)s».") % {"name": form.cleaned_data["name"]})
        return redirect("reporting:template_detail", template.pk)
    return render(
        request,
        "reporting/templates/template_form.html",
        {
            "form": form,
            "template": template,
            "title": _("Sửa mẫu «%(name)s»") % {"name": template.name},
            "submit_label": _("Lưu thay đổi"),
        },
    )


# --- Versions ---------------------------------------------------------------------------------------------------


@login_required
@require_POST
def version_start(request: HttpRequest, pk: int) -> HttpResponse:
    _require_templates(request)
    template = selectors.template_get(user=request.user, pk=pk)
    had_draft = services.template_draft(template) is not None
    try:
        draft = services.version_start_draft(actor=request.user, template=template)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("reporting:template_detail", template.pk)
    if not had_draft:
        messages.success(
            request,
            _(
                "Đã tạo phiên bản nháp %(number)s từ phiên bản mới nhất. Sửa xong, hãy ban hành để áp dụng từ kỳ "
                "báo cáo chưa mở."
            )
            % {"number": draft.number},
        )
    return redirect(_version_url(draft))


@login_required
@require_GET
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_templates(request)
    version = selectors.version_get(user=request.user, pk=pk)
    sections = list(version.sections.all())
    indicators = list(version.indicators.all())
    return render(
        request,
        "reporting/templates/version_detail.html",
        {
            "version": version,
            "template": version.template,
            "editable": version.is_editable,
            "sections": sections,
            "indicators": indicators,
            "rules": list(version.rules.all()),
            "versions": list(version.template.versions.order_by("-number")),
            "has_draft": version.template.versions.filter(status=TemplateVersionStatus.DRAFT).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def version_publish(request: HttpRequest, pk: int) -> HttpResponse:
    _require_templates(request)
    version = selectors.version_get(user=request.user, pk=pk)
    if (response := _draft_or_redirect(request, version)) is not None:
        return response
    form = PublishForm(_form_data(request))
    published = _run_form(
        request,
        form,
        lambda: services.version_publish(actor=request.user, version=version, note=form.cleaned_data["note"]),
    )
    if published is not None:
        messages.success(
            request,
            _("Đã ban hành phiên bản %(number)s của mẫu «%(name)s».")
            % {"number": version.number, "name": version.template.name},
        )
        return redirect(_version_url(version))
    return render(
        request,
        "reporting/templates/version_publish.html",
        {
            "form": form,
            "version": version,
            "template": version.template,
            "preview": selectors.version_publish_preview(version),
        },
    )


@login_required
@require_POST
def version_discard(request: HttpRequest, pk: int) -> HttpResponse:
    _require_templates(request)
    version = selectors.version_get(user=request.user, pk=pk)
    template = version.template
    try:
        services.version_discard(actor=request.user, version=version)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(_version_url(version))
    messages.success(request, _("Đã hủy bản nháp phiên bản %(number)s.") % {"number": version.number})
    return redirect("reporting:template_detail", template.pk)
