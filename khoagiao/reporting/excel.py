"""The figure form as an Excel workbook: download it, fill it in offline, upload it with a dry-run preview.

The sheet has a header block (unit, duty, period, window, deadline, and the identifying cells "Mã kỳ" and "Mã
đơn vị" the import checks), then one row per indicator: code, name, unit of measure, what may be typed, the
figure now in the draft, and an input column. The sheet is protected except for the input column, so a person
filling it in cannot shift the layout by accident; the import still checks everything it reads.

An upload is refused before openpyxl sees it unless it really is an XLSX workbook (a zip with
`[Content_Types].xml` declaring a spreadsheet) of reasonable size. Every row is then parsed and checked against
the period's template: unknown or repeated codes, values of the wrong type or out of bounds, formulas without a
computed value. A dry run only reports; a real import saves nothing unless every row is valid, and then saves
all the figures at once through `submission_save_draft` (so value history, optimistic locking and the audit
trail are the draft's own).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import math
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.audit import audit_record
from khoagiao.core.errors import ValidationFailed
from khoagiao.core.permissions import require

from .choices import NUMERIC_TYPES, IndicatorValueType
from .documents import safe_cell
from .models import Indicator, Submission
from .permissions import EDITABLE, can_edit_submission, can_view_submission
from .services.submissions import current_values, submission_save_draft
from .validation import ParsedValue, ValueError_, format_number, parse_value, rule_violations

logger = logging.getLogger(__name__)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# A 5 MB zip may inflate enormously (a "zip bomb"); a real figure form is a few hundred kilobytes unpacked.
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_ZIP_ENTRIES = 500
MAX_ROWS = 2000

_SPREADSHEET_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml"
_MACRO_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
_WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# The layout. Header labels span columns A:B, their values C:G; the table starts below.
COL_ORDER, COL_CODE, COL_NAME, COL_UOM, COL_GUIDE, COL_CURRENT, COL_INPUT = range(1, 8)
LAST_COL = COL_INPUT
ROW_TITLE, ROW_HELP = 1, 2
ROW_UNIT, ROW_DUTY, ROW_PERIOD, ROW_WINDOW, ROW_DEADLINE = 3, 4, 5, 6, 7
ROW_PERIOD_ID, ROW_UNIT_CODE, ROW_VERSION = 8, 9, 10
ROW_TABLE_HEADER = 12
FIRST_DATA_ROW = ROW_TABLE_HEADER + 1
LIST_SHEET = "DanhMuc"


# --- Building the form -----------------------------------------------------------------------------------------


def _requirement(indicator: Indicator) -> str:
    """What may be typed for an indicator, in words (the guidance column)."""
    kind = indicator.value_type
    parts: list[str] = []
    low = format_number(indicator.min_value) if indicator.min_value is not None else None
    high = format_number(indicator.max_value) if indicator.max_value is not None else None
    if kind == IndicatorValueType.PERCENT and high is None:
        low, high = low or "0", "100"
    if kind in NUMERIC_TYPES:
        parts.append(str(IndicatorValueType(kind).label))
        if low is not None and high is not None:
            parts.append(_("từ %(low)s đến %(high)s") % {"low": low, "high": high})
        elif low is not None:
            parts.append(_("không nhỏ hơn %(low)s") % {"low": low})
        elif high is not None:
            parts.append(_("không lớn hơn %(high)s") % {"high": high})
        if kind == IndicatorValueType.PERCENT:
            parts.append(_("ghi 95,5 cho 95,5%"))
    elif kind == IndicatorValueType.BOOLEAN:
        parts.append(_("Có hoặc Không"))
    elif kind == IndicatorValueType.CHOICE:
        parts.append(_("Một trong: %(choices)s") % {"choices": "; ".join(str(c) for c in indicator.choices)})
    else:
        parts.append(_("Văn bản ngắn, tối đa 500 ký tự"))
    if indicator.is_cumulative:
        parts.append(_("lũy kế từ đầu năm"))
    if indicator.is_required:
        parts.append(_("bắt buộc"))
    text = ", ".join(parts)
    if indicator.guidance:
        text = f"{text}. {indicator.guidance}"
    return text


def _current_cell_value(value: ParsedValue | None) -> Any:
    if value is None or value.is_empty:
        return None
    if value.number is not None:
        return value.number
    return value.display()


def _data_validation(indicator: Indicator, list_ranges: dict[str, str]) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    kind = indicator.value_type
    label = f"{indicator.code} — {indicator.name}"[:32]
    if kind == IndicatorValueType.BOOLEAN:
        rule = DataValidation(type="list", formula1='"Có,Không"', allow_blank=True)
        rule.error = _("Chỉ nhập «Có» hoặc «Không».")
    elif kind == IndicatorValueType.CHOICE and indicator.code in list_ranges:
        rule = DataValidation(type="list", formula1=list_ranges[indicator.code], allow_blank=True)
        rule.error = _("Chọn một giá trị trong danh sách.")
    elif kind in NUMERIC_TYPES:
        low = indicator.min_value
        high = indicator.max_value
        if kind == IndicatorValueType.PERCENT and high is None:
            low, high = (low if low is not None else Decimal(0)), Decimal(100)
        kind_name: Literal["whole", "decimal"] = "whole" if kind == IndicatorValueType.INTEGER else "decimal"

        def text(number: Decimal) -> str:
            return format(number.normalize(), "f")

        if low is not None and high is not None:
            rule = DataValidation(
                type=kind_name, operator="between", formula1=text(low), formula2=text(high), allow_blank=True
            )
        elif low is not None:
            rule = DataValidation(
                type=kind_name, operator="greaterThanOrEqual", formula1=text(low), allow_blank=True
            )
        elif high is not None:
            rule = DataValidation(
                type=kind_name, operator="lessThanOrEqual", formula1=text(high), allow_blank=True
            )
        else:  # any number: the rule still refuses text typed into a number cell
            rule = DataValidation(
                type=kind_name, operator="greaterThanOrEqual", formula1="-999999999999999", allow_blank=True
            )
        rule.error = _requirement(indicator)[:255]
    else:
        return None
    # A warning, not a stop: the spreadsheet may disagree with our parser on a locale's separators; the import
    # is the judge and names every problem.
    rule.errorStyle = "warning"
    rule.errorTitle = label
    rule.showErrorMessage = True
    return rule


def figure_form_build(submission: Submission) -> bytes:
    """The unit's figure form for the period, pre-filled with the draft's current figures, as XLSX bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook.protection import WorkbookProtection
    from openpyxl.worksheet.properties import PageSetupProperties

    period = submission.period
    duty = period.duty
    unit = submission.unit
    indicators = list(period.template_version.indicators.select_related("field").order_by("order", "id"))
    values = current_values(submission)

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Số liệu")[:31]
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    thin = Side(style="thin", color="A0A0A0")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    input_fill = PatternFill("solid", fgColor="FFF8DC")
    header_fill = PatternFill("solid", fgColor="E8E8E8")

    def put(row: int, column: int, value: Any, **style: Any) -> Any:
        cell = sheet.cell(row=row, column=column, value=safe_cell(value))
        for name, setting in style.items():
            setattr(cell, name, setting)
        return cell

    def header_line(row: int, label: str, value: Any) -> None:
        put(row, 1, label, font=bold, alignment=wrap)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        put(row, 3, value, alignment=Alignment(horizontal="left", vertical="top", wrap_text=True))
        sheet.merge_cells(start_row=row, start_column=3, end_row=row, end_column=LAST_COL)

    put(ROW_TITLE, 1, _("BIỂU SỐ LIỆU BÁO CÁO"), font=Font(bold=True, size=14))
    sheet.merge_cells(start_row=ROW_TITLE, start_column=1, end_row=ROW_TITLE, end_column=LAST_COL)
    put(
        ROW_HELP,
        1,
        _(
            "Nhập số liệu vào cột «Số liệu nhập» (nền vàng) rồi tải tệp lên hệ thống; hệ thống cho xem trước "
            "từng số liệu và lỗi trước khi lưu. Ô để trống: giữ nguyên số liệu hiện có. Không sửa các ô khác, "
            "không đổi mã kỳ, mã đơn vị, mã chỉ tiêu."
        ),
        alignment=wrap,
        font=Font(italic=True),
    )
    sheet.merge_cells(start_row=ROW_HELP, start_column=1, end_row=ROW_HELP, end_column=LAST_COL)
    sheet.row_dimensions[ROW_HELP].height = 48
    header_line(ROW_UNIT, _("Đơn vị"), unit.name)
    header_line(ROW_DUTY, _("Chế độ báo cáo"), duty.name)
    header_line(ROW_PERIOD, _("Kỳ báo cáo"), period.label)
    header_line(
        ROW_WINDOW,
        _("Thời gian chốt số liệu"),
        f"{period.window_start:%d/%m/%Y} – {period.window_end:%d/%m/%Y}",
    )
    header_line(ROW_DEADLINE, _("Hạn nộp"), timezone.localtime(period.deadline).strftime("%H:%M %d/%m/%Y"))
    header_line(ROW_PERIOD_ID, _("Mã kỳ"), period.pk)
    header_line(ROW_UNIT_CODE, _("Mã đơn vị"), unit.code)
    header_line(ROW_VERSION, _("Phiên bản báo cáo khi tải về"), submission.version)
    for row in (ROW_PERIOD_ID, ROW_UNIT_CODE, ROW_VERSION):
        sheet.cell(row=row, column=3).font = Font(color="606060")

    headings = [
        _("STT"),
        _("Mã chỉ tiêu"),
        _("Tên chỉ tiêu"),
        _("Đơn vị tính"),
        _("Yêu cầu nhập"),
        _("Số liệu hiện có"),
        _("Số liệu nhập"),
    ]
    for column, heading in enumerate(headings, start=1):
        put(
            ROW_TABLE_HEADER,
            column,
            heading,
            font=bold,
            fill=header_fill,
            border=border,
            alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"),
        )

    # Choice lists live on a hidden sheet: a list typed into the rule itself breaks on commas and quotes.
    list_ranges: dict[str, str] = {}
    choice_indicators = [i for i in indicators if i.value_type == IndicatorValueType.CHOICE and i.choices]
    if choice_indicators:
        lists = workbook.create_sheet(LIST_SHEET)
        lists.sheet_state = "hidden"
        for column, indicator in enumerate(choice_indicators, start=1):
            letter = get_column_letter(column)
            lists.cell(row=1, column=column, value=safe_cell(indicator.code))
            for offset, choice in enumerate(indicator.choices, start=2):
                lists.cell(row=offset, column=column, value=safe_cell(str(choice)))
            last = len(indicator.choices) + 1
            list_ranges[indicator.code] = f"{LIST_SHEET}!${letter}$2:${letter}${last}"
        lists.protection.sheet = True

    for index, indicator in enumerate(indicators):
        row = FIRST_DATA_ROW + index
        put(
            row, COL_ORDER, index + 1, border=border, alignment=Alignment(vertical="top", horizontal="center")
        )
        put(row, COL_CODE, indicator.code, border=border, alignment=wrap, font=bold)
        put(row, COL_NAME, indicator.name, border=border, alignment=wrap)
        put(row, COL_UOM, indicator.unit_of_measure, border=border, alignment=wrap)
        put(row, COL_GUIDE, _requirement(indicator), border=border, alignment=wrap)
        current = put(
            row, COL_CURRENT, _current_cell_value(values.get(indicator.code)), border=border, alignment=wrap
        )
        current.number_format = "General"
        entry = put(row, COL_INPUT, None, border=border, fill=input_fill, alignment=wrap)
        entry.protection = Protection(locked=False)
        entry.number_format = "General" if indicator.value_type in NUMERIC_TYPES else "@"
        rule = _data_validation(indicator, list_ranges)
        if rule is not None:
            sheet.add_data_validation(rule)
            rule.add(entry.coordinate)

    widths = {
        COL_ORDER: 6,
        COL_CODE: 16,
        COL_NAME: 52,
        COL_UOM: 14,
        COL_GUIDE: 34,
        COL_CURRENT: 18,
        COL_INPUT: 20,
    }
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"{get_column_letter(COL_NAME)}{FIRST_DATA_ROW}"
    sheet.print_options.gridLines = False
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = f"{ROW_TABLE_HEADER}:{ROW_TABLE_HEADER}"
    # Protected without a password: it prevents slips, not a determined person (the import checks everything).
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    workbook.security = WorkbookProtection(lockStructure=True)
    workbook.properties.creator = "Khoa giáo"
    workbook.properties.title = safe_cell(f"{unit.name} — {period.label}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def figure_form_filename(submission: Submission) -> str:
    """An ASCII file name: bieu-so-lieu-<unit code>-<year>-<period number>.xlsx."""
    period = submission.period
    return f"bieu-so-lieu-{submission.unit.code}-{period.year}-{period.number:02d}.xlsx"


# --- Reading an upload -----------------------------------------------------------------------------------------


@dataclass
class PreviewRow:
    """One indicator row of an uploaded form, as the preview shows it."""

    row: int
    code: str
    name: str
    raw: str  # the cell as it was in the file
    display: str  # what will be stored, in the screens' format ("" when the cell was empty)
    current: str  # what the draft holds now
    problem: str = ""  # what is wrong with the row ("" when nothing)
    empty: bool = False
    value: Any = None  # the parsed value passed to the draft service (never shown)

    @property
    def changed(self) -> bool:
        return not self.error and not self.empty and self.display != self.current

    @property
    def error(self) -> str:
        """The problem with its row number, as listed above the preview."""
        if not self.problem:
            return ""
        return _("Dòng %(row)d: %(problem)s") % {"row": self.row, "problem": self.problem}

    @property
    def outcome(self) -> str:
        """ "error", "changed", "same" (the figure already holds this value) or "blank" (left empty: kept)."""
        if self.error:
            return "error"
        if self.empty:
            return "blank"
        return "changed" if self.changed else "same"


@dataclass
class ImportPreview:
    rows: list[PreviewRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # problems of the file as a whole
    warnings: list[str] = field(default_factory=list)  # worth a look, never blocking
    saved: bool = False
    sha256: str = ""
    version: int | None = None  # the submission's version the preview was computed on

    @property
    def row_errors(self) -> list[PreviewRow]:
        return [row for row in self.rows if row.error]

    @property
    def has_errors(self) -> bool:
        return bool(self.errors or self.row_errors)

    @property
    def changed_rows(self) -> list[PreviewRow]:
        return [row for row in self.rows if row.changed]

    @property
    def notable_rows(self) -> list[PreviewRow]:
        """Rows that change a figure or have an error (what a phone shows first)."""
        return [row for row in self.rows if row.changed or row.error]

    @property
    def quiet_rows(self) -> list[PreviewRow]:
        return [row for row in self.rows if not (row.changed or row.error)]

    @property
    def all_errors(self) -> list[str]:
        return [*self.errors, *(row.error for row in self.row_errors)]


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


def _text(value: Any) -> str:
    """A header or code cell as text (codes may have been typed as numbers)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _raw_for_parse(value: Any, number_format: str, indicator: Indicator | None) -> Any:
    """A spreadsheet cell's value in the form `parse_value` reads: numbers as Decimal (a cell formatted as a
    percentage holds 0.955 for 95,5%), dates as dd/mm/yyyy text, text stripped."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        number = Decimal(repr(value))
        if (
            indicator is not None
            and indicator.value_type == IndicatorValueType.PERCENT
            and "%" in (number_format or "")
        ):
            number = (number * 100).normalize()
        if number == number.to_integral_value():
            number = number.quantize(Decimal(1))
        return number
    if isinstance(value, dt.datetime):
        return value.strftime("%H:%M %d/%m/%Y") if value.time() != dt.time(0) else value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return str(value).strip()


def _shown(raw: Any) -> str:
    """The cell as the preview shows it in the column "in the file"."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, Decimal):
        return format_number(raw)
    return str(raw)


def _for_service(parsed: ParsedValue) -> Any:
    """The value handed to `submission_save_draft`, which parses it again (and so checks it again)."""
    if parsed.boolean is not None:
        return parsed.boolean
    if parsed.number is not None:
        return parsed.number
    return parsed.text


def _find_sheet(formulas: Any) -> Any:
    for sheet in formulas.worksheets:
        if sheet.sheet_state == "visible" and _text(sheet.cell(row=ROW_PERIOD_ID, column=3).value):
            return sheet
    return None


def _check_identity(sheet: Any, submission: Submission) -> list[str]:
    """The header block must name this very period and unit."""
    period_text = _text(sheet.cell(row=ROW_PERIOD_ID, column=3).value)
    unit_code = _text(sheet.cell(row=ROW_UNIT_CODE, column=3).value)
    errors = []
    if period_text != str(submission.period_id):
        errors.append(
            _(
                "Tệp này là biểu số liệu của kỳ khác (mã kỳ «%(found)s»), không phải kỳ «%(label)s» (mã kỳ %(id)s). "
                "Hãy tải biểu của đúng kỳ này về rồi nhập lại."
            )
            % {"found": period_text, "label": submission.period.label, "id": submission.period_id}
        )
    if unit_code != submission.unit.code:
        errors.append(
            _(
                "Tệp này là biểu số liệu của đơn vị khác (mã đơn vị «%(found)s»), không phải «%(unit)s» "
                "(mã đơn vị «%(code)s»)."
            )
            % {"found": unit_code, "unit": submission.unit.name, "code": submission.unit.code}
        )
    return errors


def _table_rows(sheet: Any) -> list[int]:
    """The table's rows that hold a code or an input, in order. Only cells present in the file are looked at:
    a sheet whose last used row is a million rows down (one stray formatted cell) costs nothing."""
    present = sheet._cells  # openpyxl's store of the cells the file defines, keyed by (row, column)
    return sorted(
        {row for row, column in present if row >= FIRST_DATA_ROW and column in (COL_CODE, COL_INPUT)}
    )


def _read_rows(
    formulas_sheet: Any, values_sheet: Any, indicators: dict[str, Indicator], current: dict[str, ParsedValue]
) -> tuple[list[PreviewRow], list[str]]:
    rows: list[PreviewRow] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for number in _table_rows(formulas_sheet):
        code = _text(formulas_sheet.cell(row=number, column=COL_CODE).value)
        formula_cell = formulas_sheet.cell(row=number, column=COL_INPUT)
        value_cell = values_sheet.cell(row=number, column=COL_INPUT)
        typed = formula_cell.value
        if not code and (typed is None or (isinstance(typed, str) and not typed.strip())):
            continue
        if len(rows) >= MAX_ROWS:
            errors.append(_("Tệp có quá nhiều dòng (tối đa %(max)d chỉ tiêu).") % {"max": MAX_ROWS})
            break
        indicator = indicators.get(code)
        name = indicator.name if indicator else _text(formulas_sheet.cell(row=number, column=COL_NAME).value)
        line = PreviewRow(
            row=number,
            code=code,
            name=name,
            raw="",
            display="",
            current=current.get(code, ParsedValue()).display() if indicator else "",
        )
        rows.append(line)
        cell_name = f"{formula_cell.column_letter}{number}"
        if formula_cell.data_type == "f":
            computed = value_cell.value
            formula_text = str(typed)
            if computed is None:
                line.raw = formula_text
                line.problem = _(
                    "Ô %(cell)s chứa công thức «%(formula)s» nhưng chưa có giá trị tính sẵn. Hãy nhập "
                    "số liệu trực tiếp, hoặc mở tệp bằng Excel rồi lưu lại trước khi tải lên."
                ) % {"row": number, "cell": cell_name, "formula": formula_text[:60]}
                continue
            raw = _raw_for_parse(computed, value_cell.number_format, indicator)
        else:
            raw = _raw_for_parse(typed, formula_cell.number_format, indicator)
        line.raw = _shown(raw)
        if not code:
            line.problem = _("Có số liệu «%(raw)s» nhưng không có mã chỉ tiêu.") % {"raw": line.raw}
            continue
        if code in seen:
            line.problem = _("Mã chỉ tiêu «%(code)s» lặp lại (đã có ở dòng %(first)d).") % {
                "code": code,
                "first": seen[code],
            }
            continue
        seen[code] = number
        if indicator is None:
            line.problem = _("Không có chỉ tiêu mã «%(code)s» trong mẫu báo cáo của kỳ này.") % {"code": code}
            continue
        if raw is None or raw == "":
            line.empty = True
            continue
        try:
            parsed = parse_value(indicator, raw)
        except ValueError_ as error:
            line.problem = str(error)
            continue
        line.display = parsed.display()
        line.value = _for_service(parsed)
    return rows, errors


def _parse(submission: Submission, data: bytes) -> ImportPreview:
    preview = ImportPreview(sha256=hashlib.sha256(data).hexdigest(), version=submission.version)
    try:
        check_xlsx_bytes(data)
        formulas = _load(data, data_only=False)
        values = _load(data, data_only=True)
    except FileRefused as refusal:
        preview.errors.append(str(refusal))
        return preview
    formulas_sheet = _find_sheet(formulas)
    if formulas_sheet is None:
        preview.errors.append(
            _(
                "Không tìm thấy mã kỳ và mã đơn vị ở phần đầu biểu (ô C%(period)d, C%(unit)d). Hãy tải biểu số "
                "liệu từ hệ thống rồi nhập vào đó; không dùng bảng tính khác."
            )
            % {"period": ROW_PERIOD_ID, "unit": ROW_UNIT_CODE}
        )
        return preview
    identity_errors = _check_identity(formulas_sheet, submission)
    if identity_errors:
        preview.errors.extend(identity_errors)
        return preview
    values_sheet = values[formulas_sheet.title]
    version = submission.period.template_version
    indicators = {indicator.code: indicator for indicator in version.indicators.all()}
    current = current_values(submission)
    rows, errors = _read_rows(formulas_sheet, values_sheet, indicators, current)
    preview.rows, preview.errors = rows, errors
    if not rows and not errors:
        preview.errors.append(_("Tệp không có dòng chỉ tiêu nào."))
    if preview.has_errors:
        return preview
    missing = [code for code in indicators if code not in {row.code for row in rows}]
    if missing:
        preview.warnings.append(
            _("Tệp không có các chỉ tiêu %(codes)s; các số liệu này được giữ nguyên.")
            % {"codes": ", ".join(missing)}
        )
    downloaded = _text(formulas_sheet.cell(row=ROW_VERSION, column=3).value)
    if downloaded.isdigit() and int(downloaded) != submission.version:
        preview.warnings.append(
            _(
                "Báo cáo đã được sửa sau khi tải biểu này về; cột «Số liệu hiện có» trong tệp có thể đã cũ. Hãy so "
                "sánh với cột «Hiện có» dưới đây trước khi lưu."
            )
        )
    merged = dict(current)
    for row in rows:
        if not row.empty and not row.error:
            merged[row.code] = parse_value(indicators[row.code], row.value)
    rules = list(version.rules.select_related("left", "right"))
    for message in rule_violations(rules, merged):
        preview.warnings.append(
            _("Sẽ chặn việc gửi báo cáo (chưa chặn việc lưu): %(message)s") % {"message": message}
        )
    return preview


def figure_form_import(
    *, actor: Any, submission: Submission, data: bytes, dry_run: bool, expected_version: int | None = None
) -> ImportPreview:
    """Read an uploaded figure form. A dry run only previews; otherwise, when no row has an error, all the
    figures are saved at once as a draft edit (at `expected_version`, default the submission's version now:
    pass the version the preview was computed on, so figures saved meanwhile by someone else are not
    overwritten unseen). Nothing is saved when anything is wrong."""
    require(can_view_submission(actor, submission), _("Bạn không có quyền xem báo cáo này."))
    if submission.status not in EDITABLE:
        raise ValidationFailed(
            _("Báo cáo đang ở trạng thái «%(status)s», không thể nhập số liệu.")
            % {"status": submission.get_status_display()},
            code="not_editable",
        )
    require(
        can_edit_submission(actor, submission),
        _("Chỉ đầu mối hoặc lãnh đạo của đơn vị mới được nhập số liệu cho báo cáo này."),
    )
    preview = _parse(submission, data)
    if dry_run or preview.has_errors:
        return preview
    figures = {row.code: row.value for row in preview.rows if row.changed}
    if not figures:
        preview.saved = True  # nothing differs from the draft: nothing to write
        return preview
    with transaction.atomic():
        saved = submission_save_draft(
            actor=actor,
            submission=submission,
            expected_version=submission.version if expected_version is None else expected_version,
            values=figures,
        )
        audit_record(
            actor=actor,
            action="reporting.figure_form_import",
            obj=saved,
            after={"sha256": preview.sha256, "rows": len(preview.rows), "changed": sorted(figures)},
        )
    submission.version = saved.version
    submission.status = saved.status
    preview.saved = True
    preview.version = saved.version
    return preview
