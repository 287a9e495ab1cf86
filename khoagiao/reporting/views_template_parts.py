"""Screens that edit the parts of a template's draft version, for the department: its sections, indicators and
validation rules. A published version is never edited: its pages send the user back with the reason.

Thin, like the template screens (`views_templates`): parse, call one service, render. A refusal comes back on the
form with everything the user typed, or, for a one-click move or delete, as a message on the version page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors_templates as selectors
from .forms_templates import IndicatorForm, RuleForm, SectionForm
from .models import TemplateVersion
from .services import templates as services
from .services.templates import Direction
from .views_templates import (
    Saved,
    _draft_or_redirect,
    _form_data,
    _require_templates,
    _run_action,
    _run_form,
    _version_url,
)


def _part_form(
    request: HttpRequest,
    *,
    version: TemplateVersion,
    form: Any,
    service: Callable[[], Saved],
    success: Callable[[Saved], str],
    title: str,
    submit_label: str,
    anchor: str,
    template_name: str = "reporting/templates/part_form.html",
) -> HttpResponse:
    """The form page of a section, indicator or rule: once saved, back to its list on the version page."""
    if (saved := _run_form(request, form, service)) is not None:
        messages.success(request, success(saved))
        return redirect(_version_url(version, anchor))
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


def _direction(request: HttpRequest) -> Direction:
    return "up" if request.POST.get("direction") == "up" else "down"


@login_required
@require_http_methods(["GET", "POST"])
def section_create(request: HttpRequest, pk: int) -> HttpResponse:
    _require_templates(request)
    version = selectors.version_get(user=request.user, pk=pk)
    if (response := _draft_or_redirect(request, version)) is not None:
        return response
    form = SectionForm(_form_data(request))
    return _part_form(
        request,
        version=version,
        form=form,
        service=lambda: services.section_create(actor=request.user, version=version, **form.service_kwargs()),
        success=lambda section: _("Đã thêm mục «%(heading)s».") % {"heading": section.heading},
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
    return _part_form(
        request,
        version=version,
        form=form,
        service=lambda: services.section_update(actor=request.user, section=section, **form.service_kwargs()),
        success=lambda saved: _("Đã lưu mục «%(heading)s».") % {"heading": form.cleaned_data["heading"]},
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
    direction = _direction(request)
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
    return _part_form(
        request,
        version=version,
        form=form,
        service=lambda: services.indicator_create(
            actor=request.user, version=version, **form.service_kwargs()
        ),
        success=lambda indicator: (
            _("Đã thêm chỉ tiêu %(code)s — %(name)s.") % {"code": indicator.code, "name": indicator.name}
        ),
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
    return _part_form(
        request,
        version=version,
        form=form,
        service=lambda: services.indicator_update(
            actor=request.user, indicator=indicator, **form.service_kwargs()
        ),
        success=lambda saved: _("Đã lưu chỉ tiêu %(code)s.") % {"code": form.cleaned_data["code"]},
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
    direction = _direction(request)
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
    return _part_form(
        request,
        version=version,
        form=form,
        service=lambda: services.rule_create(actor=request.user, version=version, **form.service_kwargs()),
        success=lambda saved: _("Đã thêm quy tắc kiểm tra."),
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
    return _part_form(
        request,
        version=version,
        form=form,
        service=lambda: services.rule_update(actor=request.user, rule=rule, **form.service_kwargs()),
        success=lambda saved: _("Đã lưu quy tắc kiểm tra."),
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
