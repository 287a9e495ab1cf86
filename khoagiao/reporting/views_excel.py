"""Screens of the Excel figure form: download it, upload a filled one for a dry-run preview, then save it.

The preview never trusts posted values: the uploaded file is kept in storage (its name, hash and the report's
version at preview time in the session, per report), and "Lưu số liệu" parses that stored file again and saves
only if it is still the file previewed and the report has not changed meanwhile.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from khoagiao.core.errors import ApplicationError, ValidationFailed
from khoagiao.core.forms import BootstrapFormMixin, add_application_error
from khoagiao.core.permissions import require

from .excel import (
    MAX_UPLOAD_BYTES,
    XLSX_CONTENT_TYPE,
    ImportPreview,
    figure_form_build,
    figure_form_filename,
    figure_form_import,
)
from .models import Submission
from .permissions import EDITABLE, can_edit_submission
from .selectors import submission_get

SESSION_KEY = "reporting_excel_imports"
STORAGE_DIR = "reporting/excel-imports"


class FigureFormUploadForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp biểu số liệu đã nhập (.xlsx)"),
        help_text=gettext_lazy(
            "Tệp tải về từ trang này, tối đa 5 MB. Hệ thống cho xem trước, chưa lưu ngay."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Tệp «%(name)s» quá lớn (%(size)s MB); biểu số liệu tối đa %(max)d MB.")
                % {
                    "name": upload.name,
                    "size": f"{upload.size / 1024 / 1024:.1f}".replace(".", ","),
                    "max": MAX_UPLOAD_BYTES // 1024 // 1024,
                }
            )
        return upload


class FigureFormApplyForm(forms.Form):
    sha256 = forms.CharField(max_length=64, min_length=64, widget=forms.HiddenInput)


def _submission_url(submission: Submission) -> str:
    """The report's own page (built by the report screens); this page when that screen is absent."""
    try:
        return reverse("reporting:submission_detail", args=[submission.pk])
    except NoReverseMatch:
        return reverse("reporting:excel_upload", args=[submission.pk])


def _pending(request: HttpRequest, submission: Submission) -> dict[str, Any] | None:
    return request.session.get(SESSION_KEY, {}).get(str(submission.pk))


def _forget(request: HttpRequest, submission: Submission) -> None:
    imports = dict(request.session.get(SESSION_KEY, {}))
    pending = imports.pop(str(submission.pk), None)
    if pending is not None:
        default_storage.delete(pending["path"])
        request.session[SESSION_KEY] = imports


def _keep(
    request: HttpRequest, submission: Submission, data: bytes, name: str, preview: ImportPreview
) -> None:
    """Store the previewed upload (replacing an earlier one) so that saving re-reads exactly this file."""
    _forget(request, submission)
    path = default_storage.save(f"{STORAGE_DIR}/{uuid.uuid4().hex}.xlsx", ContentFile(data))
    imports = dict(request.session.get(SESSION_KEY, {}))
    imports[str(submission.pk)] = {
        "path": path,
        "sha256": preview.sha256,
        "version": preview.version,
        "name": name[:200],
    }
    request.session[SESSION_KEY] = imports


def _read_pending(pending: dict[str, Any]) -> bytes | None:
    try:
        with default_storage.open(pending["path"], "rb") as stored:
            data: bytes = stored.read()
    except (FileNotFoundError, OSError):
        return None
    return data if hashlib.sha256(data).hexdigest() == pending["sha256"] else None


def _render(
    request: HttpRequest,
    submission: Submission,
    form: FigureFormUploadForm,
    *,
    preview: ImportPreview | None = None,
    file_name: str = "",
) -> HttpResponse:
    return render(
        request,
        "reporting/excel/upload.html",
        {
            "submission": submission,
            "form": form,
            "preview": preview,
            "file_name": file_name,
            "apply_form": FigureFormApplyForm(initial={"sha256": preview.sha256}) if preview else None,
            "submission_url": _submission_url(submission),
            "max_mb": MAX_UPLOAD_BYTES // 1024 // 1024,
        },
    )


def _require_editor(request: HttpRequest, submission: Submission) -> None:
    if submission.status not in EDITABLE:
        raise ValidationFailed(
            _("Báo cáo đang ở trạng thái «%(status)s»; chỉ nhập số liệu được khi báo cáo còn ở đơn vị.")
            % {"status": submission.get_status_display()},
            code="not_editable",
        )
    require(
        can_edit_submission(request.user, submission),
        _("Chỉ đầu mối hoặc lãnh đạo của đơn vị mới nhập được số liệu khi báo cáo còn ở đơn vị."),
    )


@login_required
@require_GET
def excel_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The figure form of a report the user may read, pre-filled with the draft's figures."""
    submission = submission_get(user=request.user, pk=pk)
    response = HttpResponse(figure_form_build(submission), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{figure_form_filename(submission)}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def excel_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a filled form: the dry run shows every row with its value and error; nothing is saved yet."""
    submission = submission_get(user=request.user, pk=pk)
    _require_editor(request, submission)
    if request.method != "POST":
        return _render(request, submission, FigureFormUploadForm())
    form = FigureFormUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, submission, form)
    upload = form.cleaned_data["file"]
    data = upload.read()
    try:
        preview = figure_form_import(actor=request.user, submission=submission, data=data, dry_run=True)
    except ApplicationError as error:
        add_application_error(form, error)
        return _render(request, submission, form)
    if preview.has_errors:
        _forget(request, submission)
        return _render(request, submission, form, preview=preview, file_name=upload.name)
    _keep(request, submission, data, upload.name, preview)
    return _render(request, submission, FigureFormUploadForm(), preview=preview, file_name=upload.name)


@login_required
@require_POST
def excel_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the previewed file: parsed again from storage, at the version the preview was computed on."""
    submission = submission_get(user=request.user, pk=pk)
    _require_editor(request, submission)
    pending = _pending(request, submission)
    apply_form = FigureFormApplyForm(request.POST)
    upload_form = FigureFormUploadForm()
    if pending is None or not apply_form.is_valid():
        messages.error(request, _("Không còn bản xem trước nào để lưu; hãy tải tệp lên lại."))
        return redirect("reporting:excel_upload", submission.pk)
    if apply_form.cleaned_data["sha256"] != pending["sha256"]:
        messages.error(
            request,
            _("Bạn đã tải lên một tệp khác sau bản xem trước này; hãy xem bản xem trước mới nhất dưới đây."),
        )
        return redirect("reporting:excel_upload", submission.pk)
    data = _read_pending(pending)
    if data is None:
        _forget(request, submission)
        messages.error(request, _("Không còn bản xem trước nào để lưu; hãy tải tệp lên lại."))
        return redirect("reporting:excel_upload", submission.pk)
    try:
        preview = figure_form_import(
            actor=request.user,
            submission=submission,
            data=data,
            dry_run=False,
            expected_version=pending["version"],
        )
    except ApplicationError as error:
        # Typically someone saved the report meanwhile: show the file again against the report as it is now,
        # so the person sees what would change before saving once more. The file stays kept.
        submission = submission_get(user=request.user, pk=pk)
        messages.error(request, error.message)
        try:
            preview = figure_form_import(actor=request.user, submission=submission, data=data, dry_run=True)
        except ApplicationError:
            _forget(request, submission)
            return _render(request, submission, upload_form)
        if preview.has_errors:
            _forget(request, submission)
        else:
            _keep(request, submission, data, pending["name"], preview)
            messages.info(
                request,
                _(
                    "Bản xem trước dưới đây đã được tính lại theo báo cáo hiện tại (cột «Hiện có»); hãy xem lại "
                    "rồi bấm «Lưu số liệu» lần nữa."
                ),
            )
        return _render(request, submission, upload_form, preview=preview, file_name=pending["name"])
    if preview.has_errors:
        _forget(request, submission)
        return _render(request, submission, upload_form, preview=preview, file_name=pending["name"])
    _forget(request, submission)
    count = len(preview.changed_rows)
    if count:
        messages.success(
            request,
            _("Đã lưu %(count)d số liệu từ tệp «%(name)s» vào bản nháp.")
            % {"count": count, "name": pending["name"]},
        )
    else:
        messages.info(request, _("Số liệu trong tệp giống hệt bản nháp; không có gì thay đổi."))
    return redirect(_submission_url(submission))


@login_required
@require_POST
def excel_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Drop the kept upload without saving anything."""
    submission = submission_get(user=request.user, pk=pk)
    _forget(request, submission)
    messages.info(request, _("Đã hủy, không lưu số liệu nào từ tệp."))
    return redirect("reporting:excel_upload", submission.pk)
