"""What the issue services share: locking an issue, the event log, deadlines, and text checks."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from khoagiao.core.audit import acting_user, audit_record
from khoagiao.core.errors import ValidationFailed

from ..models import HotIssue, IssueEvent
from ..sla import WorkingClock, issue_deadlines

ISSUE_AUDIT_FIELDS = (
    "title",
    "status",
    "severity",
    "field",
    "area",
    "responsible_unit",
    "merged_into",
    "escalated_at",
    "rejected_reason",
    "resolution_note",
)


def locked(issue: HotIssue) -> HotIssue:
    """The issue re-read under a row lock, so two triage actions never interleave."""
    return (
        HotIssue.objects.select_for_update(of=("self",))
        .select_related("area", "reporting_unit", "responsible_unit", "field")
        .get(pk=issue.pk)
    )


def record_event(
    issue: HotIssue,
    *,
    actor: Any,
    kind: str,
    from_status: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
) -> IssueEvent:
    user = acting_user(actor)
    return IssueEvent.objects.create(
        issue=issue,
        kind=kind,
        actor=user,
        actor_name=(user.get_full_name() or user.get_username()) if user else "hệ thống",
        from_status=from_status,
        to_status=issue.status,
        note=note,
        data=data or {},
    )


def audit_issue(
    actor: Any, action: str, issue: HotIssue, before: dict[str, Any], after: dict[str, Any]
) -> None:
    audit_record(actor=actor, action=f"opinion.{action}", obj=issue, before=before, after=after)


def refresh_deadlines(issue: HotIssue, clock: WorkingClock | None = None) -> list[str]:
    deadlines = issue_deadlines(issue, clock)
    for name, value in deadlines.items():
        setattr(issue, name, value)
    return list(deadlines)


def clean_text_field(value: str | None, *, field: str, label: str, max_length: int, required: bool) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationFailed(
            _("Hãy nhập %(label)s.") % {"label": label}, code="required", details={"field": field}
        )
    if len(text) > max_length:
        raise ValidationFailed(
            _("%(label)s dài %(length)s ký tự, vượt giới hạn %(max)s ký tự; hãy rút gọn hoặc đính kèm tệp.")
            % {
                "label": label.capitalize(),
                "length": f"{len(text):,}".replace(",", "."),
                "max": f"{max_length:,}".replace(",", "."),
            },
            code="too_long",
            details={"field": field},
        )
    return text


def require_status(issue: HotIssue, allowed: tuple[str, ...], action_label: str) -> None:
    if issue.status not in allowed:
        raise ValidationFailed(
            _("Không thể %(action)s: vấn đề đang ở trạng thái «%(status)s».")
            % {"action": action_label, "status": issue.get_status_display()},
            code="invalid_state",
        )
