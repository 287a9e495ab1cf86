"""Screens of the briefings (hội nghị giao ban). Thin: parse, call one selector or service, render.

The detail page carries every section (agenda, proposals, invitation, attendance, opinions, conclusions,
follow-up); each small form posts to its own URL and comes back to the section. A refused form is shown again
on the detail page with what the user typed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from khoagiao.accounts.models import User
from khoagiao.core.errors import ApplicationError, NotFoundError
from khoagiao.core.forms import add_application_error
from khoagiao.core.pagination import paginate
from khoagiao.core.permissions import require, user_scope
from khoagiao.orgs.models import Unit
from khoagiao.reporting.models import OutgoingDocument, Period

from . import selectors, services
from .choices import BriefingStatus
from .forms import (
    AgendaDocumentForm,
    AgendaItemForm,
    AttendanceRecordForm,
    AttendanceResponseForm,
    BriefingForm,
    ConclusionForm,
    ConclusionTaskForm,
    OpinionForm,
    ProposalDecisionForm,
    ProposalForm,
    ReasonForm,
)
from .models import AgendaDocument, AgendaItem, AgendaProposal, Attendance, Briefing, ConclusionItem, Opinion
from .permissions import DEPARTMENT, can_manage_briefing, can_plan_briefings
from .services.documents import INVITATION_ROLE, NOTICE_ROLE

# --- helpers ------------------------------------------------------------------------------------------------


def _organising_units(user: Any) -> Any:
    if user.is_superuser:
        return Unit.objects.filter(kind__code="party_board", valid_to__isnull=True).order_by("path")
    ids = [m.unit_id for m in user.memberships.filter(is_active=True, role__in=DEPARTMENT).only("unit_id")]
    return Unit.objects.filter(pk__in=ids).order_by("path")


def _briefing_form(request: HttpRequest, briefing: Briefing | None = None) -> BriefingForm:
    organising = _organising_units(request.user)
    scope = user_scope(request.user, DEPARTMENT)
    today = timezone.localdate()
    invitable = (
        Unit.objects.filter(pk__in=scope.unit_ids).exclude(valid_to__lt=today).select_related("kind")
        if not request.user.is_superuser
        else Unit.objects.exclude(valid_to__lt=today).select_related("kind")
    )
    secretaries = User.objects.filter(
        is_active=True, memberships__role__in=DEPARTMENT, memberships__unit__in=organising
    ).distinct()
    periods = Period.objects.filter(
        duty__receiving_unit__in=organising, window_end__gte=today - dt.timedelta(days=400)
    ).select_related("duty")
    initial: dict[str, Any] = {}
    if briefing is None:
        first = organising.first()
        initial = {
            "organising_unit": first,
            "start_time": dt.time(8, 0),
            "secretary": request.user.pk,
            "invited_units": list(services.default_invited_units(first, on=today)) if first else [],
        }
    else:
        initial = {
            "title": briefing.title,
            "kind": briefing.kind,
            "organising_unit": briefing.organising_unit,
            "date": briefing.date,
            "start_time": briefing.start_time,
            "place": briefing.place,
            "chair_name": briefing.chair_name,
            "chair_title": briefing.chair_title,
            "secretary": briefing.secretary_id,
            "proposal_cutoff": briefing.proposal_cutoff,
            "period": briefing.period_id,
            "notes": briefing.notes,
            "invited_units": [a.unit_id for a in briefing.attendances.all()],
            "version": briefing.version,
        }
    form = BriefingForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        organising_units=organising,
        invitable_units=invitable,
        secretaries=secretaries,
        periods=periods,
    )
    if briefing is not None:
        form.fields["organising_unit"].disabled = True
        if briefing.status != BriefingStatus.PLANNED:
            form.fields["invited_units"].disabled = True
    return form


def _detail_url(briefing_pk: int, anchor: str = "") -> str:
    return reverse("meetings:briefing_detail", args=[briefing_pk]) + (f"#{anchor}" if anchor else "")


def _briefing_units(briefing: Briefing) -> Any:
    ids = [a.unit_id for a in briefing.attendances.all()] + [briefing.organising_unit_id]
    return Unit.objects.filter(pk__in=ids).order_by("path")


# --- list, create, edit -------------------------------------------------------------------------------------


@login_required
@require_GET
def briefing_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    status = request.GET.get("status", "")
    briefings = selectors.briefing_list(user=request.user, query=query, status=status)
    return render(
        request,
        "meetings/briefing_list.html",
        {
            "page_obj": paginate(request, briefings),
            "query": query,
            "status": status,
            "statuses": BriefingStatus.choices,
            "can_create": can_plan_briefings(request.user),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def briefing_create(request: HttpRequest) -> HttpResponse:
    require(can_plan_briefings(request.user), _("Chỉ cán bộ của Ban mới được tổ chức hội nghị giao ban."))
    form = _briefing_form(request)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        invited = data.pop("invited_units")
        try:
            briefing = services.briefing_create(actor=request.user, invited_units=invited or None, **data)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Đã tạo hội nghị; hãy lập chương trình rồi phát hành giấy mời."))
            return redirect(_detail_url(briefing.pk))
    return render(request, "meetings/briefing_form.html", {"form": form, "briefing": None})


@login_required
@require_http_methods(["GET", "POST"])
def briefing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    briefing = selectors.briefing_get(user=request.user, pk=pk)
    require(can_manage_briefing(request.user, briefing), _("Chỉ cán bộ của Ban mới được sửa hội nghị này."))
    form = _briefing_form(request, briefing)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("organising_unit", None)
        version = data.pop("version", None)
        invited = data.pop("invited_units", None)
        try:
            services.briefing_update(
                actor=request.user,
                briefing=briefing,
                version=version,
                invited_units=invited if briefing.status == BriefingStatus.PLANNED else None,
                **data,
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Đã lưu thông tin hội nghị."))
            return redirect(_detail_url(briefing.pk))
    return render(request, "meetings/briefing_form.html", {"form": form, "briefing": briefing})


# --- detail -------------------------------------------------------------------------------------------------


def _detail_context(request: HttpRequest, briefing: Briefing, bound: dict[str, forms.Form]) -> dict[str, Any]:
    user = request.user
    can_manage = can_manage_briefing(user, briefing)
    units = _briefing_units(briefing)
    versions = selectors.conclusion_versions(briefing)
    current = versions[-1] if versions else None
    items = [item for version in versions for item in version.items.all()]
    tasks = selectors.tasks_by_item(items)
    for item in items:
        item.tasks = tasks.get(item.pk, [])  # type: ignore[attr-defined]
    attendances = list(briefing.attendances.all())
    today = timezone.localdate()
    invitation = OutgoingDocument.objects.filter(
        source_id=briefing.pk, source_role=INVITATION_ROLE, source_type__model="briefing"
    ).first()
    forms_ = {
        "agenda_form": AgendaItemForm(units=units),
        "document_form": AgendaDocumentForm(),
        "opinion_form": OpinionForm(units=units),
        "conclusion_form": ConclusionForm(units=units),
        "task_form": ConclusionTaskForm(units=units),
        "version_form": ReasonForm(),
        "cancel_form": ReasonForm(),
    }
    forms_.update(bound)
    counts = {
        "confirmed": sum(1 for a in attendances if a.response == "confirmed"),
        "apologised": sum(1 for a in attendances if a.response == "apologised"),
        "pending": sum(1 for a in attendances if a.response == "pending"),
        "present": sum(1 for a in attendances if a.present),
    }
    followup = selectors.briefing_followup(briefing, today=today)
    return {
        "briefing": briefing,
        "can_manage": can_manage,
        "attendances": attendances,
        "attendance_counts": counts,
        "agenda": list(briefing.agenda_items.all()),
        "agenda_minutes": sum(item.duration_minutes for item in briefing.agenda_items.all()),
        "proposals": list(briefing.proposals.select_related("unit", "agenda_item")),
        "opinions": list(briefing.opinions.select_related("unit")),
        "versions": versions,
        "current_version": current,
        "invitation": invitation,
        "followup": followup,
        "notice_due": selectors.notice_due_date(briefing),
        "today": today,
        "meeting_day_reached": today >= briefing.date,
        "my_attendances": selectors.attendances_user_answers(user, briefing),
        "consolidation_url": _consolidation_url(briefing),
        "unit_choices": [(unit.pk, unit.name) for unit in units],
        **forms_,
    }


def _consolidation_url(briefing: Briefing) -> str:
    if not briefing.period_id:
        return ""
    from django.urls import NoReverseMatch

    try:
        return reverse("reporting:consolidation_for_period", args=[briefing.period_id])
    except NoReverseMatch:
        return ""


@login_required
@require_GET
def briefing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    briefing = selectors.briefing_get(user=request.user, pk=pk)
    return render(request, "meetings/briefing_detail.html", _detail_context(request, briefing, {}))


def _managed(request: HttpRequest, pk: int) -> Briefing:
    briefing = selectors.briefing_get(user=request.user, pk=pk)
    require(
        can_manage_briefing(request.user, briefing),
        _("Chỉ cán bộ của Ban tổ chức hội nghị mới được thực hiện thao tác này."),
    )
    return briefing


def _form_action(
    request: HttpRequest,
    briefing: Briefing,
    *,
    form: forms.Form,
    form_name: str,
    anchor: str,
    run: Callable[[dict[str, Any]], Any],
    success: str,
) -> HttpResponse:
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, success)
            return redirect(_detail_url(briefing.pk, anchor))
    messages.error(request, _("Chưa lưu được; hãy xem lỗi ở mục bên dưới."))
    context = _detail_context(request, briefing, {form_name: form})
    context["open_anchor"] = anchor
    return render(request, "meetings/briefing_detail.html", context, status=400)


def _one_click(
    request: HttpRequest, briefing: Briefing, anchor: str, action: Callable[[], Any], success: str
) -> HttpResponse:
    try:
        action()
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect(_detail_url(briefing.pk, anchor))


# --- actions of the department ------------------------------------------------------------------------------


@login_required
@require_POST
def briefing_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    briefing = _managed(request, pk)
    return _form_action(
        request,
        briefing,
        form=ReasonForm(request.POST),
        form_name="cancel_form",
        anchor="thong-tin",
        run=lambda data: services.briefing_cancel(
            actor=request.user, briefing=briefing, reason=data["reason"]
        ),
        success=_("Đã hủy hội nghị."),
    )


@login_required
@require_POST
def briefing_mark_held(request: HttpRequest, pk: int) -> HttpResponse:
    briefing = _managed(request, pk)
    return _one_click(
        request,
        briefing,
        "thanh-phan",
        lambda: services.briefing_mark_held(actor=request.user, briefing=briefing),
        _("Đã ghi nhận hội nghị đã họp."),
    )


@login_required
@require_POST
def invitation_issue(request: HttpRequest, pk: int) -> HttpResponse:
    briefing = _managed(request, pk)
    return _one_click(
        request,
        briefing,
        "giay-moi",
        lambda: services.invitation_issue(actor=request.user, briefing=briefing),
        _("Đã cấp số, phát hành giấy mời và gửi thông báo đến các đơn vị."),
    )


@login_required
@require_POST
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    briefing = _managed(request, pk)
    return _form_action(
        request,
        briefing,
        form=AgendaItemForm(request.POST, units=_briefing_units(briefing)),
        form_name="agenda_form",
        anchor="chuong-trinh",
        run=lambda data: services.agenda_item_add(actor=request.user, briefing=briefing, **data),
        success=_("Đã thêm nội dung vào chương trình."),
    )


@login_required
@require_POST
def agenda_delete(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    briefing = _managed(request, pk)
    item = get_object_or_404(AgendaItem, pk=item_pk, briefing=briefing)
    return _one_click(
        request,
        briefing,
        "chuong-trinh",
        lambda: services.agenda_item_delete(actor=request.user, item=item),
        _("Đã bỏ nội dung khỏi chương trình."),
    )


@login_required
@require_POST
def agenda_document_add(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    briefing = _managed(request, pk)
    item = get_object_or_404(AgendaItem, pk=item_pk, briefing=briefing)
    return _form_action(
        request,
        briefing,
        form=AgendaDocumentForm(request.POST, request.FILES),
        form_name="document_form",
        anchor="chuong-trinh",
        run=lambda data: services.agenda_document_add(actor=request.user, item=item, file=data["file"]),
        success=_("Đã đính kèm tài liệu."),
    )


@login_required
@require_POST
def proposal_decide(request: HttpRequest, pk: int, proposal_pk: int) -> HttpResponse:
    briefing = _managed(request, pk)
    proposal = get_object_or_404(AgendaProposal, pk=proposal_pk, briefing=briefing)
    form = ProposalDecisionForm(request.POST)
    return _form_action(
        request,
        briefing,
        form=form,
        form_name="decision_form",
        anchor="de-xuat",
        run=lambda data: services.proposal_decide(
            actor=request.user, proposal=proposal, accept=data["decision"] == "accept", note=data["note"]
        ),
        success=_("Đã xem xét đề xuất."),
    )


@login_required
@require_POST
def attendance_record(request: HttpRequest, pk: int, attendance_pk: int) -> HttpResponse:
    briefing = _managed(request, pk)
    attendance = get_object_or_404(Attendance, pk=attendance_pk, briefing=briefing)
    return _form_action(
        request,
        briefing,
        form=AttendanceRecordForm(request.POST),
        form_name="record_form",
        anchor="thanh-phan",
        run=lambda data: services.attendance_record(
            actor=request.user,
            attendance=attendance,
            present=data["present"],
            actual_attendees=data["actual_attendees"],
        ),
        success=_("Đã ghi nhận tham dự của %(unit)s.") % {"unit": attendance.unit.name},
    )


@login_required
@require_POST
def opinion_add(request: HttpRequest, pk: int) -> HttpResponse:
    briefing = _managed(request, pk)
    return _form_action(
        request,
        briefing,
        form=OpinionForm(request.POST, units=_briefing_units(briefing)),
        form_name="opinion_form",
        anchor="y-kien",
        run=lambda data: services.opinion_add(actor=request.user, briefing=briefing, **data),
        success=_("Đã ghi ý kiến."),
    )


@login_required
@require_POST
def opinion_delete(request: HttpRequest, pk: int, opinion_pk: int) -> HttpResponse:
    briefing = _managed(request, pk)
    opinion = get_object_or_404(Opinion, pk=opinion_pk, briefing=briefing)
    return _one_click(
        request,
        briefing,
        "y-kien",
        lambda: services.opinion_delete(actor=request.user, opinion=opinion),
        _("Đã xóa ý kiến."),
    )


@login_required
@require_POST
def conclusion_add(request: HttpRequest, pk: int) -> HttpResponse:
    briefing = _managed(request, pk)
    return _form_action(
        request,
        briefing,
        form=ConclusionForm(request.POST, units=_briefing_units(briefing)),
        form_name="conclusion_form",
        anchor="ket-luan",
        run=lambda data: services.conclusion_item_add(actor=request.user, briefing=briefing, **data),
        success=_("Đã thêm kết luận."),
    )


def _item(briefing: Briefing, item_pk: int) -> ConclusionItem:
    return get_object_or_404(
        ConclusionItem.objects.select_related("version"), pk=item_pk, version__briefing=briefing
    )


@login_required
@require_POST
def conclusion_update(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    briefing = _managed(request, pk)
    item = _item(briefing, item_pk)
    return _form_action(
        request,
        briefing,
        form=ConclusionForm(request.POST, units=_briefing_units(briefing)),
        form_name="conclusion_edit_form",
        anchor=f"ket-luan-{item.pk}",
        run=lambda data: services.conclusion_item_update(actor=request.user, item=item, **data),
        success=_("Đã sửa kết luận."),
    )


@login_required
@require_POST
def conclusion_delete(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    briefing = _managed(request, pk)
    item = _item(briefing, item_pk)
    return _one_click(
        request,
        briefing,
        "ket-luan",
        lambda: services.conclusion_item_delete(actor=request.user, item=item),
        _("Đã xóa kết luận."),
    )


@login_required
@require_POST
def conclusion_task_create(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    briefing = _managed(request, pk)
    item = _item(briefing, item_pk)
    return _form_action(
        request,
        briefing,
        form=ConclusionTaskForm(request.POST, units=_briefing_units(briefing)),
        form_name="task_form",
        anchor=f"ket-luan-{item.pk}",
        run=lambda data: services.conclusion_task_create(actor=request.user, item=item, **data),
        success=_("Đã giao nhiệm vụ từ kết luận."),
    )


@login_required
@require_POST
def conclusion_version_new(request: HttpRequest, pk: int) -> HttpResponse:
    briefing = _managed(request, pk)
    return _form_action(
        request,
        briefing,
        form=ReasonForm(request.POST),
        form_name="version_form",
        anchor="ket-luan",
        run=lambda data: services.conclusion_version_new(
            actor=request.user, briefing=briefing, reason=data["reason"]
        ),
        success=_("Đã tạo lần điều chỉnh kết luận; bản đã ban hành được giữ nguyên."),
    )


@login_required
@require_POST
def notice_issue(request: HttpRequest, pk: int) -> HttpResponse:
    briefing = _managed(request, pk)
    return _one_click(
        request,
        briefing,
        "ket-luan",
        lambda: services.notice_issue(actor=request.user, briefing=briefing),
        _("Đã cấp số và ban hành thông báo kết luận."),
    )


# --- the unit's view ----------------------------------------------------------------------------------------


def _unit_context(request: HttpRequest, briefing: Briefing, bound: dict[str, Any]) -> dict[str, Any]:
    mine = selectors.attendances_user_answers(request.user, briefing)
    response_forms = {}
    for attendance in mine:
        response_forms[attendance.pk] = bound.get(f"response_{attendance.pk}") or AttendanceResponseForm(
            initial={
                "attend": "no" if attendance.response == "apologised" else "yes",
                "attendees": attendance.attendees,
                "reason": attendance.apology_reason,
            },
            prefix=f"a{attendance.pk}",
        )
    unit_ids = [attendance.unit_id for attendance in mine]
    units = Unit.objects.filter(pk__in=unit_ids).order_by("path")
    today = timezone.localdate()
    cutoff = briefing.proposal_cutoff or briefing.date - dt.timedelta(days=1)
    return {
        "briefing": briefing,
        "rows": [(attendance, response_forms[attendance.pk]) for attendance in mine],
        "proposal_form": bound.get("proposal_form") or ProposalForm(units=units),
        "proposals": list(
            briefing.proposals.filter(unit_id__in=unit_ids).select_related("unit").order_by("created_at")
        ),
        "can_answer": briefing.status in {BriefingStatus.PLANNED, BriefingStatus.INVITED}
        and today <= briefing.date,
        "can_propose": briefing.status in {BriefingStatus.PLANNED, BriefingStatus.INVITED}
        and today <= cutoff,
        "cutoff": cutoff,
        "agenda": list(briefing.agenda_items.all()),
        "invitation": OutgoingDocument.objects.filter(
            source_id=briefing.pk, source_role=INVITATION_ROLE, source_type__model="briefing"
        ).first(),
    }


@login_required
@require_GET
def unit_view(request: HttpRequest, pk: int) -> HttpResponse:
    briefing = selectors.briefing_get(user=request.user, pk=pk)
    return render(request, "meetings/unit_view.html", _unit_context(request, briefing, {}))


@login_required
@require_POST
def attendance_respond(request: HttpRequest, pk: int, attendance_pk: int) -> HttpResponse:
    briefing = selectors.briefing_get(user=request.user, pk=pk)
    attendance = get_object_or_404(
        Attendance.objects.select_related("unit"), pk=attendance_pk, briefing=briefing
    )
    form = AttendanceResponseForm(request.POST, prefix=f"a{attendance.pk}")
    if form.is_valid():
        try:
            services.attendance_respond(
                actor=request.user,
                attendance=attendance,
                attend=form.cleaned_data["attend"],
                attendees=form.cleaned_data["attendees"],
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as error:
            add_application_error(form, error)
            if error.status == 403:
                raise
        else:
            messages.success(
                request, _("Đã gửi trả lời giấy mời của %(unit)s.") % {"unit": attendance.unit.name}
            )
            return redirect(reverse("meetings:unit_view", args=[briefing.pk]))
    context = _unit_context(request, briefing, {f"response_{attendance.pk}": form})
    if attendance.pk not in {row[0].pk for row in context["rows"]}:
        raise NotFoundError(_("Bạn không trả lời giấy mời thay cho đơn vị này."))
    return render(request, "meetings/unit_view.html", context, status=400)


@login_required
@require_POST
def proposal_submit(request: HttpRequest, pk: int) -> HttpResponse:
    briefing = selectors.briefing_get(user=request.user, pk=pk)
    mine = selectors.attendances_user_answers(request.user, briefing)
    require(bool(mine), _("Chỉ đầu mối hoặc lãnh đạo của đơn vị được mời mới được đề xuất nội dung."))
    units = Unit.objects.filter(pk__in=[a.unit_id for a in mine])
    form = ProposalForm(request.POST, units=units)
    if form.is_valid():
        try:
            services.proposal_submit(actor=request.user, briefing=briefing, **form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Đã gửi đề xuất nội dung đến Ban."))
            return redirect(reverse("meetings:unit_view", args=[briefing.pk]) + "#de-xuat")
    return render(
        request,
        "meetings/unit_view.html",
        _unit_context(request, briefing, {"proposal_form": form}),
        status=400,
    )


# --- files --------------------------------------------------------------------------------------------------


def _file_response(field: Any, name: str, content_type: str) -> FileResponse:
    try:
        handle = field.open("rb")
    except (FileNotFoundError, OSError, ValueError) as error:
        raise NotFoundError(_("Không tìm thấy nội dung tệp «%(name)s».") % {"name": name}) from error
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    """The invitation or a notice of this briefing, as issued (DOCX)."""
    briefing = selectors.briefing_get(user=request.user, pk=pk)
    version_ids = list(briefing.conclusion_versions.values_list("pk", flat=True))
    document = (
        OutgoingDocument.objects.filter(pk=document_pk)
        .filter(
            Q(source_type__model="briefing", source_id=briefing.pk, source_role=INVITATION_ROLE)
            | Q(source_type__model="conclusionversion", source_id__in=version_ids, source_role=NOTICE_ROLE)
        )
        .first()
    )
    if document is None:
        raise NotFoundError(_("Không tìm thấy văn bản này của hội nghị."))
    name = (document.file.name or "van-ban.docx").rsplit("/", 1)[-1]
    return _file_response(document.file, name, DOCX)


@login_required
@require_GET
def agenda_document_download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    briefing = selectors.briefing_get(user=request.user, pk=pk)
    document = AgendaDocument.objects.filter(pk=document_pk, item__briefing=briefing).first()
    if document is None:
        raise NotFoundError(_("Không tìm thấy tài liệu này."))
    return _file_response(document.file, document.name, document.content_type or "application/octet-stream")


@login_required
@require_GET
def followup_docx(request: HttpRequest, pk: int) -> HttpResponse:
    from .documents import followup_docx as build

    briefing = selectors.briefing_get(user=request.user, pk=pk)
    followup = selectors.briefing_followup(briefing)
    content = build(briefing, rows=followup.rows, total=followup.total, today=followup.today)
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="ket-qua-thuc-hien-ket-luan-{briefing.pk}.docx"'
    response["Cache-Control"] = "private, no-store"
    return response
