"""The review of a unit's report: the unit leader's approval or return, the department's acceptance, return and
reopening, and the late-submission exception. Thin: check, bind the button's form, call one service, redirect;
a service's refusal is shown on the report page with the form open and the input kept (400). A permission
refusal propagates to the middleware, which shows it as a message on the previous page (never a 200, never a
500).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from khoagiao.core.errors import ApplicationError, ConflictError, ValidationFailed
from khoagiao.core.forms import add_application_error
from khoagiao.core.permissions import require

from . import selectors
from .forms_submissions import AcceptForm, CommentForm, LeaderReturnForm, ReopenForm, UnlockForm
from .models import Submission
from .periods import end_of_day
from .permissions import can_approve_submission, can_review_submission, can_view_submission
from .services import submissions as services
from .views_submissions import render_detail


def _action_error(
    request: HttpRequest, submission: Submission, error: ApplicationError, name: str, form: Any
) -> HttpResponse:
    if form is not None:
        add_application_error(form, error)
        return render_detail(request, submission, forms={name: form}, open_action=name, status=400)
    return render_detail(request, submission, error=error, status=400)


def _review_action(
    request: HttpRequest,
    pk: int,
    *,
    name: str,
    perform: Callable[[Submission, dict[str, Any]], object],
    success: Callable[[Submission], str],
    form_class: type[forms.Form] | None = None,
    allowed: Callable[[Any, Submission], bool] | None = None,
    denied: str = "",
) -> HttpResponse:
    """The shape of every review button: read the report, check `allowed` (when given), bind the button's form
    (when it has one), call the service through `perform` with the form's cleaned data, then either show the
    refusal on the report page (400) or say what was done and go back to the report."""
    submission = selectors.submission_get(user=request.user, pk=pk)
    if allowed is not None:
        require(allowed(request.user, submission), denied)
    form = form_class(request.POST) if form_class is not None else None
    if form is not None and not form.is_valid():
        return render_detail(request, submission, forms={name: form}, open_action=name, status=400)
    try:
        perform(submission, form.cleaned_data if form is not None else {})
    except (ValidationFailed, ConflictError) as error:
        return _action_error(request, submission, error, name, form)
    messages.success(request, success(submission))
    return redirect("reporting:submission_detail", submission.pk)


@login_required
@require_POST
def submission_approve(request: HttpRequest, pk: int) -> HttpResponse:
    # No check here: the service itself refuses whoever is not the unit's leader.
    return _review_action(
        request,
        pk,
        name="approve",
        perform=lambda submission, data: services.submission_approve(
            actor=request.user, submission=submission
        ),
        success=lambda submission: _("Đã duyệt và gửi báo cáo tới Ban."),
    )


@login_required
@require_POST
def submission_leader_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_action(
        request,
        pk,
        name="leader_return",
        form_class=LeaderReturnForm,
        allowed=can_approve_submission,
        denied=_("Chỉ lãnh đạo đơn vị mới trả lại được báo cáo đang chờ duyệt."),
        perform=lambda submission, data: services.submission_send_back_to_draft(
            actor=request.user, submission=submission, comment=data["comment"]
        ),
        success=lambda submission: _("Đã trả báo cáo lại cho đầu mối để sửa."),
    )


@login_required
@require_POST
def submission_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_action(
        request,
        pk,
        name="accept",
        form_class=AcceptForm,
        allowed=can_review_submission,
        denied=_("Chỉ chuyên viên, lãnh đạo Ban mới tiếp nhận được báo cáo."),
        perform=lambda submission, data: services.submission_accept(
            actor=request.user, submission=submission, comment=data["comment"]
        ),
        success=lambda submission: _("Đã tiếp nhận báo cáo của %(unit)s.") % {"unit": submission.unit.name},
    )


@login_required
@require_POST
def submission_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_action(
        request,
        pk,
        name="return",
        form_class=CommentForm,
        allowed=can_review_submission,
        denied=_("Chỉ chuyên viên, lãnh đạo Ban mới trả lại được báo cáo."),
        perform=lambda submission, data: services.submission_return(
            actor=request.user, submission=submission, comment=data["comment"]
        ),
        success=lambda submission: (
            _("Đã trả lại báo cáo cho %(unit)s kèm nội dung cần sửa.") % {"unit": submission.unit.name}
        ),
    )


@login_required
@require_POST
def submission_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_action(
        request,
        pk,
        name="reopen",
        form_class=ReopenForm,
        allowed=can_review_submission,
        denied=_("Chỉ Ban mới mở lại được báo cáo đã tiếp nhận."),
        perform=lambda submission, data: services.submission_reopen(
            actor=request.user, submission=submission, reason=data["reason"]
        ),
        success=lambda submission: _("Đã mở lại báo cáo; đơn vị có thể sửa và gửi lại."),
    )


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
    return can_view_submission(request.user, submission)


def _after_unlock_url(request: HttpRequest, submission: Submission) -> str:
    """Back to the report when the user may read it, else to the duty's board (where a missing report is)."""
    if _can_view(request, submission):
        return reverse("reporting:submission_detail", args=[submission.pk])
    try:
        return reverse("reporting:board", args=[submission.period.duty_id])
    except NoReverseMatch:
        return reverse("reporting:submission_list")
