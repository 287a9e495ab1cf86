"""Files attached to a unit's report (công văn, phụ lục, ảnh).

An upload is checked by its content, never by its name alone: the first bytes (and, for zip containers, the
parts inside) must be one of the allowed document or image kinds, and the name's extension must fit that kind.
Size (`REPORTING_ATTACHMENT_MAX_BYTES`, 20 MB by default) and count (20 per report) are limited. Removing a file
from a draft only marks it removed: a revision that was submitted with it can still be downloaded whole.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.audit import acting_user, audit_record
from khoagiao.core.errors import ValidationFailed
from khoagiao.core.permissions import require

from ..choices import SubmissionStatus
from ..models import Submission, SubmissionAttachment
from ..permissions import EDITABLE, can_edit_submission

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_ATTACHMENTS = 20
NAME_MAX = 200

PDF = b"%PDF-"
ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
JPEG = b"\xff\xd8\xff"
PNG = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class FileKind:
    label: str
    content_type: str
    extensions: frozenset[str]


KINDS = {
    "pdf": FileKind("PDF", "application/pdf", frozenset({".pdf"})),
    "docx": FileKind(
        "Word (DOCX)",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        frozenset({".docx"}),
    ),
    "xlsx": FileKind(
        "Excel (XLSX)",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        frozenset({".xlsx"}),
    ),
    "pptx": FileKind(
        "PowerPoint (PPTX)",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        frozenset({".pptx"}),
    ),
    "ole": FileKind("Word/Excel 97–2003 (DOC, XLS)", "application/octet-stream", frozenset({".doc", ".xls"})),
    "jpeg": FileKind("JPEG", "image/jpeg", frozenset({".jpg", ".jpeg"})),
    "png": FileKind("PNG", "image/png", frozenset({".png"})),
    "odt": FileKind(
        "OpenDocument Text (ODT)", "application/vnd.oasis.opendocument.text", frozenset({".odt"})
    ),
    "ods": FileKind(
        "OpenDocument Spreadsheet (ODS)",
        "application/vnd.oasis.opendocument.spreadsheet",
        frozenset({".ods"}),
    ),
}
OLE_TYPES = {".doc": "application/msword", ".xls": "application/vnd.ms-excel"}
OOXML_MAIN_PART = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}
ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
}


def attachment_max_bytes() -> int:
    return int(getattr(settings, "REPORTING_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def format_size(size: int) -> str:
    """Sizes as people say them: "20 MB", "350 KB" (decimal comma)."""
    if size >= 1024 * 1024:
        value = size / (1024 * 1024)
        text = f"{value:.1f}".rstrip("0").rstrip(".")
        return f"{text.replace('.', ',')} MB"
    if size >= 1024:
        return f"{round(size / 1024)} KB"
    return f"{size} B"


def _zip_kind(stream: IO[bytes]) -> str | None:
    """An OOXML document (zip with [Content_Types].xml and its main part) or an OpenDocument (zip whose
    `mimetype` entry names it). Only the directory and the tiny mimetype entry are read: no extraction."""
    try:
        with zipfile.ZipFile(stream) as archive:
            names = archive.namelist()
            if "[Content_Types].xml" in names:
                for prefix, kind in OOXML_MAIN_PART.items():
                    if any(name.startswith(prefix) for name in names):
                        return kind
                return None
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 200:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                return ODF_MIMETYPES.get(mimetype)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, RuntimeError, NotImplementedError):
        return None
    return None


def detect_kind(stream: IO[bytes]) -> str | None:
    """The kind of a file from its content, or None when it is none of the allowed ones."""
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    if head.startswith(PDF):
        return "pdf"
    if head.startswith(OLE):
        return "ole"
    if head.startswith(JPEG):
        return "jpeg"
    if head.startswith(PNG):
        return "png"
    if head.startswith(ZIP):
        kind = _zip_kind(stream)
        stream.seek(0)
        return kind
    return None


def _clean_name(name: str) -> str:
    base = os.path.basename((name or "").replace("\\", "/")).strip().replace("\x00", "")
    if len(base) > NAME_MAX:
        stem, ext = os.path.splitext(base)
        base = stem[: NAME_MAX - len(ext)] + ext
    return base or "tep-dinh-kem"


def _sha256(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    stream.seek(0)
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


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


def attachment_check(*, name: str, size: int, stream: IO[bytes]) -> FileKind:
    """Refuse a file that is empty, too large, or not really one of the allowed kinds; name it in the
    message."""
    limit = attachment_max_bytes()
    if size <= 0:
        raise ValidationFailed(
            _("Tệp «%(name)s» rỗng (0 byte).") % {"name": name}, code="empty_file", details={"field": "file"}
        )
    if size > limit:
        raise ValidationFailed(
            _("Tệp «%(name)s» có dung lượng %(size)s, vượt quá mức tối đa %(max)s cho mỗi tệp đính kèm.")
            % {"name": name, "size": format_size(size), "max": format_size(limit)},
            code="file_too_large",
            details={"field": "file"},
        )
    kind_code = detect_kind(stream)
    extension = os.path.splitext(name)[1].lower()
    if kind_code is None:
        raise ValidationFailed(
            _(
                "Tệp «%(name)s» không phải là tài liệu hoặc ảnh được phép (nội dung tệp không đúng định dạng). "
                "Chỉ nhận PDF, Word, Excel, PowerPoint, OpenDocument, JPEG, PNG."
            )
            % {"name": name},
            code="file_type",
            details={"field": "file"},
        )
    kind = KINDS[kind_code]
    if extension not in kind.extensions:
        raise ValidationFailed(
            _(
                "Tệp «%(name)s» có nội dung là %(kind)s nhưng phần đuôi tên là «%(ext)s». "
                "Hãy đặt lại tên tệp cho đúng (%(allowed)s) rồi tải lên lại."
            )
            % {
                "name": name,
                "kind": kind.label,
                "ext": extension or _("(không có)"),
                "allowed": ", ".join(sorted(kind.extensions)),
            },
            code="file_type",
            details={"field": "file"},
        )
    return kind


@transaction.atomic
def attachment_add(*, actor: Any, submission: Submission, file: Any) -> SubmissionAttachment:
    """Attach an uploaded file (a Django UploadedFile or any File) to the unit's draft."""
    submission = Submission.objects.select_for_update().select_related("period", "unit").get(pk=submission.pk)
    _require_editable(actor, submission)
    name = _clean_name(getattr(file, "name", ""))
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
    kind = attachment_check(name=name, size=size, stream=stream)
    content_type = OLE_TYPES.get(os.path.splitext(name)[1].lower(), kind.content_type)
    attachment = SubmissionAttachment(
        submission=submission,
        name=name,
        size=size,
        content_type=content_type,
        sha256=_sha256(stream),
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
