"""A unit's report as a draft: saving it, checking its figures, and starting from the previous period's.

Drafts save as the focal point types, under an optimistic lock (`expected_version`): a second editor's save on
an outdated page is refused, never merged. Sending and review (submit, approve, return, accept, reopen,
unlock) live in `review`; every name of both stays importable from here.
"""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

import nh3
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.audit import acting_user, audit_record
from khoagiao.core.errors import PermissionDeniedError, ValidationFailed

from ..choices import SubmissionStatus
from ..models import Submission, SubmissionValue, ValueChange
from ..permissions import can_view_submission
from ..validation import ParsedValue, ValueError_, parse_value
from .review import (
    completeness_problems,
    submission_accept,
    submission_approve,
    submission_reopen,
    submission_return,
    submission_send_back_to_draft,
    submission_submit,
    submission_unlock,
)
from .submission_common import (
    _check_version,
    _has_text,
    _indicators,
    _lock,
    _require_edit,
    _sections,
    current_values,
    submission_is_locked,
)

__all__ = [
    "ALLOWED_TAGS",
    "NARRATIVE_MAX",
    "completeness_problems",
    "current_values",
    "narrative_from_input",
    "narrative_to_text",
    "parse_values",
    "sanitize_narrative",
    "submission_accept",
    "submission_approve",
    "submission_copy_from_last",
    "submission_is_locked",
    "submission_reopen",
    "submission_require_view",
    "submission_return",
    "submission_save_draft",
    "submission_send_back_to_draft",
    "submission_submit",
    "submission_unlock",
]

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
                changed_by=acting_user(actor),
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
