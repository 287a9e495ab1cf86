"""Who may do what with hot issues. Issues are confidential by default:

- the department (its leaders and specialists) over the area or the reporting unit sees and triages them;
- the reporting unit's focal points and leaders see their own reports, confirm or reopen them;
- the responsible unit's focal points and leaders see the issues routed to them and answer them;
- the leadership viewer sees the issues escalated to the leadership in their scope;
- nobody else, so a commune never sees another commune's issues.
"""

from __future__ import annotations

from typing import Any

from khoagiao.accounts.choices import MembershipRole
from khoagiao.core.permissions import user_has_any_role, user_roles_over

from .choices import WITH_UNIT_STATUSES, IssueStatus

DEPARTMENT = {MembershipRole.DEPT_LEADER, MembershipRole.DEPT_SPECIALIST}
UNIT_EDITORS = {MembershipRole.FOCAL_POINT, MembershipRole.UNIT_LEADER}
REPORTERS = UNIT_EDITORS | DEPARTMENT
LEADERSHIP = {MembershipRole.VIEWER}


def _active(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def _superuser(user: Any) -> bool:
    return _active(user) and bool(user.is_superuser)


def is_department_for(user: Any, issue: Any) -> bool:
    if _superuser(user):
        return True
    return bool(
        DEPARTMENT & (user_roles_over(user, issue.area) | user_roles_over(user, issue.reporting_unit))
    )


def is_reporting_unit_member(user: Any, issue: Any) -> bool:
    return bool(UNIT_EDITORS & user_roles_over(user, issue.reporting_unit))


def is_responsible_unit_member(user: Any, issue: Any) -> bool:
    return issue.responsible_unit_id is not None and bool(
        UNIT_EDITORS & user_roles_over(user, issue.responsible_unit)
    )


def can_report_issue(user: Any) -> bool:
    return _superuser(user) or user_has_any_role(user, REPORTERS)


def can_report_for_unit(user: Any, unit: Any) -> bool:
    return _superuser(user) or bool(REPORTERS & user_roles_over(user, unit))


def can_view_issue(user: Any, issue: Any) -> bool:
    if not _active(user):
        return False
    if is_department_for(user, issue) or is_reporting_unit_member(user, issue):
        return True
    if is_responsible_unit_member(user, issue) and issue.routed_at is not None:
        return True
    return issue.escalated_at is not None and bool(LEADERSHIP & user_roles_over(user, issue.area))


def can_triage_issue(user: Any, issue: Any) -> bool:
    """Verify, set the severity, route, reject, resolve, merge, escalate: the department."""
    return is_department_for(user, issue)


def can_edit_issue(user: Any, issue: Any) -> bool:
    """Correct the text (kept as a new version): the reporter's unit before triage, the department any time."""
    if issue.status in (IssueStatus.CLOSED, IssueStatus.REJECTED):
        return False
    if is_department_for(user, issue):
        return True
    return issue.status == IssueStatus.REPORTED and is_reporting_unit_member(user, issue)


def can_respond_issue(user: Any, issue: Any) -> bool:
    """Answer for the responsible unit, while the issue is with it."""
    return issue.status in WITH_UNIT_STATUSES and is_responsible_unit_member(user, issue)


def can_confirm_issue(user: Any, issue: Any) -> bool:
    """Confirm or reopen a resolved issue: the reporting unit (or the department on its behalf)."""
    return issue.status == IssueStatus.RESOLVED and (
        is_reporting_unit_member(user, issue) or is_department_for(user, issue)
    )


def can_manage_routing(user: Any) -> bool:
    return _superuser(user) or user_has_any_role(user, DEPARTMENT)


def can_manage_digests(user: Any) -> bool:
    return _superuser(user) or user_has_any_role(user, DEPARTMENT)


def can_view_escalated(user: Any) -> bool:
    return _superuser(user) or user_has_any_role(user, DEPARTMENT | LEADERSHIP)


def can_view_statistics(user: Any) -> bool:
    return _superuser(user) or user_has_any_role(user, DEPARTMENT | LEADERSHIP)
