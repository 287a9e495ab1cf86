from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .selectors import unit_get, unit_predecessors, unit_successors, unit_tree as select_unit_tree


@login_required
def unit_tree(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    return render(request, "orgs/unit_tree.html", {"roots": select_unit_tree(user=request.user, query=query), "query": query})


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = unit_get(user=request.user, pk=pk)
    return render(
        request,
        "orgs/unit_detail.html",
        {"unit": unit, "predecessors": unit_predecessors(unit), "successors": unit_successors(unit)},
    )
