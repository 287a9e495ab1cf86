"""Reads of users and memberships."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.db import vi_collate
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


def membership_unit_ids_of_user(user: Any, *, active_only: bool = False) -> set[int]:
    """Ids of the units where `user` holds (or, unless `active_only`, held) a role. Not scoped: for rules."""
    memberships = _active_memberships(user) if active_only else Membership.objects.filter(user=user)
    return set(memberships.values_list("unit_id", flat=True))


def membership_list_for_user(user: Any) -> QuerySet[Membership]:
    """The user's own active memberships, for their home page and profile."""
    return _active_memberships(user).select_related("unit", "unit__kind", "unit__level")


def user_list(*, actor: Any, query: str | None = None, include_inactive: bool = True) -> QuerySet[User]:
    """Users an administrator may manage: those with a membership in the admin's scope, and those with none.

    Superusers (the system accounts) are shown only to superusers. Ordered by full name, in Vietnamese order.
    """
    admin_scope = user_scope(actor, roles=[MembershipRole.ADMIN])
    if admin_scope.is_empty:
        return User.objects.none()
    in_scope = Membership.objects.filter(unit_id__in=admin_scope.unit_ids).values("user_id")
    with_any = Membership.objects.values("user_id")
    queryset = User.objects.filter(pk__in=in_scope) | User.objects.exclude(pk__in=with_any)
    if not actor.is_superuser:
        queryset = queryset.filter(is_superuser=False)
    if not include_inactive:
        queryset = queryset.filter(is_active=True)
    if query:
        queryset = search_filter(queryset, query)
    active = Membership.objects.filter(is_active=True).select_related("unit").order_by("unit__path", "role")
    return (
        queryset.distinct()
        .order_by(vi_collate("full_name"), "username")
        .prefetch_related(Prefetch("memberships", queryset=active, to_attr="active_memberships"))
    )


def user_get(*, actor: Any, pk: int) -> User:
    user = user_list(actor=actor).filter(pk=pk).first()
    if user is None:
        raise NotFoundError(_("Không tìm thấy người dùng, hoặc bạn không có quyền quản lý người dùng này."))
    return user


def membership_list(*, actor: Any, user: User) -> QuerySet[Membership]:
    """A user's memberships (active and ended) in units the administrator manages."""
    admin_scope = user_scope(actor, roles=[MembershipRole.ADMIN])
    return (
        admin_scope.filter(Membership.objects.filter(user=user), "unit")
        .select_related("unit", "unit__level")
        .order_by("-is_active", "unit__path", "role")
    )


def membership_outside_scope_count(*, actor: Any, user: User) -> int:
    """How many of the user's active roles lie outside the administrator's subtree (shown, not listed)."""
    admin_scope = user_scope(actor, roles=[MembershipRole.ADMIN])
    return _active_memberships(user).exclude(unit_id__in=admin_scope.unit_ids).count()


def membership_get(*, actor: Any, pk: int) -> Membership:
    admin_scope = user_scope(actor, roles=[MembershipRole.ADMIN])
    membership = (
        admin_scope.filter(Membership.objects.all(), "unit")
        .select_related("unit", "user")
        .filter(pk=pk)
        .first()
    )
    if membership is None:
        raise NotFoundError(
            _("Không tìm thấy phân quyền, hoặc phân quyền thuộc đơn vị ngoài phạm vi của bạn.")
        )
    return membership


def membership_unit_choices(*, actor: Any) -> QuerySet[Any]:
    """Open units in which the administrator may give roles, in tree order."""
    from khoagiao.orgs.selectors import unit_list

    admin_scope = user_scope(actor, roles=[MembershipRole.ADMIN])
    return admin_scope.filter(unit_list(user=actor, open_on=timezone.localdate()), "pk").order_by("path")


def api_token_list(*, user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def api_token_get(*, user: Any, pk: int) -> ApiToken:
    """One of the user's own tokens."""
    token = api_token_list(user=user).filter(pk=pk).first()
    if token is None:
        raise NotFoundError(_("Không tìm thấy mã truy cập."))
    return token


def membership_is_root_admin(user: Any) -> bool:
    return Membership.objects.filter(
        user=user, role=MembershipRole.ADMIN, is_active=True, unit__parent__isnull=True
    ).exists()
