"""Files attached to a unit's report (công văn, phụ lục, ảnh).

An upload is checked by its content, never by its name alone: the first bytes (and, for zip containers, the
parts inside) must be one of the allowed document or image kinds, and the name's extension must fit that kind.
Size (`REPORTING_ATTACHMENT_MAX_BYTES`, 20 MB by default) and count (20 per report) are limited. Removing a file
from a draft only marks it removed: a revision that was submitted with it can still be downloaded whole.
"""

from __future__ import annotations

import os
from typing import IO, Any

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.audit import acting_user, audit_record
from khoagiao.core.errors import ValidationFailed
from khoagiao.core.permissions import require
from khoagiao.core.uploads import OLE_TYPES, clean_upload_name, file_sha256, upload_check

from ..choices import SubmissionStatus
from ..models import Submission, SubmissionAttachment
from ..permissions import EDITABLE, can_edit_submission

MAX_ATTACHMENTS = 20


def _require_editable(actor: Any, submission: Submission) -> None:
    if submission.status not in EDITABLE:
        raise ValidationFailed(
            _("Báo cáo đang ở trạng thái «%(status)s», không thể thay đổi tệp đính kèm.")
            % {"status": submission.get_status_display()},
            code="not_editable",
        )
    require(
        can_edit_submission(actor, submission),
        _("Chỉ đầu mối hoặc lãnh đạo của đơn vị mới được đính kèm tệp vào báo cáo này."),
    )


@transaction.atomic
def attachment_add(*, actor: Any, submission: Submission, file: Any) -> SubmissionAttachment:
    """Attach an uploaded file (a Django UploadedFile or any File) to the unit's draft."""
    submission = Submission.objects.select_for_update().select_related("period", "unit").get(pk=submission.pk)
    _require_editable(actor, submission)
    name = clean_upload_name(getattr(file, "name", ""))
    active = submission.attachments.filter(removed_at__isnull=True).count()
    if active >= MAX_ATTACHMENTS:
        raise ValidationFailed(
            _("Mỗi báo cáo có tối đa %(max)d tệp đính kèm; hãy gỡ bớt tệp trước khi thêm «%(name)s».")
            % {"max": MAX_ATTACHMENTS, "name": name},
            code="too_many_files",
            details={"field": "file"},
        )
    size = int(getattr(file, "size", 0) or 0)
    stream: IO[bytes] = file.file if hasattr(file, "file") and file.file is not None else file
    kind = upload_check(name=name, size=size, stream=stream)
    content_type = OLE_TYPES.get(os.path.splitext(name)[1].lower(), kind.content_type)
    attachment = SubmissionAttachment(
        submission=submission,
        name=name,
        size=size,
        content_type=content_type,
        sha256=file_sha256(stream),
        uploaded_by=acting_user(actor),
    )
    stream.seek(0)
    attachment.file.save(name, File(stream, name=name), save=False)
    attachment.save()
    if submission.status == SubmissionStatus.NOT_STARTED:
        # Adding a file starts the draft; the version is not bumped, since a file overwrites nobody's typing.
        submission.status = SubmissionStatus.DRAFT
        submission.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="reporting.attachment_add",
        obj=submission,
        after={"attachment": attachment.pk, "name": name, "size": size, "sha256": attachment.sha256},
    )
    return attachment


@transaction.atomic
def attachment_remove(*, actor: Any, attachment: SubmissionAttachment) -> SubmissionAttachment:
    """Take a file off the draft. The stored file stays: earlier revisions may name it."""
    attachment = (
        SubmissionAttachment.objects.select_for_update()
        .select_related("submission", "submission__unit")
        .get(pk=attachment.pk)
    )
    _require_editable(actor, attachment.submission)
    if attachment.removed_at is not None:
        raise ValidationFailed(
            _("Tệp «%(name)s» đã được gỡ khỏi báo cáo.") % {"name": attachment.name}, code="already_removed"
        )
    attachment.removed_at = timezone.now()
    attachment.save(update_fields=["removed_at"])
    audit_record(
        actor=actor,
        action="reporting.attachment_remove",
        obj=attachment.submission,
        after={"attachment": attachment.pk, "name": attachment.name},
    )
    return attachment
