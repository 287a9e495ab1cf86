"""Who may do what with the registry, plans, milestones and coordination agreements.

- The registry holds published Party and State documents: every signed-in user with a membership reads it.
- The department (department leaders and specialists) and administrators edit the registry. Plans,
  milestones and agreements hand work to the task engine, which only the department may assign: they are
  edited by the department over the plan's or agreement's owner unit (the unit that receives the reviews,
  normally Ban Tuyên giáo và Dân vận), not by administrators.
- Units (focal points, unit leaders, reporters) read the plans and agreements that concern them: where a
  unit of their scope leads, coordinates or is a party. Leadership viewers read all within their scope.
"""

from __future__ import annotations

from typing import Any

from khoagiao.accounts.choices import MembershipRole
from khoagiao.core.permissions import user_has_any_role, user_roles_over

DEPARTMENT = {MembershipRole.DEPT_LEADER, MembershipRole.DEPT_SPECIALIST}
EDITORS = DEPARTMENT | {MembershipRole.ADMIN}
STAFF_READERS = EDITORS | {MembershipRole.VIEWER}
UNIT_READERS = {MembershipRole.FOCAL_POINT, MembershipRole.UNIT_LEADER, MembershipRole.REPORTER}
ALL_ROLES = STAFF_READERS | UNIT_READERS


def _active(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def _superuser(user: Any) -> bool:
    return _active(user) and bool(user.is_superuser)


def can_view_registry(user: Any) -> bool:
    return _superuser(user) or user_has_any_role(user, ALL_ROLES)


def _platform_admin(user: Any) -> bool:
    """An administrator of the whole platform (membership on a root of the tree): the registry is the
    province's, and a commune's administrator manages his commune, not the province's registry."""
    from khoagiao.accounts.permissions import is_platform_admin

    return _active(user) and is_platform_admin(user)


def can_edit_registry(user: Any) -> bool:
    return _superuser(user) or user_has_any_role(user, DEPARTMENT) or _platform_admin(user)


def can_view_reviews(user: Any) -> bool:
    """The upcoming reviews list: the department, the platform's administrators and leadership viewers."""
    return (
        _superuser(user)
        or user_has_any_role(user, DEPARTMENT | {MembershipRole.VIEWER})
        or _platform_admin(user)
    )


def can_manage_owned(user: Any, owner_unit: Any) -> bool:
    """Edit a plan, open a milestone, edit an agreement: the department over its owner unit."""
    return _superuser(user) or bool(DEPARTMENT & user_roles_over(user, owner_unit))


def can_create_owned(user: Any) -> bool:
    return _superuser(user) or user_has_any_role(user, DEPARTMENT)
