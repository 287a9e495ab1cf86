"""Screens of report templates (đề cương, mẫu báo cáo) and reporting duties (chế độ báo cáo), for the department.

Thin: parse, call one selector or service, render. A service's refusal comes back on the form with everything
the user typed; a refusal of a one-click action (move, delete, publish) comes back as a message on the page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from khoagiao.core.errors import ApplicationError
from khoagiao.core.forms import add_application_error
from khoagiao.core.pagination import paginate
from khoagiao.core.permissions import require

from . import selectors_templates as selectors
from .choices import DutyFrequency, TemplateVersionStatus
from .forms_templates import (
    AdHocForm,
    DutyForm,
    GenerateForm,
    IndicatorForm,
    PublishForm,
    RuleForm,
    SectionForm,
    TemplateCreateForm,
    TemplateEditForm,
)
from .models import TemplateVersion
from .permissions import can_manage_duties, can_manage_duty, can_manage_templates
from .services import duties as duty_services
from .services import periods as period_services
from .services import templates as services
from .services.templates import Direction


def _form_data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _require_templates(request: HttpRequest) -> None:
    require(can_manage_templates(request.user), _("Chỉ Ban mới quản lý mẫu báo cáo."))


def _require_department(request: HttpRequest) -> None:
    # The same people who manage templates (the department, anywhere) may open the duty screens; each duty is
    # then limited to those whose receiving unit they manage.
    require(can_manage_duties(request.user), _("Chỉ Ban mới quản lý chế độ báo cáo."))


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


def _run_action(request: HttpRequest, action: Any, success: str) -> None:
    """A one-click action: its refusal becomes an error message, its success a confirmation."""
    try:
        action()
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if success:
            messages.success(request, success)


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
    if request.method == "POST" and form.is_valid():
        try:
            template = services.template_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
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
    if request.method == "POST" and form.is_valid():
        try:
            services.template_update(actor=request.user, template=template, **form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
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
    if request.method == "POST" and form.is_valid():
        try:
            services.version_publish(actor=request.user, version=version, note=form.cleaned_data["note"])
        except ApplicationError as error:
            add_application_error(form, error)
        else:
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


# --- Sections, indicators, rules of the draft -------------------------------------------------------------------


def _part_form_page(
    request: HttpRequest,
    *,
    version: TemplateVersion,
    form: Any,
    title: str,
    submit_label: str,
    anchor: str,
    template_name: str = "reporting/templates/part_form.html",
) -> HttpResponse:
    return render(
        request,
        template_name,
        {
            "form": form,
            "version": version,
            "template": version.template,
            "title": title,
            "submit_label": submit_label,
            "cancel_url": _version_url(version, anchor),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def section_create(request: HttpRequest, pk: int) -> HttpResponse:
    _require_templates(request)
    version = selectors.version_get(user=request.user, pk=pk)
    if (response := _draft_or_redirect(request, version)) is not None:
        return response
    form = SectionForm(_form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            section = services.section_create(actor=request.user, version=version, **form.service_kwargs())
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Đã thêm mục «%(heading)s».") % {"heading": section.heading})
            return redirect(_version_url(version, "muc"))
    return _part_form_page(
        request,
        version=version,
        form=form,
        title=_("Thêm mục đề cương"),
        submit_label=_("Thêm mục"),
        anchor="muc",
    )


@login_required
@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_templates(request)
    section = selectors.section_get(user=request.user, pk=pk)
    version = section.version
    if (response := _draft_or_redirect(request, version)) is not None:
        return response
    form = SectionForm(_form_data(request), section=section)
    if request.method == "POST" and form.is_valid():
        try:
            services.section_update(actor=request.user, section=section, **form.service_kwargs())
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(
                request, _("Đã lưu mục «%(heading)s».") % {"heading": form.cleaned_data["heading"]}
            )
            return redirect(_version_url(version, "muc"))
    return _part_form_page(
        request,
        version=version,
        form=form,
        title=_("Sửa mục «%(heading)s»") % {"heading": section.heading},
        submit_label=_("Lưu mục"),
        anchor="muc",
    )


@login_required
@require_POST
def section_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _require_templates(request)
    section = selectors.section_get(user=request.user, pk=pk)
    _run_action(
        request,
        lambda: services.section_delete(actor=request.user, section=section),
        _("Đã xóa mục «%(heading)s».") % {"heading": section.heading},
    )
    return redirect(_version_url(section.version, "muc"))


@login_required
@require_POST
def section_move(request: HttpRequest, pk: int) -> HttpResponse:
    _require_templates(request)
    section = selectors.section_get(user=request.user, pk=pk)
    direction: Direction = "up" if request.POST.get("direction") == "up" else "down"
    _run_action(
        request,
        lambda: services.section_move(actor=request.user, section=section, direction=direction),
        "",
    )
    return redirect(_version_url(section.version, f"muc-{section.pk}"))


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create(request: HttpRequest, pk: int) -> HttpResponse:
    _require_templates(request)
    version = selectors.version_get(user=request.user, pk=pk)
    if (response := _draft_or_redirect(request, version)) is not None:
        return response
    form = IndicatorForm(_form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.indicator_create(
                actor=request.user, version=version, **form.service_kwargs()
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(
                request,
                _("Đã thêm chỉ tiêu %(code)s — %(name)s.") % {"code": indicator.code, "name": indicator.name},
            )
            return redirect(_version_url(version, "chi-tieu"))
    return _part_form_page(
        request,
        version=version,
        form=form,
        title=_("Thêm chỉ tiêu"),
        submit_label=_("Thêm chỉ tiêu"),
        anchor="chi-tieu",
        template_name="reporting/templates/indicator_form.html",
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_templates(request)
    indicator = selectors.indicator_get(user=request.user, pk=pk)
    version = indicator.version
    if (response := _draft_or_redirect(request, version)) is not None:
        return response
    form = IndicatorForm(_form_data(request), indicator=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_update(actor=request.user, indicator=indicator, **form.service_kwargs())
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Đã lưu chỉ tiêu %(code)s.") % {"code": form.cleaned_data["code"]})
            return redirect(_version_url(version, "chi-tieu"))
    return _part_form_page(
        request,
        version=version,
        form=form,
        title=_("Sửa chỉ tiêu %(code)s") % {"code": indicator.code},
        submit_label=_("Lưu chỉ tiêu"),
        anchor="chi-tieu",
        template_name="reporting/templates/indicator_form.html",
    )


@login_required
@require_POST
def indicator_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _require_templates(request)
    indicator = selectors.indicator_get(user=request.user, pk=pk)
    _run_action(
        request,
        lambda: services.indicator_delete(actor=request.user, indicator=indicator),
        _("Đã xóa chỉ tiêu %(code)s.") % {"code": indicator.code},
    )
    return redirect(_version_url(indicator.version, "chi-tieu"))


@login_required
@require_POST
def indicator_move(request: HttpRequest, pk: int) -> HttpResponse:
    _require_templates(request)
    indicator = selectors.indicator_get(user=request.user, pk=pk)
    direction: Direction = "up" if request.POST.get("direction") == "up" else "down"
    _run_action(
        request,
        lambda: services.indicator_move(actor=request.user, indicator=indicator, direction=direction),
        "",
    )
    return redirect(_version_url(indicator.version, f"chi-tieu-{indicator.pk}"))


@login_required
@require_http_methods(["GET", "POST"])
def rule_create(request: HttpRequest, pk: int) -> HttpResponse:
    _require_templates(request)
    version = selectors.version_get(user=request.user, pk=pk)
    if (response := _draft_or_redirect(request, version)) is not None:
        return response
    form = RuleForm(_form_data(request), indicators=version.indicators.order_by("order"))
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_create(actor=request.user, version=version, **form.service_kwargs())
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Đã thêm quy tắc kiểm tra."))
            return redirect(_version_url(version, "quy-tac"))
    return _part_form_page(
        request,
        version=version,
        form=form,
        title=_("Thêm quy tắc kiểm tra"),
        submit_label=_("Thêm quy tắc"),
        anchor="quy-tac",
        template_name="reporting/templates/rule_form.html",
    )


@login_required
@require_http_methods(["GET", "POST"])
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_templates(request)
    rule = selectors.rule_get(user=request.user, pk=pk)
    version = rule.version
    if (response := _draft_or_redirect(request, version)) is not None:
        return response
    form = RuleForm(_form_data(request), indicators=version.indicators.order_by("order"), rule=rule)
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_update(actor=request.user, rule=rule, **form.service_kwargs())
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Đã lưu quy tắc kiểm tra."))
            return redirect(_version_url(version, "quy-tac"))
    return _part_form_page(
        request,
        version=version,
        form=form,
        title=_("Sửa quy tắc kiểm tra"),
        submit_label=_("Lưu quy tắc"),
        anchor="quy-tac",
        template_name="reporting/templates/rule_form.html",
    )


@login_required
@require_POST
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _require_templates(request)
    rule = selectors.rule_get(user=request.user, pk=pk)
    _run_action(
        request,
        lambda: services.rule_delete(actor=request.user, rule=rule),
        _("Đã xóa quy tắc «%(rule)s».") % {"rule": rule},
    )
    return redirect(_version_url(rule.version, "quy-tac"))


# --- Duties -----------------------------------------------------------------------------------------------------


def _int_list(values: list[str]) -> list[int]:
    return [int(value) for value in values if value.isdigit()]


def _duty_form(request: HttpRequest, duty: Any = None) -> DutyForm:
    named = [unit.pk for unit in duty.units.all()] if duty is not None else []
    templates = selectors.duty_template_choices(current=duty.template if duty is not None else None)
    initial: dict[str, Any] = {}
    template_id = request.GET.get("template", "")
    if duty is None and template_id.isdigit() and templates.filter(pk=int(template_id)).exists():
        initial["template"] = int(template_id)
    return DutyForm(
        _form_data(request),
        duty=duty,
        initial=initial,
        templates=templates,
        receiving_units=selectors.duty_receiving_unit_choices(
            user=request.user, current=duty.receiving_unit if duty is not None else None
        ),
        units=selectors.duty_unit_choices(user=request.user, include=named),
    )


def _preview_from(request: HttpRequest, data: Any, *, fallback_duty: Any = None) -> dict[str, Any]:
    """The units a duty form's selection names today (for the count shown next to the selection)."""
    today = timezone.localdate()
    receiving_id = data.get("receiving_unit", "") if data is not None else ""
    if data is None and fallback_duty is not None:
        receiving = fallback_duty.receiving_unit
        unit_ids = [unit.pk for unit in fallback_duty.units.all()]
        kind_ids = [kind.pk for kind in fallback_duty.unit_kinds.all()]
        level_ids = [level.pk for level in fallback_duty.unit_levels.all()]
    else:
        receiving = (
            selectors.duty_receiving_unit_choices(
                user=request.user, current=fallback_duty.receiving_unit if fallback_duty else None
            )
            .filter(pk=int(receiving_id))
            .first()
            if str(receiving_id).isdigit()
            else None
        )
        unit_ids = _int_list(data.getlist("units")) if data is not None else []
        kind_ids = _int_list(data.getlist("unit_kinds")) if data is not None else []
        level_ids = _int_list(data.getlist("unit_levels")) if data is not None else []
    if receiving is None:
        return {"preview_units": None, "preview_day": today}
    units = list(
        selectors.duty_units_preview(
            receiving_unit=receiving, unit_ids=unit_ids, kind_ids=kind_ids, level_ids=level_ids, on_day=today
        ).order_by("path")
    )
    return {"preview_units": units, "preview_day": today, "preview_receiving": receiving}


@login_required
@require_GET
def duty_list(request: HttpRequest) -> HttpResponse:
    _require_department(request)
    query = request.GET.get("q", "").strip()[:200]
    frequency = request.GET.get("frequency", "")
    frequency = frequency if frequency in DutyFrequency.values else ""
    state = request.GET.get("state", "active")
    active = {"active": True, "inactive": False}.get(state)
    duties = selectors.duty_list(user=request.user, query=query, frequency=frequency or None, active=active)
    return render(
        request,
        "reporting/duties/duty_list.html",
        {
            "page_obj": paginate(request, duties.order_by("-is_active", "name")),
            "query": query,
            "frequency": frequency,
            "state": state,
            "frequencies": DutyFrequency.choices,
            "can_create": selectors.duty_receiving_unit_choices(user=request.user).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def duty_create(request: HttpRequest) -> HttpResponse:
    _require_department(request)
    form = _duty_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            duty = duty_services.duty_create(actor=request.user, **form.service_kwargs())
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            if duty.frequency == DutyFrequency.AD_HOC:
                messages.success(
                    request,
                    _("Đã tạo chế độ «%(name)s». Khi cần, bấm «Yêu cầu báo cáo đột xuất» để gửi yêu cầu.")
                    % {"name": duty.name},
                )
            else:
                messages.success(
                    request,
                    _("Đã tạo chế độ «%(name)s» với %(count)d kỳ báo cáo.")
                    % {"name": duty.name, "count": duty.periods.count()},
                )
            return redirect("reporting:duty_detail", duty.pk)
    context = {
        "form": form,
        "title": _("Thêm chế độ báo cáo"),
        "submit_label": _("Tạo chế độ và các kỳ báo cáo"),
        "cancel_url": reverse("reporting:duty_list"),
        **_preview_from(request, request.POST if request.method == "POST" else None),
    }
    return render(request, "reporting/duties/duty_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def duty_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_department(request)
    duty = selectors.duty_get(user=request.user, pk=pk)
    require(can_manage_duty(request.user, duty), _("Bạn không quản lý chế độ báo cáo này."))
    form = _duty_form(request, duty)
    if request.method == "POST" and form.is_valid():
        try:
            duty_services.duty_update(actor=request.user, duty=duty, **form.service_kwargs())
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Đã lưu chế độ «%(name)s».") % {"name": form.cleaned_data["name"]})
            return redirect("reporting:duty_detail", duty.pk)
    return render(
        request,
        "reporting/duties/duty_form.html",
        {
            "form": form,
            "duty": duty,
            "title": _("Sửa chế độ «%(name)s»") % {"name": duty.name},
            "submit_label": _("Lưu thay đổi"),
            "cancel_url": reverse("reporting:duty_detail", args=[duty.pk]),
            **_preview_from(request, request.POST if request.method == "POST" else None, fallback_duty=duty),
        },
    )


@login_required
@require_GET
def duty_units_preview(request: HttpRequest) -> HttpResponse:
    """The count of units the duty form currently selects (an htmx fragment; a page of its own without JS)."""
    _require_department(request)
    duty = None
    duty_id = request.GET.get("duty", "")
    if duty_id.isdigit():
        duty = selectors.duty_get(user=request.user, pk=int(duty_id))
    return render(
        request,
        "reporting/duties/_units_preview.html",
        _preview_from(request, request.GET, fallback_duty=duty),
    )


@login_required
@require_GET
def duty_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_department(request)
    duty = selectors.duty_get(user=request.user, pk=pk)
    require(can_manage_duty(request.user, duty), _("Bạn không quản lý chế độ báo cáo này."))
    return render(
        request,
        "reporting/duties/duty_detail.html",
        {
            "duty": duty,
            "page_obj": paginate(request, selectors.duty_period_list(duty)),
            "generate_form": GenerateForm(),
            "is_ad_hoc_duty": duty.frequency == DutyFrequency.AD_HOC,
            "now": timezone.now(),
            "today": timezone.localdate(),
            **_preview_from(request, None, fallback_duty=duty),
        },
    )


@login_required
@require_POST
def duty_generate(request: HttpRequest, pk: int) -> HttpResponse:
    _require_department(request)
    duty = selectors.duty_get(user=request.user, pk=pk)
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ngày bắt đầu không hợp lệ; hãy chọn lại."))
        return redirect("reporting:duty_detail", duty.pk)
    since: dt.date | None = form.cleaned_data.get("since")
    try:
        created = duty_services.duty_generate_periods(actor=request.user, duty=duty, since=since)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if created:
            messages.success(
                request,
                _("Đã tạo %(count)d kỳ báo cáo mới: %(labels)s.")
                % {"count": len(created), "labels": ", ".join(period.label for period in created)},
            )
        else:
            messages.info(
                request,
                _(
                    "Các kỳ báo cáo cần có đã được tạo từ trước; danh sách đơn vị phải báo cáo đã được bổ sung."
                ),
            )
    return redirect("reporting:duty_detail", duty.pk)


@login_required
@require_http_methods(["GET", "POST"])
def duty_ad_hoc(request: HttpRequest, pk: int) -> HttpResponse:
    _require_department(request)
    duty = selectors.duty_get(user=request.user, pk=pk)
    require(can_manage_duty(request.user, duty), _("Bạn không quản lý chế độ báo cáo này."))
    form = AdHocForm(_form_data(request), units=selectors.duty_ad_hoc_unit_choices(duty=duty))
    if request.method == "POST" and form.is_valid():
        try:
            period = period_services.period_create_ad_hoc(
                actor=request.user, duty=duty, **form.service_kwargs()
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(
                request,
                _("Đã gửi yêu cầu «%(label)s» tới %(count)d đơn vị.")
                % {"label": period.label, "count": period.submissions.count()},
            )
            return redirect("reporting:duty_detail", duty.pk)
    return render(request, "reporting/duties/duty_ad_hoc.html", {"form": form, "duty": duty})
