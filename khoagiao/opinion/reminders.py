"""Reminders and escalation when an issue misses its service level.

Three deadlines are watched: acknowledgement (the department has not triaged the issue), first response (the
responsible unit has not answered) and resolution. When one passes, the people who must act get a reminder
(the department's specialists for acknowledgement, the unit's focal points for a response) and the matter is
escalated to the unit's leader and the department's leaders. The dedupe key names the issue, the stage, the
deadline and the person, so each is sent once however often the job runs; a new deadline (after a reopening or
a new severity) may be reminded again.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.accounts.choices import MembershipRole
from khoagiao.accounts.models import Membership
from khoagiao.core.notifications import notify

from .choices import IssueStatus
from .models import HotIssue

KIND_REMINDER = "opinion.sla_reminder"
KIND_ESCALATION = "opinion.sla_escalation"


def _members(unit_ids: list[int], roles: set[str]) -> list[Any]:
    """Active users holding `roles` on one of the units (memberships reach down the tree, so the ancestors'
    members count: a unit's leader may sit on the unit or above it)."""
    memberships = Membership.objects.filter(
        unit_id__in=unit_ids, role__in=roles, is_active=True, user__is_active=True
    )
    return [m.user for m in memberships.select_related("user")]


def _department_people(issue: HotIssue, roles: set[str]) -> list[Any]:
    return _members(issue.area.ancestor_ids(), roles)


def _stage_people(issue: HotIssue, stage: str) -> tuple[list[Any], list[Any]]:
    """(who gets the reminder, who gets the escalation) for a missed stage."""
    leaders = _department_people(issue, {MembershipRole.DEPT_LEADER})
    if stage == "ack" or issue.responsible_unit is None:
        return _department_people(issue, {MembershipRole.DEPT_SPECIALIST}), leaders
    unit = issue.responsible_unit
    focal = _members([unit.pk], {MembershipRole.FOCAL_POINT})
    unit_leaders = _members(unit.ancestor_ids()[-2:], {MembershipRole.UNIT_LEADER})
    return focal or unit_leaders, unit_leaders + leaders


STAGE_LABELS = {
    "ack": _("tiếp nhận, phân loại"),
    "response": _("trả lời lần đầu"),
    "resolution": _("giải quyết"),
}


def send_sla_reminders(now: Any = None) -> int:
    """Notify about every deadline missed by an open issue; returns how many notifications were created."""
    now = now or timezone.now()
    due = HotIssue.objects.filter(merged_into__isnull=True).select_related("area", "responsible_unit")
    missed = [
        ("ack", due.filter(status=IssueStatus.REPORTED, ack_due_at__lt=now), "ack_due_at"),
        (
            "response",
            due.filter(status=IssueStatus.ROUTED, first_response_at__isnull=True, response_due_at__lt=now),
            "response_due_at",
        ),
        (
            "resolution",
            due.filter(
                status__in=[IssueStatus.VERIFIED, IssueStatus.ROUTED, IssueStatus.RESPONDED],
                resolution_due_at__lt=now,
            ),
            "resolution_due_at",
        ),
    ]
    sent = 0
    for stage, queryset, deadline_field in missed:
        for issue in queryset.iterator(chunk_size=500):
            deadline = getattr(issue, deadline_field)
            url = reverse("opinion:issue_detail", args=[issue.pk])
            stamp = deadline.strftime("%Y%m%d%H%M")
            label = STAGE_LABELS[stage]
            reminded, escalated = _stage_people(issue, stage)
            title = _("Quá hạn %(stage)s: %(title)s") % {"stage": label, "title": issue.title[:200]}
            body = _("Vấn đề #%(pk)s (%(severity)s) đã quá hạn %(stage)s lúc %(deadline)s.") % {
                "pk": issue.pk,
                "severity": issue.get_severity_display(),
                "stage": label,
                "deadline": timezone.localtime(deadline).strftime("%H:%M %d/%m/%Y"),
            }
            for user in {u.pk: u for u in reminded}.values():
                if notify(
                    user,
                    kind=KIND_REMINDER,
                    title=title,
                    body=body,
                    url=url,
                    dedupe_key=f"opinion:{issue.pk}:{stage}:{stamp}:r:{user.pk}",
                ):
                    sent += 1
            for user in {u.pk: u for u in escalated}.values():
                if notify(
                    user,
                    kind=KIND_ESCALATION,
                    title=_("Báo cáo vượt cấp — ") + title,
                    body=body,
                    url=url,
                    dedupe_key=f"opinion:{issue.pk}:{stage}:{stamp}:e:{user.pk}",
                ):
                    sent += 1
    return sent
