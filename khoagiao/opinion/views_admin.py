"""The department's screens around issues: the routing table, response-time statistics, the leadership's list
of escalated issues, and the digests «Tình hình dư luận xã hội»."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from khoagiao.core.errors import ApplicationError, NotFoundError
from khoagiao.core.forms import add_application_error
from khoagiao.core.pagination import paginate
from khoagiao.core.permissions import require, user_scope

from . import selectors
from .digests import digest_figures
from .documents import digest_docx
from .forms import DigestCreateForm, DigestEditForm, RoutingRuleForm
from .models import RoutingRule
from .permissions import (
    DEPARTMENT,
    can_manage_digests,
    can_manage_routing,
    can_view_escalated,
    can_view_statistics,
)
from .services import routing_rule_create, routing_rule_delete, routing_rule_update
from .services.digests import digest_create, digest_issue, digest_update


@login_required
@require_http_methods(["GET", "POST"])
def routing_list(request: HttpRequest) -> HttpResponse:
    require(can_manage_routing(request.user), _("Chỉ Ban mới xem và sửa bảng phân luồng."))
    form = RoutingRuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            routing_rule_create(
                actor=request.user,
                field=data.get("field"),
                area=data["area"],
                responsible_unit=data["responsible_unit"],
                note=data.get("note", ""),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Đã thêm quy tắc phân luồng."))
            return redirect("opinion:routing_list")
    return render(
        request, "opinion/routing_list.html", {"rules": selectors.routing_rule_list(), "form": form}
    )


def _rule(pk: int) -> RoutingRule:
    rule = selectors.routing_rule_list().filter(pk=pk).first()
    if rule is None:
        raise NotFoundError(_("Không tìm thấy quy tắc phân luồng."))
    return rule


@login_required
@require_http_methods(["GET", "POST"])
def routing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(can_manage_routing(request.user), _("Chỉ Ban mới xem và sửa bảng phân luồng."))
    rule = _rule(pk)
    form = RoutingRuleForm(
        request.POST or None,
        initial={
            "field": rule.field_id,
            "area": rule.area_id,
            "responsible_unit": rule.responsible_unit_id,
            "note": rule.note,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            routing_rule_update(
                actor=request.user,
                rule=rule,
                field=data.get("field"),
                area=data["area"],
                responsible_unit=data["responsible_unit"],
                note=data.get("note", ""),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Đã lưu quy tắc phân luồng."))
            return redirect("opinion:routing_list")
    return render(request, "opinion/routing_edit.html", {"rule": rule, "form": form})


@login_required
@require_POST
def routing_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require(can_manage_routing(request.user), _("Chỉ Ban mới xem và sửa bảng phân luồng."))
    routing_rule_delete(actor=request.user, rule=_rule(pk))
    messages.success(request, _("Đã xóa quy tắc phân luồng."))
    return redirect("opinion:routing_list")


@login_required
@require_GET
def escalated_list(request: HttpRequest) -> HttpResponse:
    require(can_view_escalated(request.user), _("Bạn không có quyền xem các vấn đề đã báo cáo lãnh đạo."))
    page = paginate(request, selectors.escalated_list(user=request.user))
    return render(request, "opinion/escalated_list.html", {"page_obj": page})


@login_required
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    require(can_view_statistics(request.user), _("Bạn không có quyền xem thống kê thời gian trả lời."))
    months = request.GET.get("months", "12")
    months_back = int(months) if months.isdigit() and 0 < int(months) <= 60 else 12
    since = timezone.localdate() - dt.timedelta(days=30 * months_back)
    rows = selectors.response_statistics(user=request.user, since=since)
    return render(request, "opinion/statistics.html", {"rows": rows, "since": since, "months": months_back})


def _department_units(user: Any) -> Any:
    from khoagiao.orgs.models import Unit

    if user.is_superuser:
        return Unit.objects.filter(kind__code="party_board").order_by("path")
    from khoagiao.accounts.models import Membership

    ids = Membership.objects.filter(user=user, role__in=DEPARTMENT, is_active=True).values("unit_id")
    return Unit.objects.filter(pk__in=ids).order_by("path")


@login_required
@require_http_methods(["GET", "POST"])
def digest_list(request: HttpRequest) -> HttpResponse:
    require(
        can_manage_digests(request.user) or bool(user_scope(request.user, {"viewer"}).unit_ids),
        _("Bạn không có quyền xem báo cáo tình hình dư luận xã hội."),
    )
    if request.method == "POST":
        # Refused before the form is read: a viewer's post is a refusal, not a form error.
        require(can_manage_digests(request.user), _("Chỉ Ban mới lập báo cáo tình hình dư luận xã hội."))
    form = DigestCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        unit = _department_units(request.user).first()
        data = form.cleaned_data
        try:
            if unit is None:
                raise NotFoundError(_("Bạn không thuộc Ban nào để lập báo cáo."))
            digest = digest_create(
                actor=request.user,
                issuing_unit=unit,
                kind=data["kind"],
                period_start=data.get("period_start"),
                period_end=data.get("period_end"),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            return redirect("opinion:digest_detail", digest.pk)
    page = paginate(request, selectors.digest_list(user=request.user))
    return render(
        request,
        "opinion/digest_list.html",
        {"page_obj": page, "form": form, "can_manage": can_manage_digests(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def digest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from khoagiao.reporting.services.register import document_for_source

    digest = selectors.digest_get(user=request.user, pk=pk)
    editable = can_manage_digests(request.user) and digest.issued_at is None
    form = DigestEditForm(
        request.POST or None,
        initial={
            "title": digest.title,
            "overview": digest.overview,
            "assessment": digest.assessment,
            "recommendations": digest.recommendations,
            "signer_name": digest.signer_name,
            "signer_is_deputy": digest.signer_is_deputy,
        },
    )
    if request.method == "POST":
        require(editable, _("Báo cáo đã ban hành hoặc bạn không có quyền sửa."))
        if form.is_valid():
            try:
                digest_update(actor=request.user, digest=digest, **form.cleaned_data)
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(request, _("Đã lưu nội dung báo cáo."))
                return redirect("opinion:digest_detail", digest.pk)
    figures = digest_figures(
        issuing_unit=digest.issuing_unit, kind=digest.kind, start=digest.period_start, end=digest.period_end
    )
    return render(
        request,
        "opinion/digest_detail.html",
        {
            "digest": digest,
            "form": form,
            "figures": figures,
            "editable": editable,
            "document": document_for_source(digest, "digest"),
        },
    )


@login_required
@require_POST
def digest_issue_view(request: HttpRequest, pk: int) -> HttpResponse:
    digest = selectors.digest_get(user=request.user, pk=pk)
    try:
        document = digest_issue(actor=request.user, digest=digest)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Đã cấp số %(symbol)s và ban hành báo cáo.") % {"symbol": document.symbol}
        )
    return redirect("opinion:digest_detail", digest.pk)


@login_required
@require_GET
def digest_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The issued DOCX from the register, or a draft (unnumbered, marked «DỰ THẢO») before it is issued."""
    from khoagiao.reporting.services.register import document_for_source

    digest = selectors.digest_get(user=request.user, pk=pk)
    document = document_for_source(digest, "digest")
    if document is not None:
        return FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=(document.file.name or "").rsplit("/", 1)[-1],
        )
    figures = digest_figures(
        issuing_unit=digest.issuing_unit, kind=digest.kind, start=digest.period_start, end=digest.period_end
    )
    content = digest_docx(digest, figures, draft=True)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="du-thao-bao-cao-du-luan-{digest.pk}.docx"'
    return response


@login_required
@require_GET
def orientation_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.orientation_list(user=request.user))
    return render(request, "opinion/orientation_list.html", {"page_obj": page})
