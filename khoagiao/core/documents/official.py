"""The official document as the department's office types it: header, number, place and date, kind and
summary, body, signature block and recipients, in the Party format (HD 36-HD/VPTW) or the State format (Decree
30/2020). Every app's documents (consolidated reports, invitations, concluding notices, digests) are built here.

    builder = OfficialDocument(header)
    builder.heading("I. TÌNH HÌNH CHUNG")
    builder.paragraph("Trong quý, ...")
    builder.table(["Chỉ tiêu", "Kỳ này"], rows, numeric_columns={1})
    docx_bytes = builder.finish(signature, recipients)

Texts are written as plain runs: nothing a user typed is read as markup, and characters XML cannot hold are
dropped (a paste from another program may carry them).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from khoagiao.core.templatetags.khoagiao import vi_date_words

from .style import DocumentFormat, DocumentStyle, document_style

PARTY_MOTTO = "ĐẢNG CỘNG SẢN VIỆT NAM"
STATE_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
STATE_MOTTO = "Độc lập - Tự do - Hạnh phúc"
# XML 1.0 cannot hold these control characters; python-docx raises on them.
_ILLEGAL = {code: None for code in [*range(0, 9), 11, 12, *range(14, 32)]}
_LONG_WORD = re.compile(r"(\S{60})(?=\S)")


def clean_text(text: object) -> str:
    """Text safe for a DOCX run: control characters dropped, very long unbroken strings (a pasted link) given
    a zero-width break opportunity every 60 characters so that they wrap instead of running off the page."""
    value = "" if text is None else str(text)
    value = value.translate(_ILLEGAL)
    return _LONG_WORD.sub("\\1\u200b", value)


def number_text(document_format: str, number: int | None, kind_code: str, issuer_symbol: str) -> str:
    """'Số 12-BC/BTGDVTU' (Party, no colon) or 'Số: 12/BC-SGDĐT' (State). Without a number yet (a draft), the
    number is left blank for the office to fill in: 'Số    -BC/BTGDVTU'."""
    shown = str(number) if number else "\u00a0" * 6
    if document_format == DocumentFormat.STATE:
        return f"Số: {shown}/{kind_code}-{issuer_symbol}"
    return f"Số {shown}-{kind_code}/{issuer_symbol}"


@dataclass
class OfficialHeader:
    document_format: str
    superior_body: str  # "TỈNH ỦY QUẢNG NGÃI"; may be empty
    issuing_body: str  # "BAN TUYÊN GIÁO VÀ DÂN VẬN"
    number: str  # from `number_text`
    place: str  # "Quảng Ngãi"
    date: dt.date | None  # None: a draft whose date is filled in when it is issued
    kind_title: str  # "BÁO CÁO"
    summary: str = ""  # "kết quả công tác khoa giáo quý I năm 2026"
    draft: bool = False  # prints "DỰ THẢO" above the header


@dataclass
class Signature:
    """The signature block. The head of an advisory body signs under their own title ("TRƯỞNG BAN"); a deputy
    signs for the head ("K/T TRƯỞNG BAN" / "PHÓ TRƯỞNG BAN"). State documents write "KT." with a dot."""

    head_title: str  # "TRƯỞNG BAN"
    signer_name: str = ""
    deputy_title: str = ""  # "PHÓ TRƯỞNG BAN" when a deputy signs
    on_behalf_of: str = ""  # "T/M BAN THƯỜNG VỤ" style prefix line, rarely needed here

    def lines(self, document_format: str) -> list[str]:
        prefix = "KT." if document_format == DocumentFormat.STATE else "K/T"
        lines = [self.on_behalf_of.upper()] if self.on_behalf_of else []
        if self.deputy_title:
            return [*lines, f"{prefix} {self.head_title.upper()}", self.deputy_title.upper()]
        return [*lines, self.head_title.upper()]


def _set_cell_borders_none(table: Table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _set_widths(table: Table, widths_mm: Sequence[float], *, indent_mm: float = 0) -> None:
    """Fixed column widths that Word and LibreOffice both honour: the grid, every cell, and a fixed layout."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    total = OxmlElement("w:tblW")
    total.set(qn("w:w"), str(int(sum(widths_mm) * 56.7)))
    total.set(qn("w:type"), "dxa")
    for existing in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(existing)
    tbl_pr.append(total)
    if indent_mm:
        indent = OxmlElement("w:tblInd")
        indent.set(qn("w:w"), str(int(indent_mm * 56.7)))
        indent.set(qn("w:type"), "dxa")
        tbl_pr.append(indent)
    grid_columns = table._tbl.tblGrid.findall(qn("w:gridCol"))
    for column, width in zip(grid_columns, widths_mm, strict=False):
        column.set(qn("w:w"), str(int(width * 56.7)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)


def _bottom_rule(paragraph: Paragraph) -> None:
    """A solid rule under the paragraph (the line under the motto and under the issuing body)."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "6")
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    p_pr.append(borders)


def _page_number_field(paragraph: Paragraph) -> None:
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = "PAGE"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(instruction)
    run._r.append(end)


class OfficialDocument:
    """Builds one official document. Call the body methods in order, then `finish`."""

    def __init__(self, header: OfficialHeader, style: DocumentStyle | None = None) -> None:
        self.header = header
        self.style = style or document_style(header.document_format)
        self.document = Document()
        self._setup_page()
        self._write_header()

    # -- page -------------------------------------------------------------------------------------------
    def _setup_page(self) -> None:
        style = self.style
        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = Mm(style.margin_top_mm)
        section.bottom_margin = Mm(style.margin_bottom_mm)
        section.left_margin = Mm(style.margin_left_mm)
        section.right_margin = Mm(style.margin_right_mm)
        section.header_distance = Mm(10)
        normal = self.document.styles["Normal"]
        normal.font.name = style.font_name
        normal.font.size = Pt(style.body_size)
        # East-Asian and complex-script fonts too, or Word falls back to another face for some characters.
        r_fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            r_fonts.set(qn(attribute), style.font_name)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.space_before = Pt(0)
        # Page numbers from the second page, centred at the top (the handbook's rule).
        section.different_first_page_header_footer = True
        number = section.header.paragraphs[0]
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_number_field(number)

    @property
    def usable_width_mm(self) -> float:
        return 210 - self.style.margin_left_mm - self.style.margin_right_mm

    def _run(
        self,
        paragraph: Paragraph,
        text: str,
        *,
        size: float | None = None,
        bold: bool = False,
        italic: bool = False,
        underline: bool = False,
    ) -> None:
        run = paragraph.add_run(clean_text(text))
        run.font.size = Pt(size or self.style.body_size)
        run.bold = bold
        run.italic = italic
        run.underline = underline

    def _centered(self, container: _Cell | None, text: str, **kwargs: object) -> Paragraph:
        paragraph = container.add_paragraph() if container is not None else self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if text:
            self._run(paragraph, text, **kwargs)  # type: ignore[arg-type]
        return paragraph

    # -- header -----------------------------------------------------------------------------------------
    def _write_header(self) -> None:
        header, style = self.header, self.style
        is_state = header.document_format == DocumentFormat.STATE
        if header.draft:
            draft = self.document.add_paragraph()
            draft.alignment = WD_ALIGN_PARAGRAPH.LEFT
            self._run(draft, "DỰ THẢO", size=12, bold=True)
        table = self.document.add_table(rows=1, cols=2)
        _set_cell_borders_none(table)
        # As offices lay it out, the header reaches a little into the left margin so that the issuing body
        # and the place-and-date line each fit on one line.
        outset = min(15.0, self.style.margin_left_mm - 15)
        full_width = self.usable_width_mm + outset
        left_width, right_width = full_width * 0.5, full_width * 0.5
        _set_widths(table, [left_width, right_width], indent_mm=-outset)
        left, right = table.rows[0].cells
        # Left column: superior body, issuing body, the asterisk (Party) or a short rule (State), the number.
        left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        if header.superior_body:
            self._run(left.paragraphs[0], header.superior_body.upper(), size=style.body_header_size)
            issuing = self._centered(
                left, header.issuing_body.upper(), size=style.body_header_size, bold=True
            )
        else:
            issuing = left.paragraphs[0]
            self._run(issuing, header.issuing_body.upper(), size=style.body_header_size, bold=True)
        if is_state:
            _bottom_rule(issuing)
            issuing.paragraph_format.left_indent = Mm(left_width * 0.3)
            issuing.paragraph_format.right_indent = Mm(left_width * 0.3)
            self._centered(left, "")
        else:
            self._centered(left, "*", size=style.body_header_size)
        self._centered(left, header.number, size=style.number_size)
        # Right column: the motto with its rule, then place and date in words.
        right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        if is_state:
            self._run(right.paragraphs[0], STATE_TITLE, size=style.motto_size, bold=True)
            motto = self._centered(right, STATE_MOTTO, size=style.motto_line2_size, bold=True)
            rule_inset = right_width * 0.2
        else:
            self._run(right.paragraphs[0], PARTY_MOTTO, size=style.motto_size, bold=True)
            motto = right.paragraphs[0]
            rule_inset = right_width * 0.08
        _bottom_rule(motto)
        motto.paragraph_format.left_indent = Mm(rule_inset)
        motto.paragraph_format.right_indent = Mm(rule_inset)
        self._centered(right, "")
        date_words = (
            vi_date_words(header.date)
            if header.date
            else "ngày\u00a0\u00a0\u00a0 tháng\u00a0\u00a0\u00a0 năm"
        )
        date_line = f"{header.place}, {date_words}" if header.place else date_words
        self._centered(right, date_line, size=style.date_size, italic=True)
        # Kind and summary, then a short line.
        self.document.add_paragraph()
        kind = self._centered(None, header.kind_title.upper(), size=style.kind_size, bold=True)
        kind.paragraph_format.space_before = Pt(6)
        if header.summary:
            self._centered(None, header.summary, size=style.summary_size, bold=True)
        self._centered(None, "-----", size=style.body_size)
        self.document.add_paragraph()

    # -- body -------------------------------------------------------------------------------------------
    def heading(self, text: str, *, level: int = 1) -> Paragraph:
        """A part title (level 1, bold capitals as typed) or a numbered heading (level 2 bold, 3 bold italic)."""
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Mm(self.style.first_line_indent_mm)
        paragraph.paragraph_format.space_before = Pt(6)
        paragraph.paragraph_format.space_after = Pt(self.style.paragraph_after_pt)
        paragraph.paragraph_format.keep_with_next = True
        self._run(paragraph, text, bold=True, italic=level >= 3)
        return paragraph

    def paragraph(
        self,
        text: str,
        *,
        bold: bool = False,
        italic: bool = False,
        align: str = "justify",
        indent: bool = True,
    ) -> Paragraph:
        """A body paragraph, justified with a first-line indent. Line breaks inside `text` become new
        paragraphs, as a typist would press Enter."""
        last: Paragraph | None = None
        for line in (clean_text(text).splitlines() or [""]) if text else [""]:
            paragraph = self.document.add_paragraph()
            paragraph.alignment = {
                "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
                "center": WD_ALIGN_PARAGRAPH.CENTER,
                "right": WD_ALIGN_PARAGRAPH.RIGHT,
                "left": WD_ALIGN_PARAGRAPH.LEFT,
            }[align]
            paragraph_format = paragraph.paragraph_format
            if indent:
                paragraph_format.first_line_indent = Mm(self.style.first_line_indent_mm)
            paragraph_format.space_after = Pt(self.style.paragraph_after_pt)
            paragraph_format.line_spacing = self.style.line_spacing
            self._run(paragraph, line, bold=bold, italic=italic)
            last = paragraph
        assert last is not None
        return last

    def table(
        self,
        headers: Sequence[str],
        rows: Iterable[Sequence[object]],
        *,
        widths_mm: Sequence[float] | None = None,
        numeric_columns: Iterable[int] = (),
        bold_rows: Iterable[int] = (),
        caption: str = "",
    ) -> Table:
        """A bordered table of figures. Numeric columns are right-aligned; the header row repeats on every page."""
        if caption:
            self.paragraph(caption, bold=True, italic=True, align="center", indent=False)
        numeric = set(numeric_columns)
        bold = set(bold_rows)
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        size = self.style.table_size
        header_cells = table.rows[0].cells
        for index, text in enumerate(headers):
            paragraph = header_cells[index].paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self._run(paragraph, text, size=size, bold=True)
        tr_pr = table.rows[0]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        tr_pr.append(repeat)
        for row_index, values in enumerate(rows):
            cells = table.add_row().cells
            for index, value in enumerate(values):
                paragraph = cells[index].paragraphs[0]
                if index in numeric:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                self._run(paragraph, "" if value is None else str(value), size=size, bold=row_index in bold)
        if widths_mm:
            _set_widths(table, widths_mm)
        self.document.add_paragraph()
        return table

    def image(self, png: bytes, *, width_mm: float | None = None, caption: str = "") -> None:
        """A picture (a chart) centred on the page, with an italic caption under it."""
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm or min(150, self.usable_width_mm)))
        if caption:
            self.paragraph(caption, italic=True, align="center", indent=False)

    def page_break(self) -> None:
        self.document.add_section(WD_SECTION.NEW_PAGE)

    # -- closing ----------------------------------------------------------------------------------------
    def finish(self, signature: Signature | None, recipients: Sequence[str]) -> bytes:
        """Adds the recipients (left) and the signature block (right) side by side, and returns the DOCX."""
        style = self.style
        is_state = self.header.document_format == DocumentFormat.STATE
        self.document.add_paragraph()
        table = self.document.add_table(rows=1, cols=2)
        _set_cell_borders_none(table)
        _set_widths(table, [self.usable_width_mm * 0.5, self.usable_width_mm * 0.5])
        left, right = table.rows[0].cells
        heading = left.paragraphs[0]
        if is_state:
            self._run(heading, "Nơi nhận:", size=style.recipients_heading_size, bold=True, italic=True)
        else:
            self._run(heading, "Nơi nhận:", size=style.recipients_heading_size, underline=True)
        for index, recipient in enumerate(recipients):
            line = left.add_paragraph()
            ending = "." if index == len(recipients) - 1 else ","
            text = recipient.strip().rstrip(",.;")
            self._run(line, f"- {text}{ending}", size=style.recipients_size)
        right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        if signature is not None:
            lines = signature.lines(self.header.document_format)
            self._run(right.paragraphs[0], lines[0], size=style.signature_size, bold=True)
            for line in lines[1:]:
                self._centered(right, line, size=style.signature_size, bold=True)
            for _blank in range(4):
                self._centered(right, "")
            self._centered(right, signature.signer_name, size=style.signature_size, bold=True)
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()
