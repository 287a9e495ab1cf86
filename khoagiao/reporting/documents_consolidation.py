"""The consolidated report as a document: the DOCX in the Party format (or the State format when a state agency
issues it, as `issuer_bodies` decides) and the XLSX of all its figures.

The DOCX reads as the office types it: header, number, place and date, "BÁO CÁO" and the summary, an opening
paragraph, the narrative sections, the figures (by field, with the previous period and the same period of last
year beside them), a chart of the key indicators, the figures by kind of unit and the roll-up, the completeness
of the units' reports with the missing ones named, then the recipients and the signature block.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from khoagiao.core.documents import (
    OfficialDocument,
    OfficialHeader,
    Signature,
    bar_chart_png,
    docx_to_pdf,
    number_text,
)
from khoagiao.core.errors import NotFoundError

from .choices import OutgoingDocumentKind
from .documents import safe_cell
from .models import ConsolidatedVersion, SignerRole
from .services.register import issuer_bodies

MARK = " (*)"


KEY_INDICATORS_IN_CHART = 5


def _value(row: dict[str, Any], key: str) -> str:
    text = row.get(key) or ""
    if key == "current" and text and row.get("marked"):
        return text + MARK
    return text or "—"


def _signature(version: ConsolidatedVersion) -> Signature:
    deputy = version.signer_role == SignerRole.DEPUTY
    return Signature(
        head_title="Trưởng ban",
        deputy_title="Phó Trưởng ban" if deputy else "",
        signer_name=version.signer_name,
    )


def _opening(version: ConsolidatedVersion, figures: dict[str, Any]) -> str:
    completeness = figures["completeness"]
    period = figures["period"]["label"]
    duty = version.report.period.duty.name
    if not figures["has_data"]:
        return (
            f"Thực hiện chế độ báo cáo «{duty}», đến thời điểm tổng hợp, trong {completeness['expected']} đơn vị "
            f"phải báo cáo kỳ {period} chưa có báo cáo nào được tiếp nhận; vì vậy báo cáo này chưa có số liệu "
            "tổng hợp của các đơn vị. Tình hình nộp báo cáo được nêu ở phần cuối."
        )
    return (
        f"Thực hiện chế độ báo cáo «{duty}», trên cơ sở báo cáo của {completeness['counted']}/"
        f"{completeness['expected']} đơn vị phải báo cáo kỳ {period}, "
        f"{issuer_bodies(version.report.issuing_unit).issuing_body} báo cáo {version.summary} như sau:"
    )


def _chart(figures: dict[str, Any]) -> bytes | None:
    """Bars of the key indicators (the first summed ones with a figure): this period, the previous one and
    the same period last year."""
    rows = [
        row
        for row in figures["indicators"]
        if row["aggregation"] == "sum" and row["value_type"] == "integer" and row["current_value"] is not None
    ][:KEY_INDICATORS_IN_CHART]
    if len(rows) < 2:
        return None
    columns = [(f"Kỳ này ({figures['period']['label']})", "current_value")]
    if figures["previous"]:
        columns.append((f"Kỳ trước ({figures['previous']['label']})", "previous_value"))
    if figures["last_year"]:
        columns.append((f"Cùng kỳ ({figures['last_year']['label']})", "last_year_value"))
    series = {name: [row[key] for row in rows] for name, key in columns}
    return bar_chart_png("Một số chỉ tiêu chủ yếu", [row["name"] for row in rows], series)


def consolidation_docx(
    version: ConsolidatedVersion,
    figures: dict[str, Any],
    *,
    number: int | None = None,
    issued_on: dt.date | None = None,
    draft: bool = False,
) -> bytes:
    """The DOCX of a version with `figures` (live for a draft, frozen for an issued version)."""
    unit = version.report.issuing_unit
    bodies = issuer_bodies(unit)
    builder = OfficialDocument(
        OfficialHeader(
            document_format=bodies.document_format,
            superior_body=bodies.superior_body,
            issuing_body=bodies.issuing_body,
            number=number_text(bodies.document_format, number, OutgoingDocumentKind.BC, bodies.symbol),
            place=bodies.place,
            date=issued_on,
            kind_title="BÁO CÁO",
            summary=version.summary,
            draft=draft,
        )
    )
    builder.paragraph(_opening(version, figures))
    # The template's sections carry their own numbering (I., II.1…); the figures and the completeness follow
    # as unnumbered parts so that they never clash with it.
    for section in version.sections:
        paragraphs = [p for p in section["paragraphs"] if p.get("text", "").strip()]
        builder.heading(section["heading"])
        if not paragraphs:
            builder.paragraph("Các đơn vị chưa báo cáo nội dung này.", italic=True)
        for paragraph in paragraphs:
            builder.paragraph(paragraph["text"])
    _figures_part(builder, figures)
    _completeness_part(builder, figures)
    return builder.finish(_signature(version), version.recipient_list)


def _figures_part(builder: OfficialDocument, figures: dict[str, Any]) -> None:
    builder.heading("SỐ LIỆU TỔNG HỢP")
    if not figures["has_data"]:
        builder.paragraph(
            "Chưa có báo cáo nào được tiếp nhận trong kỳ nên chưa có số liệu tổng hợp.", italic=True
        )
        return
    by_code = {row["code"]: row for row in figures["indicators"]}
    headers = ["TT", "Chỉ tiêu", "Đơn vị tính", "Kỳ này", "Kỳ trước", "Cùng kỳ năm trước"]
    rows: list[list[str]] = []
    bold: list[int] = []
    number = 0
    for group in figures["fields"]:
        bold.append(len(rows))
        rows.append(["", group["name"], "", "", "", ""])
        for code in group["codes"]:
            row = by_code[code]
            number += 1
            rows.append(
                [
                    str(number),
                    row["name"],
                    row["unit_of_measure"],
                    _value(row, "current"),
                    _value(row, "previous"),
                    _value(row, "last_year"),
                ]
            )
    width = builder.usable_width_mm
    builder.table(
        headers,
        rows,
        widths_mm=[10, width - 10 - 22 - 3 * 24, 22, 24, 24, 24],
        numeric_columns={3, 4, 5},
        bold_rows=bold,
        caption=f"Bảng 1. Số liệu tổng hợp kỳ {figures['period']['label']}",
    )
    if figures["completeness"]["marked"]:
        builder.paragraph(
            "(*) Số liệu có tính báo cáo đã gửi nhưng Ban chưa tiếp nhận của: "
            + ", ".join(figures["completeness"]["marked"])
            + ".",
            italic=True,
        )
    notes = [row for row in figures["indicators"] if row["notes"]]
    if notes:
        builder.paragraph("Ghi chú số liệu:", italic=True)
        for row in notes:
            builder.paragraph(f"- {row['name']}: {'; '.join(row['notes'])}.", italic=True)
    chart = _chart(figures)
    if chart:
        builder.image(
            chart, caption="Biểu đồ 1. Một số chỉ tiêu chủ yếu so với kỳ trước và cùng kỳ năm trước"
        )
    kinds = figures["kinds"]
    if len(kinds["columns"]) > 1:
        shown = [row for row in kinds["rows"] if any(kinds_value for kinds_value in row["values"])]
        columns = kinds["columns"]
        first = min(70.0, width - 18 * len(columns))
        builder.table(
            [
                "Chỉ tiêu",
                *[f"{name} ({count})" for name, count in zip(columns, kinds["counts"], strict=True)],
            ],
            [[row["name"], *[value or "—" for value in row["values"]]] for row in shown],
            widths_mm=[first, *[(width - first) / len(columns)] * len(columns)],
            numeric_columns=set(range(1, len(columns) + 1)),
            caption="Bảng 2. Số liệu theo loại đơn vị (trong ngoặc: số đơn vị được tính)",
        )
    if figures["rollup"]:
        codes = [row["code"] for row in figures["indicators"]]
        key = [
            index
            for index, code in enumerate(codes)
            if by_code[code]["aggregation"] == "sum" and by_code[code]["current_value"] is not None
        ][:4]
        builder.table(
            ["Địa bàn, đơn vị cấp trên", "Số đơn vị", *[figures["indicators"][i]["name"] for i in key]],
            [
                [row["unit"], str(row["unit_count"]), *[row["values"][i] or "—" for i in key]]
                for row in figures["rollup"]
            ],
            numeric_columns=set(range(1, len(key) + 2)),
            caption="Bảng 3. Tổng hợp theo địa bàn (cấp dưới cộng lên cấp trên)",
        )


def _completeness_part(builder: OfficialDocument, figures: dict[str, Any]) -> None:
    completeness = figures["completeness"]
    builder.heading("TÌNH HÌNH THỰC HIỆN CHẾ ĐỘ BÁO CÁO")
    if not completeness["expected"]:
        builder.paragraph("Kỳ báo cáo này không có đơn vị nào phải báo cáo.")
        return
    rate = completeness["rate"]
    rate_text = f"{rate:.1f}".replace(".", ",").removesuffix(",0")
    text = (
        f"Tổng số đơn vị phải báo cáo: {completeness['expected']}; số báo cáo đã tiếp nhận: "
        f"{completeness['accepted']}; số báo cáo được tổng hợp: {completeness['counted']}, đạt {rate_text}%."
    )
    builder.paragraph(text)
    missing = completeness["missing"]
    if missing:
        builder.paragraph(f"Các đơn vị chưa có báo cáo được tổng hợp ({len(missing)} đơn vị):")
        builder.table(
            ["TT", "Đơn vị", "Tình trạng báo cáo"],
            [[str(i), row["unit"], row["status_label"]] for i, row in enumerate(missing, start=1)],
            widths_mm=[12, builder.usable_width_mm - 12 - 50, 50],
        )
    else:
        builder.paragraph("Tất cả các đơn vị đã có báo cáo được tổng hợp.")


# --- Files ---------------------------------------------------------------------------------------------------------

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def consolidation_file(version: ConsolidatedVersion, fmt: str) -> tuple[bytes, str, str] | None:
    """(content, content type, file name) of a version's DOCX, PDF or XLSX; None when a large draft's DOCX
    must first be built by the background job. An issued version gives the stored DOCX exactly as issued (and
    its PDF, converted once)."""
    from .selectors_consolidation import consolidation_version_figures
    from .services.consolidation import consolidation_preview_needs_job
    from .services.register import document_pdf

    base = f"bao-cao-tong-hop-{version.report.period_id}-v{version.number}"
    if fmt == "xlsx":
        return consolidation_xlsx(version, consolidation_version_figures(version)), XLSX, f"{base}.xlsx"
    if fmt not in {"docx", "pdf"}:
        raise NotFoundError(_("Định dạng không hỗ trợ; chọn docx, pdf hoặc xlsx."))
    if not version.is_draft and version.document:
        if fmt == "pdf":
            return document_pdf(version.document), "application/pdf", f"{base}.pdf"
        with version.document.file.open("rb") as stored:
            return stored.read(), DOCX, f"{base}.docx"
    figures = consolidation_version_figures(version)
    if version.preview_state == "done" and version.preview_file:
        with version.preview_file.open("rb") as stored:
            content = stored.read()
    elif consolidation_preview_needs_job(figures):
        return None
    else:
        content = consolidation_docx(version, figures, draft=True)
    if fmt == "pdf":
        return docx_to_pdf(content), "application/pdf", f"du-thao-{base}.pdf"
    return content, DOCX, f"du-thao-{base}.docx"


# --- XLSX --------------------------------------------------------------------------------------------------------

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
BOLD = Font(bold=True)


def _sheet_rows(sheet: Any, headers: list[str], rows: list[list[Any]], widths: list[int]) -> None:
    sheet.append([safe_cell(text) for text in headers])
    for cell in sheet[sheet.max_row]:
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(row=2, column=2)


def consolidation_xlsx(version: ConsolidatedVersion, figures: dict[str, Any]) -> bytes:
    """Every figure of the report: totals with comparisons, by kind, by level, roll-up, each unit, and the
    completeness of the reports. Every text passes through `safe_cell`."""
    workbook = Workbook()
    summary = workbook.worksheets[0]
    summary.title = "Tổng hợp"
    _sheet_rows(
        summary,
        [
            "Mã",
            "Chỉ tiêu",
            "Lĩnh vực",
            "Đơn vị tính",
            "Cách tổng hợp",
            "Kỳ này",
            "Kỳ trước",
            "Cùng kỳ năm trước",
            "So với kỳ trước",
            "Số đơn vị có số liệu",
            "Có báo cáo chưa tiếp nhận",
            "Ghi chú",
        ],
        [
            [
                row["code"],
                row["name"],
                row["field"],
                row["unit_of_measure"],
                row["aggregation_label"],
                row["current_value"] if row["current_value"] is not None else row["current"],
                row["previous_value"] if row["previous_value"] is not None else row["previous"],
                row["last_year_value"] if row["last_year_value"] is not None else row["last_year"],
                row["change"],
                row["reporting_units"],
                "Có" if row["marked"] else "",
                "; ".join(row["notes"]),
            ]
            for row in figures["indicators"]
        ],
        [10, 50, 22, 14, 14, 14, 14, 16, 18, 12, 12, 40],
    )
    names = [row["name"] for row in figures["indicators"]]
    for title, key in (("Theo loại đơn vị", "kinds"), ("Theo cấp", "levels")):
        table = figures[key]
        _sheet_rows(
            workbook.create_sheet(title),
            ["Chỉ tiêu", *table["columns"]],
            [[row["name"], *row["values"]] for row in table["rows"]],
            [50, *[18] * len(table["columns"])],
        )
    if figures["rollup"]:
        _sheet_rows(
            workbook.create_sheet("Theo địa bàn"),
            ["Đơn vị cấp trên", "Số đơn vị", *names],
            [[row["unit"], row["unit_count"], *row["values"]] for row in figures["rollup"]],
            [40, 10, *[16] * len(names)],
        )
    _sheet_rows(
        workbook.create_sheet("Từng đơn vị"),
        ["Đơn vị", "Loại", "Cấp", "Tình trạng", "Được tổng hợp", *names],
        [
            [
                row["unit"],
                row["kind"],
                row["level"],
                row["status_label"],
                ("Có (*)" if row["marked"] else "Có") if row["counted"] else "Không",
                *row["values"],
            ]
            for row in figures["units"]
        ],
        [40, 16, 12, 22, 12, *[16] * len(names)],
    )
    completeness = figures["completeness"]
    info = workbook.create_sheet("Thông tin")
    for label, value in (
        ("Báo cáo", version.summary),
        ("Đơn vị ban hành", version.report.issuing_unit.name),
        ("Số, ký hiệu", version.symbol or "Dự thảo"),
        ("Kỳ", figures["period"]["label"]),
        ("Kỳ trước", (figures["previous"] or {}).get("label", "")),
        ("Cùng kỳ năm trước", (figures["last_year"] or {}).get("label", "")),
        ("Số đơn vị phải báo cáo", completeness["expected"]),
        ("Số báo cáo đã tiếp nhận", completeness["accepted"]),
        ("Số báo cáo được tổng hợp", completeness["counted"]),
        ("Tỷ lệ (%)", completeness["rate"]),
        ("Tính cả báo cáo chưa tiếp nhận", "Có" if figures["include_submitted"] else "Không"),
    ):
        info.append([safe_cell(label), safe_cell(value)])
    info.column_dimensions["A"].width = 32
    info.column_dimensions["B"].width = 60
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
