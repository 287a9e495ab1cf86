"""Screens of hot issues: the list, the quick capture (with similar issues suggested as one types), the issue
page with its thread and the actions the user may take. Thin: parse, call one service or selector, render."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from khoagiao.core.errors import ApplicationError, NotFoundError
from khoagiao.core.forms import add_application_error
from khoagiao.core.pagination import paginate, querystring_without_page
from khoagiao.core.permissions import require, user_scope
from khoagiao.orgs.models import Unit

from . import selectors, services
from .choices import IssueStatus, MessageKind
from .forms import (
    ConfirmForm,
    EscalateForm,
    IssueEditForm,
    IssueFilterForm,
    IssueForm,
    MergeForm,
    MessageForm,
    ReasonForm,
    ResolveForm,
    RouteForm,
    TaskForm,
    VerifyForm,
)
from .models import HotIssue, IssueAttachment
from .permissions import (
    REPORTERS,
    can_confirm_issue,
    can_edit_issue,
    can_report_issue,
    can_respond_issue,
    can_triage_issue,
    can_view_issue,
    is_department_for,
    is_reporting_unit_member,
)
from .services.workflow import reopen_deadline


def _reporting_units(user: Any) -> Any:
    """Units the user may report for: where they hold a unit or department role (not the subtree below)."""
    from khoagiao.accounts.models import Membership

    if user.is_superuser:
        return Unit.objects.filter(valid_to__isnull=True).order_by("path")
    ids = Membership.objects.filter(user=user, role__in=REPORTERS, is_active=True).values("unit_id")
    return Unit.objects.filter(pk__in=ids).order_by("path")


def _task_url(task: Any) -> str:
    try:
        return reverse("tasks:task_detail", args=[task.pk])
    except NoReverseMatch:
        return ""


@login_required
@require_GET
def issue_list(request: HttpRequest) -> HttpResponse:
    require(can_report_issue(request.user), _("Bạn không có quyền xem danh sách vấn đề nóng."))
    form = IssueFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        data = form.cleaned_data
        status = data.get("status") or ""
        filters = {
            "status": status if status and status != "open" else None,
            "open_only": status == "open",
            "severity": data.get("severity") or None,
            "source": data.get("source") or None,
            "field_id": data["field"].pk if data.get("field") else None,
            "query": data.get("q") or None,
        }
    issues = selectors.issue_list(user=request.user, include_merged=False, **filters)
    page = paginate(request, issues)
    sizes = selectors.cluster_sizes([issue.pk for issue in page.object_list])
    rows = [(issue, sizes.get(issue.pk, 1)) for issue in page.object_list]
    return render(
        request,
        "opinion/issue_list.html",
        {
            "form": form,
            "page_obj": page,
            "rows": rows,
            "filtered": any(v for v in filters.values()),
            "querystring": querystring_without_page(request),
            "is_department": bool(user_scope(request.user, selectors.DEPARTMENT).unit_ids)
            or request.user.is_superuser,
        },
    )


def _create_form(request: HttpRequest, initial: dict[str, Any] | None = None) -> IssueForm:
    units = _reporting_units(request.user)
    initial = dict(initial or {})
    first = units.first()
    if first is not None:
        initial.setdefault("reporting_unit", first.pk)
    return IssueForm(request.POST or None, request.FILES or None, reporting_units=units, initial=initial)


def _create(request: HttpRequest, form: IssueForm, extra: dict[str, Any] | None = None) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            issue = services.issue_report(
                actor=request.user,
                title=data["title"],
                description=data["description"],
                reporting_unit=data["reporting_unit"],
                area=data.get("area"),
                field=data.get("field"),
                source=data["source"],
                severity=data["severity"],
                first_seen_on=data.get("first_seen_on"),
                links=data.get("links"),
                files=data.get("attachments") or [],
                **(extra or {}),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Đã gửi vấn đề #%(pk)s tới Ban.") % {"pk": issue.pk})
            return redirect("opinion:issue_detail", issue.pk)
    return render(request, "opinion/issue_form.html", {"form": form, **({"origin": extra} if extra else {})})


@login_required
@require_http_methods(["GET", "POST"])
def issue_create(request: HttpRequest) -> HttpResponse:
    require(can_report_issue(request.user), _("Bạn không có quyền báo cáo vấn đề nóng."))
    return _create(request, _create_form(request))


def section_paragraphs(html: str) -> list[str]:
    """The paragraphs of a report section's rich text, as plain text."""
    parts = re.split(r"</p>|<br\s*/?>|</li>|\n", html, flags=re.IGNORECASE)
    return [text for text in (unescape(strip_tags(part)).strip() for part in parts) if text]


@login_required
@require_http_methods(["GET", "POST"])
def raise_from_submission(request: HttpRequest, submission_id: int, section: str) -> HttpResponse:
    """Raise a paragraph of a unit's periodic report as a hot issue: the form opens prefilled with it."""
    from khoagiao.reporting.selectors import submission_get

    require(can_report_issue(request.user), _("Bạn không có quyền báo cáo vấn đề nóng."))
    submission = submission_get(user=request.user, pk=submission_id)
    paragraphs = section_paragraphs(str((submission.narrative or {}).get(section) or ""))
    if not paragraphs:
        raise NotFoundError(_("Mục «%(section)s» của báo cáo không có nội dung.") % {"section": section})
    index = request.GET.get("p", "")
    text = (
        paragraphs[int(index)] if index.isdigit() and int(index) < len(paragraphs) else "\n".join(paragraphs)
    )
    first_line = text.splitlines()[0]
    initial = {
        "title": first_line[:200],
        "description": text,
        "source": "unit_report",
        "area": submission.unit_id,
    }
    units = _reporting_units(request.user)
    if units.filter(pk=submission.unit_id).exists():
        initial["reporting_unit"] = submission.unit_id
    form = _create_form(request, initial)
    return _create(request, form, {"origin_submission": submission, "origin_section": section})


@login_required
@require_GET
def issue_similar(request: HttpRequest) -> HttpResponse:
    """The htmx fragment of similar open issues for a draft (title, description, field, area)."""
    require(can_report_issue(request.user), _("Bạn không có quyền báo cáo vấn đề nóng."))
    get = request.GET
    area = None
    area_id = get.get("area") or get.get("reporting_unit") or ""
    if area_id.isdigit():
        area = Unit.objects.filter(pk=int(area_id)).first()
    field_id = get.get("field", "")
    exclude = get.get("exclude", "")
    suggestions = selectors.similar_issues(
        user=request.user,
        title=get.get("title", "")[:2000],
        description=get.get("description", "")[:4000],
        field_id=int(field_id) if field_id.isdigit() else None,
        area=area,
        exclude_id=int(exclude) if exclude.isdigit() else None,
    )
    return render(
        request,
        "opinion/_similar.html",
        {"suggestions": suggestions, "merge_from": int(exclude) if exclude.isdigit() else None},
    )


def _message_kinds(user: Any, issue: HotIssue) -> list[tuple[str, str]]:
    """The kinds of message offered to the user on the issue (the service decides on what is posted)."""
    kinds: list[tuple[str, str]] = []
    if can_respond_issue(user, issue):
        kinds.append((MessageKind.RESPONSE, str(MessageKind.RESPONSE.label)))
    if can_triage_issue(user, issue):
        kinds += [
            (MessageKind.ORIENTATION, str(MessageKind.ORIENTATION.label)),
            (MessageKind.EXPLANATION_REQUEST, str(MessageKind.EXPLANATION_REQUEST.label)),
        ]
    kinds.append((MessageKind.NOTE, str(MessageKind.NOTE.label)))
    return kinds


def _detail_context(request: HttpRequest, issue: HotIssue, forms: dict[str, Any]) -> dict[str, Any]:
    user = request.user
    triage = can_triage_issue(user, issue)
    kinds = _message_kinds(user, issue)
    defaults: dict[str, Any] = {
        "verify_form": VerifyForm(
            auto_id="verify_%s", initial={"severity": issue.severity, "field": issue.field_id}
        ),
        "route_form": RouteForm(auto_id="route_%s"),
        "reject_form": ReasonForm(auto_id="reject_%s"),
        "resolve_form": ResolveForm(auto_id="resolve_%s"),
        "confirm_form": ConfirmForm(auto_id="confirm_%s"),
        "reopen_form": ReasonForm(auto_id="reopen_%s"),
        "message_form": MessageForm(auto_id="message_%s", kinds=kinds, initial={"kind": kinds[0][0]}),
        "merge_form": MergeForm(auto_id="merge_%s"),
        "escalate_form": EscalateForm(
            auto_id="escalate_%s", initial={"summary": issue.escalation_summary or issue.description[:1000]}
        ),
    }
    defaults.update(forms)
    suggestions = []
    # The department looks for the same issue everywhere (reports from several places show its spread).
    if triage and issue.is_open and issue.merged_into_id is None:
        suggestions = selectors.similar_issues(
            user=user,
            title=issue.title,
            description=issue.description,
            field_id=issue.field_id,
            exclude_id=issue.pk,
        )
    from khoagiao.opinion.services.routing import route_lookup

    suggested_unit = None
    if triage and issue.status in (IssueStatus.REPORTED, IssueStatus.VERIFIED):
        suggested_unit, _rule = route_lookup(field=issue.field, area=issue.area)
    tasks = [(task, _task_url(task)) for task in selectors.issue_tasks(issue)] if issue.escalated_at else []
    return {
        "issue": issue,
        "thread": selectors.issue_thread(issue),
        "events": selectors.issue_events(issue),
        "versions": issue.versions.all(),
        "links": issue.links.all(),
        "attachments": issue.attachments.filter(message__isnull=True),
        "cluster": selectors.issue_cluster(user=user, issue=issue),
        "suggestions": suggestions,
        "suggested_unit": suggested_unit,
        "tasks": tasks,
        "can_triage": triage,
        "can_edit": can_edit_issue(user, issue),
        "can_confirm": can_confirm_issue(user, issue),
        "reopen_until": reopen_deadline(issue),
        "status": IssueStatus,
        **defaults,
    }


@login_required
@require_GET
def issue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    issue = selectors.issue_get(user=request.user, pk=pk)
    return render(request, "opinion/issue_detail.html", _detail_context(request, issue, {}))


def _may_close_loop(user: Any, issue: HotIssue) -> bool:
    return is_reporting_unit_member(user, issue) or is_department_for(user, issue)


# The role each issue-page action needs (the state is the service's to check: a 409 with its reason).
ACTION_RULES: dict[str, Callable[[Any, HotIssue], bool]] = {
    "verify_form": can_triage_issue,
    "route_form": can_triage_issue,
    "reject_form": can_triage_issue,
    "resolve_form": can_triage_issue,
    "merge_form": can_triage_issue,
    "escalate_form": can_triage_issue,
    "confirm_form": _may_close_loop,
    "reopen_form": _may_close_loop,
}


def _action(
    request: HttpRequest,
    pk: int,
    form_name: str,
    form: Any,
    call: Callable[[HotIssue, dict[str, Any]], Any],
    success: str,
) -> HttpResponse:
    """Run one action from the issue page: on a refusal the page comes back with the form as typed.

    Who may act is checked before the form is read: a user without the right gets a refusal (the error
    middleware's redirect with a message), not a form error."""
    issue = selectors.issue_get(user=request.user, pk=pk)
    allowed = ACTION_RULES.get(form_name)
    if allowed is not None:
        require(allowed(request.user, issue), _("Bạn không có quyền thực hiện thao tác này với vấn đề này."))
    if form.is_valid():
        try:
            call(issue, form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, success)
            return redirect("opinion:issue_detail", issue.pk)
    response = render(
        request, "opinion/issue_detail.html", _detail_context(request, issue, {form_name: form})
    )
    response.status_code = 400
    return response


@login_required
@require_POST
def issue_verify(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        "verify_form",
        VerifyForm(request.POST, auto_id="verify_%s"),
        lambda issue, d: services.issue_verify(
            actor=request.user,
            issue=issue,
            severity=d["severity"],
            field=d.get("field"),
            note=d.get("note", ""),
        ),
        _("Đã xác minh vấn đề."),
    )


@login_required
@require_POST
def issue_route(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        "route_form",
        RouteForm(request.POST, auto_id="route_%s"),
        lambda issue, d: services.issue_route(
            actor=request.user,
            issue=issue,
            responsible_unit=d.get("responsible_unit"),
            severity=d.get("severity") or None,
            note=d.get("note", ""),
        ),
        _("Đã chuyển vấn đề tới đơn vị xử lý."),
    )


@login_required
@require_POST
def issue_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        "reject_form",
        ReasonForm(request.POST, auto_id="reject_%s"),
        lambda issue, d: services.issue_reject(actor=request.user, issue=issue, reason=d.get("reason", "")),
        _("Đã ghi nhận không xử lý vấn đề."),
    )


@login_required
@require_POST
def issue_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        "resolve_form",
        ResolveForm(request.POST, auto_id="resolve_%s"),
        lambda issue, d: services.issue_resolve(actor=request.user, issue=issue, note=d.get("note", "")),
        _("Đã ghi nhận kết quả giải quyết; đơn vị báo cáo sẽ xác nhận."),
    )


@login_required
@require_POST
def issue_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        "confirm_form",
        ConfirmForm(request.POST, auto_id="confirm_%s"),
        lambda issue, d: services.issue_confirm(actor=request.user, issue=issue, note=d.get("note", "")),
        _("Đã xác nhận kết quả; vấn đề được đóng."),
    )


@login_required
@require_POST
def issue_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        "reopen_form",
        ReasonForm(request.POST, auto_id="reopen_%s"),
        lambda issue, d: services.issue_reopen(actor=request.user, issue=issue, reason=d.get("reason", "")),
        _("Đã mở lại vấn đề."),
    )


@login_required
@require_POST
def issue_message(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        "message_form",
        MessageForm(request.POST, request.FILES, auto_id="message_%s"),
        lambda issue, d: services.message_post(
            actor=request.user,
            issue=issue,
            kind=d["kind"],
            body=d.get("body", ""),
            audiences=d.get("audiences") or [],
            addressed_unit=d.get("addressed_unit"),
            files=d.get("attachments") or [],
        ),
        _("Đã gửi trao đổi."),
    )


@login_required
@require_POST
def issue_merge(request: HttpRequest, pk: int) -> HttpResponse:
    def merge(issue: HotIssue, data: dict[str, Any]) -> Any:
        into = selectors.issue_get(user=request.user, pk=data["into"])
        return services.issue_merge(actor=request.user, issue=issue, into=into)

    return _action(
        request,
        pk,
        "merge_form",
        MergeForm(request.POST, auto_id="merge_%s"),
        merge,
        _("Đã gộp vấn đề vào cụm."),
    )


@login_required
@require_POST
def issue_unmerge(request: HttpRequest, pk: int) -> HttpResponse:
    issue = selectors.issue_get(user=request.user, pk=pk)
    try:
        services.issue_unmerge(actor=request.user, issue=issue)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã tách vấn đề khỏi cụm."))
    return redirect("opinion:issue_detail", issue.pk)


@login_required
@require_POST
def issue_escalate(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        "escalate_form",
        EscalateForm(request.POST, auto_id="escalate_%s"),
        lambda issue, d: services.issue_escalate(
            actor=request.user,
            issue=issue,
            summary=d.get("summary", ""),
            recommendation=d.get("recommendation", ""),
            body=d["body"],
        ),
        _("Đã báo cáo vấn đề lên lãnh đạo."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def issue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    issue = selectors.issue_get(user=request.user, pk=pk)
    require(can_edit_issue(request.user, issue), _("Bạn không thể sửa nội dung vấn đề này."))
    initial = {
        "title": issue.title,
        "description": issue.description,
        "links": "\n".join(issue.links.values_list("url", flat=True)),
    }
    form = IssueEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.issue_edit(
                actor=request.user,
                issue=issue,
                title=data["title"],
                description=data["description"],
                links=data["links"],
                note=data["note"],
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Đã lưu; nội dung trước vẫn được giữ trong lịch sử."))
            return redirect("opinion:issue_detail", issue.pk)
    return render(request, "opinion/issue_edit.html", {"form": form, "issue": issue})


@login_required
@require_http_methods(["GET", "POST"])
def issue_task_create(request: HttpRequest, pk: int) -> HttpResponse:
    issue = selectors.issue_get(user=request.user, pk=pk)
    require(can_triage_issue(request.user, issue), _("Chỉ Ban mới giao nhiệm vụ từ vấn đề nóng."))
    form = TaskForm(
        request.POST or None,
        initial={
            "title": _("Xử lý vấn đề: %(title)s") % {"title": issue.title[:200]},
            "lead_unit": issue.responsible_unit_id,
            "description": issue.escalation_recommendation,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.issue_task_create(
                actor=request.user,
                issue=issue,
                title=data["title"],
                lead_unit=data["lead_unit"],
                due_date=data.get("due_date"),
                description=data.get("description", ""),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Đã giao nhiệm vụ."))
            return redirect("opinion:issue_detail", issue.pk)
    return render(request, "opinion/issue_task.html", {"form": form, "issue": issue})


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = (
        IssueAttachment.objects.select_related("issue", "issue__area", "issue__reporting_unit")
        .filter(pk=pk)
        .first()
    )
    if attachment is None or not can_view_issue(request.user, attachment.issue):
        raise NotFoundError(_("Không tìm thấy tệp đính kèm."))
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
