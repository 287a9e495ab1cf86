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
from functools import lru_cache
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from PIL import ImageFont

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


# Serif faces metric-compatible with Times New Roman, used to measure a header line for its rule.
_SERIF_FACES = {
    False: ("LiberationSerif-Regular.ttf", "Times New Roman.ttf", "times.ttf"),
    True: ("LiberationSerif-Bold.ttf", "Times New Roman Bold.ttf", "timesbd.ttf"),
}
_FONT_DIRS = (
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/truetype/liberation",
    "/usr/share/fonts/truetype/msttcorefonts",
    "C:/Windows/Fonts",
)
CELL_PADDING_MM = 3.8  # Word's and LibreOffice's default left plus right cell margins (1.9 mm each)


@lru_cache(maxsize=4)
def _serif_font(bold: bool) -> ImageFont.FreeTypeFont | None:
    for folder in _FONT_DIRS:
        for face in _SERIF_FACES[bold]:
            path = Path(folder) / face
            if path.exists():
                return ImageFont.truetype(str(path), 100)
    return None


def text_width_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The printed width of one line of Times New Roman text (measured with the metric-compatible Liberation
    Serif where it is installed, else estimated), used to size the rules under the header lines."""
    font = _serif_font(bold)
    if font is not None:
        width_at_100pt = font.getlength(text)
    else:
        width_at_100pt = sum(35 if char == " " else 70 if char.isupper() else 50 for char in text)
    return width_at_100pt / 100 * size_pt * 25.4 / 72


def _rule(
    container: _Cell | DocxDocument,
    *,
    width_mm: float,
    cell_width_mm: float,
    padding_mm: float = CELL_PADDING_MM,
) -> Paragraph:
    """A centred solid rule `width_mm` long: an empty 1 pt paragraph with a bottom border, indented on both
    sides. The text above keeps the whole width of its cell (an indented text line would wrap)."""
    paragraph = container.add_paragraph()
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = Pt(1)
    room = max(0.0, cell_width_mm - padding_mm)
    indent = max(0.0, (room - min(width_mm, room)) / 2)
    paragraph.paragraph_format.left_indent = Mm(indent)
    paragraph.paragraph_format.right_indent = Mm(indent)
    mark = paragraph._p.get_or_add_pPr()
    run_properties = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    run_properties.append(size)
    mark.append(run_properties)
    _bottom_rule(paragraph)
    return paragraph


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
        cleaned = clean_text(text)
        run = paragraph.add_run()
        # python-docx's `run.text = …` walks the text character by character (for tabs and breaks); a plain text
        # goes in as one <w:t>, which makes a long report several times faster to build.
        if "\t" in cleaned or "\n" in cleaned or "\r" in cleaned:
            run.text = cleaned
        elif cleaned:
            run._r.add_t(cleaned)
        run.font.size = Pt(size or self.style.body_size)
        # Only what differs from the paragraph's style is written (fewer XML elements: a large table of
        # figures builds noticeably faster).
        if bold:
            run.bold = True
        if italic:
            run.italic = True
        if underline:
            run.underline = True

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
        # Party: two equal columns. State: the national title is long, so the right column takes 60 %.
        left_width = full_width * (0.4 if is_state else 0.5)
        right_width = full_width - left_width
        _set_widths(table, [left_width, right_width], indent_mm=-outset)
        left, right = table.rows[0].cells
        # Left column: superior body, issuing body, the asterisk (Party) or a short rule (State), the number.
        left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        issuing_text = header.issuing_body.upper()
        if header.superior_body:
            self._run(left.paragraphs[0], header.superior_body.upper(), size=style.body_header_size)
            self._centered(left, issuing_text, size=style.body_header_size, bold=True)
        else:
            self._run(left.paragraphs[0], issuing_text, size=style.body_header_size, bold=True)
        if is_state:
            # Decree 30: a rule one third to one half as long as the issuing body's line, centred under it.
            issuing_width = min(text_width_mm(issuing_text, style.body_header_size, bold=True), left_width)
            _rule(left, width_mm=max(15.0, issuing_width * 0.4), cell_width_mm=left_width)
            self._centered(left, "")
        else:
            self._centered(left, "*", size=style.body_header_size)
        self._centered(left, header.number, size=style.number_size)
        # Right column: the motto with a rule as long as its line, then place and date in words.
        right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        if is_state:
            self._run(right.paragraphs[0], STATE_TITLE, size=style.motto_size, bold=True)
            self._centered(right, STATE_MOTTO, size=style.motto_line2_size, bold=True)
            motto_width = text_width_mm(STATE_MOTTO, style.motto_line2_size, bold=True)
        else:
            self._run(right.paragraphs[0], PARTY_MOTTO, size=style.motto_size, bold=True)
            motto_width = text_width_mm(PARTY_MOTTO, style.motto_size, bold=True)
        _rule(right, width_mm=motto_width, cell_width_mm=right_width)
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
        if is_state:
            # Decree 30: a short solid rule under the summary; HD 36: five hyphens.
            _rule(self.document, width_mm=30, cell_width_mm=self.usable_width_mm, padding_mm=0)
        else:
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
        """A new page (a new section, for an annex). Only the document's first page goes without a number."""
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        section.different_first_page_header_footer = False

    # -- closing ----------------------------------------------------------------------------------------
    def finish(self, signature: Signature | None, recipients: Sequence[str]) -> bytes:
        """Adds the recipients (left) and the signature block (right) side by side, and returns the DOCX."""
        style = self.style
        is_state = self.header.document_format == DocumentFormat.STATE
        self.document.add_paragraph()
        table = self.document.add_table(rows=1, cols=2)
        _set_cell_borders_none(table)
        _set_widths(table, [self.usable_width_mm * 0.5, self.usable_width_mm * 0.5])
        # The recipients and the signature stay on one page together (a signer's name alone on the last page
        # is a typist's mistake).
        keep_together = OxmlElement("w:cantSplit")
        table.rows[0]._tr.get_or_add_trPr().append(keep_together)
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
