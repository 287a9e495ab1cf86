"""Screens of the organisation: the tree and a unit's page for everyone in scope; creating, editing, closing
and merging units for administrators. Thin: parse, call one selector or service, render.

A refusal (not an administrator, a unit outside one's scope) is an ApplicationError; the middleware turns it
into a message on the page the user came from, never a 500.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from khoagiao.core.errors import ApplicationError
from khoagiao.core.forms import add_application_error
from khoagiao.core.permissions import require

from . import services
from .forms import NewSuccessorForm, UnitCloseForm, UnitForm, UnitMergeForm
from .models import Unit
from .permissions import can_manage_unit, can_manage_units
from .selectors import (
    unit_descendants,
    unit_get,
    unit_manageable_list,
    unit_open_children,
    unit_predecessors,
    unit_successors,
)
from .selectors import unit_tree as select_unit_tree


def _int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def _require_unit_admin(request: HttpRequest) -> None:
    require(can_manage_units(request.user), _("Chỉ quản trị viên mới được thay đổi cây đơn vị."))


def _require_manages(request: HttpRequest, unit: Unit) -> None:
    require(
        can_manage_unit(request.user, unit),
        _("Bạn không có quyền quản trị đơn vị «%(unit)s».") % {"unit": unit.name},
    )


def _form_data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@login_required
@require_GET
def unit_tree(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    hide_closed = request.GET.get("hide_closed") == "1"
    roots = select_unit_tree(user=request.user, query=query, include_closed=not hide_closed)
    return render(
        request,
        "orgs/unit_tree.html",
        {
            "roots": roots,
            "query": query,
            "hide_closed": hide_closed,
            "can_manage": can_manage_units(request.user),
        },
    )


@login_required
@require_GET
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = unit_get(user=request.user, pk=pk)
    return render(
        request,
        "orgs/unit_detail.html",
        {
            "unit": unit,
            "predecessors": unit_predecessors(unit),
            "successors": unit_successors(unit),
            "can_manage": can_manage_unit(request.user, unit),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest) -> HttpResponse:
    _require_unit_admin(request)
    parents = unit_manageable_list(user=request.user, open_only=True)
    initial = {}
    parent_id = _int_param(request, "parent")
    if parent_id is not None and parents.filter(pk=parent_id).exists():
        initial["parent"] = parent_id
    form = UnitForm(_form_data(request), user=request.user, parents=parents, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(actor=request.user, **form.service_kwargs())
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Đã thêm đơn vị «%(unit)s».") % {"unit": unit.name})
            return redirect("orgs:unit_detail", unit.pk)
    parent = parents.filter(pk=parent_id).first() if parent_id else None
    cancel_url = reverse("orgs:unit_detail", args=[parent.pk]) if parent else reverse("orgs:unit_tree")
    return render(
        request,
        "orgs/unit_form.html",
        {"form": form, "title": _("Thêm đơn vị"), "cancel_url": cancel_url, "submit_label": _("Thêm đơn vị")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = unit_get(user=request.user, pk=pk)
    _require_manages(request, unit)
    # The new parent: an open unit the admin manages, outside the unit's own subtree; the current parent stays
    # offered (an admin of a board may edit it without managing the committee above).
    subtree = unit_descendants(unit).values("pk")
    manageable = (
        unit_manageable_list(user=request.user, open_only=True).exclude(pk=unit.pk).exclude(pk__in=subtree)
    )
    parents = Unit.objects.filter(Q(pk__in=manageable.values("pk")) | Q(pk=unit.parent_id))
    form = UnitForm(_form_data(request), user=request.user, parents=parents, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(
                actor=request.user,
                unit=unit,
                expected_updated_at=form.cleaned_data.get("version"),
                **form.service_kwargs(),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Đã lưu đơn vị «%(unit)s».") % {"unit": form.cleaned_data["name"]})
            return redirect("orgs:unit_detail", unit.pk)
    return render(
        request,
        "orgs/unit_form.html",
        {
            "form": form,
            "unit": unit,
            "title": _("Sửa đơn vị «%(unit)s»") % {"unit": unit.display_name},
            "cancel_url": reverse("orgs:unit_detail", args=[unit.pk]),
            "submit_label": _("Lưu thay đổi"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_close(request: HttpRequest, pk: int) -> HttpResponse:
    unit = unit_get(user=request.user, pk=pk)
    _require_manages(request, unit)
    form = UnitCloseForm(_form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_close(
                actor=request.user,
                unit=unit,
                valid_to=form.cleaned_data["valid_to"],
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Đã đóng đơn vị «%(unit)s».") % {"unit": unit.name})
            return redirect("orgs:unit_detail", unit.pk)
    return render(
        request,
        "orgs/unit_close.html",
        {"form": form, "unit": unit, "open_children": unit_open_children(unit, timezone.localdate())},
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_merge(request: HttpRequest) -> HttpResponse:
    _require_unit_admin(request)
    units = unit_manageable_list(user=request.user, open_only=True)
    data = _form_data(request)
    initial: dict[str, Any] = {}
    successor_id = _int_param(request, "successor")
    if successor_id is not None and units.filter(pk=successor_id).exists():
        initial["successor"] = successor_id
    predecessor_ids = [int(v) for v in request.GET.getlist("predecessor") if v.isdigit()]
    if predecessor_ids:
        initial["predecessors"] = list(units.filter(pk__in=predecessor_ids).values_list("pk", flat=True))
    form = UnitMergeForm(data, units=units, initial=initial)
    # The new successor's form is judged only when the merger creates one; otherwise it just keeps its input.
    creates = data is not None and data.get("successor_mode") == UnitMergeForm.NEW
    if creates:
        new_form = NewSuccessorForm(data, parents=units)
    else:
        new_form = NewSuccessorForm(parents=units, initial=NewSuccessorForm.initial_from(data))
    if request.method == "POST" and form.is_valid() and (not creates or new_form.is_valid()):
        target = new_form if creates else form
        try:
            successor = services.unit_merge(
                actor=request.user,
                predecessors=form.cleaned_data["predecessors"],
                successor=None if creates else form.cleaned_data["successor"],
                new_successor=new_form.service_kwargs() if creates else None,
                date=form.cleaned_data["date"],
                note=form.cleaned_data["note"],
            )
        except ApplicationError as error:
            # The new successor's own fields (code, name, parent) belong to the lower form.
            field = error.details.get("field")
            add_application_error(target if field in target.fields else form, error)
        else:
            messages.success(
                request,
                _("Đã hợp nhất %(count)d đơn vị vào «%(unit)s».")
                % {"count": len(form.cleaned_data["predecessors"]), "unit": successor.name},
            )
            return redirect("orgs:unit_detail", successor.pk)
    return render(request, "orgs/unit_merge.html", {"form": form, "new_form": new_form})
