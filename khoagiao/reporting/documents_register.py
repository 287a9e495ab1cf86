"""The register of outgoing documents as a workbook (the office's paper register, one row per number)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.text import fold_vi

from .documents import safe_cell
from .models.register import OutgoingDocument


def register_file_name(document: OutgoingDocument, extension: str) -> str:
    """'1-BC-BTGDVTU-2026.docx': the number and symbol in a file name any system accepts."""
    symbol = fold_vi(document.symbol.removeprefix("Số:").removeprefix("Số").strip())
    safe = "-".join(part for part in "".join(char if char.isalnum() else " " for char in symbol).split())
    return f"{safe.upper()}-{document.year}.{extension}"


def register_xlsx(
    documents: Iterable[OutgoingDocument],
    *,
    filter_summary: str = "",
    generated_at: dt.datetime | None = None,
) -> bytes:
    """Columns: number, symbol, date, kind, issuing unit, title, signer, recipients, status, reason of a
    cancelled number. Every text goes through `safe_cell` (a title typed "=…" stays text)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    generated_at = generated_at or timezone.now()
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Sổ văn bản đi")[:31]
    sheet.append([safe_cell(_("SỔ VĂN BẢN ĐI"))])
    sheet["A1"].font = Font(bold=True, size=14)
    if filter_summary:
        sheet.append([safe_cell(_("Lọc")), safe_cell(filter_summary)])
    sheet.append([safe_cell(_("Lập lúc")), timezone.localtime(generated_at).strftime("%H:%M %d/%m/%Y")])
    sheet.append([])
    header = [
        _("Số"),
        _("Số, ký hiệu"),
        _("Ngày ban hành"),
        _("Loại văn bản"),
        _("Đơn vị ban hành"),
        _("Trích yếu"),
        _("Người ký"),
        _("Nơi nhận"),
        _("Tình trạng"),
        _("Lý do hủy số"),
    ]
    sheet.append([safe_cell(text) for text in header])
    header_row = sheet.max_row
    fill = PatternFill("solid", fgColor="E8E8E8")
    for heading in sheet[header_row]:
        heading.font = Font(bold=True)
        heading.fill = fill
        heading.alignment = Alignment(wrap_text=True, vertical="center")
    count = 0
    for document in documents:
        count += 1
        sheet.append(
            [
                document.number,
                safe_cell(document.symbol),
                document.issued_on,
                safe_cell(document.get_kind_display()),
                safe_cell(document.issuing_unit.name),
                safe_cell(document.title),
                safe_cell(document.signer_name),
                safe_cell("; ".join(document.recipients.splitlines())),
                safe_cell(document.get_status_display()),
                safe_cell(document.cancel_reason),
            ]
        )
        # The row's number is counted, not read from `sheet.max_row` (which scans every row: quadratic).
        sheet.cell(row=header_row + count, column=3).number_format = "DD/MM/YYYY"
    sheet.append([])
    sheet.append([safe_cell(_("Tổng số văn bản")), count])
    for column, width in zip("ABCDEFGHIJ", (7, 22, 13, 14, 32, 60, 24, 40, 14, 36), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = f"A{header_row + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
