"""The official-document builder: every test opens the DOCX with python-docx and reads what a clerk would see."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.test import override_settings
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from khoagiao.core.documents import (
    DocumentFormat,
    OfficialDocument,
    OfficialHeader,
    PdfUnavailable,
    Signature,
    bar_chart_png,
    clean_text,
    document_style,
    docx_to_pdf,
    line_chart_png,
    number_text,
    pdf_available,
)
from khoagiao.core.templatetags.khoagiao import vi_date_words

DIACRITICS = "ẮẰẲẴẶĂẤẦẨẪẬÂÁÀÃẢẠĐẾỀỂỄỆÊÉÈẺẼẸÍÌỈĨỊỐỒỔỖỘÔỚỜỞỠỢƠÓÒỎÕỌỨỪỬỮỰƯÚÙỦŨỤÝỲỶỸỴ"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def party_header(**overrides: object) -> OfficialHeader:
    values: dict[str, object] = {
        "document_format": DocumentFormat.PARTY,
        "superior_body": "Tỉnh ủy Quảng Ngãi",
        "issuing_body": "Ban Tuyên giáo và Dân vận",
        "number": number_text(DocumentFormat.PARTY, 12, "BC", "BTGDVTU"),
        "place": "Quảng Ngãi",
        "date": dt.date(2026, 3, 5),
        "kind_title": "Báo cáo",
        "summary": "kết quả công tác khoa giáo quý I năm 2026",
    }
    values.update(overrides)
    return OfficialHeader(**values)  # type: ignore[arg-type]


def state_header(**overrides: object) -> OfficialHeader:
    values: dict[str, object] = {
        "document_format": DocumentFormat.STATE,
        "superior_body": "UBND tỉnh Quảng Ngãi",
        "issuing_body": "Sở Giáo dục và Đào tạo",
        "number": number_text(DocumentFormat.STATE, 12, "BC", "SGDĐT"),
        "place": "Quảng Ngãi",
        "date": dt.date(2026, 11, 20),
        "kind_title": "Báo cáo",
        "summary": "kết quả công tác năm 2026",
    }
    values.update(overrides)
    return OfficialHeader(**values)  # type: ignore[arg-type]


def build(
    header: OfficialHeader,
    *,
    signature: Signature | None = None,
    recipients: tuple[str, ...] = ("Thường trực Tỉnh ủy (để b/c)", "Lưu VT"),
    body: str = "Trong quý, các đơn vị đã triển khai đầy đủ nhiệm vụ.",
) -> docx.document.Document:
    builder = OfficialDocument(header)
    builder.heading("I. TÌNH HÌNH CHUNG")
    builder.paragraph(body)
    data = builder.finish(
        signature or Signature(head_title="Trưởng ban", signer_name="Nguyễn Văn An"), recipients
    )
    return docx.Document(io.BytesIO(data))


def mm(length: object) -> float:
    """A length in millimetres to 0.1 mm (DOCX stores twentieths of a point, so Mm(20) comes back as 20.0025)."""
    return round(length.mm, 1)  # type: ignore[attr-defined]


def cell_lines(cell: object) -> list[str]:
    return [paragraph.text for paragraph in cell.paragraphs]  # type: ignore[attr-defined]


def body_texts(document: docx.document.Document) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs]


def all_text(document: docx.document.Document) -> str:
    parts = body_texts(document)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.extend(cell_lines(cell))
    return "\n".join(parts)


def runs_with(paragraphs: list, text: str) -> list:
    return [run for paragraph in paragraphs for run in paragraph.runs if text in run.text]


def has_bottom_rule(paragraph: object) -> bool:
    p_pr = paragraph._p.pPr  # type: ignore[attr-defined]
    if p_pr is None:
        return False
    borders = p_pr.find(qn("w:pBdr"))
    return borders is not None and borders.find(qn("w:bottom")) is not None


# -- header ------------------------------------------------------------------------------------------------
def test_party_header_has_both_columns_in_the_handbook_layout() -> None:
    document = build(party_header())
    left, right = document.tables[0].rows[0].cells
    assert cell_lines(left) == ["TỈNH ỦY QUẢNG NGÃI", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "*", "Số 12-BC/BTGDVTU"]
    superior, issuing = left.paragraphs[0].runs[0], left.paragraphs[1].runs[0]
    assert not superior.bold
    assert issuing.bold
    assert all(paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER for paragraph in left.paragraphs)
    right_lines = [line for line in cell_lines(right) if line]
    assert right_lines == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Quảng Ngãi, ngày 05 tháng 3 năm 2026"]
    motto = right.paragraphs[0]
    assert motto.runs[0].bold
    assert motto.runs[0].font.size == Pt(15)
    # The motto keeps the column's whole width (an indented motto wrapped onto two lines); the rule as long as
    # the motto is the 1 pt paragraph under it, centred by equal indents.
    assert motto.paragraph_format.left_indent is None
    rule = right.paragraphs[1]
    assert has_bottom_rule(rule) and rule.text == ""
    assert rule.paragraph_format.left_indent == rule.paragraph_format.right_indent
    assert 70 < 87.5 - 3.8 - 2 * mm(rule.paragraph_format.left_indent) < 84
    date_line = next(paragraph for paragraph in right.paragraphs if paragraph.text.startswith("Quảng Ngãi"))
    assert date_line.runs[0].italic
    assert not date_line.runs[0].bold


def test_party_header_without_superior_body_starts_with_the_issuing_body() -> None:
    document = build(party_header(superior_body=""))
    left = document.tables[0].rows[0].cells[0]
    assert cell_lines(left)[:2] == ["BAN TUYÊN GIÁO VÀ DÂN VẬN", "*"]
    assert left.paragraphs[0].runs[0].bold


def test_kind_and_summary_are_centred_bold_under_the_header() -> None:
    document = build(party_header())
    texts = body_texts(document)
    kind_index = texts.index("BÁO CÁO")
    assert texts[kind_index + 1] == "kết quả công tác khoa giáo quý I năm 2026"
    assert texts[kind_index + 2] == "-----"
    kind = document.paragraphs[kind_index]
    assert kind.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert kind.runs[0].bold
    assert kind.runs[0].font.size == Pt(16)
    assert document.paragraphs[kind_index + 1].runs[0].bold


def test_draft_prints_the_mark_and_leaves_number_and_date_blank() -> None:
    header = party_header(
        draft=True, date=None, number=number_text(DocumentFormat.PARTY, None, "BC", "BTGDVTU")
    )
    document = build(header)
    assert document.paragraphs[0].text == "DỰ THẢO"
    left, right = document.tables[0].rows[0].cells
    assert cell_lines(left)[-1] == "Số \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-BC/BTGDVTU"
    assert any(line.startswith("Quảng Ngãi, ngày") and "2026" not in line for line in cell_lines(right))


def test_state_header_has_the_national_title_motto_and_number_with_colon() -> None:
    document = build(
        state_header(),
        signature=Signature(head_title="Giám đốc", deputy_title="Phó Giám đốc", signer_name="Lê B"),
    )
    left, right = document.tables[0].rows[0].cells
    left_lines = [line for line in cell_lines(left) if line]
    assert left_lines == ["UBND TỈNH QUẢNG NGÃI", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Số: 12/BC-SGDĐT"]
    assert "*" not in cell_lines(left)
    assert has_bottom_rule(left.paragraphs[2]) and not has_bottom_rule(left.paragraphs[1])
    right_lines = [line for line in cell_lines(right) if line]
    assert right_lines == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Quảng Ngãi, ngày 20 tháng 11 năm 2026",
    ]
    assert right.paragraphs[0].runs[0].font.size == Pt(13)
    assert right.paragraphs[1].runs[0].font.size == Pt(14)
    assert has_bottom_rule(right.paragraphs[2])
    # Decree 30: a short rule under the summary instead of the Party's five hyphens.
    assert "-----" not in body_texts(document)
    summary_index = body_texts(document).index("kết quả công tác năm 2026")
    assert has_bottom_rule(document.paragraphs[summary_index + 1])
    signature = document.tables[-1].rows[0].cells[1]
    assert [line for line in cell_lines(signature) if line] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Lê B"]
    heading = document.tables[-1].rows[0].cells[0].paragraphs[0]
    assert heading.text == "Nơi nhận:"
    assert heading.runs[0].bold and heading.runs[0].italic


def test_number_text_in_both_formats() -> None:
    assert number_text(DocumentFormat.PARTY, 12, "BC", "BTGDVTU") == "Số 12-BC/BTGDVTU"
    assert number_text(DocumentFormat.STATE, 12, "BC", "SGDĐT") == "Số: 12/BC-SGDĐT"
    assert number_text(DocumentFormat.PARTY, 3, "CTr", "BTGDVTU") == "Số 3-CTr/BTGDVTU"


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (dt.date(2026, 3, 5), "ngày 05 tháng 3 năm 2026"),
        (dt.date(2018, 2, 20), "ngày 20 tháng 02 năm 2018"),
        (dt.date(2026, 1, 9), "ngày 09 tháng 01 năm 2026"),
        (dt.date(2026, 10, 10), "ngày 10 tháng 10 năm 2026"),
        (dt.date(2026, 12, 31), "ngày 31 tháng 12 năm 2026"),
    ],
)
def test_date_words_pad_days_below_ten_and_january_february(day: dt.date, words: str) -> None:
    assert vi_date_words(day) == words


# -- body --------------------------------------------------------------------------------------------------
def test_tables_right_align_numbers_repeat_the_header_and_bold_totals() -> None:
    builder = OfficialDocument(party_header())
    builder.table(
        ["Đơn vị", "Số lớp", "Số người"],
        [["Sở Y tế", "1.234", "56"], ["Tổng cộng", "1.290", None]],
        numeric_columns={1, 2},
        bold_rows={1},
        widths_mm=[90, 35, 35],
        caption="Bảng 1. Kết quả",
    )
    document = docx.Document(io.BytesIO(builder.finish(None, [])))
    table = document.tables[1]
    assert [cell.text for cell in table.rows[0].cells] == ["Đơn vị", "Số lớp", "Số người"]
    header_properties = table.rows[0]._tr.trPr
    assert header_properties is not None
    assert header_properties.find(qn("w:tblHeader")) is not None
    assert all(cell.paragraphs[0].runs[0].bold for cell in table.rows[0].cells)
    first = table.rows[1].cells
    assert first[0].paragraphs[0].alignment in (None, WD_ALIGN_PARAGRAPH.LEFT)
    assert first[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert first[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert not first[0].paragraphs[0].runs[0].bold
    total = table.rows[2].cells
    assert [cell.text for cell in total] == ["Tổng cộng", "1.290", ""]
    assert total[0].paragraphs[0].runs[0].bold
    assert first[0].paragraphs[0].runs[0].font.size == Pt(12)
    assert "Bảng 1. Kết quả" in body_texts(document)
    assert mm(table.rows[1].cells[0].width) == 90


def test_paragraph_line_breaks_become_paragraphs_justified_and_indented() -> None:
    builder = OfficialDocument(party_header())
    builder.paragraph("Dòng một.\nDòng hai.")
    document = docx.Document(io.BytesIO(builder.finish(None, [])))
    texts = body_texts(document)
    index = texts.index("Dòng một.")
    assert texts[index + 1] == "Dòng hai."
    paragraph = document.paragraphs[index]
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert mm(paragraph.paragraph_format.first_line_indent) == 10


def test_a_page_break_keeps_the_margins_and_numbers_the_new_page() -> None:
    builder = OfficialDocument(party_header())
    builder.paragraph("Trang một.")
    builder.page_break()
    builder.paragraph("Phụ lục.")
    document = docx.Document(io.BytesIO(builder.finish(None, [])))
    first, annex = document.sections
    assert first.different_first_page_header_footer
    assert not annex.different_first_page_header_footer
    assert mm(annex.left_margin) == 35
    assert annex.header.is_linked_to_previous


# -- closing -----------------------------------------------------------------------------------------------
def test_head_signs_directly() -> None:
    document = build(
        party_header(), signature=Signature(head_title="Trưởng ban", signer_name="Nguyễn Văn An")
    )
    signature = document.tables[-1].rows[0].cells[1]
    assert [line for line in cell_lines(signature) if line] == ["TRƯỞNG BAN", "Nguyễn Văn An"]
    assert all(run.bold for paragraph in signature.paragraphs for run in paragraph.runs)


def test_deputy_signs_for_the_head() -> None:
    document = build(
        party_header(),
        signature=Signature(
            head_title="Trưởng ban", deputy_title="Phó Trưởng ban", signer_name="Trần Thị Bình"
        ),
    )
    signature = document.tables[-1].rows[0].cells[1]
    assert [line for line in cell_lines(signature) if line] == [
        "K/T TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN",
        "Trần Thị Bình",
    ]
    # Room for the hand signature between the titles and the name.
    assert cell_lines(signature)[2:6] == ["", "", "", ""]


def test_on_behalf_of_line_comes_first() -> None:
    signature = Signature(head_title="Bí thư", on_behalf_of="T/M Ban Thường vụ", signer_name="X")
    assert signature.lines(DocumentFormat.PARTY) == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ"]


def test_recipients_end_with_comma_and_the_last_with_a_full_stop() -> None:
    document = build(
        party_header(), recipients=("Thường trực Tỉnh ủy (để b/c),", " Các đơn vị khối khoa giáo ", "Lưu VT.")
    )
    recipients = document.tables[-1].rows[0].cells[0]
    assert cell_lines(recipients) == [
        "Nơi nhận:",
        "- Thường trực Tỉnh ủy (để b/c),",
        "- Các đơn vị khối khoa giáo,",
        "- Lưu VT.",
    ]
    heading = recipients.paragraphs[0].runs[0]
    assert heading.underline
    assert heading.font.size == Pt(14)
    assert recipients.paragraphs[1].runs[0].font.size == Pt(12)


def test_no_signature_and_no_recipients_still_gives_a_document() -> None:
    document = docx.Document(io.BytesIO(OfficialDocument(party_header()).finish(None, [])))
    assert cell_lines(document.tables[-1].rows[0].cells[0]) == ["Nơi nhận:"]


# -- style -------------------------------------------------------------------------------------------------
def test_party_defaults_fonts_sizes_and_margins() -> None:
    document = build(party_header())
    section = document.sections[0]
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (25, 25)
    assert (mm(section.left_margin), mm(section.right_margin)) == (35, 15)
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(14)
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "Times New Roman"


def test_state_defaults_margins() -> None:
    section = build(state_header()).sections[0]
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (20, 20)
    assert (mm(section.left_margin), mm(section.right_margin)) == (30, 15)


@override_settings(
    KHOAGIAO_DOCUMENT_STYLE={
        "party": {"font_name": "Liberation Serif", "body_size": 13, "margin_left_mm": 30, "motto_size": 14}
    }
)
def test_settings_override_fonts_sizes_and_margins() -> None:
    document = build(party_header())
    assert mm(document.sections[0].left_margin) == 30
    assert document.styles["Normal"].font.name == "Liberation Serif"
    assert document.styles["Normal"].font.size == Pt(13)
    motto = document.tables[0].rows[0].cells[1].paragraphs[0].runs[0]
    assert motto.font.size == Pt(14)
    body = runs_with(document.paragraphs, "Trong quý")[0]
    assert body.font.size == Pt(13)
    # The other format keeps its handbook values.
    assert document_style(DocumentFormat.STATE).margin_left_mm == 30
    assert document_style(DocumentFormat.STATE).font_name == "Times New Roman"


@override_settings(KHOAGIAO_DOCUMENT_STYLE={"party": {"margin_lefft_mm": 30}})
def test_settings_with_unknown_keys_are_refused() -> None:
    with pytest.raises(ValueError, match="margin_lefft_mm"):
        document_style(DocumentFormat.PARTY)


# -- hostile text ------------------------------------------------------------------------------------------
def test_hostile_text_is_kept_as_plain_text() -> None:
    html = "<b>in đậm</b> & <script>alert('x')</script> {{ biến }}"
    control = "Có\x00ký\x07tự\x1bđiều\x0bkhiển"
    long_line = "x" * 5000
    builder = OfficialDocument(
        party_header(issuing_body=DIACRITICS, summary=DIACRITICS.lower(), superior_body="<i>Tỉnh ủy</i>")
    )
    builder.heading(html)
    builder.paragraph(control)
    builder.paragraph(long_line)
    builder.table(["<th>", DIACRITICS], [[html, DIACRITICS.lower()]])
    data = builder.finish(
        Signature(head_title="Trưởng ban", signer_name=DIACRITICS.lower()), [html, DIACRITICS]
    )
    document = docx.Document(io.BytesIO(data))
    # Words longer than 60 letters get invisible break opportunities (U+200B) so that they wrap.
    text = all_text(document).replace("\u200b", "")
    assert html in text
    assert "<I>TỈNH ỦY</I>" in text
    assert "Cókýtựđiềukhiển" in text
    assert DIACRITICS in text
    assert DIACRITICS.lower() in text
    long_paragraph = next(p for p in document.paragraphs if p.text.startswith("xxxx"))
    assert long_paragraph.text.replace("\u200b", "") == long_line
    assert all(len(part) <= 60 for part in long_paragraph.text.split("\u200b"))
    # Nothing became markup: no bold run from "<b>", no field from "{{ }}".
    heading = runs_with(document.paragraphs, "<b>in đậm</b>")[0]
    assert heading.text == html


def test_clean_text_drops_control_characters_and_breaks_long_words() -> None:
    assert clean_text(None) == ""
    assert clean_text("a\tb\nc\x01d") == "a\tb\ncd"
    assert clean_text("y" * 121) == "y" * 60 + "\u200b" + "y" * 60 + "\u200b" + "y"
    assert clean_text("ngắn gọn") == "ngắn gọn"


# -- charts ------------------------------------------------------------------------------------------------
def test_charts_are_png_and_fit_in_the_document() -> None:
    bars = bar_chart_png(
        "Số lớp bồi dưỡng",
        ["Sở Giáo dục và Đào tạo", "Sở Y tế", DIACRITICS],
        {"Kỳ này": [12, 7.5, None], "Kỳ trước": [10, 1234.5, 3]},
        unit="lớp",
    )
    lines = line_chart_png("Vụ việc nóng", ["T1", "T2", "T3"], {"Nghiêm trọng": [1, 3, 2]})
    assert bars.startswith(PNG_SIGNATURE)
    assert lines.startswith(PNG_SIGNATURE)
    builder = OfficialDocument(party_header())
    builder.image(bars, caption="Biểu đồ 1")
    document = docx.Document(io.BytesIO(builder.finish(None, [])))
    assert len(document.inline_shapes) == 1
    assert mm(document.inline_shapes[0].width) == 150
    assert "Biểu đồ 1" in body_texts(document)


# -- PDF ---------------------------------------------------------------------------------------------------
@pytest.mark.usefixtures("libreoffice")
def test_pdf_conversion_gives_a_pdf_with_the_texts() -> None:
    builder = OfficialDocument(party_header())
    builder.paragraph("Nội dung " + DIACRITICS)
    pdf = docx_to_pdf(
        builder.finish(Signature(head_title="Trưởng ban", signer_name="Nguyễn Văn An"), ["Lưu VT"])
    )
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 1000


@override_settings(KHOAGIAO_SOFFICE="/khong/co/soffice")
def test_missing_libreoffice_gives_a_clear_message() -> None:
    assert not pdf_available()
    with pytest.raises(PdfUnavailable) as raised:
        docx_to_pdf(b"PK")
    assert "LibreOffice" in raised.value.message
    assert "DOCX" in raised.value.message
    assert raised.value.status == 503


def test_the_signature_block_is_never_split_across_pages():
    header = OfficialHeader(
        document_format="party",
        superior_body="Tỉnh ủy Quảng Ngãi",
        issuing_body="Ban Tuyên giáo và Dân vận",
        number="Số 3-BC/BTGDVTU",
        place="Quảng Ngãi",
        date=None,
        kind_title="Báo cáo",
    )
    data = OfficialDocument(header).finish(Signature(head_title="Trưởng ban", signer_name="A"), ["Lưu VP"])
    last_table = docx.Document(io.BytesIO(data)).tables[-1]
    assert "Nơi nhận:" in last_table.rows[0].cells[0].text
    row_properties = last_table.rows[0]._tr.trPr
    assert row_properties is not None and row_properties.find(qn("w:cantSplit")) is not None
