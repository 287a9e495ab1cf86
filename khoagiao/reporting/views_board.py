"""Screens of completeness and timeliness: the board of a duty (units × periods), its XLSX export, the list of
boards the user may open, and a unit's own report history. Thin: parse the filters, call one selector, render.

Refusals (no right to the board, another unit's history) are ApplicationErrors: the middleware shows them as a
message on the page the user came from.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from khoagiao.core.pagination import paginate, querystring_without_page
from khoagiao.orgs.selectors import unit_predecessors, unit_successors

from .documents import board_xlsx
from .forms_board import BoardFilterForm, HistoryFilterForm
from .selectors_board import (
    board_duty_get,
    board_duty_list,
    board_get,
    history_own_units,
    history_unit_get,
    unit_history_duties,
    unit_history_list,
    unit_history_rows,
    unit_history_stats,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def board_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reporting/board/board_list.html",
        {"duties": board_duty_list(user=request.user), "own_units": history_own_units(user=request.user)},
    )


@login_required
@require_GET
def board(request: HttpRequest, pk: int) -> HttpResponse:
    duty = board_duty_get(user=request.user, pk=pk)
    params = BoardFilterForm(request.GET)
    board = board_get(user=request.user, duty=duty, **params.filters())
    shown = request.GET.copy()
    if board.period_from and board.period_to:
        shown["period_from"], shown["period_to"] = str(board.period_from.pk), str(board.period_to.pk)
    form = BoardFilterForm(shown)
    form.set_options(board)
    return render(
        request,
        "reporting/board/board.html",
        {
            "duty": duty,
            "board": board,
            "form": form,
            "query_string": request.GET.urlencode(),
            "column_count": len(board.periods) + 3,
        },
    )


@login_required
@require_GET
def board_export(request: HttpRequest, pk: int) -> HttpResponse:
    duty = board_duty_get(user=request.user, pk=pk)
    board = board_get(user=request.user, duty=duty, **BoardFilterForm(request.GET).filters())
    now = timezone.now()
    response = HttpResponse(board_xlsx(board, generated_at=now), content_type=XLSX)
    filename = f"tinh-hinh-nop-{duty.code}-{timezone.localtime(now):%Y%m%d-%H%M}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def unit_history(request: HttpRequest, pk: int) -> HttpResponse:
    unit = history_unit_get(user=request.user, pk=pk)
    form = HistoryFilterForm(request.GET)
    filters = form.filters()
    duties = unit_history_duties(unit=unit)
    form.set_duties(duties)
    page_obj = paginate(request, unit_history_list(user=request.user, unit=unit, **filters))
    rows = unit_history_rows(user=request.user, unit=unit, submissions=page_obj.object_list)
    return render(
        request,
        "reporting/board/unit_history.html",
        {
            "unit": unit,
            "form": form,
            "page_obj": page_obj,
            "rows": rows,
            "stats": unit_history_stats(user=request.user, unit=unit),
            "predecessors": unit_predecessors(unit),
            "successors": unit_successors(unit),
            "query_string": querystring_without_page(request),
        },
    )
