"""Who may see and change units. Only administrators change the tree, within their own subtree."""

from __future__ import annotations

from typing import Any

from khoagiao.accounts.choices import MembershipRole
from khoagiao.core.permissions import user_has_any_role, user_roles_over, user_scope

from .models import Unit


def can_view_unit(user: Any, unit: Unit) -> bool:
    return user_scope(user).allows(unit.pk)


def can_manage_unit(user: Any, unit: Unit) -> bool:
    """Edit, close or merge `unit`, or create a unit under it."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return MembershipRole.ADMIN in user_roles_over(user, unit)


def can_create_root_unit(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False) and user.is_active)


def can_manage_units(user: Any) -> bool:
    """Whether the unit administration screens are offered at all."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return user_has_any_role(user, [MembershipRole.ADMIN])
