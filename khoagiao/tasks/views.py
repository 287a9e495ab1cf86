"""Task screens that read: "Tất cả nhiệm vụ" (filters, the four buckets on top), "Nhiệm vụ của đơn vị", the
per-unit ranking table, and their XLSX exports. Thin: parse, call selectors, render."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from khoagiao.core.errors import PermissionDeniedError
from khoagiao.core.pagination import paginate, querystring_without_page

from . import selectors
from .buckets import ageing_band, task_behind_schedule, task_overdue_days
from .choices import TaskBucket
from .documents import XLSX, task_list_xlsx, unit_table_xlsx
from .forms import TaskFilterForm
from .permissions import can_assign_tasks, can_view_tasks
from .selectors import TaskFilters

BUCKET_BADGES = {
    TaskBucket.DONE_ON_TIME: "text-bg-success",
    TaskBucket.DONE_LATE: "text-bg-warning",
    TaskBucket.OPEN_WITHIN_TERM: "text-bg-info",
    TaskBucket.OPEN_OVERDUE: "text-bg-danger",
}
EXPORT_LIMIT = 20000


def require_task_reader(user: Any) -> None:
    if not can_view_tasks(user):
        raise PermissionDeniedError(_("Bạn chưa được phân quyền với đơn vị nào nên không xem được nhiệm vụ."))


def parse_filters(request: HttpRequest) -> tuple[TaskFilterForm, TaskFilters]:
    user = request.user
    form = TaskFilterForm(
        request.GET or None,
        units=selectors.task_unit_choices(user=user),
        fields=selectors.task_field_choices(),
    )
    if not form.is_bound:
        return form, TaskFilters()
    form.is_valid()  # a bad value is dropped, the other filters still apply
    data = form.cleaned_data
    return form, TaskFilters(
        unit_id=data["unit"].pk if data.get("unit") else None,
        field_id=data["field"].pk if data.get("field") else None,
        source_kind=data.get("source_kind") or None,
        source_id=data.get("source_id") if data.get("source_kind") else None,
        bucket=data.get("bucket") or None,
        status=data.get("status") or None,
        due_from=data.get("due_from"),
        due_to=data.get("due_to"),
        query=data.get("q") or None,
    )


def filter_summary(form: TaskFilterForm) -> str:
    if not form.is_bound or not hasattr(form, "cleaned_data"):
        return ""
    parts = []
    for name, value in form.cleaned_data.items():
        if value in (None, "", []) or name == "source_id":
            continue
        field = form.fields[name]
        if hasattr(field, "choices") and not hasattr(value, "pk"):
            value = dict(field.choices).get(value, value)
        elif hasattr(value, "strftime"):
            value = f"{value:%d/%m/%Y}"
        parts.append(f"{field.label}: {value}")
    return "; ".join(str(part) for part in parts)


def decorate(tasks: Any, today: Any) -> list[Any]:
    rows = []
    for task in tasks:
        task.bucket_label = TaskBucket(task.bucket).label if getattr(task, "bucket", "") else _("Đã hủy")
        bucket = getattr(task, "bucket", "")
        task.bucket_badge = BUCKET_BADGES[TaskBucket(bucket)] if bucket else "text-bg-light border"
        task.behind = task_behind_schedule(task, today=today)
        task.overdue_days = task_overdue_days(task, today=today)
        task.ageing = ageing_band(task.overdue_days)
        rows.append(task)
    return rows


def bucket_cards(totals: Any, request: HttpRequest) -> list[dict[str, Any]]:
    params = request.GET.copy()
    params.pop("page", None)
    cards = []
    for bucket in TaskBucket:
        params["bucket"] = bucket.value
        cards.append(
            {
                "bucket": bucket.value,
                "label": bucket.label,
                "count": getattr(totals, bucket.value),
                "badge": BUCKET_BADGES[bucket],
                "query": params.urlencode(),
                "active": request.GET.get("bucket") == bucket.value,
            }
        )
    return cards


@login_required
@require_GET
def task_list(request: HttpRequest) -> HttpResponse:
    require_task_reader(request.user)
    today = timezone.localdate()
    form, filters = parse_filters(request)
    page = paginate(request, selectors.task_list(user=request.user, filters=filters, today=today))
    totals = selectors.task_bucket_totals(user=request.user, filters=filters, today=today)
    return render(
        request,
        "tasks/task_list.html",
        {
            "form": form,
            "filtered": filters.active,
            "page_obj": page,
            "tasks": decorate(page.object_list, today),
            "totals": totals,
            "cards": bucket_cards(totals, request),
            "querystring": querystring_without_page(request),
            "can_assign": can_assign_tasks(request.user),
        },
    )


@login_required
@require_GET
def task_list_export(request: HttpRequest) -> HttpResponse:
    require_task_reader(request.user)
    today = timezone.localdate()
    form, filters = parse_filters(request)
    tasks = selectors.task_list(user=request.user, filters=filters, today=today)[:EXPORT_LIMIT]
    data = task_list_xlsx(tasks, today=today, filter_summary=filter_summary(form))
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="nhiem-vu-{today:%Y%m%d}.xlsx"'
    return response


@login_required
@require_GET
def my_tasks(request: HttpRequest) -> HttpResponse:
    require_task_reader(request.user)
    today = timezone.localdate()
    show_all = request.GET.get("all") == "1"
    mine = selectors.task_my_unit_list(user=request.user, today=today, open_only=not show_all)
    page = paginate(request, mine)
    awaiting = list(selectors.task_awaiting_department(user=request.user, today=today)[:50])
    unit_ids = selectors.task_my_unit_ids(request.user)
    return render(
        request,
        "tasks/my_tasks.html",
        {
            "page_obj": page,
            "tasks": decorate(page.object_list, today),
            "awaiting": decorate(awaiting, today),
            "has_unit": bool(unit_ids),
            "unit_ids": unit_ids,
            "show_all": show_all,
            "querystring": querystring_without_page(request),
        },
    )


@login_required
@require_GET
def unit_table(request: HttpRequest) -> HttpResponse:
    require_task_reader(request.user)
    today = timezone.localdate()
    form, filters = parse_filters(request)
    rows = selectors.task_unit_table(user=request.user, filters=filters, today=today)
    totals = selectors.task_bucket_totals(user=request.user, filters=filters, today=today)
    return render(
        request,
        "tasks/unit_table.html",
        {
            "form": form,
            "filtered": filters.active,
            "rows": rows,
            "totals": totals,
            "querystring": querystring_without_page(request),
            "ageing": (30, 60, 120),
        },
    )


@login_required
@require_GET
def unit_table_export(request: HttpRequest) -> HttpResponse:
    require_task_reader(request.user)
    today = timezone.localdate()
    form, filters = parse_filters(request)
    rows = selectors.task_unit_table(user=request.user, filters=filters, today=today)
    totals = selectors.task_bucket_totals(user=request.user, filters=filters, today=today)
    data = unit_table_xlsx(rows, total=totals, filter_summary=filter_summary(form))
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="nhiem-vu-theo-don-vi-{today:%Y%m%d}.xlsx"'
    return response
