"""Screens of the registry, plans and reviews. Thin: parse, call one selector or service, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from khoagiao.core.errors import ApplicationError, NotFoundError
from khoagiao.core.forms import add_application_error
from khoagiao.core.pagination import paginate
from khoagiao.core.permissions import require
from khoagiao.orgs.models import Field

from . import selectors
from .choices import DirectiveIssuer, DirectiveKind, DirectiveValidity
from .forms import (
    AttachmentForm,
    DirectiveForm,
    MilestoneDoneForm,
    PlanForm,
    PlanItemForm,
    ReviewRuleForm,
    SuccessorForm,
)
from .milestones import default_review_years
from .models import DirectiveAttachment, ImplementationPlan
from .permissions import can_create_owned, can_edit_registry, can_manage_owned, can_view_reviews
from .services import milestones as milestone_services
from .services import plans as plan_services
from .services import registry as registry_services


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _run_form(form: Any, request: HttpRequest, service: Callable[[], Any]) -> Any:
    """On a valid POST, the service's result; else None, with the service's refusal on the form (input kept)."""
    if request.method == "POST" and form.is_valid():
        try:
            return service()
        except ApplicationError as error:
            add_application_error(form, error)
    return None


def _run_action(request: HttpRequest, action: Callable[[], Any], success: str) -> None:
    try:
        action()
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


@login_required
@require_GET
def directive_list(request: HttpRequest) -> HttpResponse:
    filters: dict[str, Any] = {
        "query": request.GET.get("q", "").strip()[:200],
        "kind": request.GET.get("kind", ""),
        "issuer": request.GET.get("issuer", ""),
        "field_id": _int(request.GET.get("field")),
        "year": _int(request.GET.get("year")),
        "validity": request.GET.get("validity", ""),
    }
    directives = selectors.directive_list(user=request.user, **filters)
    return render(
        request,
        "directives/directive_list.html",
        {
            "page_obj": paginate(request, directives),
            "filters": filters,
            "kinds": DirectiveKind.choices,
            "issuers": DirectiveIssuer.choices,
            "validities": DirectiveValidity.choices,
            "fields": Field.objects.filter(is_active=True),
            "can_edit": can_edit_registry(request.user),
            "can_view_reviews": can_view_reviews(request.user),
            "filtered": any(filters.values()),
        },
    )


def _directive_kwargs(form: DirectiveForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "kind": data["kind"],
        "number": data["number"],
        "symbol": data["symbol"],
        "issued_on": data["issued_on"],
        "issuer": data["issuer"],
        "issuer_detail": data["issuer_detail"],
        "title": data["title"],
        "fields": list(data["fields_"]),
        "validity": data["validity"],
        "interim_review_years": data["interim_review_years"],
        "final_review_years": data["final_review_years"],
    }


@login_required
@require_http_methods(["GET", "POST"])
def directive_create(request: HttpRequest) -> HttpResponse:
    require(
        can_edit_registry(request.user),
        _("Chỉ Ban Tuyên giáo và Dân vận và quản trị viên mới sửa sổ văn bản."),
    )
    interim, final = default_review_years(DirectiveKind.RESOLUTION)
    form = DirectiveForm(
        _data(request),
        request.FILES or None,
        initial={
            "kind": DirectiveKind.RESOLUTION,
            "interim_review_years": interim,
            "final_review_years": final,
        },
    )

    def create() -> Any:
        from django.db import transaction

        with transaction.atomic():
            directive = registry_services.directive_create(actor=request.user, **_directive_kwargs(form))
            if form.cleaned_data.get("file"):
                registry_services.directive_attachment_add(
                    actor=request.user, directive=directive, file=form.cleaned_data["file"]
                )
        return directive

    directive = _run_form(form, request, create)
    if directive is not None:
        messages.success(request, _("Đã thêm %(name)s vào sổ văn bản.") % {"name": directive.short_name})
        return redirect("directives:directive_detail", directive.pk)
    return render(request, "directives/directive_form.html", {"form": form, "directive": None})


@login_required
@require_http_methods(["GET", "POST"])
def directive_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(
        can_edit_registry(request.user),
        _("Chỉ Ban Tuyên giáo và Dân vận và quản trị viên mới sửa sổ văn bản."),
    )
    directive = selectors.directive_get(user=request.user, pk=pk)
    initial = {
        "kind": directive.kind,
        "number": directive.number,
        "symbol": directive.symbol,
        "issued_on": directive.issued_on,
        "issuer": directive.issuer,
        "issuer_detail": directive.issuer_detail,
        "title": directive.title,
        "fields_": list(directive.fields.all()),
        "validity": directive.validity,
        "interim_review_years": directive.interim_review_years,
        "final_review_years": directive.final_review_years,
    }
    form = DirectiveForm(_data(request), request.FILES or None, initial=initial)
    del form.fields["file"]
    saved = _run_form(
        form,
        request,
        lambda: registry_services.directive_update(
            actor=request.user, directive=directive, **_directive_kwargs(form)
        ),
    )
    if saved is not None:
        messages.success(request, _("Đã lưu %(name)s.") % {"name": saved.short_name})
        return redirect("directives:directive_detail", saved.pk)
    return render(request, "directives/directive_form.html", {"form": form, "directive": directive})


@login_required
@require_GET
def directive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    directive = selectors.directive_get(user=request.user, pk=pk)
    timeline = selectors.directive_timeline(user=request.user, directive=directive)
    can_edit = can_edit_registry(request.user)
    return render(
        request,
        "directives/directive_detail.html",
        {
            "directive": directive,
            "timeline": timeline,
            "can_edit": can_edit,
            "can_add_plan": can_create_owned(request.user),
            "rule_form": ReviewRuleForm(
                initial={
                    "interim_review_years": directive.interim_review_years,
                    "final_review_years": directive.final_review_years,
                }
            ),
            "attachment_form": AttachmentForm(),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def directive_review_rule(request: HttpRequest, pk: int) -> HttpResponse:
    require(
        can_edit_registry(request.user),
        _("Chỉ Ban Tuyên giáo và Dân vận và quản trị viên mới sửa sổ văn bản."),
    )
    directive = selectors.directive_get(user=request.user, pk=pk)
    form = ReviewRuleForm(
        _data(request),
        initial={
            "interim_review_years": directive.interim_review_years,
            "final_review_years": directive.final_review_years,
        },
    )
    saved = _run_form(
        form,
        request,
        lambda: registry_services.directive_set_review_rule(
            actor=request.user,
            directive=directive,
            interim_review_years=form.cleaned_data["interim_review_years"],
            final_review_years=form.cleaned_data["final_review_years"],
        ),
    )
    if saved is not None:
        messages.success(request, _("Đã đổi mốc sơ kết, tổng kết."))
        return redirect("directives:directive_detail", directive.pk)
    return render(
        request,
        "directives/simple_form.html",
        {"form": form, "directive": directive, "heading": _("Mốc sơ kết, tổng kết"), "submit": _("Lưu mốc")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def directive_successor(request: HttpRequest, pk: int) -> HttpResponse:
    require(
        can_edit_registry(request.user),
        _("Chỉ Ban Tuyên giáo và Dân vận và quản trị viên mới sửa sổ văn bản."),
    )
    directive = selectors.directive_get(user=request.user, pk=pk)
    form = SuccessorForm(_data(request), directive=directive, initial={"successor": directive.successor})
    saved = _run_form(
        form,
        request,
        lambda: registry_services.directive_set_successor(
            actor=request.user, directive=directive, successor=form.cleaned_data["successor"]
        ),
    )
    if saved is not None:
        messages.success(request, _("Đã lưu văn bản tiếp nối."))
        return redirect("directives:directive_detail", directive.pk)
    return render(
        request,
        "directives/simple_form.html",
        {
            "form": form,
            "directive": directive,
            "heading": _("Văn bản tiếp nối, thay thế"),
            "submit": _("Lưu"),
        },
    )


@login_required
@require_POST
def directive_attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    require(
        can_edit_registry(request.user),
        _("Chỉ Ban Tuyên giáo và Dân vận và quản trị viên mới sửa sổ văn bản."),
    )
    directive = selectors.directive_get(user=request.user, pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn một tệp để đính kèm."))
    else:
        _run_action(
            request,
            lambda: registry_services.directive_attachment_add(
                actor=request.user, directive=directive, file=form.cleaned_data["file"]
            ),
            _("Đã đính kèm tệp."),
        )
    return redirect("directives:directive_detail", directive.pk)


@login_required
@require_GET
def directive_attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = DirectiveAttachment.objects.select_related("directive").filter(pk=pk).first()
    if attachment is None:
        raise NotFoundError(_("Không tìm thấy tệp."))
    selectors.directive_get(user=request.user, pk=attachment.directive_id)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise NotFoundError(
            _("Không tìm thấy nội dung tệp «%(name)s».") % {"name": attachment.name}
        ) from error
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.name, content_type=attachment.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    require(can_create_owned(request.user), _("Chỉ Ban Tuyên giáo và Dân vận mới nhập kế hoạch triển khai."))
    directive = selectors.directive_get(user=request.user, pk=pk)
    form = PlanForm(_data(request), user=request.user)
    plan = _run_form(
        form,
        request,
        lambda: plan_services.plan_create(actor=request.user, directive=directive, **form.cleaned_data),
    )
    if plan is not None:
        messages.success(request, _("Đã thêm %(plan)s.") % {"plan": plan})
        return redirect("directives:plan_detail", plan.pk)
    return render(
        request,
        "directives/simple_form.html",
        {
            "form": form,
            "directive": directive,
            "heading": _("Kế hoạch triển khai của tỉnh"),
            "submit": _("Lưu kế hoạch"),
        },
    )


def _plan_get(request: HttpRequest, pk: int) -> ImplementationPlan:
    plan = (
        selectors.plans_visible(request.user)
        .select_related("directive", "owner_unit", "lead_unit")
        .prefetch_related("coordinating_units")
        .filter(pk=pk)
        .first()
    )
    if plan is None:
        raise NotFoundError(_("Không tìm thấy kế hoạch triển khai."))
    return plan


@login_required
@require_http_methods(["GET", "POST"])
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_get(request, pk)
    can_manage = can_manage_owned(request.user, plan.owner_unit)
    form = PlanItemForm(_data(request), user=request.user, plan=plan) if can_manage else None
    if request.method == "POST":
        require(can_manage, _("Bạn không thuộc Ban theo dõi kế hoạch này."))
        assert form is not None
        item = _run_form(
            form,
            request,
            lambda: plan_services.plan_item_create(actor=request.user, plan=plan, **form.cleaned_data),
        )
        if item is not None:
            messages.success(
                request, _("Đã thêm nhiệm vụ và giao cho %(unit)s.") % {"unit": item.lead_unit.display_name}
            )
            return redirect("directives:plan_detail", plan.pk)
    items = list(plan.items.select_related("lead_unit", "task").prefetch_related("coordinating_units"))
    return render(
        request,
        "directives/plan_detail.html",
        {
            "plan": plan,
            "items": items,
            "form": form,
            "can_manage": can_manage,
            "task_urls": {item.pk: selectors.task_url(item.task) for item in items if item.task},
        },
    )


@login_required
@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    months = _int(request.GET.get("months")) or 24
    months = months if months in (12, 24, 36) else 24
    upcoming, overdue = selectors.milestones_upcoming(user=request.user, months=months)
    return render(
        request,
        "directives/review_list.html",
        {"upcoming": upcoming, "overdue": overdue, "months": months, "month_choices": (12, 24, 36)},
    )


@login_required
@require_GET
def milestone_detail(request: HttpRequest, pk: int) -> HttpResponse:
    view = selectors.milestone_get(user=request.user, pk=pk)
    milestone = view.milestone
    plan = (
        milestone.plan or milestone.directive.plans.select_related("owner_unit").order_by("issued_on").first()
    )
    can_manage = plan is not None and can_manage_owned(request.user, plan.owner_unit)
    board_url = ""
    if milestone.request_period is not None:
        from django.urls import reverse

        board_url = reverse("reporting:board", args=[milestone.request_period.duty_id])
    return render(
        request,
        "directives/milestone_detail.html",
        {
            "view": view,
            "milestone": milestone,
            "plan": plan,
            "can_manage": can_manage,
            "submissions": selectors.milestone_submissions(milestone),
            "task_urls": {task.pk: selectors.task_url(task) for task in view.tasks},
            "task_list_url": selectors.task_list_url("review", milestone.pk),
            "board_url": board_url,
            "done_form": MilestoneDoneForm(initial={"reviewed_on": timezone.localdate()}),
        },
    )


@login_required
@require_POST
def milestone_open(request: HttpRequest, pk: int) -> HttpResponse:
    view = selectors.milestone_get(user=request.user, pk=pk)
    _run_action(
        request,
        lambda: milestone_services.milestone_open(actor=request.user, milestone=view.milestone),
        _("Đã mở %(title)s: đã gửi yêu cầu báo cáo và giao nhiệm vụ.") % {"title": view.milestone.title},
    )
    return redirect("directives:milestone_detail", pk)


@login_required
@require_POST
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    view = selectors.milestone_get(user=request.user, pk=pk)
    form = MilestoneDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy nhập ngày sơ kết, tổng kết hợp lệ."))
    else:
        _run_action(
            request,
            lambda: milestone_services.milestone_mark_done(
                actor=request.user,
                milestone=view.milestone,
                reviewed_on=form.cleaned_data["reviewed_on"],
                note=form.cleaned_data["note"],
            ),
            _("Đã ghi nhận %(title)s.") % {"title": view.milestone.title},
        )
    return redirect("directives:milestone_detail", pk)
