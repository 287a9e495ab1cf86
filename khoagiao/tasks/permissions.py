"""Who may do what with tasks. The department's staff over the lead unit assign, edit, verify, decide extensions
and cancel; the lead unit's focal point and leader start the work, report progress and completion and ask for an
extension; coordinating units report their part of the progress; every membership over the lead unit or a
coordinating unit (viewers and reporters included) reads the task."""

from __future__ import annotations

from typing import Any

from khoagiao.accounts.choices import MembershipRole
from khoagiao.core.permissions import user_has_any_role, user_roles_over, user_scope

DEPARTMENT = {MembershipRole.DEPT_LEADER, MembershipRole.DEPT_SPECIALIST}
UNIT_ACTORS = {MembershipRole.FOCAL_POINT, MembershipRole.UNIT_LEADER}


def _superuser(user: Any) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "is_superuser", False))


def _coordinating(task: Any) -> list[Any]:
    return list(task.coordinating_units.all()) if task.pk else []


def can_assign_tasks(user: Any) -> bool:
    return _superuser(user) or user_has_any_role(user, DEPARTMENT)


def can_assign_task_to(user: Any, lead_unit: Any) -> bool:
    return _superuser(user) or bool(DEPARTMENT & user_roles_over(user, lead_unit))


def can_view_tasks(user: Any) -> bool:
    """Whether the user has any task list to look at (a membership anywhere)."""
    return _superuser(user) or not user_scope(user).is_empty


def can_view_task(user: Any, task: Any) -> bool:
    if _superuser(user):
        return True
    scope = user_scope(user)
    return scope.allows(task.lead_unit_id) or any(scope.allows(unit.pk) for unit in _coordinating(task))


def can_manage_task(user: Any, task: Any) -> bool:
    """Edit, verify, send back, cancel, decide extensions: the department over the lead unit."""
    return can_assign_task_to(user, task.lead_unit)


def can_act_for_lead_unit(user: Any, task: Any) -> bool:
    """Start, report done, ask for an extension: the lead unit's focal point or leader."""
    return _superuser(user) or bool(UNIT_ACTORS & user_roles_over(user, task.lead_unit))


def progress_unit_for(user: Any, task: Any) -> Any:
    """The unit on whose behalf the user reports progress (the lead unit first, else a coordinating unit where
    the user is focal point or leader), or None when the task is not the user's unit's."""
    if can_act_for_lead_unit(user, task):
        return task.lead_unit
    for unit in _coordinating(task):
        if UNIT_ACTORS & user_roles_over(user, unit):
            return unit
    return None


def can_update_task_progress(user: Any, task: Any) -> bool:
    return progress_unit_for(user, task) is not None
