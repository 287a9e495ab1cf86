"""The life of an issue after intake: triage by the department (verify, route, reject), resolution, the
reporting unit's confirmation or reopening, escalation to the leadership and tasks from an escalated issue.

States: reported → verified → routed → responded → resolved → closed; reported/verified → rejected;
resolved → routed again when the reporting unit reopens it within OPINION_REOPEN_WORKING_DAYS.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.audit import snapshot
from khoagiao.core.errors import ValidationFailed
from khoagiao.core.permissions import require
from khoagiao.core.workdays import WorkingCalendar

from ..choices import OPEN_STATUSES, EventKind, IssueSeverity, IssueStatus, LeadershipBody
from ..models import HotIssue
from ..permissions import can_triage_issue, is_department_for, is_reporting_unit_member
from .common import ISSUE_AUDIT_FIELDS, audit_issue, clean_text_field, locked, record_event, refresh_deadlines
from .routing import route_lookup

DEFAULT_REOPEN_WORKING_DAYS = 10
NOT_DEPARTMENT = _("Chỉ Ban (lãnh đạo, chuyên viên phụ trách địa bàn) mới thực hiện được thao tác này.")


def reopen_limit_days() -> int:
    return int(getattr(settings, "OPINION_REOPEN_WORKING_DAYS", DEFAULT_REOPEN_WORKING_DAYS))


def reopen_deadline(issue: HotIssue) -> dt.date | None:
    """The last day the reporting unit may reopen a resolved issue."""
    if issue.resolved_at is None:
        return None
    return WorkingCalendar().add_working_days(timezone.localdate(issue.resolved_at), reopen_limit_days())


def _may_close_loop(actor: Any, issue: HotIssue) -> bool:
    return is_reporting_unit_member(actor, issue) or is_department_for(actor, issue)


def _check_severity(severity: str) -> None:
    if severity not in IssueSeverity.values:
        raise ValidationFailed(
            _("Mức độ không hợp lệ."), code="invalid_severity", details={"field": "severity"}
        )


def _transition(
    actor: Any,
    issue: HotIssue,
    *,
    kind: str,
    action: str,
    changes: dict[str, Any],
    note: str = "",
    data: dict[str, Any] | None = None,
) -> HotIssue:
    before = snapshot(issue, ISSUE_AUDIT_FIELDS)
    from_status = issue.status
    for name, value in changes.items():
        setattr(issue, name, value)
    issue.save()
    record_event(issue, actor=actor, kind=kind, from_status=from_status, note=note, data=data)
    audit_issue(actor, action, issue, before, snapshot(issue, ISSUE_AUDIT_FIELDS))
    return issue


@transaction.atomic
def issue_verify(
    *, actor: Any, issue: HotIssue, severity: str, field: Any = None, note: str = ""
) -> HotIssue:
    """The department confirms the issue is real and sets its severity (and field)."""
    issue = locked(issue)
    require(can_triage_issue(actor, issue), NOT_DEPARTMENT)
    if issue.status != IssueStatus.REPORTED:
        raise ValidationFailed(
            _("Vấn đề đã được xác minh hoặc xử lý (trạng thái «%(status)s»).")
            % {"status": issue.get_status_display()},
            code="invalid_state",
        )
    _check_severity(severity)
    issue.severity = severity
    if field is not None:
        issue.field = field
    refresh_deadlines(issue)
    return _transition(
        actor,
        issue,
        kind=EventKind.VERIFIED,
        action="issue_verify",
        note=note,
        changes={"status": IssueStatus.VERIFIED, "verified_at": timezone.now()},
        data={"severity": severity},
    )


@transaction.atomic
def issue_route(
    *, actor: Any, issue: HotIssue, responsible_unit: Any = None, severity: str | None = None, note: str = ""
) -> HotIssue:
    """Send the issue to the unit that must handle it: the one chosen, else the routing table's answer (the
    department when no rule applies). Routing an unverified issue verifies it; an issue already with a unit
    can be sent to another one."""
    issue = locked(issue)
    require(can_triage_issue(actor, issue), NOT_DEPARTMENT)
    allowed = (IssueStatus.REPORTED, IssueStatus.VERIFIED, IssueStatus.ROUTED, IssueStatus.RESPONDED)
    if issue.status not in allowed:
        raise ValidationFailed(
            _("Không thể chuyển xử lý vấn đề đang ở trạng thái «%(status)s».")
            % {"status": issue.get_status_display()},
            code="invalid_state",
        )
    if issue.merged_into_id is not None:
        raise ValidationFailed(
            _("Vấn đề này đã được gộp vào vấn đề #%(root)s; hãy chuyển xử lý vấn đề chính.")
            % {"root": issue.cluster_root_id},
            code="merged",
        )
    if severity:
        _check_severity(severity)
        issue.severity = severity
    rule = None
    if responsible_unit is None:
        responsible_unit, rule = route_lookup(field=issue.field, area=issue.area)
    now = timezone.now()
    changes: dict[str, Any] = {
        "status": IssueStatus.ROUTED,
        "responsible_unit": responsible_unit,
        "routed_at": now,
    }
    if issue.verified_at is None:
        changes["verified_at"] = now
    if issue.status == IssueStatus.RESPONDED and issue.responsible_unit_id == responsible_unit.pk:
        changes["status"] = IssueStatus.RESPONDED
    if issue.responsible_unit_id != responsible_unit.pk:
        changes["first_response_at"] = None
    issue.routed_at = now
    refresh_deadlines(issue)
    return _transition(
        actor,
        issue,
        kind=EventKind.ROUTED,
        action="issue_route",
        note=note,
        changes=changes,
        data={
            "unit": responsible_unit.pk,
            "unit_name": responsible_unit.name,
            "rule": rule.pk if rule else None,
        },
    )


@transaction.atomic
def issue_reject(*, actor: Any, issue: HotIssue, reason: str) -> HotIssue:
    issue = locked(issue)
    require(can_triage_issue(actor, issue), NOT_DEPARTMENT)
    reason = clean_text_field(
        reason, field="reason", label=_("lý do không xử lý"), max_length=5000, required=True
    )
    if issue.status not in (IssueStatus.REPORTED, IssueStatus.VERIFIED):
        raise ValidationFailed(
            _("Chỉ vấn đề chưa chuyển xử lý mới có thể bị từ chối (hiện ở trạng thái «%(status)s»).")
            % {"status": issue.get_status_display()},
            code="invalid_state",
        )
    return _transition(
        actor,
        issue,
        kind=EventKind.REJECTED,
        action="issue_reject",
        note=reason,
        changes={"status": IssueStatus.REJECTED, "rejected_reason": reason, "closed_at": timezone.now()},
    )


@transaction.atomic
def issue_resolve(*, actor: Any, issue: HotIssue, note: str) -> HotIssue:
    """The department records the outcome; the reporting unit then confirms or reopens."""
    issue = locked(issue)
    require(can_triage_issue(actor, issue), NOT_DEPARTMENT)
    note = clean_text_field(
        note, field="note", label=_("kết quả giải quyết"), max_length=10_000, required=True
    )
    if issue.status not in (IssueStatus.ROUTED, IssueStatus.RESPONDED, IssueStatus.VERIFIED):
        raise ValidationFailed(
            _("Không thể ghi nhận giải quyết vấn đề đang ở trạng thái «%(status)s».")
            % {"status": issue.get_status_display()},
            code="invalid_state",
        )
    return _transition(
        actor,
        issue,
        kind=EventKind.RESOLVED,
        action="issue_resolve",
        note=note,
        changes={"status": IssueStatus.RESOLVED, "resolved_at": timezone.now(), "resolution_note": note},
    )


@transaction.atomic
def issue_confirm(*, actor: Any, issue: HotIssue, note: str = "") -> HotIssue:
    issue = locked(issue)
    require(_may_close_loop(actor, issue), _("Chỉ đơn vị đã báo cáo vấn đề mới xác nhận kết quả."))
    if issue.status != IssueStatus.RESOLVED:
        raise ValidationFailed(_("Chỉ xác nhận được vấn đề đã giải quyết."), code="invalid_state")
    return _transition(
        actor,
        issue,
        kind=EventKind.CONFIRMED,
        action="issue_confirm",
        note=note.strip()[:5000],
        changes={"status": IssueStatus.CLOSED, "closed_at": timezone.now()},
    )


@transaction.atomic
def issue_reopen(*, actor: Any, issue: HotIssue, reason: str) -> HotIssue:
    issue = locked(issue)
    require(_may_close_loop(actor, issue), _("Chỉ đơn vị đã báo cáo vấn đề mới mở lại được."))
    if issue.status != IssueStatus.RESOLVED:
        raise ValidationFailed(_("Chỉ mở lại được vấn đề đã giải quyết và chưa đóng."), code="invalid_state")
    reason = clean_text_field(reason, field="reason", label=_("lý do mở lại"), max_length=5000, required=True)
    last_day = reopen_deadline(issue)
    if last_day is not None and timezone.localdate() > last_day:
        raise ValidationFailed(
            _(
                "Đã quá thời hạn mở lại: vấn đề được giải quyết ngày %(resolved)s, chỉ mở lại được đến hết ngày "
                "%(last)s (%(days)d ngày làm việc). Hãy báo cáo một vấn đề mới nếu tình hình tiếp diễn."
            )
            % {
                "resolved": f"{timezone.localdate(issue.resolved_at):%d/%m/%Y}",
                "last": f"{last_day:%d/%m/%Y}",
                "days": reopen_limit_days(),
            },
            code="reopen_too_late",
        )
    now = timezone.now()
    issue.routed_at = now
    refresh_deadlines(issue)
    return _transition(
        actor,
        issue,
        kind=EventKind.REOPENED,
        action="issue_reopen",
        note=reason,
        changes={
            "status": IssueStatus.ROUTED,
            "resolved_at": None,
            "first_response_at": None,
            "reopen_count": issue.reopen_count + 1,
            "resolution_note": "",
        },
    )


@transaction.atomic
def issue_escalate(
    *, actor: Any, issue: HotIssue, summary: str, recommendation: str, body: str = LeadershipBody.STANDING
) -> HotIssue:
    """Report the issue to the Standing Committee or the Standing Board with a summary and a recommendation."""
    issue = locked(issue)
    require(can_triage_issue(actor, issue), NOT_DEPARTMENT)
    summary = clean_text_field(summary, field="summary", label=_("tóm tắt"), max_length=10_000, required=True)
    recommendation = clean_text_field(
        recommendation, field="recommendation", label=_("đề xuất"), max_length=10_000, required=True
    )
    if body not in LeadershipBody.values:
        raise ValidationFailed(_("Hãy chọn nơi báo cáo."), code="invalid_body", details={"field": "body"})
    if issue.status in (IssueStatus.REJECTED,):
        raise ValidationFailed(_("Không báo cáo lãnh đạo vấn đề đã từ chối xử lý."), code="invalid_state")
    return _transition(
        actor,
        issue,
        kind=EventKind.ESCALATED,
        action="issue_escalate",
        note=summary,
        changes={
            "escalated_at": timezone.now(),
            "escalated_to": body,
            "escalation_summary": summary,
            "escalation_recommendation": recommendation,
        },
        data={"body": body},
    )


@transaction.atomic
def issue_task_create(
    *,
    actor: Any,
    issue: HotIssue,
    title: str,
    lead_unit: Any,
    due_date: dt.date | None,
    description: str = "",
) -> Any:
    """A task in the task engine from an escalated issue (source: this issue, kind «vấn đề nóng»)."""
    from khoagiao.tasks.choices import TaskPriority, TaskSourceKind
    from khoagiao.tasks.services import task_create

    issue = locked(issue)
    require(can_triage_issue(actor, issue), NOT_DEPARTMENT)
    if issue.escalated_at is None:
        raise ValidationFailed(_("Chỉ giao nhiệm vụ từ vấn đề đã báo cáo lãnh đạo."), code="not_escalated")
    priority = (
        TaskPriority.URGENT
        if issue.severity == IssueSeverity.CRITICAL
        else (TaskPriority.HIGH if issue.severity == IssueSeverity.HOT else TaskPriority.NORMAL)
    )
    task = task_create(
        actor=actor,
        title=title,
        lead_unit=lead_unit,
        due_date=due_date,
        description=description,
        source=issue,
        source_kind=TaskSourceKind.HOT_ISSUE,
        source_label=_("Vấn đề nóng #%(pk)s: %(title)s") % {"pk": issue.pk, "title": issue.title[:200]},
        priority=priority,
        field=issue.field,
    )
    record_event(
        issue,
        actor=actor,
        kind=EventKind.TASK_CREATED,
        from_status=issue.status,
        note=task.title,
        data={"task": task.pk},
    )
    return task


def is_open(issue: HotIssue) -> bool:
    return issue.status in OPEN_STATUSES
