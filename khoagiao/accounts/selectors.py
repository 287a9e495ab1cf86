"""Reads of users and memberships."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet

from khoagiao.core.errors import NotFoundError
from khoagiao.core.permissions import user_scope
from khoagiao.core.text import search_filter

from .choices import MembershipRole
from .models import ApiToken, Membership, User


def _active_memberships(user: Any) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user, is_active=True)


def membership_units_for_user(user: Any, *, roles: Iterable[str] | None = None) -> list[Any]:
    memberships = _active_memberships(user).select_related("unit")
    if roles is not None:
        memberships = memberships.filter(role__in=list(roles))
    return [membership.unit for membership in memberships]


def membership_roles_over_paths(user: Any, paths: Iterable[str]) -> set[str]:
    return set(_active_memberships(user).filter(unit__path__in=list(paths)).values_list("role", flat=True))


def membership_roles_for_user(user: Any) -> set[str]:
    return set(_active_memberships(user).values_list("role", flat=True))


def membership_list_for_user(user: Any) -> QuerySet[Membership]:
    """The user's own active memberships, for their home page and profile."""
    return _active_memberships(user).select_related("unit", "unit__kind", "unit__level")


def user_list(*, actor: Any, query: str | None = None, include_inactive: bool = True) -> QuerySet[User]:
    """Users an administrator may manage: those with a membership in the admin's scope, and those with none."""
    admin_scope = user_scope(actor, roles=[MembershipRole.ADMIN])
    if admin_scope.is_empty:
        return User.objects.none()
    in_scope = Membership.objects.filter(unit_id__in=admin_scope.unit_ids).values("user_id")
    with_any = Membership.objects.values("user_id")
    queryset = User.objects.filter(pk__in=in_scope) | User.objects.exclude(pk__in=with_any)
    if not include_inactive:
        queryset = queryset.filter(is_active=True)
    if query:
        queryset = search_filter(queryset, query)
    active = Membership.objects.filter(is_active=True).select_related("unit").order_by("unit__path", "role")
    return queryset.distinct().prefetch_related(Prefetch("memberships", queryset=active, to_attr="active_memberships"))


def user_get(*, actor: Any, pk: int) -> User:
    user = user_list(actor=actor).filter(pk=pk).first()
    if user is None:
        raise NotFoundError("Không tìm thấy người dùng, hoặc bạn không có quyền quản lý người dùng này.")
    return user


def membership_list(*, actor: Any, user: User) -> QuerySet[Membership]:
    """A user's memberships (active and ended) in units the administrator manages."""
    admin_scope = user_scope(actor, roles=[MembershipRole.ADMIN])
    return admin_scope.filter(Membership.objects.filter(user=user), "unit").select_related("unit").order_by(
        "-is_active", "unit__path", "role"
    )


def api_token_list(*, user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)
