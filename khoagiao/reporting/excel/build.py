"""Building the figure form: the unit's workbook for one period, pre-filled with the draft's current figures,
protected except for the input column, with in-cell checks that warn (the import is the judge)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any, Literal

from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import NUMERIC_TYPES, IndicatorValueType
from ..documents import safe_cell
from ..models import Indicator, Submission
from ..services.submissions import current_values
from ..validation import ParsedValue, format_number
from .layout import (
    COL_CODE,
    COL_CURRENT,
    COL_GUIDE,
    COL_INPUT,
    COL_NAME,
    COL_ORDER,
    COL_UOM,
    FIRST_DATA_ROW,
    LAST_COL,
    LIST_SHEET,
    ROW_DEADLINE,
    ROW_DUTY,
    ROW_HELP,
    ROW_PERIOD,
    ROW_PERIOD_ID,
    ROW_TABLE_HEADER,
    ROW_TITLE,
    ROW_UNIT,
    ROW_UNIT_CODE,
    ROW_VERSION,
    ROW_WINDOW,
)


def _bounds(indicator: Indicator) -> tuple[Decimal | None, Decimal | None]:
    """The indicator's lower and upper limits; a percentage without an upper limit lies between its lower limit
    (or 0) and 100."""
    low, high = indicator.min_value, indicator.max_value
    if indicator.value_type == IndicatorValueType.PERCENT and high is None:
        low, high = (low if low is not None else Decimal(0)), Decimal(100)
    return low, high


def _requirement(indicator: Indicator) -> str:
    """What may be typed for an indicator, in words (the guidance column)."""
    kind = indicator.value_type
    parts: list[str] = []
    lowest, highest = _bounds(indicator)
    low = format_number(lowest) if lowest is not None else None
    high = format_number(highest) if highest is not None else None
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
        low, high = _bounds(indicator)
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
