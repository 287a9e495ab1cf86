"""Opening an uploaded figure form: anything that is not really an XLSX workbook (a zip with
`[Content_Types].xml` declaring a spreadsheet) of reasonable size is refused before openpyxl sees it."""

from __future__ import annotations

import io
import logging
import zipfile
from typing import Any

from django.utils.translation import gettext as _

# One logger for the whole figure form, `khoagiao.reporting.excel`, whichever of its modules logs.
logger = logging.getLogger(__package__)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# A 5 MB zip may inflate enormously (a "zip bomb"); a real figure form is a few hundred kilobytes unpacked.
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_ZIP_ENTRIES = 500

_SPREADSHEET_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml"
_MACRO_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
_WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class FileRefused(Exception):
    """The upload is not a workbook we can read; the message says why, in Vietnamese."""


def check_xlsx_bytes(data: bytes) -> None:
    """Refuse anything that is not really an XLSX workbook, before any spreadsheet library reads it."""
    if not data:
        raise FileRefused(_("Tệp tải lên rỗng."))
    if len(data) > MAX_UPLOAD_BYTES:
        raise FileRefused(
            _("Tệp quá lớn (%(size)s MB); biểu số liệu tối đa %(max)d MB.")
            % {
                "size": f"{len(data) / 1024 / 1024:.1f}".replace(".", ","),
                "max": MAX_UPLOAD_BYTES // 1024 // 1024,
            }
        )
    if data.startswith(_OLE_SIGNATURE):
        raise FileRefused(
            _(
                "Tệp là bảng tính Excel 97–2003 (.xls) hoặc tệp có đặt mật khẩu. Hãy mở tệp bằng Excel, bỏ mật "
                "khẩu nếu có, và lưu lại dưới dạng «Excel Workbook (.xlsx)»."
            )
        )
    if not data.startswith(b"PK\x03\x04"):
        raise FileRefused(
            _(
                "Tệp không phải bảng tính Excel (.xlsx): nội dung tệp không đúng định dạng, dù tên tệp có thể là .xlsx."
            )
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
        if (
            len(entries) > MAX_ZIP_ENTRIES
            or sum(entry.file_size for entry in entries) > MAX_UNCOMPRESSED_BYTES
        ):
            raise FileRefused(
                _("Tệp có cấu trúc bất thường (quá lớn khi giải nén); hệ thống không đọc tệp này.")
            )
        names = {entry.filename for entry in entries}
        if "[Content_Types].xml" not in names:
            raise FileRefused(_("Tệp nén này không phải tài liệu Office (.xlsx): thiếu phần mô tả nội dung."))
        content_types = archive.read("[Content_Types].xml").decode("utf-8", errors="replace")
        if archive.testzip() is not None:
            raise FileRefused(_("Tệp bị hỏng (dữ liệu nén sai); hãy lưu lại tệp rồi tải lên lần nữa."))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, KeyError, ValueError) as error:
        raise FileRefused(_("Tệp bị hỏng hoặc không phải bảng tính Excel (.xlsx).")) from error
    if _MACRO_MAIN in content_types:
        raise FileRefused(
            _(
                "Tệp là bảng tính có macro (.xlsm); hệ thống không nhận tệp có macro. Hãy lưu lại dưới dạng .xlsx."
            )
        )
    if _WORD_MAIN in content_types:
        raise FileRefused(_("Tệp là văn bản Word, không phải bảng tính Excel (.xlsx)."))
    if _SPREADSHEET_MAIN not in content_types and _TEMPLATE_MAIN not in content_types:
        raise FileRefused(_("Tệp là tài liệu Office nhưng không phải bảng tính Excel (.xlsx)."))


def _load(data: bytes, *, data_only: bool) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(data), data_only=data_only, read_only=False, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds on damaged content; all mean "unreadable"
        logger.info("figure form unreadable", extra={"error": repr(error)})
        raise FileRefused(
            _("Không đọc được nội dung bảng tính: tệp bị hỏng hoặc không đúng cấu trúc .xlsx.")
        ) from error
