"""Screens of reporting duties (chế độ báo cáo), for the department: the duties, their periods generated on
demand, and ad hoc requests (báo cáo đột xuất). Each duty is limited to those who manage its receiving unit.

Thin, like the template screens (`views_templates`): parse, call one selector or service, render.
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
from khoagiao.core.pagination import paginate
from khoagiao.core.permissions import require

from . import selectors_templates as selectors
from .choices import DutyFrequency
from .forms_duties import AdHocForm, DutyForm, GenerateForm
from .permissions import can_manage_duties, can_manage_duty
from .services import duties as duty_services
from .services import periods as period_services
from .views_templates import _form_data, _run_form


def _require_department(request: HttpRequest) -> None:
    # The same people who manage templates (the department, anywhere) may open the duty screens; each duty is
    # then limited to those whose receiving unit they manage.
    require(can_manage_duties(request.user), _("Chỉ Ban mới quản lý chế độ báo cáo."))


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
    duty = _run_form(
        request, form, lambda: duty_services.duty_create(actor=request.user, **form.service_kwargs())
    )
    if duty is not None:
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
        **_preview_from(request, _form_data(request)),
    }
    return render(request, "reporting/duties/duty_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def duty_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_department(request)
    duty = selectors.duty_get(user=request.user, pk=pk)
    require(can_manage_duty(request.user, duty), _("Bạn không quản lý chế độ báo cáo này."))
    form = _duty_form(request, duty)
    saved = _run_form(
        request,
        form,
        lambda: duty_services.duty_update(actor=request.user, duty=duty, **form.service_kwargs()),
    )
    if saved is not None:
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
            **_preview_from(request, _form_data(request), fallback_duty=duty),
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
    period = _run_form(
        request,
        form,
        lambda: period_services.period_create_ad_hoc(actor=request.user, duty=duty, **form.service_kwargs()),
    )
    if period is not None:
        messages.success(
            request,
            _("Đã gửi yêu cầu «%(label)s» tới %(count)d đơn vị.")
            % {"label": period.label, "count": period.submissions.count()},
        )
        return redirect("reporting:duty_detail", duty.pk)
    return render(request, "reporting/duties/duty_ad_hoc.html", {"form": form, "duty": duty})
