"""Editing a unit's report: save the draft, autosave a field as the person types, copy from the last period,
submit. Thin: parse, call one service, render.

Every button of the draft form (save, copy from last period, submit) posts the whole form, so what was typed
and not yet autosaved is saved first: no typed text is lost. A service's refusal (a wrong figure, a rule
broken, a stale version, a lock) is shown on the page with the user's input kept. A permission refusal
propagates to the middleware, which shows it as a message on the previous page (never a 200, never a 500).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khoagiao.core.errors import ApplicationError, ConflictError, NotFoundError, ValidationFailed
from khoagiao.core.permissions import require

from . import selectors
from .choices import SubmissionStatus
from .forms_submissions import (
    SECTION_PREFIX,
    VALUE_PREFIX,
    SubmissionDraftForm,
    section_field_name,
    value_field_name,
)
from .models import Submission
from .permissions import EDITABLE, can_edit_submission
from .services import submissions as services
from .views_submissions import build_draft_form, int_or_none, render_detail


def _now_hm() -> str:
    return timezone.localtime().strftime("%H:%M")


# --- Who may edit the report now -------------------------------------------------------------------------------


class NotEditableNow(Exception):
    """The unit's editor posted the draft after the report left the unit (a colleague sent it meanwhile)."""

    def __init__(self, submission: Submission) -> None:
        super().__init__(submission.pk)
        self.submission = submission


def editable_submission(request: HttpRequest, pk: int) -> Submission:
    """The report, if the user may edit it now; NotEditableNow if they are one of its editors but it has left
    the unit; otherwise a permission refusal. Shared with the attachment views."""
    submission = selectors.submission_get(user=request.user, pk=pk)
    if can_edit_submission(request.user, submission):
        return submission
    # The same rule, asked as if the report were still a draft: is the user one of the unit's editors?
    if submission.status not in EDITABLE and can_edit_submission(
        request.user, SimpleNamespace(status=SubmissionStatus.DRAFT, unit=submission.unit)
    ):
        raise NotEditableNow(submission)
    require(False, _("Chỉ đầu mối hoặc lãnh đạo của đơn vị mới được soạn báo cáo này."))
    return submission


# --- The draft form: save, copy from last period, submit -------------------------------------------------------


@dataclass
class DraftSaveResult:
    submission: Submission
    figure_errors: dict[str, str]
    error: ApplicationError | None

    @property
    def ok(self) -> bool:
        return not self.figure_errors and self.error is None


def _save_draft_form(
    request: HttpRequest, submission: Submission, form: SubmissionDraftForm
) -> DraftSaveResult:
    """Save the whole posted draft. A wrong figure is not stored but the rest is: the valid sections and figures
    are saved in a second call, and the wrong ones come back with their messages and the typed text."""
    narrative, values = form.narrative_data(), form.values_data()
    version = form.cleaned_data["version"]
    try:
        saved = services.submission_save_draft(
            actor=request.user,
            submission=submission,
            expected_version=version,
            narrative=narrative,
            values=values,
        )
    except ValidationFailed as error:
        fields = error.details.get("fields") or {}
        if error.code != "invalid_values" or not fields:
            return DraftSaveResult(submission, {}, error)
        valid = {code: raw for code, raw in values.items() if code not in fields}
        try:
            saved = services.submission_save_draft(
                actor=request.user,
                submission=submission,
                expected_version=version,
                narrative=narrative,
                values=valid,
            )
        except (ValidationFailed, ConflictError) as second:
            return DraftSaveResult(submission, fields, second)
        return DraftSaveResult(saved, fields, None)
    except ConflictError as error:
        return DraftSaveResult(submission, {}, error)
    return DraftSaveResult(saved, {}, None)


def _render_after_save(request: HttpRequest, submission: Submission, result: DraftSaveResult) -> HttpResponse:
    """The page again with the user's input: the version moves on when part of it was saved (so the next save
    is not refused), and stays when the save was refused as stale (the user must reload to see the other's)."""
    data = request.POST.copy()
    conflict = result.error if isinstance(result.error, ConflictError) else None
    if conflict is None:
        data["version"] = str(result.submission.version)
    form = build_draft_form(result.submission, data)
    form.is_valid()
    for code, message in result.figure_errors.items():
        name = f"{VALUE_PREFIX}{code}"
        if name in form.fields:
            form.add_error(name, message)
    error = None if conflict else result.error
    if result.figure_errors and error is None:
        error = ValidationFailed(
            _(
                "Đã lưu các phần hợp lệ. %(count)d số liệu chưa hợp lệ nên chưa được lưu; "
                "hãy sửa các ô được đánh dấu đỏ."
            )
            % {"count": len(result.figure_errors)}
        )
    return render_detail(
        request,
        result.submission,
        draft_form=form,
        figure_errors=result.figure_errors,
        error=error,
        conflict=conflict,
        status=409 if conflict else 200,
    )


def _unsaved_input(request: HttpRequest, submission: Submission) -> list[dict[str, str]]:
    """What the user posted and the report does not hold, to be shown for copying: nothing typed is lost."""
    stored_values = selectors.submission_current_values(submission)
    unsaved = []
    for section in selectors.submission_sections(submission):
        typed = (request.POST.get(section_field_name(section)) or "").strip()
        if typed and typed != services.narrative_to_text(submission.narrative.get(section.code, "")).strip():
            unsaved.append({"label": section.heading, "text": typed})
    for indicator in selectors.submission_indicators(submission):
        typed = (request.POST.get(value_field_name(indicator)) or "").strip()
        if typed and typed != stored_values.get(indicator.code, ""):
            unsaved.append({"label": f"{indicator.code} — {indicator.name}", "text": typed})
    return unsaved


def _not_editable_response(request: HttpRequest, submission: Submission) -> HttpResponse:
    error = ConflictError(
        _(
            "Báo cáo đã chuyển sang trạng thái «%(status)s» nên không sửa được nữa; phần bạn vừa nhập chưa được "
            "lưu và được giữ lại dưới đây để bạn sao chép."
        )
        % {"status": submission.get_status_display()},
        code="not_editable",
    )
    return render_detail(
        request, submission, error=error, unsaved=_unsaved_input(request, submission), status=409
    )


def _posted_draft(request: HttpRequest, submission: Submission) -> SubmissionDraftForm | None:
    """The draft form if the whole form was posted (the page's buttons), else None (a bare button)."""
    if not any(key.startswith((SECTION_PREFIX, VALUE_PREFIX)) for key in request.POST):
        return None
    return build_draft_form(submission, request.POST)


@login_required
@require_POST
def submission_save(request: HttpRequest, pk: int) -> HttpResponse:
    """The plain "Lưu nháp" button: works without JavaScript."""
    try:
        submission = editable_submission(request, pk)
    except NotEditableNow as refused:
        return _not_editable_response(request, refused.submission)
    form = build_draft_form(submission, request.POST)
    if not form.is_valid():
        return render_detail(request, submission, draft_form=form, status=400)
    result = _save_draft_form(request, submission, form)
    if not result.ok:
        return _render_after_save(request, submission, result)
    messages.success(request, _("Đã lưu bản nháp lúc %(time)s.") % {"time": _now_hm()})
    return redirect("reporting:submission_detail", submission.pk)


def _save_first(request: HttpRequest, submission: Submission) -> tuple[Submission, HttpResponse | None]:
    """Before copying or submitting, save what the form carries; on any problem, the page with the input."""
    form = _posted_draft(request, submission)
    if form is None:
        return submission, None
    if not form.is_valid():
        return submission, render_detail(request, submission, draft_form=form, status=400)
    result = _save_draft_form(request, submission, form)
    if not result.ok:
        return submission, _render_after_save(request, submission, result)
    return result.submission, None


@login_required
@require_POST
def submission_copy_from_last(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        submission = editable_submission(request, pk)
    except NotEditableNow as refused:
        return _not_editable_response(request, refused.submission)
    submission, problem = _save_first(request, submission)
    if problem is not None:
        return problem
    try:
        services.submission_copy_from_last(
            actor=request.user, submission=submission, expected_version=submission.version
        )
    except (ValidationFailed, ConflictError) as error:
        return render_detail(request, submission, error=error)
    messages.success(
        request,
        _("Đã sao chép nội dung kỳ trước vào các mục và số liệu còn trống (số liệu lũy kế không sao chép)."),
    )
    return redirect("reporting:submission_detail", submission.pk)


@login_required
@require_POST
def submission_submit(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        submission = editable_submission(request, pk)
    except NotEditableNow as refused:
        return _not_editable_response(request, refused.submission)
    submission, problem = _save_first(request, submission)
    if problem is not None:
        return problem
    try:
        submission = services.submission_submit(
            actor=request.user, submission=submission, expected_version=submission.version
        )
    except (ValidationFailed, ConflictError) as error:
        return render_detail(request, submission, error=error)
    if submission.status == SubmissionStatus.AWAITING_APPROVAL:
        messages.success(request, _("Đã chuyển báo cáo cho lãnh đạo đơn vị duyệt trước khi gửi Ban."))
    else:
        messages.success(
            request,
            _("Đã gửi báo cáo lúc %(when)s (lần gửi %(number)d).")
            % {
                "when": timezone.localtime(submission.last_submitted_at).strftime("%H:%M %d/%m/%Y")
                if submission.last_submitted_at
                else "",
                "number": submission.revision_count,
            },
        )
    return redirect("reporting:submission_detail", submission.pk)


# --- Autosave (htmx) -------------------------------------------------------------------------------------------


def _autosave_response(
    request: HttpRequest,
    *,
    ok: bool,
    message: str,
    field: str,
    version: int | None,
    conflict: bool = False,
    status: int = 200,
) -> HttpResponse:
    response = render(
        request,
        "reporting/submissions/_save_status.html",
        {"ok": ok, "message": message, "version": version, "conflict": conflict},
        status=status,
    )
    event = "kg-saved" if ok else ("kg-conflict" if conflict else "kg-save-error")
    # htmx fires this event whatever the status (it swaps the status line only on a 200). ASCII-only JSON: a
    # header cannot carry Vietnamese letters as they are.
    response["HX-Trigger"] = json.dumps({event: {"field": field, "version": version, "message": message}})
    return response


@login_required
@require_POST
def submission_autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """Save one section or one figure as the person types. A saved field, a wrong figure and a stale version
    answer 200 with the status line for the field ("Đã lưu lúc 14:05", the figure's error, the conflict); a
    report the user may not read (404) or may not edit now (403) answers with its status and the message in the
    HX-Trigger event, so that nobody else ever gets a 200 here."""
    names = [key for key in request.POST if key.startswith((SECTION_PREFIX, VALUE_PREFIX))]
    field = names[0] if len(names) == 1 else ""
    try:
        submission = selectors.submission_get(user=request.user, pk=pk)
    except NotFoundError as error:
        return _autosave_response(
            request, ok=False, message=error.message, field=field, version=None, status=404
        )
    if not can_edit_submission(request.user, submission):
        message = (
            _("Báo cáo đang ở trạng thái «%(status)s», không thể sửa; hãy tải lại trang.")
            % {"status": submission.get_status_display()}
            if submission.status not in EDITABLE
            else _("Bạn không có quyền sửa báo cáo này.")
        )
        return _autosave_response(request, ok=False, message=message, field=field, version=None, status=403)
    version = int_or_none(request.POST.get("version"))
    if not field or version is None:
        return _autosave_response(
            request,
            ok=False,
            message=_("Yêu cầu lưu không hợp lệ; hãy tải lại trang."),
            field=field,
            version=None,
            status=400,
        )
    raw = request.POST.get(field, "")
    kwargs: dict[str, Any] = (
        {"narrative": {field[len(SECTION_PREFIX) :]: raw}}
        if field.startswith(SECTION_PREFIX)
        else {"values": {field[len(VALUE_PREFIX) :]: raw}}
    )
    try:
        saved = services.submission_save_draft(
            actor=request.user, submission=submission, expected_version=version, **kwargs
        )
    except ConflictError as error:
        return _autosave_response(
            request, ok=False, message=error.message, field=field, version=None, conflict=True
        )
    except ValidationFailed as error:
        fields = error.details.get("fields") or {}
        message = next(iter(fields.values())) if fields else error.message
        return _autosave_response(request, ok=False, message=message, field=field, version=None)
    except ApplicationError as error:
        return _autosave_response(
            request, ok=False, message=error.message, field=field, version=None, status=error.status
        )
    return _autosave_response(
        request,
        ok=True,
        message=_("Đã lưu lúc %(time)s") % {"time": _now_hm()},
        field=field,
        version=saved.version,
    )
