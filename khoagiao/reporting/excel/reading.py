"""Reading a filled-in figure form back: every row parsed and checked against the period's template, a preview
of what would change, and the import itself (all the figures at once, or nothing)."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from khoagiao.core.audit import audit_record
from khoagiao.core.errors import ValidationFailed
from khoagiao.core.permissions import require

from ..choices import IndicatorValueType
from ..models import Indicator, Submission
from ..permissions import EDITABLE, can_edit_submission, can_view_submission
from ..services.submissions import current_values, submission_save_draft
from ..validation import ParsedValue, ValueError_, format_number, parse_value, rule_violations
from .layout import COL_CODE, COL_INPUT, COL_NAME, FIRST_DATA_ROW, ROW_PERIOD_ID, ROW_UNIT_CODE, ROW_VERSION
from .upload import FileRefused, _load, check_xlsx_bytes

MAX_ROWS = 2000


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
