"""Files sent with a progress report or as evidence of completion. Checked by content (core.uploads), limited
in size and count, stored with their SHA-256. Files are never removed: they are the record of what was sent."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import IO, Any

from django.core.files.base import File
from django.utils.translation import gettext as _

from khoagiao.core.audit import acting_user
from khoagiao.core.errors import ValidationFailed
from khoagiao.core.uploads import OLE_TYPES, clean_upload_name, file_sha256, upload_check

from ..choices import AttachmentPurpose
from ..models import Task, TaskAttachment, TaskProgress

MAX_FILES_PER_REPORT = 10
MAX_FILES_PER_TASK = 50


def check_files(task: Task, files: Iterable[Any]) -> list[tuple[Any, str, int, str]]:
    """Check every file before anything is written: (file, clean name, size, content type) for each."""
    files = [file for file in files if file]
    if len(files) > MAX_FILES_PER_REPORT:
        raise ValidationFailed(
            _("Mỗi lần báo cáo đính kèm tối đa %(max)d tệp.") % {"max": MAX_FILES_PER_REPORT},
            code="too_many_files",
            details={"field": "attachments"},
        )
    if files and task.attachments.count() + len(files) > MAX_FILES_PER_TASK:
        raise ValidationFailed(
            _("Mỗi nhiệm vụ có tối đa %(max)d tệp đính kèm.") % {"max": MAX_FILES_PER_TASK},
            code="too_many_files",
            details={"field": "attachments"},
        )
    checked = []
    for file in files:
        name = clean_upload_name(getattr(file, "name", ""))
        size = int(getattr(file, "size", 0) or 0)
        stream = _stream(file)
        try:
            kind = upload_check(name=name, size=size, stream=stream)
        except ValidationFailed as error:
            raise ValidationFailed(
                error.message, code=error.code, details={"field": "attachments"}
            ) from error
        content_type = OLE_TYPES.get(os.path.splitext(name)[1].lower(), kind.content_type)
        checked.append((file, name, size, content_type))
    return checked


def _stream(file: Any) -> IO[bytes]:
    return file.file if hasattr(file, "file") and file.file is not None else file


def store_files(
    *,
    actor: Any,
    task: Task,
    progress: TaskProgress | None,
    checked: list[tuple[Any, str, int, str]],
    purpose: str = AttachmentPurpose.PROGRESS,
) -> list[TaskAttachment]:
    stored = []
    for file, name, size, content_type in checked:
        stream = _stream(file)
        attachment = TaskAttachment(
            task=task,
            progress=progress,
            purpose=purpose,
            name=name,
            size=size,
            content_type=content_type,
            sha256=file_sha256(stream),
            uploaded_by=acting_user(actor),
        )
        stream.seek(0)
        attachment.file.save(name, File(stream, name=name), save=False)
        attachment.save()
        stored.append(attachment)
    return stored
