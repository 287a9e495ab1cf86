"""The Excel figure form: building it, reading it back (dry run, then save), and every kind of bad upload."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from khoagiao.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from khoagiao.core.models import AuditEvent
from khoagiao.core.testing import Cast
from khoagiao.reporting.choices import IndicatorValueType, SubmissionStatus
from khoagiao.reporting.excel import (
    COL_CODE,
    COL_CURRENT,
    COL_INPUT,
    COL_NAME,
    FIRST_DATA_ROW,
    MAX_UPLOAD_BYTES,
    ROW_PERIOD_ID,
    ROW_UNIT,
    figure_form_build,
    figure_form_filename,
    figure_form_import,
)
from khoagiao.reporting.models import Indicator, Submission, SubmissionValue, ValueChange
from khoagiao.reporting.services.submissions import current_values, submission_save_draft, submission_submit

from .factories import fill_valid, make_duty, submission_of, valid_values

pytestmark = pytest.mark.django_db


# --- Helpers ------------------------------------------------------------------------------------------------


@pytest.fixture
def report(cast: Cast) -> Submission:
    return submission_of(make_duty(cast), cast.education)


def _rows_by_code(sheet: Any) -> dict[str, int]:
    rows = {}
    for row in range(FIRST_DATA_ROW, sheet.max_row + 1):
        code = sheet.cell(row=row, column=COL_CODE).value
        if code:
            rows[str(code)] = row
    return rows


def filled(submission: Submission, values: dict[str, Any], *, data: bytes | None = None) -> bytes:
    """The submission's form with `values` typed into the input column, as a person would in Excel."""
    workbook = load_workbook(io.BytesIO(data or figure_form_build(submission)))
    sheet = workbook.worksheets[0]
    rows = _rows_by_code(sheet)
    for code, value in values.items():
        sheet.cell(row=rows[code], column=COL_INPUT).value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def typed_values(submission: Submission) -> dict[str, Any]:
    """valid_values() as a person types them into cells: numbers as numbers, the rest as text."""
    kinds = {i.code: i.value_type for i in submission.period.template_version.indicators.all()}
    typed: dict[str, Any] = {}
    for code, text in valid_values(submission).items():
        if kinds[code] in {
            IndicatorValueType.INTEGER,
            IndicatorValueType.DECIMAL,
            IndicatorValueType.PERCENT,
        }:
            number = Decimal(text.replace(",", "."))
            typed[code] = int(number) if number == number.to_integral_value() else float(number)
        else:
            typed[code] = text
    return typed


def state(submission: Submission) -> tuple:
    """Everything an import could change, to prove a refused one changed nothing."""
    submission.refresh_from_db()
    return (
        submission.version,
        submission.status,
        sorted(
            SubmissionValue.objects.filter(submission=submission).values_list("indicator__code", "number")
        ),
        ValueChange.objects.filter(submission=submission).count(),
        AuditEvent.objects.count(),
    )


def with_cached_formula(data: bytes, cell: str, formula: str, cached: str | None) -> bytes:
    """Put a formula in `cell`, with the value a spreadsheet program would have computed and saved (openpyxl
    itself never writes computed values)."""
    workbook = load_workbook(io.BytesIO(data))
    workbook.worksheets[0][cell] = formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    if cached is None:
        return buffer.getvalue()
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                pattern = rf'(<c r="{cell}"[^>]*><f>[^<]*</f>)(?:<v ?/>|<v></v>)'
                text, count = re.subn(pattern, rf"\1<v>{cached}</v>", text)
                assert count == 1
                content = text.encode()
            target.writestr(item, content)
    return out.getvalue()


def errors_of(preview: Any) -> str:
    return " | ".join(preview.all_errors)


# --- Building the form --------------------------------------------------------------------------------------


def test_form_header_names_the_unit_duty_period_and_identifying_codes(report):
    sheet = load_workbook(io.BytesIO(figure_form_build(report))).worksheets[0]
    header = {
        sheet.cell(row=row, column=1).value: sheet.cell(row=row, column=3).value for row in range(3, 11)
    }
    assert header["Đơn vị"] == "Sở Giáo dục và Đào tạo"
    assert header["Chế độ báo cáo"] == "Báo cáo quý công tác khoa giáo"
    assert header["Kỳ báo cáo"] == "Quý I/2026"
    assert header["Thời gian chốt số liệu"] == "15/12/2025 – 14/03/2026"
    assert header["Hạn nộp"] == "23:59 17/03/2026"
    assert header["Mã kỳ"] == report.period_id
    assert header["Mã đơn vị"] == "so-gddt"


def test_form_has_one_row_per_indicator_with_guidance(report):
    sheet = load_workbook(io.BytesIO(figure_form_build(report))).worksheets[0]
    indicators = list(report.period.template_version.indicators.order_by("order"))
    rows = _rows_by_code(sheet)
    assert list(rows) == [indicator.code for indicator in indicators]
    ds01 = rows["DS01"]
    assert sheet.cell(row=ds01, column=COL_NAME).value == "Tỷ số giới tính khi sinh"
    assert sheet.cell(row=ds01, column=COL_NAME + 2).value == "Số thập phân, từ 90 đến 130"
    assert sheet.cell(row=rows["CT01"], column=COL_NAME + 2).value == "Số nguyên, không nhỏ hơn 0, bắt buộc"


def test_form_is_protected_except_the_input_column(report):
    sheet = load_workbook(io.BytesIO(figure_form_build(report))).worksheets[0]
    assert sheet.protection.sheet is True
    row = _rows_by_code(sheet)["CT01"]
    assert sheet.cell(row=row, column=COL_INPUT).protection.locked is False
    assert sheet.cell(row=row, column=COL_CODE).protection.locked is True
    assert sheet.cell(row=ROW_PERIOD_ID, column=3).protection.locked is True


def test_form_offers_lists_for_yes_no_and_choice_indicators(report):
    workbook = load_workbook(io.BytesIO(figure_form_build(report)))
    sheet = workbook.worksheets[0]
    rows = _rows_by_code(sheet)
    lists = {
        str(cell): validation
        for validation in sheet.data_validations.dataValidation
        for cell in validation.sqref.ranges
    }
    yes_no = lists[f"G{rows['YT04']}"]
    assert yes_no.type == "list" and "Có" in yes_no.formula1 and "Không" in yes_no.formula1
    choice = lists[f"G{rows['DL02']}"]
    assert choice.type == "list" and choice.formula1.startswith("DanhMuc!")
    choices = workbook["DanhMuc"]
    assert workbook["DanhMuc"].sheet_state == "hidden"
    listed = [c.value for c in next(iter(choices.iter_cols(min_row=2, max_col=1)))]
    assert listed == Indicator.objects.get(version=report.period.template_version, code="DL02").choices
    count = lists[f"G{rows['CT01']}"]
    assert (count.type, count.operator, count.formula1) == ("whole", "greaterThanOrEqual", "0")
    ratio = lists[f"G{rows['DS01']}"]
    assert (ratio.type, ratio.operator, ratio.formula1, ratio.formula2) == ("decimal", "between", "90", "130")


def test_form_prefills_the_draft_figures(cast, report):
    submission_save_draft(
        actor=cast.education_focal, submission=report, expected_version=0, values={"CT01": "7", "YT04": "Có"}
    )
    sheet = load_workbook(io.BytesIO(figure_form_build(report))).worksheets[0]
    rows = _rows_by_code(sheet)
    assert sheet.cell(row=rows["CT01"], column=COL_CURRENT).value == 7
    assert sheet.cell(row=rows["YT04"], column=COL_CURRENT).value == "Có"
    assert sheet.cell(row=rows["CT01"], column=COL_INPUT).value is None


def test_form_file_name_names_unit_and_period(report):
    assert figure_form_filename(report) == "bieu-so-lieu-so-gddt-2026-01.xlsx"


def test_exported_form_neutralises_formula_like_text(cast, report):
    unit = report.unit
    unit.name = "=cmd|' /C calc'!A0"
    unit.save()
    indicator = Indicator.objects.get(version=report.period.template_version, code="CT02")
    indicator.name = "+SUM(1;2) hội nghị"
    indicator.unit_of_measure = "@lượt"
    indicator.save()
    choice = Indicator.objects.get(version=report.period.template_version, code="DL02")
    choice.choices = ["-1 xấu", "Ổn định"]
    choice.save()
    report.refresh_from_db()
    workbook = load_workbook(io.BytesIO(figure_form_build(report)))
    formulas = [
        cell.coordinate
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == []
    sheet = workbook.worksheets[0]
    assert sheet.cell(row=ROW_UNIT, column=3).value == "'=cmd|' /C calc'!A0"
    row = _rows_by_code(sheet)["CT02"]
    assert sheet.cell(row=row, column=COL_NAME).value == "'+SUM(1;2) hội nghị"
    assert sheet.cell(row=row, column=COL_NAME + 1).value == "'@lượt"
    assert workbook["DanhMuc"]["A2"].value == "'-1 xấu"


# --- Reading it back ----------------------------------------------------------------------------------------


def test_round_trip_previews_every_row_then_saves_with_value_history(cast, report):
    data = filled(report, typed_values(report))
    before = state(report)

    preview = figure_form_import(actor=cast.education_focal, submission=report, data=data, dry_run=True)

    assert not preview.has_errors, errors_of(preview)
    assert state(report) == before  # a dry run saves nothing
    assert not preview.saved
    by_code = {row.code: row for row in preview.rows}
    assert set(by_code) == set(valid_values(report))
    assert by_code["GD01"].raw == "40" and by_code["GD01"].display == "40" and by_code["GD01"].changed
    assert by_code["DS01"].display == "106,2"
    assert by_code["YT03"].display == "95,5"
    assert by_code["YT04"].display == "Không"
    assert by_code["GD01"].current == ""

    saved = figure_form_import(actor=cast.education_focal, submission=report, data=data, dry_run=False)

    assert saved.saved and not saved.has_errors
    report.refresh_from_db()
    assert report.status == SubmissionStatus.DRAFT
    assert report.version == before[0] + 1
    stored = {code: value.display() for code, value in current_values(report).items()}
    assert stored["GD01"] == "40" and stored["GD02"] == "11" and stored["YT04"] == "Không"
    assert stored["DS01"] == "106,2"
    changes = ValueChange.objects.filter(submission=report)
    assert changes.count() == len(valid_values(report))
    assert changes.get(indicator__code="GD01").new_value == "40"
    assert set(changes.values_list("changed_by", flat=True)) == {cast.education_focal.pk}
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))[-2:]
    assert actions == ["reporting.submission_save", "reporting.figure_form_import"]


def test_imported_report_can_then_be_submitted(cast, report):
    fill_valid(report, cast.education_focal)
    report.refresh_from_db()
    data = filled(report, {"CT01": 99})
    figure_form_import(actor=cast.education_focal, submission=report, data=data, dry_run=False)
    report.refresh_from_db()
    submission_submit(actor=cast.education_focal, submission=report)
    report.refresh_from_db()
    assert report.status == SubmissionStatus.SUBMITTED
    assert report.revisions.get().values["CT01"] == "99"


def test_empty_input_cells_keep_the_current_figures(cast, report):
    submission_save_draft(
        actor=cast.education_focal, submission=report, expected_version=0, values={"CT01": "7", "CT02": "3"}
    )
    report.refresh_from_db()
    preview = figure_form_import(
        actor=cast.education_focal, submission=report, data=filled(report, {"CT02": 4}), dry_run=False
    )
    assert preview.saved
    by_code = {row.code: row for row in preview.rows}
    assert by_code["CT01"].empty and not by_code["CT01"].changed
    stored = {code: value.display() for code, value in current_values(report).items()}
    assert stored == {"CT01": "7", "CT02": "4"}


def test_same_figures_as_the_draft_change_nothing(cast, report):
    submission_save_draft(
        actor=cast.education_focal, submission=report, expected_version=0, values={"CT01": "7"}
    )
    report.refresh_from_db()
    before = state(report)
    preview = figure_form_import(
        actor=cast.education_focal, submission=report, data=filled(report, {"CT01": 7}), dry_run=False
    )
    assert preview.saved and preview.changed_rows == []
    assert state(report) == before


def test_vietnamese_number_text_and_percent_cells_are_read(cast, report):
    workbook = load_workbook(io.BytesIO(figure_form_build(report)))
    sheet = workbook.worksheets[0]
    rows = _rows_by_code(sheet)
    sheet.cell(row=rows["CT03"], column=COL_INPUT).value = "1.234"
    percent = next(
        i.code
        for i in report.period.template_version.indicators.all()
        if i.value_type == IndicatorValueType.PERCENT
    )
    cell = sheet.cell(row=rows[percent], column=COL_INPUT)
    cell.value = 0.955  # typed "95,5%" in a cell formatted as a percentage
    cell.number_format = "0.0%"
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = figure_form_import(
        actor=cast.education_focal, submission=report, data=buffer.getvalue(), dry_run=True
    )
    by_code = {row.code: row for row in preview.rows}
    assert by_code["CT03"].display == "1.234"
    assert by_code[percent].display == "95,5", errors_of(preview)


def test_formula_with_a_computed_value_is_read_as_that_value(cast, report):
    rows = _rows_by_code(load_workbook(io.BytesIO(figure_form_build(report))).worksheets[0])
    data = with_cached_formula(figure_form_build(report), f"G{rows['CT01']}", "=2+3", "5")
    preview = figure_form_import(actor=cast.education_focal, submission=report, data=data, dry_run=False)
    assert preview.saved, errors_of(preview)
    assert current_values(report)["CT01"].display() == "5"


def test_rule_broken_is_a_warning_in_the_preview_not_a_refusal(cast, report):
    preview = figure_form_import(
        actor=cast.education_focal,
        submission=report,
        data=filled(report, {"GD01": 5, "GD02": 9}),
        dry_run=True,
    )
    assert not preview.has_errors
    warning = " ".join(preview.warnings)
    assert "Số trường đạt chuẩn quốc gia" in warning and "Tổng số trường học trên địa bàn" in warning


# --- Bad input: a clear message, nothing changed ---------------------------------------------------------------


def _refused(cast, report, data, *, dry_run=False) -> str:
    before = state(report)
    preview = figure_form_import(actor=cast.education_focal, submission=report, data=data, dry_run=dry_run)
    assert preview.has_errors and not preview.saved
    assert state(report) == before
    return errors_of(preview)


def test_figure_of_the_wrong_type_is_named_with_its_row(cast, report):
    data = filled(report, {"CT01": "mười hai", "CT02": 4})
    row = _rows_by_code(load_workbook(io.BytesIO(data)).worksheets[0])["CT01"]
    message = _refused(cast, report, data)
    assert f"Dòng {row}" in message and "CT01" in message and "«mười hai» không phải số" in message


def test_integer_with_a_fraction_is_refused(cast, report):
    message = _refused(cast, report, filled(report, {"CT01": 2.5}))
    assert "CT01" in message and "số nguyên" in message


def test_figure_out_of_bounds_is_named(cast, report):
    message = _refused(cast, report, filled(report, {"DS01": 20, "CT01": -1}))
    assert "DS01" in message and "không được nhỏ hơn 90" in message
    assert "CT01" in message and "không được nhỏ hơn 0" in message


def test_yes_no_and_choice_values_must_be_allowed_ones(cast, report):
    message = _refused(cast, report, filled(report, {"YT04": "Có lẽ", "DL02": "Rất tốt"}))
    assert "YT04" in message and "«Có» hoặc «Không»" in message
    assert "DL02" in message and "phải là một trong" in message


def test_unknown_indicator_code_is_named(cast, report):
    data = filled(report, {"CT01": 5})
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[0]
    row = _rows_by_code(sheet)["CT02"]
    sheet.protection.sheet = False
    sheet.cell(row=row, column=COL_CODE).value = "XX99"
    sheet.cell(row=row, column=COL_INPUT).value = 3
    buffer = io.BytesIO()
    workbook.save(buffer)
    message = _refused(cast, report, buffer.getvalue())
    assert f"Dòng {row}" in message and "«XX99»" in message


def test_duplicated_indicator_code_names_both_rows(cast, report):
    data = filled(report, {"CT01": 5, "CT02": 6})
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[0]
    rows = _rows_by_code(sheet)
    sheet.cell(row=rows["CT02"], column=COL_CODE).value = "CT01"
    buffer = io.BytesIO()
    workbook.save(buffer)
    message = _refused(cast, report, buffer.getvalue())
    assert (
        f"Dòng {rows['CT02']}" in message
        and "«CT01» lặp lại" in message
        and f"dòng {rows['CT01']}" in message
    )


def test_value_without_a_code_is_refused(cast, report):
    workbook = load_workbook(io.BytesIO(figure_form_build(report)))
    sheet = workbook.worksheets[0]
    row = sheet.max_row + 2
    sheet.cell(row=row, column=COL_INPUT).value = 42
    buffer = io.BytesIO()
    workbook.save(buffer)
    message = _refused(cast, report, buffer.getvalue())
    assert f"Dòng {row}" in message and "không có mã chỉ tiêu" in message


def test_form_of_another_unit_is_refused(cast, report):
    other = submission_of(report.period.duty, cast.commune_a)
    message = _refused(cast, report, filled(other, {"CT01": 5}))
    assert "đơn vị khác" in message and "xa-an-binh" in message and "Sở Giáo dục và Đào tạo" in message


def test_form_of_another_period_is_refused(cast, report):
    later = report.period.duty.periods.exclude(pk=report.period_id).first()
    other = Submission.objects.get(period=later, unit=cast.education)
    message = _refused(cast, report, filled(other, {"CT01": 5}))
    assert "kỳ khác" in message and report.period.label in message


def test_spreadsheet_that_is_not_our_form_is_refused(cast, report):
    workbook = Workbook()
    workbook.worksheets[0]["A1"] = "Bảng tính tự làm"
    buffer = io.BytesIO()
    workbook.save(buffer)
    message = _refused(cast, report, buffer.getvalue())
    assert "Không tìm thấy mã kỳ và mã đơn vị" in message


def test_text_file_renamed_to_xlsx_is_refused(cast, report):
    message = _refused(cast, report, b"CT01;12\nCT02;3\n")
    assert "không phải bảng tính Excel" in message


def test_broken_zip_is_refused(cast, report):
    data = figure_form_build(report)
    message = _refused(cast, report, data[: len(data) // 2])
    assert "bị hỏng" in message


def test_zip_without_office_content_types_is_refused(cast, report):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("bao-cao.txt", "không phải Excel")
    message = _refused(cast, report, buffer.getvalue())
    assert "không phải tài liệu Office" in message


def test_word_document_is_refused(cast, report):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    message = _refused(cast, report, buffer.getvalue())
    assert "văn bản Word" in message


def test_legacy_xls_is_refused_with_advice(cast, report):
    message = _refused(cast, report, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    assert ".xls" in message and ".xlsx" in message


def test_file_over_five_megabytes_is_refused(cast, report):
    data = figure_form_build(report)
    message = _refused(cast, report, data + b"\x00" * (MAX_UPLOAD_BYTES + 1 - len(data)))
    assert "quá lớn" in message and "5 MB" in message


def test_zip_bomb_is_refused_before_it_is_unpacked(cast, report):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (60 * 1024 * 1024))
    assert len(buffer.getvalue()) < MAX_UPLOAD_BYTES
    message = _refused(cast, report, buffer.getvalue())
    assert "quá lớn khi giải nén" in message


def test_formula_without_a_computed_value_is_refused(cast, report):
    rows = _rows_by_code(load_workbook(io.BytesIO(figure_form_build(report))).worksheets[0])
    data = with_cached_formula(figure_form_build(report), f"G{rows['CT01']}", "=F13*2", None)
    message = _refused(cast, report, data)
    assert f"Ô G{rows['CT01']}" in message and "«=F13*2»" in message and "chưa có giá trị" in message


def test_one_bad_row_saves_none_of_the_good_ones(cast, report):
    message = _refused(cast, report, filled(report, {"CT01": 5, "CT02": 6, "DS01": 5}))
    assert "DS01" in message
    assert not SubmissionValue.objects.filter(submission=report).exists()


# --- Who may import, and when ---------------------------------------------------------------------------------


def test_focal_point_of_another_unit_cannot_import(cast, report):
    before = state(report)
    with pytest.raises(PermissionDeniedError):
        figure_form_import(
            actor=cast.commune_a_focal, submission=report, data=filled(report, {"CT01": 1}), dry_run=True
        )
    assert state(report) == before


def test_department_cannot_import_into_a_units_report(cast, report):
    fill_valid(report, cast.education_focal)
    report.refresh_from_db()
    submission_submit(actor=cast.education_focal, submission=report)
    report.refresh_from_db()
    with pytest.raises((PermissionDeniedError, ValidationFailed)):
        figure_form_import(
            actor=cast.specialist, submission=report, data=filled(report, {"CT01": 1}), dry_run=False
        )


def test_submitted_report_is_not_editable_by_import(cast, report):
    fill_valid(report, cast.education_focal)
    report.refresh_from_db()
    submission_submit(actor=cast.education_focal, submission=report)
    report.refresh_from_db()
    before = state(report)
    with pytest.raises(ValidationFailed) as refusal:
        figure_form_import(
            actor=cast.education_focal, submission=report, data=filled(report, {"CT01": 1}), dry_run=True
        )
    assert refusal.value.code == "not_editable" and "Đã gửi" in refusal.value.message
    assert state(report) == before


def test_save_over_a_newer_draft_is_refused_and_stores_nothing(cast, report):
    data = filled(report, {"CT01": 5})
    preview = figure_form_import(actor=cast.education_focal, submission=report, data=data, dry_run=True)
    submission_save_draft(
        actor=cast.education_leader, submission=report, expected_version=report.version, values={"CT02": "8"}
    )
    report.refresh_from_db()
    before = state(report)
    with pytest.raises(ConflictError):
        figure_form_import(
            actor=cast.education_focal,
            submission=report,
            data=data,
            dry_run=False,
            expected_version=preview.version,
        )
    assert state(report) == before
    assert "CT01" not in current_values(report)


def test_a_stray_cell_a_million_rows_down_is_harmless(cast, report):
    workbook = load_workbook(io.BytesIO(filled(report, {"CT01": 5})))
    workbook.worksheets[0].cell(row=1_000_000, column=1).value = "ghi chú lạc"
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = figure_form_import(
        actor=cast.education_focal, submission=report, data=buffer.getvalue(), dry_run=True
    )
    assert not preview.has_errors
    assert [row.code for row in preview.changed_rows] == ["CT01"]
    assert len(preview.rows) == report.period.template_version.indicators.count()
