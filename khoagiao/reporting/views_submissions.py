"""Screens of a unit's report: the list ("Báo cáo"), the report page with its draft, autosave, attachments and
review actions, a revision, the value history, and the late-submission exception. Thin: parse, call one
service or selector, render.

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
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from khoagiao.core.errors import ApplicationError, ConflictError, NotFoundError, ValidationFailed
from khoagiao.core.forms import add_application_error
from khoagiao.core.pagination import paginate, querystring_without_page
from khoagiao.core.permissions import require

from . import selectors
from .choices import SubmissionStatus, Timeliness
from .forms_submissions import (
    SECTION_PREFIX,
    VALUE_PREFIX,
    AcceptForm,
    AttachmentForm,
    CommentForm,
    LeaderReturnForm,
    ReopenForm,
    SubmissionDraftForm,
    SubmissionFilterForm,
    UnlockForm,
    section_field_name,
    value_field_name,
)
from .models import Indicator, Submission
from .periods import end_of_day
from .permissions import (
    EDITABLE,
    can_approve_submission,
    can_edit_submission,
    can_review_submission,
)
from .services import attachments as attachment_services
from .services import submissions as services

STATUS_BADGES: dict[str, str] = {
    SubmissionStatus.NOT_STARTED: "text-bg-light border",
    SubmissionStatus.DRAFT: "text-bg-secondary",
    SubmissionStatus.AWAITING_APPROVAL: "bg-info-subtle text-info-emphasis border border-info-subtle",
    SubmissionStatus.SUBMITTED: "text-bg-info",
    SubmissionStatus.RETURNED: "text-bg-warning",
    SubmissionStatus.ACCEPTED: "text-bg-success",
}
TIMELINESS_BADGES: dict[str, str] = {
    Timeliness.ON_TIME: "text-bg-success",
    Timeliness.LATE: "text-bg-warning",
    Timeliness.MISSING: "text-bg-danger",
    Timeliness.PENDING: "text-bg-light border",
    Timeliness.NOT_EXPECTED: "text-bg-light border",
}


def _now_hm() -> str:
    return timezone.localtime().strftime("%H:%M")


def _int(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


# --- The list -------------------------------------------------------------------------------------------------


@dataclass
class ListRow:
    submission: Submission
    timeliness: str
    timeliness_label: str
    timeliness_badge: str
    status_badge: str
    days_left: int


@login_required
@require_GET
def submission_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    duties = selectors.submission_duty_choices(user=user)
    duty_id = _int(request.GET.get("duty"))
    periods = selectors.submission_period_choices(user=user, duty_id=duty_id)
    form = SubmissionFilterForm(request.GET or None, duties=duties, periods=periods)
    filters: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()  # an unknown choice is dropped, the other filters still apply
        data = form.cleaned_data
        filters = {
            "duty_id": data["duty"].pk if data.get("duty") else None,
            "period_id": data["period"].pk if data.get("period") else None,
            "status": data.get("status") or None,
            "query": data.get("q") or None,
        }
    page = paginate(request, selectors.submission_list(user=user, **filters))
    now = timezone.now()
    rows = []
    for submission in page.object_list:
        info = selectors.submission_deadline_info(submission, now)
        timeliness = info["timeliness"]
        rows.append(
            ListRow(
                submission=submission,
                timeliness=timeliness,
                timeliness_label=str(Timeliness(timeliness).label),
                timeliness_badge=TIMELINESS_BADGES.get(timeliness, "text-bg-light"),
                status_badge=STATUS_BADGES.get(submission.status, "text-bg-light"),
                days_left=info["days_left"],
            )
        )
    return render(
        request,
        "reporting/submissions/list.html",
        {
            "form": form,
            "page_obj": page,
            "rows": rows,
            "reviews": selectors.submission_user_reviews(user),
            "querystring": querystring_without_page(request),
            "filtered": any(filters.values()),
        },
    )


# --- The report page ------------------------------------------------------------------------------------------


@dataclass
class FigureRow:
    indicator: Indicator
    field: Any  # a bound field of the draft form, or None when read-only
    value: str
    status_id: str
    changes: int
    error: str = ""


def _draft_form(submission: Submission, data: Any = None) -> SubmissionDraftForm:
    return SubmissionDraftForm(
        data,
        sections=selectors.submission_sections(submission),
        indicators=selectors.submission_indicators(submission),
        narrative=submission.narrative,
        values=selectors.submission_current_values(submission),
        version=submission.version,
    )


def _render_detail(
    request: HttpRequest,
    submission: Submission,
    *,
    draft_form: SubmissionDraftForm | None = None,
    figure_errors: dict[str, str] | None = None,
    error: ApplicationError | None = None,
    conflict: ConflictError | None = None,
    forms: dict[str, Any] | None = None,
    open_action: str = "",
    attachment_form: AttachmentForm | None = None,
    unsaved: list[dict[str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    submission.refresh_from_db()
    can_edit = can_edit_submission(user, submission)
    sections = selectors.submission_sections(submission)
    indicators = selectors.submission_indicators(submission)
    if can_edit and draft_form is None:
        draft_form = _draft_form(submission)
    if not can_edit:
        draft_form = None
    status_ids = (
        draft_form.enable_autosave(reverse("reporting:submission_autosave", args=[submission.pk]))
        if draft_form
        else {}
    )
    figure_errors = figure_errors or {}
    values = selectors.submission_current_values(submission)
    counts = selectors.value_change_counts(submission)
    groups = []
    for group in selectors.indicator_groups(indicators):
        rows = [
            FigureRow(
                indicator=indicator,
                field=draft_form.figure_field(indicator) if draft_form else None,
                value=values.get(indicator.code, ""),
                status_id=status_ids.get(value_field_name(indicator), ""),
                changes=counts.get(indicator.code, 0),
                error=figure_errors.get(indicator.code, ""),
            )
            for indicator in group.indicators
        ]
        groups.append({"name": group.name, "rows": rows})
    conflict_texts = _conflict_texts(submission, draft_form, conflict)
    section_rows = [
        {
            "section": section,
            "field": draft_form[section_field_name(section)] if draft_form else None,
            "html": services.sanitize_narrative(submission.narrative.get(section.code, "")),
            "status_id": status_ids.get(section_field_name(section), ""),
            "current": conflict_texts.get(section_field_name(section)),
        }
        for section in sections
    ]
    forms = forms or {}
    info = selectors.submission_deadline_info(submission)
    can_review = can_review_submission(user, submission)
    max_bytes = attachment_services.attachment_max_bytes()
    context = {
        "submission": submission,
        "period": submission.period,
        "duty": submission.period.duty,
        "info": info,
        "status_badge": STATUS_BADGES.get(submission.status, "text-bg-light"),
        "timeliness_label": Timeliness(info["timeliness"]).label,
        "timeliness_badge": TIMELINESS_BADGES.get(info["timeliness"], "text-bg-light"),
        "can_edit": can_edit,
        "can_approve": can_approve_submission(user, submission),
        "can_review": can_review,
        "can_accept": can_review and submission.status == SubmissionStatus.SUBMITTED,
        "can_reopen": can_review and submission.status == SubmissionStatus.ACCEPTED,
        "can_unlock": can_review and info["lock_at"] is not None and submission.status in EDITABLE,
        # The focal point's submit goes to the unit's leader first; the leader's own submit goes straight out.
        "needs_approval": submission.period.duty.requires_leader_approval
        and not can_approve_submission(
            user, SimpleNamespace(status=SubmissionStatus.AWAITING_APPROVAL, unit=submission.unit)
        ),
        "draft_form": draft_form,
        "section_rows": section_rows,
        "figure_groups": groups,
        "figure_errors": figure_errors,
        "error": error,
        "problems": (error.details.get("problems") if error else None) or [],
        "conflict": conflict,
        "attachments": selectors.submission_attachments(submission),
        "attachment_form": attachment_form
        or (AttachmentForm(max_size_label=_size(max_bytes)) if can_edit else None),
        "max_attachments": attachment_services.MAX_ATTACHMENTS,
        "events": selectors.submission_events(submission),
        "last_return": selectors.submission_last_return(submission),
        "revisions": selectors.submission_revisions(submission),
        "return_form": forms.get("return") or CommentForm(),
        "accept_form": forms.get("accept") or AcceptForm(),
        "reopen_form": forms.get("reopen") or ReopenForm(),
        "leader_return_form": forms.get("leader_return") or LeaderReturnForm(),
        "open_action": open_action,
        "unsaved": unsaved or [],
    }
    return render(request, "reporting/submissions/detail.html", context, status=status)


def _size(size: int) -> str:
    return attachment_services.format_size(size)


def _conflict_texts(
    submission: Submission, draft_form: SubmissionDraftForm | None, conflict: ConflictError | None
) -> dict[str, str]:
    """After a refused save: the saved text of each section the user typed differently, shown under their
    own text so that they can compare and carry over what they need before reloading."""
    if conflict is None or draft_form is None or not draft_form.is_bound:
        return {}
    texts = {}
    for section in draft_form.sections:
        name = section_field_name(section)
        saved = services.narrative_to_text(submission.narrative.get(section.code, ""))
        typed = (draft_form.data.get(name) or "").replace("\r\n", "\n").strip()
        if saved.strip() != typed:
            texts[name] = saved
    return texts


@login_required
@require_GET
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_get(user=request.user, pk=pk)
    return _render_detail(request, submission)


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
    form = _draft_form(result.submission, data)
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
    return _render_detail(
        request,
        result.submission,
        draft_form=form,
        figure_errors=result.figure_errors,
        error=error,
        conflict=conflict,
        status=409 if conflict else 200,
    )


class NotEditableNow(Exception):
    """The unit's editor posted the draft after the report left the unit (a colleague sent it meanwhile)."""

    def __init__(self, submission: Submission) -> None:
        super().__init__(submission.pk)
        self.submission = submission


def _editable_submission(request: HttpRequest, pk: int) -> Submission:
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
    return _render_detail(
        request, submission, error=error, unsaved=_unsaved_input(request, submission), status=409
    )


def _posted_draft(request: HttpRequest, submission: Submission) -> SubmissionDraftForm | None:
    """The draft form if the whole form was posted (the page's buttons), else None (a bare button)."""
    if not any(key.startswith((SECTION_PREFIX, VALUE_PREFIX)) for key in request.POST):
        return None
    return _draft_form(submission, request.POST)


@login_required
@require_POST
def submission_save(request: HttpRequest, pk: int) -> HttpResponse:
    """The plain "Lưu nháp" button: works without JavaScript."""
    try:
        submission = _editable_submission(request, pk)
    except NotEditableNow as refused:
        return _not_editable_response(request, refused.submission)
    form = _draft_form(submission, request.POST)
    if not form.is_valid():
        return _render_detail(request, submission, draft_form=form, status=400)
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
        return submission, _render_detail(request, submission, draft_form=form, status=400)
    result = _save_draft_form(request, submission, form)
    if not result.ok:
        return submission, _render_after_save(request, submission, result)
    return result.submission, None


@login_required
@require_POST
def submission_copy_from_last(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        submission = _editable_submission(request, pk)
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
        return _render_detail(request, submission, error=error)
    messages.success(
        request,
        _("Đã sao chép nội dung kỳ trước vào các mục và số liệu còn trống (số liệu lũy kế không sao chép)."),
    )
    return redirect("reporting:submission_detail", submission.pk)


@login_required
@require_POST
def submission_submit(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        submission = _editable_submission(request, pk)
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
        return _render_detail(request, submission, error=error)
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


# --- Autosave (htmx) -----------------------------------------------------------------------------------------


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
    version = _int(request.POST.get("version"))
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


# --- Leader approval and the department's review ----------------------------------------------------------


def _action_error(
    request: HttpRequest, submission: Submission, error: ApplicationError, name: str, form: Any
) -> HttpResponse:
    if form is not None:
        add_application_error(form, error)
        return _render_detail(request, submission, forms={name: form}, open_action=name, status=400)
    return _render_detail(request, submission, error=error, status=400)


@login_required
@require_POST
def submission_approve(request: HttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_get(user=request.user, pk=pk)
    try:
        submission = services.submission_approve(actor=request.user, submission=submission)
    except (ValidationFailed, ConflictError) as error:
        return _action_error(request, submission, error, "approve", None)
    messages.success(request, _("Đã duyệt và gửi báo cáo tới Ban."))
    return redirect("reporting:submission_detail", submission.pk)


@login_required
@require_POST
def submission_leader_return(request: HttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_get(user=request.user, pk=pk)
    require(
        can_approve_submission(request.user, submission),
        _("Chỉ lãnh đạo đơn vị mới trả lại được báo cáo đang chờ duyệt."),
    )
    form = LeaderReturnForm(request.POST)
    if not form.is_valid():
        return _render_detail(
            request, submission, forms={"leader_return": form}, open_action="leader_return", status=400
        )
    try:
        services.submission_send_back_to_draft(
            actor=request.user, submission=submission, comment=form.cleaned_data["comment"]
        )
    except (ValidationFailed, ConflictError) as error:
        return _action_error(request, submission, error, "leader_return", form)
    messages.success(request, _("Đã trả báo cáo lại cho đầu mối để sửa."))
    return redirect("reporting:submission_detail", submission.pk)


@login_required
@require_POST
def submission_accept(request: HttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_get(user=request.user, pk=pk)
    require(
        can_review_submission(request.user, submission),
        _("Chỉ chuyên viên, lãnh đạo Ban mới tiếp nhận được báo cáo."),
    )
    form = AcceptForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, submission, forms={"accept": form}, open_action="accept", status=400)
    try:
        services.submission_accept(
            actor=request.user, submission=submission, comment=form.cleaned_data["comment"]
        )
    except (ValidationFailed, ConflictError) as error:
        return _action_error(request, submission, error, "accept", form)
    messages.success(request, _("Đã tiếp nhận báo cáo của %(unit)s.") % {"unit": submission.unit.name})
    return redirect("reporting:submission_detail", submission.pk)


@login_required
@require_POST
def submission_return(request: HttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_get(user=request.user, pk=pk)
    require(
        can_review_submission(request.user, submission),
        _("Chỉ chuyên viên, lãnh đạo Ban mới trả lại được báo cáo."),
    )
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, submission, forms={"return": form}, open_action="return", status=400)
    try:
        services.submission_return(
            actor=request.user, submission=submission, comment=form.cleaned_data["comment"]
        )
    except (ValidationFailed, ConflictError) as error:
        return _action_error(request, submission, error, "return", form)
    messages.success(
        request, _("Đã trả lại báo cáo cho %(unit)s kèm nội dung cần sửa.") % {"unit": submission.unit.name}
    )
    return redirect("reporting:submission_detail", submission.pk)


@login_required
@require_POST
def submission_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_get(user=request.user, pk=pk)
    require(
        can_review_submission(request.user, submission), _("Chỉ Ban mới mở lại được báo cáo đã tiếp nhận.")
    )
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, submission, forms={"reopen": form}, open_action="reopen", status=400)
    try:
        services.submission_reopen(
            actor=request.user, submission=submission, reason=form.cleaned_data["reason"]
        )
    except (ValidationFailed, ConflictError) as error:
        return _action_error(request, submission, error, "reopen", form)
    messages.success(request, _("Đã mở lại báo cáo; đơn vị có thể sửa và gửi lại."))
    return redirect("reporting:submission_detail", submission.pk)


@login_required
@require_http_methods(["GET", "POST"])
def submission_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    """A late-submission exception. The department grants it for a report it may not read yet (a unit that
    never sent): the page shows the report's header only."""
    submission = selectors.submission_get_for_review(user=request.user, pk=pk)
    require(can_review_submission(request.user, submission), _("Chỉ Ban mới cho phép nộp sau khi khóa sổ."))
    form = UnlockForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submission_unlock(
                actor=request.user,
                submission=submission,
                until=end_of_day(form.cleaned_data["until"]),
                reason=form.cleaned_data["reason"],
            )
        except ValidationFailed as error:
            add_application_error(form, error)
        else:
            messages.success(
                request,
                _("Đã cho phép %(unit)s nộp báo cáo đến hết ngày %(day)s.")
                % {"unit": submission.unit.name, "day": form.cleaned_data["until"].strftime("%d/%m/%Y")},
            )
            return redirect(_after_unlock_url(request, submission))
    info = selectors.submission_deadline_info(submission)
    return render(
        request,
        "reporting/submissions/unlock.html",
        {
            "submission": submission,
            "form": form,
            "info": info,
            "can_view": _can_view(request, submission),
            "cancel_url": _after_unlock_url(request, submission),
        },
        status=400 if request.method == "POST" else 200,
    )


def _can_view(request: HttpRequest, submission: Submission) -> bool:
    from .permissions import can_view_submission

    return can_view_submission(request.user, submission)


def _after_unlock_url(request: HttpRequest, submission: Submission) -> str:
    """Back to the report when the user may read it, else to the duty's board (where a missing report is)."""
    if _can_view(request, submission):
        return reverse("reporting:submission_detail", args=[submission.pk])
    try:
        return reverse("reporting:board", args=[submission.period.duty_id])
    except NoReverseMatch:
        return reverse("reporting:submission_list")


# --- History ---------------------------------------------------------------------------------------------------


@login_required
@require_GET
def submission_revision(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    submission = selectors.submission_get(user=request.user, pk=pk)
    revision = selectors.submission_revision_get(submission=submission, number=number)
    indicators = selectors.submission_indicators(submission)
    by_code = {indicator.code: indicator for indicator in indicators}
    groups = []
    for group in selectors.indicator_groups(indicators):
        groups.append(
            {
                "name": group.name,
                "rows": [
                    {
                        "indicator": indicator,
                        "value": selectors.revision_value_display(
                            indicator, revision.values.get(indicator.code)
                        ),
                    }
                    for indicator in group.indicators
                ],
            }
        )
    unknown = {
        code: selectors.revision_value_display(None, raw)
        for code, raw in revision.values.items()
        if code not in by_code
    }
    sections = [
        {"section": section, "html": services.sanitize_narrative(revision.narrative.get(section.code, ""))}
        for section in selectors.submission_sections(submission)
    ]
    return render(
        request,
        "reporting/submissions/revision.html",
        {
            "submission": submission,
            "revision": revision,
            "sections": sections,
            "figure_groups": groups,
            "unknown_values": unknown,
            "attachments": selectors.revision_attachments(revision),
            "event": submission.events.filter(revision=revision).select_related("actor").first(),
        },
    )


@login_required
@require_GET
def submission_value_history(request: HttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_get(user=request.user, pk=pk)
    indicators = selectors.submission_indicators(submission)
    code = request.GET.get("chi_tieu", "").strip()
    chosen = next((indicator for indicator in indicators if indicator.code == code), None)
    page = paginate(request, selectors.value_change_list(submission, code=chosen.code if chosen else None))
    return render(
        request,
        "reporting/submissions/value_history.html",
        {
            "submission": submission,
            "indicators": indicators,
            "chosen": chosen,
            "page_obj": page,
        },
    )


# --- Attachments -----------------------------------------------------------------------------------------------


def _files_frozen_response(request: HttpRequest, submission: Submission) -> HttpResponse:
    error = ValidationFailed(
        _("Báo cáo đang ở trạng thái «%(status)s», không thể thay đổi tệp đính kèm.")
        % {"status": submission.get_status_display()}
    )
    return _render_detail(request, submission, error=error, status=409)


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops reading a file as soon as it passes the size limit: a 50 MB upload is never written out whole.
    The names of the files cut off are kept so that the page can name them."""

    def __init__(self, request: HttpRequest | None, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.too_large: list[str] = []
        self.received = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_large.append(self.file_name or "")
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


@csrf_exempt
@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    # The size guard must be in place before anything reads the body, hence no CSRF check before it (the
    # CSRF middleware would parse the upload); the check runs right after, in `_attachment_add`.
    handler = SizeLimitUploadHandler(request, attachment_services.attachment_max_bytes())
    request.upload_handlers.insert(0, handler)
    return _attachment_add(request, pk, handler)


@csrf_protect
def _attachment_add(request: HttpRequest, pk: int, handler: SizeLimitUploadHandler) -> HttpResponse:
    try:
        submission = _editable_submission(request, pk)
    except NotEditableNow as refused:
        return _files_frozen_response(request, refused.submission)
    max_label = _size(attachment_services.attachment_max_bytes())
    form = AttachmentForm(request.POST, request.FILES, max_size_label=max_label)
    if handler.too_large:
        # The file was cut off while it streamed in: the form sees no file, the message names the one refused.
        form.is_valid()
        form.errors.pop("file", None)
        form.add_error(
            "file",
            _("Tệp «%(name)s» vượt quá mức tối đa %(max)s cho mỗi tệp đính kèm; tệp chưa được tải lên.")
            % {"name": handler.too_large[0], "max": max_label},
        )
        return _render_detail(request, submission, attachment_form=form, status=400)
    if not form.is_valid():
        return _render_detail(request, submission, attachment_form=form, status=400)
    try:
        attachment = attachment_services.attachment_add(
            actor=request.user, submission=submission, file=form.cleaned_data["file"]
        )
    except ValidationFailed as error:
        add_application_error(form, error)
        return _render_detail(request, submission, attachment_form=form, status=400)
    messages.success(request, _("Đã đính kèm tệp «%(name)s».") % {"name": attachment.name})
    return redirect(reverse("reporting:submission_detail", args=[submission.pk]) + "#tep-dinh-kem")


@login_required
@require_POST
def attachment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = selectors.attachment_get(user=request.user, pk=pk)
    try:
        _editable_submission(request, attachment.submission_id)
    except NotEditableNow as refused:
        return _files_frozen_response(request, refused.submission)
    try:
        attachment_services.attachment_remove(actor=request.user, attachment=attachment)
    except ValidationFailed as error:
        return _render_detail(request, attachment.submission, error=error, status=400)
    messages.success(request, _("Đã gỡ tệp «%(name)s» khỏi bản nháp.") % {"name": attachment.name})
    return redirect(reverse("reporting:submission_detail", args=[attachment.submission_id]) + "#tep-dinh-kem")


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = selectors.attachment_get(user=request.user, pk=pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise NotFoundError(
            _("Không tìm thấy nội dung tệp «%(name)s» trong kho lưu trữ.") % {"name": attachment.name}
        ) from error
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.name, content_type=attachment.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response
