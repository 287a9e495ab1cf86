"""The task page and its actions (per role), the assign and edit forms, extension requests and decisions,
attachments. A refused action re-renders the task page with the message on the form and the input kept."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from khoagiao.core.errors import ApplicationError, PermissionDeniedError
from khoagiao.core.forms import add_application_error
from khoagiao.core.permissions import require
from khoagiao.core.uploads import SizeLimitUploadHandler, format_size, upload_max_bytes

from . import selectors, services
from .buckets import task_behind_schedule, task_bucket_of, task_elapsed_percent, task_overdue_days
from .choices import TaskBucket, TaskStatus
from .forms import (
    ExtensionDecisionForm,
    ExtensionRequestForm,
    NoteForm,
    ProgressForm,
    ReasonForm,
    RecurrenceForm,
    ReportDoneForm,
    TaskAssignForm,
    TaskEditForm,
    VersionForm,
)
from .models import Task
from .permissions import (
    can_act_for_lead_unit,
    can_assign_tasks,
    can_manage_task,
    can_update_task_progress,
)
from .views import BUCKET_BADGES

WORKING = (TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS)
LEAD_ONLY = _lazy("Chỉ đầu mối hoặc lãnh đạo đơn vị chủ trì mới được thực hiện thao tác này.")
DEPARTMENT_ONLY = _lazy("Chỉ cán bộ của Ban phụ trách đơn vị mới được thực hiện thao tác này.")
OPEN = (*WORKING, TaskStatus.REPORTED_DONE)


def _detail_url(task: Task, anchor: str = "") -> str:
    return reverse("tasks:task_detail", args=[task.pk]) + (f"#{anchor}" if anchor else "")


def render_detail(request: HttpRequest, task: Task, *, status: int = 200, **forms: Any) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    is_manager = can_manage_task(user, task)
    is_lead = can_act_for_lead_unit(user, task)
    can_progress = can_update_task_progress(user, task) and task.status in WORKING
    pending = selectors.task_pending_extension(task)
    initial = {"version": task.version}
    bucket = task_bucket_of(task, today=today)
    context = {
        "task": task,
        "source": selectors.task_source_object(task),
        "bucket_label": TaskBucket(bucket).label if bucket else _("Đã hủy"),
        "bucket_badge": BUCKET_BADGES[TaskBucket(bucket)] if bucket else "text-bg-light border",
        "behind": task_behind_schedule(task, today=today),
        "elapsed": task_elapsed_percent(task, today=today),
        "overdue_days": task_overdue_days(task, today=today),
        "events": selectors.task_events(task),
        "thread": selectors.task_progress_thread(task),
        "extensions": selectors.task_extensions(task),
        "pending_extension": pending,
        "max_size": format_size(upload_max_bytes()),
        "can_start": is_lead and task.status == TaskStatus.ASSIGNED,
        "progress_form": forms.get("progress_form")
        or (ProgressForm(initial=initial) if can_progress else None),
        "done_form": forms.get("done_form")
        or (ReportDoneForm(initial=initial) if is_lead and task.status in WORKING else None),
        "extension_form": forms.get("extension_form")
        or (
            ExtensionRequestForm(initial=initial)
            if is_lead and task.status in WORKING and pending is None
            else None
        ),
        "verify_form": forms.get("verify_form")
        or (NoteForm(initial=initial) if is_manager and task.status == TaskStatus.REPORTED_DONE else None),
        "send_back_form": forms.get("send_back_form")
        or (ReasonForm(initial=initial) if is_manager and task.status == TaskStatus.REPORTED_DONE else None),
        "cancel_form": forms.get("cancel_form")
        or (ReasonForm(initial=initial, prefix="cancel") if is_manager and task.status in OPEN else None),
        "decision_form": forms.get("decision_form")
        or (ExtensionDecisionForm() if is_manager and pending is not None else None),
        "can_edit": is_manager and task.status in OPEN,
        "error": forms.get("error"),
    }
    return render(request, "tasks/task_detail.html", context, status=status)


@login_required
@require_GET
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_detail(request, selectors.task_get(user=request.user, pk=pk))


def _refused(
    request: HttpRequest, task: Task, form_name: str, form: Any, error: ApplicationError
) -> HttpResponse:
    if isinstance(error, PermissionDeniedError):
        raise error
    add_application_error(form, error)
    return render_detail(
        request,
        selectors.task_get(user=request.user, pk=task.pk),
        status=400 if error.status == 400 else error.status,
        **{form_name: form},
    )


def _version(form: Any) -> int | None:
    return form.cleaned_data.get("version") if hasattr(form, "cleaned_data") else None


@login_required
@require_POST
def task_start(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    form = VersionForm(request.POST)
    form.is_valid()
    services.task_start(actor=request.user, task=task, expected_version=_version(form))
    messages.success(request, _("Đã chuyển nhiệm vụ sang «Đang thực hiện»."))
    return redirect(_detail_url(task))


def _upload_view(inner: Any) -> Any:
    """POSTs with files: the size guard goes in before anything reads the body (so the CSRF check runs right
    after, inside `inner`)."""

    @csrf_exempt
    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        handler = SizeLimitUploadHandler(request, upload_max_bytes())
        request.upload_handlers.insert(0, handler)
        return csrf_protect(inner)(request, pk, handler)

    view.__name__ = inner.__name__
    return view


def _too_large(form: Any, handler: SizeLimitUploadHandler) -> bool:
    if not handler.too_large:
        return False
    form.is_valid()
    form.errors.pop("attachments", None)
    form.add_error(
        "attachments",
        _("Tệp «%(name)s» vượt quá mức tối đa %(max)s cho mỗi tệp đính kèm; tệp chưa được tải lên.")
        % {"name": handler.too_large[0], "max": format_size(upload_max_bytes())},
    )
    return True


def _task_progress(request: HttpRequest, pk: int, handler: SizeLimitUploadHandler) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    require(
        can_update_task_progress(request.user, task),
        _(
            "Nhiệm vụ này không phải của đơn vị bạn: chỉ đơn vị chủ trì và đơn vị phối hợp mới được báo cáo tiến độ."
        ),
    )
    form = ProgressForm(request.POST, request.FILES)
    if _too_large(form, handler) or not form.is_valid():
        return render_detail(request, task, status=400, progress_form=form)
    try:
        services.task_progress_add(
            actor=request.user,
            task=task,
            text=form.cleaned_data["text"],
            percent=form.cleaned_data.get("percent"),
            files=form.cleaned_data.get("attachments") or [],
            expected_version=_version(form),
        )
    except ApplicationError as error:
        return _refused(request, task, "progress_form", form, error)
    messages.success(request, _("Đã ghi báo cáo tiến độ."))
    return redirect(_detail_url(task, "tien-do"))


def _task_report_done(request: HttpRequest, pk: int, handler: SizeLimitUploadHandler) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    require(can_act_for_lead_unit(request.user, task), str(LEAD_ONLY))
    form = ReportDoneForm(request.POST, request.FILES)
    if _too_large(form, handler) or not form.is_valid():
        return render_detail(request, task, status=400, done_form=form)
    try:
        services.task_report_done(
            actor=request.user,
            task=task,
            text=form.cleaned_data["text"],
            completed_on=form.cleaned_data.get("completed_on"),
            files=form.cleaned_data.get("attachments") or [],
            expected_version=_version(form),
        )
    except ApplicationError as error:
        return _refused(request, task, "done_form", form, error)
    messages.success(request, _("Đã báo cáo hoàn thành; nhiệm vụ chờ Ban xác nhận."))
    return redirect(_detail_url(task))


task_progress = _upload_view(_task_progress)
task_report_done = _upload_view(_task_report_done)


@login_required
@require_POST
def task_verify(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    require(can_manage_task(request.user, task), str(DEPARTMENT_ONLY))
    form = NoteForm(request.POST)
    form.is_valid()
    try:
        services.task_verify(
            actor=request.user,
            task=task,
            note=form.cleaned_data.get("note", ""),
            expected_version=_version(form),
        )
    except ApplicationError as error:
        return _refused(request, task, "verify_form", form, error)
    messages.success(request, _("Đã xác nhận nhiệm vụ hoàn thành."))
    return redirect(_detail_url(task))


@login_required
@require_POST
def task_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    require(can_manage_task(request.user, task), str(DEPARTMENT_ONLY))
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return render_detail(request, task, status=400, send_back_form=form)
    try:
        services.task_send_back(
            actor=request.user, task=task, reason=form.cleaned_data["reason"], expected_version=_version(form)
        )
    except ApplicationError as error:
        return _refused(request, task, "send_back_form", form, error)
    messages.success(request, _("Đã trả lại nhiệm vụ cho đơn vị thực hiện tiếp."))
    return redirect(_detail_url(task))


@login_required
@require_POST
def task_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    require(can_manage_task(request.user, task), str(DEPARTMENT_ONLY))
    form = ReasonForm(request.POST, prefix="cancel")
    if not form.is_valid():
        return render_detail(request, task, status=400, cancel_form=form)
    try:
        services.task_cancel(
            actor=request.user, task=task, reason=form.cleaned_data["reason"], expected_version=_version(form)
        )
    except ApplicationError as error:
        return _refused(request, task, "cancel_form", form, error)
    messages.success(request, _("Đã hủy nhiệm vụ."))
    return redirect(_detail_url(task))


@login_required
@require_POST
def extension_request(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    require(can_act_for_lead_unit(request.user, task), str(LEAD_ONLY))
    form = ExtensionRequestForm(request.POST)
    if not form.is_valid():
        return render_detail(request, task, status=400, extension_form=form)
    try:
        services.extension_request(
            actor=request.user,
            task=task,
            requested_due_date=form.cleaned_data["requested_due_date"],
            reason=form.cleaned_data["reason"],
            expected_version=_version(form),
        )
    except ApplicationError as error:
        return _refused(request, task, "extension_form", form, error)
    messages.success(request, _("Đã gửi đề nghị gia hạn tới Ban."))
    return redirect(_detail_url(task, "gia-han"))


@login_required
@require_POST
def extension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    extension = selectors.extension_get(user=request.user, pk=pk)
    task = extension.task
    require(can_manage_task(request.user, task), str(DEPARTMENT_ONLY))
    form = ExtensionDecisionForm(request.POST)
    if not form.is_valid():
        return render_detail(request, task, status=400, decision_form=form)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.extension_decide(
            actor=request.user,
            extension=extension,
            approve=approve,
            note=form.cleaned_data.get("note", ""),
            due_date=form.cleaned_data.get("due_date"),
        )
    except ApplicationError as error:
        return _refused(request, task, "decision_form", form, error)
    messages.success(request, _("Đã đồng ý gia hạn.") if approve else _("Đã từ chối đề nghị gia hạn."))
    return redirect(_detail_url(task, "gia-han"))


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = selectors.attachment_get(user=request.user, pk=pk)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )


# --- Assign and edit ---------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def task_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can_assign_tasks(user):
        raise PermissionDeniedError(_("Chỉ cán bộ của Ban mới được giao nhiệm vụ."))
    units = selectors.task_assignable_units(user=user)
    fields = selectors.task_field_choices()
    form = TaskAssignForm(request.POST or None, units=units, fields=fields)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task = services.task_create(
                actor=user,
                title=data["title"],
                description=data["description"],
                lead_unit=data["lead_unit"],
                coordinating_units=data["coordinating_units"],
                due_date=data["due_date"],
                assigned_on=data.get("assigned_on"),
                priority=data["priority"],
                field=data.get("field"),
                source_kind=data["source_kind"],
                source_label=data.get("source_label", ""),
                assigning_unit=_department_of(user),
            )
        except ApplicationError as error:
            fields_errors = error.details.get("fields") or {}
            if fields_errors:
                for name, message in fields_errors.items():
                    form.add_error(name if name in form.fields else None, message)
            else:
                add_application_error(form, error)
        else:
            messages.success(request, _("Đã giao nhiệm vụ «%(title)s».") % {"title": task.title})
            return redirect(_detail_url(task))
    return render(
        request, "tasks/task_form.html", {"form": form, "task": None}, status=400 if form.errors else 200
    )


def _department_of(user: Any) -> Any:
    from khoagiao.accounts.selectors import membership_units_for_user

    from .permissions import DEPARTMENT

    units = membership_units_for_user(user, roles=DEPARTMENT)
    return units[0] if units else None


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    task = selectors.task_get(user=user, pk=pk)
    if not can_manage_task(user, task):
        raise PermissionDeniedError(_("Chỉ cán bộ của Ban phụ trách đơn vị mới được sửa nhiệm vụ."))
    units = selectors.task_assignable_units(user=user)
    fields = selectors.task_field_choices()
    initial = {
        "version": task.version,
        "title": task.title,
        "description": task.description,
        "lead_unit": task.lead_unit,
        "coordinating_units": list(task.coordinating_units.all()),
        "due_date": task.due_date,
        "priority": task.priority,
        "field": task.field,
    }
    form = TaskEditForm(request.POST or None, initial=initial, units=units, fields=fields)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.task_edit(actor=user, task=task, expected_version=version, **data)
        except ApplicationError as error:
            if isinstance(error, PermissionDeniedError):
                raise
            fields_errors = error.details.get("fields") or {}
            if fields_errors:
                for name, message in fields_errors.items():
                    form.add_error(name if name in form.fields else None, message)
            else:
                add_application_error(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi của nhiệm vụ."))
            return redirect(_detail_url(task))
    return render(
        request, "tasks/task_form.html", {"form": form, "task": task}, status=400 if form.errors else 200
    )


# --- Recurring tasks -------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def recurrence_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can_assign_tasks(user):
        raise PermissionDeniedError(_("Chỉ cán bộ của Ban mới được quản lý nhiệm vụ định kỳ."))
    form = RecurrenceForm(
        request.POST or None,
        units=selectors.task_assignable_units(user=user),
        fields=selectors.task_field_choices(),
        initial={"starts_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            recurrence = services.recurrence_create(actor=user, assigning_unit=_department_of(user), **data)
        except ApplicationError as error:
            if isinstance(error, PermissionDeniedError):
                raise
            fields_errors = error.details.get("fields") or {}
            for name, message in fields_errors.items():
                form.add_error(name if name in form.fields else None, message)
            if not fields_errors:
                add_application_error(form, error)
        else:
            created = services.recurrence_generate(recurrence, today=timezone.localdate())
            messages.success(
                request,
                _("Đã tạo nhiệm vụ định kỳ «%(title)s»; %(count)d lần giao đầu tiên đã được tạo.")
                % {"title": recurrence.title, "count": len(created)},
            )
            return redirect("tasks:recurrence_list")
    return render(
        request,
        "tasks/recurrence_list.html",
        {"form": form, "recurrences": selectors.recurrence_list(user=user)},
        status=400 if form.errors else 200,
    )
