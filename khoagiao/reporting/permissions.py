"""Who may do what with templates, duties and units' reports.

- The department (department leaders and specialists, and administrators) over the receiving unit manages
  templates and duties, reviews reports (accept, return, reopen) and grants lock exceptions.
- A unit's focal point and its leader edit and submit their own unit's report; the leader approves it when the
  duty asks for approval. Nobody else sees a unit's draft.
- The leadership viewer and reporters read what lies in their scope, once submitted.
"""

from __future__ import annotations

from typing import Any

from khoagiao.accounts.choices import MembershipRole
from khoagiao.core.permissions import user_has_any_role, user_roles_over

from .choices import SubmissionStatus

DEPARTMENT = {MembershipRole.DEPT_LEADER, MembershipRole.DEPT_SPECIALIST}
UNIT_EDITORS = {MembershipRole.FOCAL_POINT, MembershipRole.UNIT_LEADER}
READERS = {MembershipRole.VIEWER, MembershipRole.REPORTER}
EDITABLE = {SubmissionStatus.NOT_STARTED, SubmissionStatus.DRAFT, SubmissionStatus.RETURNED}


def _active(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def _superuser(user: Any) -> bool:
    return _active(user) and bool(user.is_superuser)


def _platform_admin(user: Any) -> bool:
    """A superuser or an administrator on a root unit. Administrators keep the province's templates; reviewing
    reports and running duties stays with the department's leaders and specialists."""
    from khoagiao.accounts.permissions import is_platform_admin

    return is_platform_admin(user)


def can_manage_templates(user: Any) -> bool:
    """Templates serve the whole province: department leaders and specialists, and platform administrators
    (a commune's administrator manages his commune, not the province's outlines)."""
    return _platform_admin(user) or user_has_any_role(user, DEPARTMENT)


def can_manage_duties(user: Any) -> bool:
    """Reporting duties are the department's work (administrators keep units, users and templates)."""
    return _superuser(user) or user_has_any_role(user, DEPARTMENT)


def can_manage_duty(user: Any, duty: Any) -> bool:
    return _superuser(user) or bool(DEPARTMENT & user_roles_over(user, duty.receiving_unit))


def can_review_submission(user: Any, submission: Any) -> bool:
    """Accept, return, reopen, unlock: the department over the unit."""
    return _superuser(user) or bool(DEPARTMENT & user_roles_over(user, submission.unit))


def can_edit_submission(user: Any, submission: Any) -> bool:
    """Type into the draft: the unit's own focal point or leader, while the report is with the unit."""
    if submission.status not in EDITABLE:
        return False
    return bool(UNIT_EDITORS & user_roles_over(user, submission.unit))


def can_approve_submission(user: Any, submission: Any) -> bool:
    return submission.status == SubmissionStatus.AWAITING_APPROVAL and (
        MembershipRole.UNIT_LEADER in user_roles_over(user, submission.unit)
    )


def can_view_submission(user: Any, submission: Any) -> bool:
    """The unit's own people always; the department and readers once it has been sent."""
    roles = user_roles_over(user, submission.unit)
    if _superuser(user) or UNIT_EDITORS & roles:
        return True
    if DEPARTMENT & roles or READERS & roles:
        return submission.first_submitted_at is not None or submission.status in {
            SubmissionStatus.SUBMITTED,
            SubmissionStatus.ACCEPTED,
        }
    return False


def can_view_board(user: Any, duty: Any) -> bool:
    return _superuser(user) or bool((DEPARTMENT | READERS) & user_roles_over(user, duty.receiving_unit))


def can_issue_document(user: Any, issuing_unit: Any) -> bool:
    """Numbers of a unit's outgoing documents are given by the department staff over it."""
    return _superuser(user) or bool(DEPARTMENT & user_roles_over(user, issuing_unit))


def can_cancel_document(user: Any, document: Any) -> bool:
    return can_issue_document(user, document.issuing_unit)


def can_view_register(user: Any, issuing_unit: Any) -> bool:
    return _superuser(user) or bool(
        (DEPARTMENT | {MembershipRole.VIEWER}) & user_roles_over(user, issuing_unit)
    )
