"""Two-way information on a report: the unit hears when the department returns, accepts or reopens it, the
focal point when the unit's leader sends it back, and the leader when a report waits for approval.

Each notice carries a unique key (the review event, or the report's version for an approval request), so a
retried transaction never tells anyone twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from khoagiao.accounts.choices import MembershipRole
from khoagiao.core.notifications import notify

from .choices import SubmissionAction
from .models import Submission, SubmissionEvent
from .reminders import membership_holders_over_units

KIND_REVIEW = "reporting.review"
KIND_APPROVAL = "reporting.approval"


def _people(submission: Submission, roles: Sequence[str], actor: Any) -> list[Any]:
    holders = membership_holders_over_units([submission.unit], roles)[submission.unit.pk]
    seen: dict[int, Any] = {}
    for role in roles:
        for user in holders[role]:
            if user.pk != getattr(actor, "pk", None):
                seen.setdefault(user.pk, user)
    return list(seen.values())


def _titles(submission: Submission, event: SubmissionEvent) -> str:
    names = {"unit": submission.unit.display_name, "period": submission.period.label}
    if event.action == SubmissionAction.ACCEPT:
        return _("Ban đã tiếp nhận báo cáo %(unit)s — %(period)s") % names
    if event.action == SubmissionAction.REOPEN:
        return _("Ban mở lại báo cáo %(unit)s — %(period)s để đơn vị bổ sung") % names
    return _("Báo cáo %(unit)s — %(period)s bị trả lại, đề nghị sửa và gửi lại") % names


def notify_unit_of_review(
    *, submission: Submission, event: SubmissionEvent, leader_send_back: bool = False
) -> int:
    """Tell the unit's focal points (and leaders, for the department's decisions) what happened to its report."""
    roles = (
        [MembershipRole.FOCAL_POINT]
        if leader_send_back
        else [MembershipRole.FOCAL_POINT, MembershipRole.UNIT_LEADER]
    )
    title = (
        _("Lãnh đạo đơn vị trả lại báo cáo %(period)s để sửa") % {"period": submission.period.label}
        if leader_send_back
        else _titles(submission, event)
    )
    body = event.comment
    if event.actor is not None:
        body = (
            f"{event.actor.get_full_name()}: {event.comment}"
            if event.comment
            else event.actor.get_full_name()
        )
    url = reverse("reporting:submission_detail", args=[submission.pk])
    sent = 0
    for user in _people(submission, roles, event.actor):
        created = notify(
            user,
            kind=KIND_REVIEW,
            title=title,
            body=body,
            url=url,
            dedupe_key=f"reporting:event:{event.pk}:{user.pk}",
        )
        sent += created is not None
    return sent


def notify_leaders_of_approval(*, submission: Submission, actor: Any) -> int:
    """A report waits for the unit leader's approval: tell the leaders once per request."""
    title = _("Báo cáo %(unit)s — %(period)s chờ đồng chí duyệt") % {
        "unit": submission.unit.display_name,
        "period": submission.period.label,
    }
    body = _("%(who)s đã hoàn thành báo cáo và đề nghị duyệt trước khi gửi Ban.") % {
        "who": actor.get_full_name()
    }
    url = reverse("reporting:submission_detail", args=[submission.pk])
    sent = 0
    for user in _people(submission, [MembershipRole.UNIT_LEADER], actor):
        created = notify(
            user,
            kind=KIND_APPROVAL,
            title=title,
            body=body,
            url=url,
            dedupe_key=f"reporting:approval:{submission.pk}:{submission.version}:{user.pk}",
        )
        sent += created is not None
    return sent
