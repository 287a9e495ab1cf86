"""Reads of the organisation: every function that takes a user returns only what that user may see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from khoagiao.core.errors import NotFoundError
from khoagiao.core.permissions import user_scope
from khoagiao.core.text import fold_vi, search_filter, vi_sort_key

from .models import Field, Unit, UnitKind, UnitLevel, UnitSuccession


def unit_ids_in_subtrees(units: Iterable[Unit], *, include_predecessors: bool = True) -> set[int]:
    """Ids of the units under `units` (themselves included), and, transitively, of their predecessors'
    subtrees."""
    paths = {unit.path for unit in units if unit.path}
    found: set[int] = set()
    while paths:
        # A path nested in another adds nothing; drop it to keep the OR short.
        roots = [p for p in paths if not any(p != other and p.startswith(other) for other in paths)]
        condition = reduce(or_, (Q(path__startswith=p) for p in roots))
        new_ids = set(Unit.objects.filter(condition).values_list("id", flat=True)) - found
        found |= new_ids
        if not include_predecessors or not new_ids:
            break
        predecessor_ids = set(
            UnitSuccession.objects.filter(successor_id__in=new_ids).values_list("predecessor_id", flat=True)
        )
        predecessor_ids -= found
        paths = set(Unit.objects.filter(id__in=predecessor_ids).values_list("path", flat=True))
    return found


def unit_all_ids() -> list[int]:
    return list(Unit.objects.values_list("id", flat=True))


def unit_list(
    *,
    user: Any,
    query: str | None = None,
    open_on: dt.date | None = None,
    kind: UnitKind | None = None,
    level: UnitLevel | None = None,
) -> QuerySet[Unit]:
    queryset = user_scope(user).filter(Unit.objects.all(), "pk").select_related("kind", "level", "parent")
    if query:
        queryset = search_filter(queryset, query)
    if open_on is not None:
        queryset = queryset.filter(valid_from__lte=open_on).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=open_on)
        )
    if kind is not None:
        queryset = queryset.filter(kind=kind)
    if level is not None:
        queryset = queryset.filter(level=level)
    return queryset


def unit_manageable_list(*, user: Any, open_only: bool = False) -> QuerySet[Unit]:
    """Units `user` administers (edits, closes, merges, creates units under): the subtrees of their admin
    memberships, everything for a superuser. Unlike the visible scope, predecessors outside those subtrees are
    not included: their history is readable, not editable. `open_only` keeps the units with no closing
    date."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Unit.objects.none()
    queryset = Unit.objects.all()
    if not user.is_superuser:
        from khoagiao.accounts.choices import MembershipRole
        from khoagiao.accounts.selectors import membership_units_for_user

        paths = {
            unit.path for unit in membership_units_for_user(user, roles=[MembershipRole.ADMIN]) if unit.path
        }
        if not paths:
            return Unit.objects.none()
        queryset = queryset.filter(reduce(or_, (Q(path__startswith=path) for path in paths)))
    if open_only:
        queryset = queryset.filter(valid_to__isnull=True)
    return queryset.select_related("kind", "level")


def unit_get(*, user: Any, pk: int) -> Unit:
    unit = unit_list(user=user).prefetch_related("fields").filter(pk=pk).first()
    if unit is None:
        raise NotFoundError(_("Không tìm thấy đơn vị, hoặc bạn không có quyền xem đơn vị này."))
    return unit


@dataclass
class UnitNode:
    unit: Unit
    children: list[UnitNode] = field(default_factory=list)
    matches: bool = True

    @property
    def descendant_count(self) -> int:
        return sum(1 + child.descendant_count for child in self.children)


def unit_tree(*, user: Any, query: str | None = None, include_closed: bool = True) -> list[UnitNode]:
    """The visible units as a forest, siblings in Vietnamese alphabetical order.

    With a query, the matching units are kept together with their ancestors (so each match is shown in place).
    """
    units = list(
        unit_list(user=user)
        .select_related(None)
        .select_related("kind", "level")
        .only(
            "id",
            "parent_id",
            "path",
            "depth",
            "code",
            "name",
            "short_name",
            "document_symbol",
            "valid_from",
            "valid_to",
            "search_text",
            "kind__name",
            "kind__sort_order",
            "level__name",
            "level__rank",
        )
    )
    if not include_closed:
        units = [unit for unit in units if unit.valid_to is None]
    by_id = {unit.id: unit for unit in units}
    folded = fold_vi(query)
    keep: set[int] | None = None
    matching: set[int] = set()
    if folded:
        words = folded.split()
        matching = {unit.id for unit in units if all(word in unit.search_text for word in words)}
        keep = set()
        for unit_id in matching:
            keep.update(i for i in by_id[unit_id].ancestor_ids() if i in by_id)
    nodes = {unit.id: UnitNode(unit, matches=not folded or unit.id in matching) for unit in units}
    roots: list[UnitNode] = []
    for unit in units:
        if keep is not None and unit.id not in keep:
            continue
        node = nodes[unit.id]
        if unit.parent_id in nodes and (keep is None or unit.parent_id in keep):
            nodes[unit.parent_id].children.append(node)
        else:
            roots.append(node)

    def order(items: list[UnitNode]) -> list[UnitNode]:
        items.sort(
            key=lambda n: (
                n.unit.valid_to is not None,
                n.unit.level.rank,
                n.unit.kind.sort_order,
                vi_sort_key(n.unit.name),
            )
        )
        for item in items:
            order(item.children)
        return items

    return order(roots)


def unit_descendants(unit: Unit) -> QuerySet[Unit]:
    """Units strictly below `unit` (not scoped: for services that already checked permission)."""
    return Unit.objects.filter(path__startswith=unit.path).exclude(pk=unit.pk)


def unit_open_children(unit: Unit, on: dt.date) -> QuerySet[Unit]:
    return unit.children.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))


def unit_predecessors(unit: Unit) -> QuerySet[UnitSuccession]:
    return UnitSuccession.objects.filter(successor=unit).select_related("predecessor")


def unit_successors(unit: Unit) -> QuerySet[UnitSuccession]:
    return UnitSuccession.objects.filter(predecessor=unit).select_related("successor")


def unit_kind_list() -> QuerySet[UnitKind]:
    return UnitKind.objects.all()


def unit_level_list() -> QuerySet[UnitLevel]:
    return UnitLevel.objects.all()


def field_list(*, active_only: bool = True) -> QuerySet[Field]:
    queryset = Field.objects.all()
    return queryset.filter(is_active=True) if active_only else queryset
