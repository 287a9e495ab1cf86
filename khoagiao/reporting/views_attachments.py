"""The files attached to a unit's draft: add (with the size limit enforced while the upload streams in),
download, remove. A refusal (a frozen report, a file too large or not allowed) is shown on the report page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from khoagiao.core.errors import NotFoundError, ValidationFailed
from khoagiao.core.forms import add_application_error
from khoagiao.core.uploads import SizeLimitUploadHandler, upload_max_bytes

from . import selectors
from .forms_submissions import AttachmentForm
from .models import Submission
from .services import attachments as attachment_services
from .views_drafts import NotEditableNow, editable_submission
from .views_submissions import render_detail, size_label


def _files_frozen_response(request: HttpRequest, submission: Submission) -> HttpResponse:
    error = ValidationFailed(
        _("Báo cáo đang ở trạng thái «%(status)s», không thể thay đổi tệp đính kèm.")
        % {"status": submission.get_status_display()}
    )
    return render_detail(request, submission, error=error, status=409)


@csrf_exempt
@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    # The size guard must be in place before anything reads the body, hence no CSRF check before it (the
    # CSRF middleware would parse the upload); the check runs right after, in `_attachment_add`.
    handler = SizeLimitUploadHandler(request, upload_max_bytes())
    request.upload_handlers.insert(0, handler)
    return _attachment_add(request, pk, handler)


@csrf_protect
def _attachment_add(request: HttpRequest, pk: int, handler: SizeLimitUploadHandler) -> HttpResponse:
    try:
        submission = editable_submission(request, pk)
    except NotEditableNow as refused:
        return _files_frozen_response(request, refused.submission)
    max_label = size_label(upload_max_bytes())
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
        return render_detail(request, submission, attachment_form=form, status=400)
    if not form.is_valid():
        return render_detail(request, submission, attachment_form=form, status=400)
    try:
        attachment = attachment_services.attachment_add(
            actor=request.user, submission=submission, file=form.cleaned_data["file"]
        )
    except ValidationFailed as error:
        add_application_error(form, error)
        return render_detail(request, submission, attachment_form=form, status=400)
    messages.success(request, _("Đã đính kèm tệp «%(name)s».") % {"name": attachment.name})
    return redirect(reverse("reporting:submission_detail", args=[submission.pk]) + "#tep-dinh-kem")


@login_required
@require_POST
def attachment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = selectors.attachment_get(user=request.user, pk=pk)
    try:
        editable_submission(request, attachment.submission_id)
    except NotEditableNow as refused:
        return _files_frozen_response(request, refused.submission)
    try:
        attachment_services.attachment_remove(actor=request.user, attachment=attachment)
    except ValidationFailed as error:
        return render_detail(request, attachment.submission, error=error, status=400)
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
