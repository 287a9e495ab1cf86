"""Who may manage accounts. Administrators manage users and memberships within their own subtree."""

from __future__ import annotations

from typing import Any

from khoagiao.core.permissions import user_has_any_role, user_roles_over, user_scope

from .choices import MembershipRole


def _is_superuser(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False) and user.is_active)


def _is_active_user(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def can_manage_users(user: Any) -> bool:
    """Whether the user administration screens are offered at all."""
    return _is_superuser(user) or user_has_any_role(user, [MembershipRole.ADMIN])


def can_manage_user(actor: Any, target: Any) -> bool:
    """Edit, lock, unlock `target` or send them a password link.

    An administrator manages the accounts the user list shows him (a membership in his subtree, or none at
    all), as long as the account holds no active role outside his subtree: a commune's administrator must not
    lock or re-address the province's people. Superusers are managed only by superusers.
    """
    if _is_superuser(actor):
        return True
    if not can_manage_users(actor) or target is None or getattr(target, "is_superuser", False):
        return False
    from .selectors import membership_unit_ids_of_user

    scope = user_scope(actor, roles=[MembershipRole.ADMIN])
    all_units = membership_unit_ids_of_user(target)
    active_units = membership_unit_ids_of_user(target, active_only=True)
    if all_units and not (all_units & scope.unit_ids):
        return False
    return active_units <= scope.unit_ids


def can_manage_memberships_of_unit(user: Any, unit: Any) -> bool:
    return _is_superuser(user) or MembershipRole.ADMIN in user_roles_over(user, unit)


def can_edit_profile(actor: Any, user: Any) -> bool:
    """Everyone keeps their own contact details current."""
    return _is_active_user(actor) and user is not None and actor.pk == user.pk


def can_manage_api_tokens(actor: Any, user: Any) -> bool:
    """A user manages their own API tokens; an administrator may revoke those of the people he manages."""
    return can_edit_profile(actor, user) or (_is_active_user(actor) and can_manage_user(actor, user))


def is_platform_admin(user: Any) -> bool:
    """A superuser, or an administrator whose membership is on a root of the tree.

    The audit trail, the job queue and the working-day calendar serve the whole platform: a commune's
    administrator must not read the province's trail or move the province's holidays.
    """
    if _is_superuser(user):
        return True
    if not _is_active_user(user):
        return False
    from .selectors import membership_is_root_admin

    return membership_is_root_admin(user)


def can_view_audit(user: Any) -> bool:
    return is_platform_admin(user)


def can_view_jobs(user: Any) -> bool:
    return is_platform_admin(user)


def can_manage_calendar(user: Any) -> bool:
    return is_platform_admin(user)
