"""Screens of a unit's report that read it: the list ("Báo cáo"), the report page, a revision and the value
history. The report page is rendered here for every view that answers with it (the draft, review and
attachment views in `views_drafts`, `views_review` and `views_attachments`). Thin: parse, call one selector,
render. A permission refusal propagates to the middleware, which shows it as a message on the previous page
(never a 200, never a 500).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from khoagiao.core.errors import ApplicationError, ConflictError
from khoagiao.core.pagination import paginate, querystring_without_page
from khoagiao.core.uploads import format_size, upload_max_bytes

from . import selectors
from .choices import SubmissionStatus, Timeliness
from .forms_submissions import (
    AcceptForm,
    AttachmentForm,
    CommentForm,
    LeaderReturnForm,
    ReopenForm,
    SubmissionDraftForm,
    SubmissionFilterForm,
    section_field_name,
    value_field_name,
)
from .models import Indicator, Submission
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


def int_or_none(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


# --- The list --------------------------------------------------------------------------------------------------


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
    duty_id = int_or_none(request.GET.get("duty"))
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


# --- The report page -------------------------------------------------------------------------------------------


@dataclass
class FigureRow:
    indicator: Indicator
    field: Any  # a bound field of the draft form, or None when read-only
    value: str
    status_id: str
    changes: int
    error: str = ""


def build_draft_form(submission: Submission, data: Any = None) -> SubmissionDraftForm:
    return SubmissionDraftForm(
        data,
        sections=selectors.submission_sections(submission),
        indicators=selectors.submission_indicators(submission),
        narrative=submission.narrative,
        values=selectors.submission_current_values(submission),
        version=submission.version,
    )


def render_detail(
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
        draft_form = build_draft_form(submission)
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
    max_bytes = upload_max_bytes()
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
        or (AttachmentForm(max_size_label=size_label(max_bytes)) if can_edit else None),
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


def size_label(size: int) -> str:
    return format_size(size)


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
    return render_detail(request, submission)


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
