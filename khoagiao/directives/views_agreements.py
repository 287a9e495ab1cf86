"""Screens of coordination agreements: list, create, items, yearly tasks, yearly evaluation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from khoagiao.core.pagination import paginate
from khoagiao.core.permissions import require

from . import selectors
from .forms import AgreementForm, AgreementItemForm, YearForm
from .permissions import can_create_owned, can_manage_owned
from .services import agreements as services
from .views import _data, _run_action, _run_form


@login_required
@require_GET
def agreement_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    agreements = selectors.agreement_list(user=request.user, query=query)
    return render(
        request,
        "directives/agreement_list.html",
        {
            "page_obj": paginate(request, agreements),
            "query": query,
            "can_create": can_create_owned(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_create(request: HttpRequest) -> HttpResponse:
    require(can_create_owned(request.user), _("Chỉ Ban Tuyên giáo và Dân vận mới nhập quy chế phối hợp."))
    form = AgreementForm(_data(request), user=request.user)
    agreement = _run_form(
        form, request, lambda: services.agreement_create(actor=request.user, **form.cleaned_data)
    )
    if agreement is not None:
        messages.success(request, _("Đã thêm %(name)s.") % {"name": agreement.title})
        return redirect("directives:agreement_detail", agreement.pk)
    return render(
        request,
        "directives/simple_form.html",
        {
            "form": form,
            "heading": _("Quy chế, chương trình phối hợp"),
            "submit": _("Lưu"),
            "back_url": "directives:agreement_list",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_get(user=request.user, pk=pk)
    can_manage = can_manage_owned(request.user, agreement.owner_unit)
    form = AgreementItemForm(_data(request), agreement=agreement) if can_manage else None
    if request.method == "POST":
        require(can_manage, _("Bạn không thuộc Ban theo dõi quy chế này."))
        assert form is not None
        item = _run_form(
            form,
            request,
            lambda: services.agreement_item_create(
                actor=request.user, agreement=agreement, **form.cleaned_data
            ),
        )
        if item is not None:
            messages.success(request, _("Đã thêm nội dung phối hợp."))
            return redirect("directives:agreement_detail", agreement.pk)
    today = timezone.localdate()
    years = list(range(agreement.start_year, min(agreement.end_year, today.year + 1) + 1))
    return render(
        request,
        "directives/agreement_detail.html",
        {
            "agreement": agreement,
            "form": form,
            "can_manage": can_manage,
            "years": years,
            "current_year": min(max(today.year, agreement.start_year), agreement.end_year),
        },
    )


@login_required
@require_POST
def agreement_generate(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_get(user=request.user, pk=pk)
    form = YearForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Năm không hợp lệ."))
        return redirect("directives:agreement_detail", pk)
    year = form.cleaned_data["year"]
    created: list[int] = []

    def generate() -> None:
        created.append(services.agreement_generate_tasks(actor=request.user, agreement=agreement, year=year))

    _run_action(request, generate, _("Đã tạo nhiệm vụ năm %(year)d.") % {"year": year})
    return redirect("directives:agreement_detail", pk)


@login_required
@require_GET
def agreement_evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_get(user=request.user, pk=pk)
    today = timezone.localdate()
    form = YearForm(request.GET)
    year = (
        form.cleaned_data["year"]
        if form.is_valid()
        else min(max(today.year, agreement.start_year), agreement.end_year)
    )
    year = min(max(year, agreement.start_year), agreement.end_year)
    evaluation = selectors.agreement_evaluation(agreement=agreement, year=year, today=today)
    return render(
        request,
        "directives/agreement_evaluation.html",
        {
            "agreement": agreement,
            "evaluation": evaluation,
            "years": range(agreement.start_year, agreement.end_year + 1),
            "task_urls": {task.pk: selectors.task_url(task) for task in evaluation.tasks},
        },
    )
