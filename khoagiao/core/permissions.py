"""The permission engine (DESIGN.md §6): a membership gives its role over its unit's subtree.

A user's *scope* for a set of roles is the set of units in the subtrees of their active memberships with those
roles, plus the predecessors of those units (a merged unit's history stays visible to its successor's people).
Selectors filter by the scope; services re-check with `require`. Apps keep their own `can_<verb>_<entity>` rules
in their `permissions.py`, built on these functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from .errors import PermissionDeniedError


@dataclass(frozen=True)
class Scope:
    unit_ids: frozenset[int]

    def allows(self, unit_id: int | None) -> bool:
        return unit_id is not None and unit_id in self.unit_ids

    def filter(self, queryset: QuerySet, unit_field: str = "unit") -> QuerySet:
        """Keep the rows whose `unit_field` lies in the scope ("pk" when the queryset is of units)."""
        return queryset.filter(**{f"{unit_field}__in": self.unit_ids}) if self.unit_ids else queryset.none()

    @property
    def is_empty(self) -> bool:
        return not self.unit_ids


def _cache(user: Any) -> dict:
    cache = getattr(user, "_khoagiao_scope_cache", None)
    if cache is None:
        cache = {}
        user._khoagiao_scope_cache = cache
    return cache


def forget_scope(user: Any) -> None:
    """Drop the cached scope (after the user's memberships or the tree changed)."""
    if hasattr(user, "_khoagiao_scope_cache"):
        del user._khoagiao_scope_cache


def user_scope(user: Any, roles: Iterable[str] | None = None) -> Scope:
    """The units `user` reaches through memberships with any of `roles` (every role when None)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope(frozenset())
    key = frozenset(roles) if roles is not None else None
    cache = _cache(user)
    if key not in cache:
        from khoagiao.accounts.selectors import membership_units_for_user
        from khoagiao.orgs.selectors import unit_ids_in_subtrees

        if user.is_superuser:
            from khoagiao.orgs.selectors import unit_all_ids

            cache[key] = Scope(frozenset(unit_all_ids()))
        else:
            units = membership_units_for_user(user, roles=key)
            cache[key] = Scope(frozenset(unit_ids_in_subtrees(units, include_predecessors=True)))
    return cache[key]


def user_roles_over(user: Any, unit: Any) -> set[str]:
    """The roles `user` holds over `unit` (through a membership in the unit or one of its ancestors)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active or unit is None:
        return set()
    from khoagiao.accounts.selectors import membership_roles_over_paths

    return membership_roles_over_paths(user, unit.ancestor_paths())


def user_has_any_role(user: Any, roles: Iterable[str]) -> bool:
    """Whether the user holds any of `roles` anywhere."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    cache = _cache(user)
    if "roles" not in cache:
        from khoagiao.accounts.selectors import membership_roles_for_user

        cache["roles"] = membership_roles_for_user(user)
    return bool(cache["roles"] & set(roles))


def require(allowed: bool, message: str | None = None) -> None:
    """Services call this with the answer of a `can_…` rule; a refusal is an ApplicationError, never a 500."""
    if not allowed:
        raise PermissionDeniedError(message or _("Bạn không có quyền thực hiện thao tác này."))


def units_q(scope: Scope, field: str = "unit") -> Q:
    return Q(**{f"{field}__in": scope.unit_ids})
