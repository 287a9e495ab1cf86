"""What drafting (`submissions`) and review (`review`) share: the row lock, the optimistic version check, the
period lock, the edit permission, and the template's sections, indicators and current figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import nh3
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.errors import ConflictError, ValidationFailed
from khoagiao.core.permissions import require

from ..choices import SubmissionStatus
from ..models import Indicator, Submission, TemplateSection
from ..permissions import can_edit_submission
from ..validation import ParsedValue


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


def current_values(submission: Submission) -> dict[str, ParsedValue]:
    return {
        value.indicator.code: ParsedValue(number=value.number, text=value.text, boolean=value.boolean)
        for value in submission.values.select_related("indicator")
    }


def _has_text(html: str) -> bool:
    return bool(nh3.clean(html or "", tags=set()).strip())
