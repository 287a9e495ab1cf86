"""The DOCX (opened with python-docx), the XLSX (openpyxl) and the PDF of a consolidated report."""

from __future__ import annotations

import datetime as dt
import io
import os

import docx
import openpyxl
import pytest

from khoagiao.core.documents import pdf_available
from khoagiao.reporting.documents_consolidation import consolidation_docx, consolidation_xlsx
from khoagiao.reporting.selectors_consolidation import consolidation_data
from khoagiao.reporting.services.consolidation import (
    consolidation_issue,
    consolidation_save,
    consolidation_start,
)
from khoagiao.reporting.services.register import document_pdf

from .test_consolidation_helpers import Setting

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(cast) -> Setting:
    return Setting(cast)


EVERY_DIACRITIC = "Ắằẳẵặ ấầẩẫậ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự ýỳỷỹỵ đĐ Ưư Ơơ"


def _texts(data: bytes) -> tuple[list[str], list[list[list[str]]]]:
    document = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(p.text for p in cell.paragraphs)
    return paragraphs, tables


def _issued(setting: Setting, *, deputy: bool = True, text: str = ""):
    cast = setting.cast
    setting.send(
        cast.education,
        setting.current,
        {"GD01": "40", "GD02": "11", "CT01": "5"},
        narrative={"i": text or "<p>Dư luận ổn định.</p>"},
    )
    setting.send(cast.commune_a, setting.current, {"GD01": "12", "GD02": "3", "CT01": "2"})
    setting.send(cast.education, setting.previous, {"GD01": "38", "CT01": "4"})
    version = consolidation_start(actor=cast.specialist, period=setting.current, issuing_unit=cast.department)
    version = consolidation_save(
        actor=cast.specialist,
        version=version,
        summary=version.summary,
        include_submitted=False,
        signer_role="deputy" if deputy else "head",
        signer_name="Nguyễn Thị Hồng Hạnh",
        recipients=["Ban Tuyên giáo và Dân vận Trung ương (b/c)", "Thường trực Tỉnh ủy (b/c)", "Lưu VP Ban"],
    )
    return consolidation_issue(actor=cast.specialist, version=version, issued_on=dt.date(2026, 3, 5))


def test_issued_docx_reads_as_a_party_document(setting: Setting) -> None:
    version = _issued(setting)
    with version.document.file.open("rb") as stored:
        paragraphs, tables = _texts(stored.read())
    header = tables[0][0]
    assert "TỈNH ỦY THỬ NGHIỆM" in header[0] and "BAN TUYÊN GIÁO VÀ DÂN VẬN" in header[0]
    assert "Số 1-BC/BTGDVTU" in header[0]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header[1]
    assert "Thử Nghiệm, ngày 05 tháng 3 năm 2026" in header[1]
    assert "BÁO CÁO" in paragraphs
    assert "kết quả công tác khoa giáo quý I năm 2026" in paragraphs
    assert "Dư luận ổn định." in paragraphs
    figures = next(t for t in tables if t[0][:4] == ["TT", "Chỉ tiêu", "Đơn vị tính", "Kỳ này"])
    gd01 = next(row for row in figures if row[1] == "Tổng số trường học trên địa bàn")
    assert gd01[3:6] == ["52", "38", "—"]  # 40 + 12; previous: 38 (only education reported)
    assert any("đạt 50%" in text for text in paragraphs)  # 2 of 4 units
    assert "Sở Y tế" in {row[1] for table in tables for row in table}
    for line in (
        "K/T TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN",
        "Nguyễn Thị Hồng Hạnh",
        "Nơi nhận:",
        "- Ban Tuyên giáo và Dân vận Trung ương (b/c),",
        "- Lưu VP Ban.",
    ):
        assert line in paragraphs


def test_head_signs_directly(setting: Setting) -> None:
    version = _issued(setting, deputy=False)
    with version.document.file.open("rb") as stored:
        paragraphs, _tables = _texts(stored.read())
    assert "TRƯỞNG BAN" in paragraphs and "K/T TRƯỞNG BAN" not in paragraphs


def test_no_accepted_report_says_so(setting: Setting) -> None:
    version = consolidation_start(
        actor=setting.cast.specialist, period=setting.current, issuing_unit=setting.cast.department
    )
    figures, _sources = consolidation_data(
        period=setting.current, issuing_unit=setting.cast.department, include_submitted=False
    )
    paragraphs, tables = _texts(consolidation_docx(version, figures, draft=True))
    assert "DỰ THẢO" in paragraphs
    assert any("chưa có báo cáo nào được tiếp nhận" in text for text in paragraphs)
    assert any(
        t == "Chưa có báo cáo nào được tiếp nhận trong kỳ nên chưa có số liệu tổng hợp." for t in paragraphs
    )
    assert len([row for row in tables[-2] if row[0].isdigit()]) == 4  # the four missing units, listed


def test_html_long_lines_and_every_diacritic(setting: Setting) -> None:
    cast = setting.cast
    odd = cast.commune_b
    odd.name = f"Đảng ủy xã {EVERY_DIACRITIC}"
    odd.save()
    long_word = "https://vi.example.vn/" + "a" * 300
    text = f"<p>&lt;script&gt;alert(1)&lt;/script&gt; {EVERY_DIACRITIC}</p><ul><li>{long_word}</li></ul>"
    version = _issued(setting, text=text)
    with version.document.file.open("rb") as stored:
        paragraphs, tables = _texts(stored.read())
    joined = "\n".join(paragraphs)
    assert f"<script>alert(1)</script> {EVERY_DIACRITIC}" in joined  # shown as text, not markup
    assert "- " + long_word in joined.replace("\u200b", "")  # the whole link, as a list item
    assert "\u200b" in joined  # with break opportunities so that it wraps
    assert odd.name in {row[1] for table in tables for row in table}  # listed among the missing units


def test_xlsx_has_every_figure_and_is_formula_safe(setting: Setting) -> None:
    cast = setting.cast
    cast.education.name = '=HYPERLINK("http://x")'
    cast.education.save()
    version = _issued(setting)
    workbook = openpyxl.load_workbook(io.BytesIO(consolidation_xlsx(version, version.figures)))
    summary = workbook["Tổng hợp"]
    rows = {row[0]: row for row in summary.iter_rows(min_row=2, values_only=True)}
    assert rows["GD01"][5] == 52 and rows["GD01"][6] == 38
    units = [row[0] for row in workbook["Từng đơn vị"].iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://x")' in units
    info = {row[0]: row[1] for row in workbook["Thông tin"].iter_rows(values_only=True)}
    assert info["Số, ký hiệu"] == "Số 1-BC/BTGDVTU"


def test_pdf_of_the_issued_report(setting: Setting) -> None:
    if not pdf_available() and not os.environ.get("CI"):
        pytest.skip("LibreOffice is not installed")
    version = _issued(setting)
    pdf = document_pdf(version.document)
    assert pdf.startswith(b"%PDF")
