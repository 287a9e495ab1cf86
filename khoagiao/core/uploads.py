"""Checking uploaded files by their content, shared by every app that takes attachments.

An upload is checked by its content, never by its name alone: the first bytes (and, for zip containers, the
parts inside) must be one of the allowed document or image kinds, and the name's extension must fit that kind.
Size is limited by `UPLOAD_MAX_BYTES` (20 MB by default; `REPORTING_ATTACHMENT_MAX_BYTES` is still honoured).
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest
from django.utils.translation import gettext as _

from .errors import ValidationFailed

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
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


def upload_max_bytes() -> int:
    configured = getattr(settings, "UPLOAD_MAX_BYTES", None)
    if configured is None:
        configured = getattr(settings, "REPORTING_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES)
    return int(configured or DEFAULT_MAX_BYTES)


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


def clean_upload_name(name: str) -> str:
    base = os.path.basename((name or "").replace("\\", "/")).strip().replace("\x00", "")
    if len(base) > NAME_MAX:
        stem, ext = os.path.splitext(base)
        base = stem[: NAME_MAX - len(ext)] + ext
    return base or "tep-dinh-kem"


def file_sha256(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    stream.seek(0)
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def upload_check(*, name: str, size: int, stream: IO[bytes]) -> FileKind:
    """Refuse a file that is empty, too large, or not really one of the allowed kinds; name it in the
    message."""
    limit = upload_max_bytes()
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


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops reading a file as soon as it passes the size limit: a 50 MB upload is never written out whole.
    The names of the files cut off are kept so that the page can name them."""

    def __init__(self, request: HttpRequest | None, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.too_large: list[str] = []
        self.received = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_large.append(self.file_name or "")
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
