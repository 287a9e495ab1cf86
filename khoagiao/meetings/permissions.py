"""Who may do what with briefings.

- The department's staff (leader, specialist) over the organising unit plan the briefing, issue the invitation
  and the notice, record attendance, opinions and conclusions (the secretary is one of them).
- A unit's focal point or leader answers the invitation and proposes topics for its own unit only.
- Readers: the leadership viewer over the organising unit, and every member of an invited unit (the scoping is
  in `selectors.briefing_list`).
"""

from __future__ import annotations

from typing import Any

from khoagiao.accounts.choices import MembershipRole
from khoagiao.core.permissions import user_has_any_role, user_roles_over

DEPARTMENT = {MembershipRole.DEPT_LEADER, MembershipRole.DEPT_SPECIALIST}
UNIT_ACTORS = {MembershipRole.FOCAL_POINT, MembershipRole.UNIT_LEADER}
READERS = DEPARTMENT | {MembershipRole.VIEWER}


def _superuser(user: Any) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "is_superuser", False))


def can_plan_briefings(user: Any) -> bool:
    return _superuser(user) or user_has_any_role(user, DEPARTMENT)


def can_organise_for(user: Any, unit: Any) -> bool:
    return _superuser(user) or bool(DEPARTMENT & user_roles_over(user, unit))


def can_manage_briefing(user: Any, briefing: Any) -> bool:
    return can_organise_for(user, briefing.organising_unit)


def can_act_for_unit(user: Any, unit: Any) -> bool:
    """Answer the invitation or propose a topic on behalf of `unit`."""
    return _superuser(user) or bool(UNIT_ACTORS & user_roles_over(user, unit))


def can_respond_attendance(user: Any, attendance: Any) -> bool:
    return can_act_for_unit(user, attendance.unit)
