"""Who may manage accounts. Administrators manage users and memberships within their own subtree."""

from __future__ import annotations

from typing import Any

from khoagiao.core.permissions import user_has_any_role, user_roles_over

from .choices import MembershipRole


def _is_superuser(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False) and user.is_active)


def can_manage_users(user: Any) -> bool:
    return _is_superuser(user) or user_has_any_role(user, [MembershipRole.ADMIN])


def can_manage_memberships_of_unit(user: Any, unit: Any) -> bool:
    return _is_superuser(user) or MembershipRole.ADMIN in user_roles_over(user, unit)


def can_view_audit(user: Any) -> bool:
    return can_manage_users(user)


def can_view_jobs(user: Any) -> bool:
    return can_manage_users(user)
