"""A sent report's way through review: submit (or pass to the unit's leader for approval), approve, the
leader's send-back, the department's return, accept, reopen and lock exceptions.

Every submit freezes an immutable revision; the department accepts or returns with a comment; an accepted
report is reopened only by the department. Timeliness is the time of the first submit event.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.accounts.choices import MembershipRole
from khoagiao.core.audit import acting_user, audit_record
from khoagiao.core.errors import ValidationFailed
from khoagiao.core.permissions import require

from ..choices import SubmissionAction, SubmissionStatus
from ..models import Submission, SubmissionEvent, SubmissionRevision
from ..permissions import can_approve_submission, can_review_submission
from ..review_notices import notify_leaders_of_approval, notify_unit_of_review
from ..validation import ParsedValue, rule_violations
from .submission_common import (
    _check_version,
    _has_text,
    _lock,
    _refuse_if_locked,
    _require_edit,
    current_values,
)


def completeness_problems(submission: Submission) -> list[str]:
    """What stops a submit: required sections empty, required figures missing, rules broken."""
    version = submission.period.template_version
    problems = []
    for section in version.sections.all():
        if section.is_required and not _has_text(submission.narrative.get(section.code, "")):
            problems.append(_("Mục «%(heading)s» chưa có nội dung.") % {"heading": section.heading})
    values = current_values(submission)
    for indicator in version.indicators.all():
        if indicator.is_required and values.get(indicator.code, ParsedValue()).is_empty:
            problems.append(
                _("Chưa nhập chỉ tiêu bắt buộc «%(name)s» (%(code)s).")
                % {"name": indicator.name, "code": indicator.code}
            )
    rules = list(version.rules.select_related("left", "right"))
    problems.extend(rule_violations(rules, values))
    return problems


def _freeze_revision(actor: Any, submission: Submission, at: dt.datetime) -> SubmissionRevision:
    values = {code: value.as_json() for code, value in current_values(submission).items()}
    attachments = [
        {
            "name": a.name,
            "sha256": a.sha256,
            "size": a.size,
            "content_type": a.content_type,
            "file": a.file.name,
        }
        for a in submission.attachments.filter(removed_at__isnull=True)
    ]
    number = submission.revisions.count() + 1
    return SubmissionRevision.objects.create(
        submission=submission,
        number=number,
        submitted_at=at,
        submitted_by=acting_user(actor),
        narrative=dict(submission.narrative),
        values=values,
        attachments=attachments,
    )


def _send(actor: Any, submission: Submission, at: dt.datetime) -> SubmissionRevision:
    """The report reaches the department: freeze a revision, stamp the times, status submitted."""
    revision = _freeze_revision(actor, submission, at)
    if submission.first_submitted_at is None:
        submission.first_submitted_at = at
    submission.last_submitted_at = at
    submission.revision_count = revision.number
    submission.status = SubmissionStatus.SUBMITTED
    submission.version += 1
    submission.save()
    SubmissionEvent.objects.create(
        submission=submission, action=SubmissionAction.SUBMIT, actor=actor, revision=revision
    )
    from ..reminders import reminders_settle

    reminders_settle(submission)  # the reminders about it asked for this: they are done
    audit_record(
        actor=actor,
        action="reporting.submission_submit",
        obj=submission,
        after={"revision": revision.number, "submitted_at": at.isoformat()},
    )
    return revision


def _save_with_event(actor: Any, submission: Submission, action: str, comment: str) -> SubmissionEvent:
    """Store a change of state (a new version) and the review event people see for it."""
    submission.version += 1
    submission.save()
    return SubmissionEvent.objects.create(submission=submission, action=action, actor=actor, comment=comment)


@transaction.atomic
def submission_submit(
    *, actor: Any, submission: Submission, expected_version: int | None = None
) -> Submission:
    """Send the report (or pass it to the unit's leader first when the duty asks for approval)."""
    submission = _lock(submission)
    _require_edit(actor, submission)
    _check_version(submission, expected_version)
    now = timezone.now()
    _refuse_if_locked(submission, now)
    problems = completeness_problems(submission)
    if problems:
        raise ValidationFailed(
            _("Chưa thể gửi báo cáo: %(first)s") % {"first": problems[0]},
            code="incomplete",
            details={"problems": problems},
        )
    if submission.period.duty.requires_leader_approval:
        from khoagiao.core.permissions import user_roles_over

        if MembershipRole.UNIT_LEADER in user_roles_over(actor, submission.unit):
            submission.approved_at, submission.approved_by = now, actor
            SubmissionEvent.objects.create(
                submission=submission, action=SubmissionAction.APPROVE, actor=actor
            )
            _send(actor, submission, now)
            return submission
        submission.status = SubmissionStatus.AWAITING_APPROVAL
        submission.version += 1
        submission.save()
        audit_record(actor=actor, action="reporting.submission_request_approval", obj=submission)
        notify_leaders_of_approval(submission=submission, actor=actor)
        return submission
    _send(actor, submission, now)
    return submission


@transaction.atomic
def submission_approve(*, actor: Any, submission: Submission) -> Submission:
    """The unit's leader approves; the report goes to the department at that moment."""
    submission = _lock(submission)
    require(
        can_approve_submission(actor, submission),
        _("Chỉ lãnh đạo đơn vị mới duyệt được báo cáo đang chờ duyệt."),
    )
    now = timezone.now()
    _refuse_if_locked(submission, now)
    submission.approved_at, submission.approved_by = now, actor
    SubmissionEvent.objects.create(submission=submission, action=SubmissionAction.APPROVE, actor=actor)
    _send(actor, submission, now)
    return submission


@transaction.atomic
def submission_send_back_to_draft(*, actor: Any, submission: Submission, comment: str) -> Submission:
    """The unit's leader does not approve: the report goes back to the focal point with a comment."""
    submission = _lock(submission)
    require(
        can_approve_submission(actor, submission),
        _("Chỉ lãnh đạo đơn vị mới trả lại được báo cáo đang chờ duyệt."),
    )
    if not comment.strip():
        raise ValidationFailed(_("Hãy ghi lý do để đầu mối sửa lại."), details={"field": "comment"})
    submission.status = SubmissionStatus.DRAFT
    event = _save_with_event(actor, submission, SubmissionAction.RETURN, comment.strip())
    notify_unit_of_review(submission=submission, event=event, leader_send_back=True)
    audit_record(
        actor=actor,
        action="reporting.submission_approval_refused",
        obj=submission,
        after={"comment": comment.strip()},
    )
    return submission


@transaction.atomic
def submission_return(*, actor: Any, submission: Submission, comment: str) -> Submission:
    """The department sends the report back for revision; the first submit time still counts for timeliness."""
    submission = _lock(submission)
    require(
        can_review_submission(actor, submission), _("Chỉ chuyên viên, lãnh đạo Ban mới trả lại được báo cáo.")
    )
    if submission.status != SubmissionStatus.SUBMITTED:
        raise ValidationFailed(
            _("Chỉ trả lại được báo cáo đã gửi và chưa tiếp nhận (hiện: «%(status)s»).")
            % {"status": submission.get_status_display()},
            code="not_returnable",
        )
    if not comment.strip():
        raise ValidationFailed(_("Hãy ghi rõ nội dung cần đơn vị sửa."), details={"field": "comment"})
    submission.status = SubmissionStatus.RETURNED
    submission.returned_at = timezone.now()
    event = _save_with_event(actor, submission, SubmissionAction.RETURN, comment.strip())
    notify_unit_of_review(submission=submission, event=event)
    audit_record(
        actor=actor, action="reporting.submission_return", obj=submission, after={"comment": comment.strip()}
    )
    return submission


@transaction.atomic
def submission_accept(*, actor: Any, submission: Submission, comment: str = "") -> Submission:
    submission = _lock(submission)
    require(
        can_review_submission(actor, submission),
        _("Chỉ chuyên viên, lãnh đạo Ban mới tiếp nhận được báo cáo."),
    )
    if submission.status != SubmissionStatus.SUBMITTED:
        raise ValidationFailed(
            _("Chỉ tiếp nhận được báo cáo đã gửi (hiện: «%(status)s»).")
            % {"status": submission.get_status_display()},
            code="not_acceptable",
        )
    submission.status = SubmissionStatus.ACCEPTED
    submission.accepted_at, submission.accepted_by = timezone.now(), actor
    event = _save_with_event(actor, submission, SubmissionAction.ACCEPT, comment.strip())
    notify_unit_of_review(submission=submission, event=event)
    audit_record(actor=actor, action="reporting.submission_accept", obj=submission)
    return submission


@transaction.atomic
def submission_reopen(*, actor: Any, submission: Submission, reason: str) -> Submission:
    """Only the department reopens an accepted report; the unit then edits and resubmits a new revision."""
    submission = _lock(submission)
    require(can_review_submission(actor, submission), _("Chỉ Ban mới mở lại được báo cáo đã tiếp nhận."))
    if submission.status != SubmissionStatus.ACCEPTED:
        raise ValidationFailed(_("Chỉ mở lại được báo cáo đã tiếp nhận."), code="not_reopenable")
    if not reason.strip():
        raise ValidationFailed(_("Hãy ghi lý do mở lại báo cáo."), details={"field": "reason"})
    submission.status = SubmissionStatus.RETURNED
    submission.accepted_at, submission.accepted_by = None, None
    event = _save_with_event(actor, submission, SubmissionAction.REOPEN, reason.strip())
    notify_unit_of_review(submission=submission, event=event)
    audit_record(
        actor=actor, action="reporting.submission_reopen", obj=submission, after={"reason": reason.strip()}
    )
    return submission


@transaction.atomic
def submission_unlock(*, actor: Any, submission: Submission, until: dt.datetime, reason: str) -> Submission:
    """A lock exception: the department lets one unit submit after the period locked."""
    submission = _lock(submission)
    require(can_review_submission(actor, submission), _("Chỉ Ban mới cho phép nộp sau khi khóa sổ."))
    if until <= timezone.now():
        raise ValidationFailed(_("Thời hạn cho phép phải ở tương lai."), details={"field": "until"})
    if not reason.strip():
        raise ValidationFailed(_("Hãy ghi lý do cho phép nộp muộn."), details={"field": "reason"})
    submission.unlocked_until = until
    submission.save(update_fields=["unlocked_until", "updated_at"])
    SubmissionEvent.objects.create(
        submission=submission, action=SubmissionAction.UNLOCK, actor=actor, comment=reason.strip()
    )
    audit_record(
        actor=actor,
        action="reporting.submission_unlock",
        obj=submission,
        after={"until": until.isoformat(), "reason": reason.strip()},
    )
    return submission
