"""XLSX builders of the reporting app, and `safe_cell`, the guard every spreadsheet export goes through.

A cell whose text starts with "=", "+", "-" or "@" (or a tab or carriage return) is read by Excel and
LibreOffice as a formula: a unit named "=HYPERLINK(...)" would become a live link in the department's export
(OWASP "CSV injection"). `safe_cell` prefixes such text with an apostrophe so it stays plain text, and drops the
control characters openpyxl refuses to write. Numbers, dates and booleans pass through untouched.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from .selectors_board import Board

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# The board's colours (static/reporting/board.css), for the cells of the export.
STATE_FILLS = {
    "on_time": "D1E7DD",
    "accepted": "A3CFBB",
    "late": "FFE69C",
    "missing": "F1AEB5",
    "draft": "CFE2FF",
    "returned": "FED7AA",
    "awaiting_approval": "E2D9F3",
    "pending": "F1F3F5",
}
# openpyxl refuses these (XML 1.0 cannot hold them); a unit name pasted from elsewhere may carry one.
_ILLEGAL = {code: None for code in [*range(0, 9), 11, 12, *range(14, 32)]}


def safe_cell(value: Any) -> Any:
    """The value to write in a spreadsheet cell: text that a spreadsheet would run as a formula is prefixed
    with an apostrophe and shown as typed; other values are returned as they are."""
    if value is None or isinstance(value, bool | int | float | Decimal | dt.date | dt.datetime | dt.time):
        return value
    if not isinstance(value, str):
        value = str(value)
    value = value.translate(_ILLEGAL)
    if value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _local(value: dt.datetime | None) -> dt.datetime | None:
    """openpyxl cannot store time zones: write the province's wall-clock time."""
    if value is None:
        return None
    return timezone.localtime(value).replace(tzinfo=None)


def board_xlsx(board: Board, *, generated_at: dt.datetime | None = None) -> bytes:
    """The completeness board as a workbook: a header block (duty, period range, filters, generation time),
    then one row per unit with a cell per period (newest first) and the unit's counts and rates, then the
    totals per period."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    generated_at = generated_at or timezone.now()
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Tình hình nộp báo cáo")[:31]
    bold = Font(bold=True)
    periods = board.periods
    sheet.append([safe_cell(_("TÌNH HÌNH NỘP BÁO CÁO"))])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([safe_cell(_("Chế độ báo cáo")), safe_cell(board.duty.name)])
    sheet.append([safe_cell(_("Đơn vị nhận")), safe_cell(board.duty.receiving_unit.name)])
    range_text = f"{periods[-1].label} – {periods[0].label}" if periods else "—"
    sheet.append([safe_cell(_("Các kỳ")), safe_cell(range_text)])
    if board.filter_summary:
        sheet.append([safe_cell(_("Lọc")), safe_cell(board.filter_summary)])
    sheet.append(
        [safe_cell(_("Lập lúc")), safe_cell(timezone.localtime(generated_at).strftime("%H:%M %d/%m/%Y"))]
    )
    for label_cells in sheet.iter_rows(min_row=2, max_row=sheet.max_row, max_col=1):
        label_cells[0].font = bold
    sheet.append([])

    counts = [
        _("Phải nộp (đã đến hạn)"),
        _("Đúng hạn"),
        _("Chậm"),
        _("Chưa nộp"),
        _("Tỷ lệ nộp (%)"),
        _("Tỷ lệ đúng hạn (%)"),
    ]
    header = [_("Mã đơn vị"), _("Đơn vị"), _("Loại"), _("Cấp"), *[p.label for p in periods], *counts]
    sheet.append([safe_cell(text) for text in header])
    header_row = sheet.max_row
    fill = PatternFill("solid", fgColor="E8E8E8")
    for heading in sheet[header_row]:
        heading.font = bold
        heading.fill = fill
        heading.alignment = Alignment(wrap_text=True, vertical="center")

    def rate(value: float | None) -> float | None:
        return None if value is None else round(value * 100, 1)

    for board_row in board.rows:
        unit = board_row.unit
        line: list[Any] = [unit.code, unit.name, unit.kind.name, unit.level.name]
        for entry in board_row.cells:
            line.append(entry.export_text if entry is not None else "—")
        stats = board_row.stats
        line += [
            stats.due,
            stats.on_time,
            stats.late,
            stats.missing,
            rate(stats.submission_rate),
            rate(stats.on_time_rate),
        ]
        sheet.append([safe_cell(value) for value in line])
        for offset, entry in enumerate(board_row.cells):
            if entry is not None and entry.state in STATE_FILLS:
                sheet.cell(row=sheet.max_row, column=5 + offset).fill = PatternFill(
                    "solid", fgColor=STATE_FILLS[entry.state]
                )

    sheet.append([])
    totals: list[Any] = [
        "",
        _("Tổng cộng: tỷ lệ nộp / đúng hạn (%)"),
        "",
        "",
    ]
    for stats in board.period_stats:
        if stats.due:
            totals.append(f"{rate(stats.submission_rate)} / {rate(stats.on_time_rate)}")
        else:
            totals.append(_("Chưa đến hạn"))
    total = board.total
    totals += [
        total.due,
        total.on_time,
        total.late,
        total.missing,
        rate(total.submission_rate),
        rate(total.on_time_rate),
    ]
    sheet.append([safe_cell(value) for value in totals])
    for total_cell in sheet[sheet.max_row]:
        total_cell.font = bold

    widths = [16, 44, 18, 12, *[18] * len(periods), *[12] * len(counts)]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"C{header_row + 1}"  # unit code and name stay in view
    workbook.properties.creator = "Khoa giáo"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
