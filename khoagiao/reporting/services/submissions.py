"""A unit's report from draft to acceptance.

Drafts save as the focal point types, under an optimistic lock (`expected_version`): a second editor's save on
an outdated page is refused, never merged. Every submit freezes an immutable revision; the department accepts
or returns with a comment; an accepted report is reopened only by the department. Timeliness is the time of
the first submit event.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from typing import Any

import nh3
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.accounts.choices import MembershipRole
from khoagiao.core.audit import audit_record
from khoagiao.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from khoagiao.core.permissions import require

from ..choices import SubmissionAction, SubmissionStatus
from ..models import (
    Indicator,
    Submission,
    SubmissionEvent,
    SubmissionRevision,
    SubmissionValue,
    TemplateSection,
    ValueChange,
)
from ..permissions import (
    can_approve_submission,
    can_edit_submission,
    can_review_submission,
    can_view_submission,
)
from ..validation import ParsedValue, ValueError_, parse_value, rule_violations

NARRATIVE_MAX = 200_000
ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "h3",
    "h4",
    "blockquote",
}


def sanitize_narrative(html: str) -> str:
    """Rich text keeps its paragraphs, emphasis, lists and tables; scripts, styles and links' tricks go."""
    return nh3.clean(
        html or "", tags=ALLOWED_TAGS, attributes={"td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
    ).strip()


_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
_PLAIN_TAGS = {"p", "br"}


def narrative_from_input(text: str) -> str:
    """What a person typed into a section, as stored HTML. Text without tags (a plain textarea) becomes
    paragraphs at blank lines and line breaks at single newlines; HTML is kept; both are sanitised."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if _TAG.search(text):
        return sanitize_narrative(text)
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]
    return sanitize_narrative(
        "".join(
            "<p>" + "<br>".join(html_lib.escape(line.strip()) for line in paragraph.split("\n")) + "</p>"
            for paragraph in paragraphs
        )
    )


def narrative_to_text(stored: str) -> str:
    """The stored HTML of a section for a plain textarea: paragraphs and line breaks back to blank lines and
    newlines, so that `narrative_from_input(narrative_to_text(x)) == x`. Richer HTML (lists, tables,
    emphasis) is shown as it is, and stays HTML when saved again."""
    stored = stored or ""
    if any(match.group(1).lower() not in _PLAIN_TAGS for match in _TAG.finditer(stored)):
        return stored
    text = re.sub(r"<\s*br\s*/?\s*>", "\n", stored, flags=re.IGNORECASE)
    text = re.sub(r"<\s*/\s*p\s*>\s*<\s*p[^>]*>", "\n\n", text, flags=re.IGNORECASE)
    text = re.sub(r"<\s*/?\s*p[^>]*>", "", text, flags=re.IGNORECASE)
    return html_lib.unescape(text).strip()


def _lock(submission: Submission) -> Submission:
    return (
        Submission.objects.select_for_update()
        .select_related("period", "period__duty", "unit")
        .get(pk=submission.pk)
    )


def _check_version(submission: Submission, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != submission.version:
        who = submission.last_edited_by.get_full_name() if submission.last_edited_by else _("người khác")
        when = (
            timezone.localtime(submission.last_edited_at).strftime("%H:%M %d/%m/%Y")
            if submission.last_edited_at
            else ""
        )
        raise ConflictError(
            _(
                "Báo cáo vừa được %(who)s lưu lúc %(when)s, sau khi bạn mở trang. Thay đổi của bạn chưa được lưu; "
                "hãy tải lại trang để xem bản mới rồi nhập lại phần của bạn."
            )
            % {"who": who, "when": when},
            code="stale_draft",
            details={"current_version": submission.version},
        )


def submission_is_locked(submission: Submission, at: dt.datetime | None = None) -> bool:
    lock_at = submission.period.lock_at
    if lock_at is None:
        return False
    at = at or timezone.now()
    if submission.unlocked_until is not None and at <= submission.unlocked_until:
        return False
    return at > lock_at


def _refuse_if_locked(submission: Submission, now: dt.datetime) -> None:
    if submission_is_locked(submission, now):
        lock_at = submission.period.lock_at
        assert lock_at is not None
        raise ValidationFailed(
            _("Kỳ báo cáo đã khóa từ %(when)s. Hãy đề nghị Ban cho phép nộp muộn.")
            % {"when": timezone.localtime(lock_at).strftime("%H:%M %d/%m/%Y")},
            code="period_locked",
        )


def _require_edit(actor: Any, submission: Submission) -> None:
    if submission.status not in {
        SubmissionStatus.NOT_STARTED,
        SubmissionStatus.DRAFT,
        SubmissionStatus.RETURNED,
    }:
        raise ValidationFailed(
            _("Báo cáo đang ở trạng thái «%(status)s», không thể sửa.")
            % {"status": submission.get_status_display()},
            code="not_editable",
        )
    require(
        can_edit_submission(actor, submission),
        _("Chỉ đầu mối hoặc lãnh đạo của đơn vị mới được soạn báo cáo này."),
    )


def _indicators(submission: Submission) -> dict[str, Indicator]:
    return {indicator.code: indicator for indicator in submission.period.template_version.indicators.all()}


def _sections(submission: Submission) -> dict[str, TemplateSection]:
    return {section.code: section for section in submission.period.template_version.sections.all()}


def parse_values(submission: Submission, raw_values: dict[str, Any]) -> dict[str, ParsedValue]:
    """Check every figure; all problems are reported together and nothing is stored when one is wrong."""
    indicators = _indicators(submission)
    parsed: dict[str, ParsedValue] = {}
    errors: dict[str, str] = {}
    for code, raw in raw_values.items():
        indicator = indicators.get(code)
        if indicator is None:
            errors[code] = _("Không có chỉ tiêu mã «%(code)s» trong mẫu báo cáo của kỳ này.") % {"code": code}
            continue
        try:
            parsed[code] = parse_value(indicator, raw)
        except ValueError_ as error:
            errors[code] = str(error)
    if errors:
        raise ValidationFailed(
            _("Có %(count)d số liệu chưa hợp lệ: %(first)s")
            % {"count": len(errors), "first": next(iter(errors.values()))},
            code="invalid_values",
            details={"fields": errors},
        )
    return parsed


def current_values(submission: Submission) -> dict[str, ParsedValue]:
    return {
        value.indicator.code: ParsedValue(number=value.number, text=value.text, boolean=value.boolean)
        for value in submission.values.select_related("indicator")
    }


def _store_values(actor: Any, submission: Submission, parsed: dict[str, ParsedValue]) -> int:
    """Write the changed figures and their history; returns how many changed."""
    indicators = _indicators(submission)
    existing = {value.indicator.code: value for value in submission.values.select_related("indicator")}
    changes = []
    for code, new in parsed.items():
        current = existing.get(code)
        old_display = current.display if current else ""
        if current is not None and ParsedValue(current.number, current.text, current.boolean) == new:
            continue
        if current is None and new.is_empty:
            continue
        if current is None:
            current = SubmissionValue(submission=submission, indicator=indicators[code])
        current.number, current.text, current.boolean = new.number, new.text, new.boolean
        current.save()
        changes.append(
            ValueChange(
                submission=submission,
                indicator=indicators[code],
                old_value=old_display,
                new_value=new.display(),
                changed_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
        )
    ValueChange.objects.bulk_create(changes)
    return len(changes)


@transaction.atomic
def submission_save_draft(
    *,
    actor: Any,
    submission: Submission,
    expected_version: int | None,
    narrative: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
) -> Submission:
    """Save part or all of a draft: narrative sections by code, figures by indicator code (raw text)."""
    submission = _lock(submission)
    _require_edit(actor, submission)
    _check_version(submission, expected_version)
    sections = _sections(submission)
    new_narrative = dict(submission.narrative)
    for code, html in (narrative or {}).items():
        if code not in sections:
            raise ValidationFailed(
                _("Không có mục «%(code)s» trong đề cương của kỳ này.") % {"code": code},
                code="unknown_section",
            )
        if len(html or "") > NARRATIVE_MAX:
            raise ValidationFailed(
                _("Mục «%(heading)s» quá dài (tối đa %(max)d ký tự).")
                % {"heading": sections[code].heading, "max": NARRATIVE_MAX},
                details={"field": f"section-{code}"},
            )
        new_narrative[code] = narrative_from_input(html)
    parsed = parse_values(submission, values or {})
    changed_values = _store_values(actor, submission, parsed)
    changed_text = [
        code for code in new_narrative if new_narrative.get(code) != submission.narrative.get(code)
    ]
    if not changed_values and not changed_text and submission.status != SubmissionStatus.NOT_STARTED:
        return submission
    submission.narrative = new_narrative
    if submission.status == SubmissionStatus.NOT_STARTED:
        submission.status = SubmissionStatus.DRAFT
    submission.version += 1
    submission.last_edited_at = timezone.now()
    submission.last_edited_by = actor
    submission.save()
    audit_record(
        actor=actor,
        action="reporting.submission_save",
        obj=submission,
        after={"sections": changed_text, "values_changed": changed_values, "version": submission.version},
    )
    return submission


def _has_text(html: str) -> bool:
    return bool(nh3.clean(html or "", tags=set()).strip())


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
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
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
    submission.version += 1
    submission.save()
    SubmissionEvent.objects.create(
        submission=submission, action=SubmissionAction.RETURN, actor=actor, comment=comment.strip()
    )
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
    submission.version += 1
    submission.save()
    SubmissionEvent.objects.create(
        submission=submission, action=SubmissionAction.RETURN, actor=actor, comment=comment.strip()
    )
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
    submission.version += 1
    submission.save()
    SubmissionEvent.objects.create(
        submission=submission, action=SubmissionAction.ACCEPT, actor=actor, comment=comment.strip()
    )
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
    submission.version += 1
    submission.save()
    SubmissionEvent.objects.create(
        submission=submission, action=SubmissionAction.REOPEN, actor=actor, comment=reason.strip()
    )
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


@transaction.atomic
def submission_copy_from_last(
    *, actor: Any, submission: Submission, expected_version: int | None
) -> Submission:
    """Start from the unit's report of the previous period: narrative by section code, figures by indicator
    code (cumulative figures are not copied: they restart each year and must be re-entered)."""
    submission = _lock(submission)
    _require_edit(actor, submission)
    previous = (
        Submission.objects.filter(
            unit=submission.unit,
            period__duty=submission.period.duty,
            period__window_end__lt=submission.period.window_start,
        )
        .exclude(status=SubmissionStatus.NOT_STARTED)
        .order_by("-period__window_end")
        .first()
    )
    if previous is None:
        raise ValidationFailed(_("Đơn vị chưa có báo cáo kỳ trước để sao chép."), code="no_previous")
    _check_version(submission, expected_version)
    sections = _sections(submission)
    indicators = _indicators(submission)
    # Only empty sections and figures are filled: what the unit already typed for this period stays.
    narrative = {
        code: html
        for code, html in previous.narrative.items()
        if code in sections and html and not _has_text(submission.narrative.get(code, ""))
    }
    entered = {code for code, value in current_values(submission).items() if not value.is_empty}
    raw_values: dict[str, Any] = {}
    for value in previous.values.select_related("indicator"):
        code = value.indicator.code
        if code in indicators and code not in entered and not indicators[code].is_cumulative:
            raw = (
                value.boolean
                if value.boolean is not None
                else (value.number if value.number is not None else value.text)
            )
            try:
                parse_value(indicators[code], raw)
            except ValueError_:
                continue  # the indicator's bounds or choices changed since: leave it for the unit to enter
            raw_values[code] = raw
    if not narrative and not raw_values:
        raise ValidationFailed(
            _(
                "Không có gì để sao chép: các mục và số liệu của kỳ trước đều đã có nội dung ở kỳ này hoặc để trống."
            ),
            code="nothing_to_copy",
        )
    submission = submission_save_draft(
        actor=actor,
        submission=submission,
        expected_version=expected_version,
        narrative=narrative,
        values=raw_values,
    )
    audit_record(
        actor=actor,
        action="reporting.submission_copy_from_last",
        obj=submission,
        after={"from_submission": previous.pk, "sections": sorted(narrative), "values": sorted(raw_values)},
    )
    return submission


def submission_require_view(actor: Any, submission: Submission) -> None:
    if not can_view_submission(actor, submission):
        raise PermissionDeniedError(_("Bạn không có quyền xem báo cáo này."))
