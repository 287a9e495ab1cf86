"""Who may do what with tasks. The department's staff over the lead unit assign, verify, decide extensions and
cancel; the lead unit's focal point and leader report progress and completion; coordinating units report their
part of the progress; readers (viewer, reporter) over a unit see its tasks."""

from __future__ import annotations

from typing import Any

from khoagiao.accounts.choices import MembershipRole
from khoagiao.core.permissions import user_has_any_role, user_roles_over

DEPARTMENT = {MembershipRole.DEPT_LEADER, MembershipRole.DEPT_SPECIALIST}
UNIT_ACTORS = {MembershipRole.FOCAL_POINT, MembershipRole.UNIT_LEADER}


def _superuser(user: Any) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "is_superuser", False))


def can_assign_tasks(user: Any) -> bool:
    return _superuser(user) or user_has_any_role(user, DEPARTMENT)


def can_assign_task_to(user: Any, lead_unit: Any) -> bool:
    return _superuser(user) or bool(DEPARTMENT & user_roles_over(user, lead_unit))
