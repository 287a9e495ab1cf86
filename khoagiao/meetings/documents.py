"""The briefing's documents: the invitation (giấy mời, GM), the concluding notice (thông báo kết luận, TB), both
numbered through the register, and the follow-up table of the previous briefings' conclusions (not numbered)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from khoagiao.core.documents import OfficialDocument, OfficialHeader, Signature
from khoagiao.core.templatetags.khoagiao import vi_date_words
from khoagiao.core.workdays import weekday_name
from khoagiao.reporting.services.register import issuer_bodies

from .ordinals import ordinal_lead

HEAD_TITLE = "Trưởng ban"


def briefing_subject(briefing: Any) -> str:
    """'hội nghị giao ban khối Khoa giáo quý III năm 2026' from the title, lower-cased at the start."""
    title = briefing.title.strip()
    return title[0].lower() + title[1:] if title else ""


def signature_for(briefing: Any) -> Signature:
    """The chair signs: a deputy head signs for the head ("K/T TRƯỞNG BAN / PHÓ TRƯỞNG BAN"); the chair's full
    title ("Phó Trưởng Ban Tuyên giáo và Dân vận") only tells which of the two it is."""
    title = (briefing.chair_title or "").strip()
    if title.lower().startswith("phó"):
        return Signature(
            head_title=HEAD_TITLE, deputy_title=f"Phó {HEAD_TITLE}", signer_name=briefing.chair_name
        )
    return Signature(head_title=HEAD_TITLE, signer_name=briefing.chair_name)


def _header(briefing: Any, document: Any, kind_title: str, summary: str) -> OfficialHeader:
    bodies = issuer_bodies(briefing.organising_unit)
    return OfficialHeader(
        document_format=document.document_format,
        superior_body=bodies.superior_body,
        issuing_body=bodies.issuing_body,
        number=document.symbol,
        place=bodies.place,
        date=document.issued_on,
        kind_title=kind_title,
        summary=summary,
    )


def meeting_time_text(briefing: Any) -> str:
    start = briefing.start_time
    day = briefing.date
    return f"{start:%H} giờ {start:%M}, {weekday_name(day).lower()}, {vi_date_words(day)}"


def invitation_recipients(attendances: Sequence[Any]) -> list[str]:
    return ["Như thành phần mời", "Lưu Văn phòng Ban"]


def invitation_docx(
    briefing: Any,
    document: Any,
    *,
    attendances: Sequence[Any],
    agenda: Sequence[Any],
    confirm_by: dt.date | None,
) -> bytes:
    doc = OfficialDocument(_header(briefing, document, "GIẤY MỜI", briefing_subject(briefing)))
    organiser = briefing.organising_unit.name
    doc.paragraph(f"{organiser} trân trọng kính mời:")
    for attendance in attendances:
        doc.paragraph(f"- Đại diện lãnh đạo {attendance.unit.name};")
    doc.paragraph(f"Tới dự {briefing_subject(briefing)}.")
    doc.paragraph(f"Thời gian: {meeting_time_text(briefing)}.")
    doc.paragraph(f"Địa điểm: {briefing.place}.")
    chair = f"đồng chí {briefing.chair_name}" + (f", {briefing.chair_title}" if briefing.chair_title else "")
    doc.paragraph(f"Chủ trì hội nghị: {chair}.")
    if agenda:
        doc.paragraph("Nội dung:", bold=True)
        for index, item in enumerate(agenda, start=1):
            presenter = f" ({item.presenter_unit.name} trình bày)" if item.presenter_unit else ""
            doc.paragraph(f"{index}. {item.title}{presenter}.")
    if briefing.period_id:
        doc.paragraph(
            "Tài liệu hội nghị (gồm báo cáo tổng hợp kỳ báo cáo) được đăng trên hệ thống điều hành khối Khoa giáo."
        )
    if confirm_by:
        doc.paragraph(
            "Đề nghị các đơn vị xác nhận thành phần tham dự (họ tên, chức vụ) trên hệ thống trước ngày "
            f"{confirm_by:%d/%m/%Y}."
        )
    else:
        doc.paragraph("Đề nghị các đơn vị xác nhận thành phần tham dự (họ tên, chức vụ) trên hệ thống.")
    return doc.finish(signature_for(briefing), invitation_recipients(attendances))


def notice_recipients(attendances: Sequence[Any]) -> list[str]:
    return [
        "Thường trực Tỉnh ủy (để báo cáo)",
        *[f"{attendance.unit.name} (để thực hiện)" for attendance in attendances],
        "Lưu Văn phòng Ban",
    ]


def conclusion_paragraph(index: int, item: Any) -> str:
    text = item.text.strip().rstrip(".;")
    return f"{ordinal_lead(index)}, {text[0].lower() + text[1:] if text else ''}."


def notice_docx(
    briefing: Any,
    document: Any,
    *,
    version: Any,
    items: Sequence[Any],
    attendances: Sequence[Any],
    replaces: Any = None,
) -> bytes:
    chair = f"đồng chí {briefing.chair_name}" + (f", {briefing.chair_title}" if briefing.chair_title else "")
    summary = f"kết luận của {chair} tại {briefing_subject(briefing)}"
    doc = OfficialDocument(_header(briefing, document, "THÔNG BÁO", summary))
    present = [attendance.unit.name for attendance in attendances if attendance.present]
    doc.paragraph(
        f"Ngày {briefing.date:%d/%m/%Y}, tại {briefing.place}, {briefing.organising_unit.name} tổ chức "
        f"{briefing_subject(briefing)}. {chair[0].upper() + chair[1:]} chủ trì hội nghị."
    )
    if present:
        doc.paragraph("Dự hội nghị có đại diện lãnh đạo: " + "; ".join(present) + ".")
    if version.opening:
        doc.paragraph(version.opening)
    doc.paragraph(f"Sau khi nghe báo cáo và ý kiến của các đơn vị, {chair} kết luận như sau:")
    for index, item in enumerate(items, start=1):
        doc.paragraph(conclusion_paragraph(index, item))
        assignment = []
        if item.lead_unit is not None:
            assignment.append(f"Giao {item.lead_unit.name} chủ trì thực hiện")
        if item.due_date is not None:
            assignment.append(f"thời hạn hoàn thành trước ngày {item.due_date:%d/%m/%Y}")
        if assignment:
            line = "; ".join(assignment) + "."
            doc.paragraph(line[0].upper() + line[1:], italic=True)
    if replaces is not None:
        reason = f" ({version.reason})" if version.reason else ""
        doc.paragraph(
            f"Thông báo này thay thế {replaces.symbol.replace('Số', 'Thông báo số', 1)} ngày "
            f"{replaces.issued_on:%d/%m/%Y}{reason}.",
            italic=True,
        )
    doc.paragraph(f"{briefing.organising_unit.name} thông báo để các đơn vị biết, thực hiện.")
    return doc.finish(signature_for(briefing), notice_recipients(attendances))


FOLLOWUP_HEADERS = [
    "TT",
    "Đơn vị chủ trì",
    "Tổng số",
    "Hoàn thành đúng hạn",
    "Hoàn thành quá hạn",
    "Đang thực hiện trong hạn",
    "Chưa hoàn thành, quá hạn",
]


def followup_docx(briefing: Any, *, rows: Sequence[Any], total: Any, today: dt.date) -> bytes:
    """The standing agenda section as a table (for the meeting's documents; not a numbered document)."""
    bodies = issuer_bodies(briefing.organising_unit)
    doc = OfficialDocument(
        OfficialHeader(
            document_format=bodies.document_format,
            superior_body=bodies.superior_body,
            issuing_body=bodies.issuing_body,
            number="",
            place=bodies.place,
            date=today,
            kind_title="KẾT QUẢ THỰC HIỆN KẾT LUẬN KỲ TRƯỚC",
            summary=f"(tài liệu {briefing_subject(briefing)})",
        )
    )
    doc.paragraph(
        f"Tình hình thực hiện các nhiệm vụ giao tại thông báo kết luận các hội nghị giao ban trước, "
        f"tính đến ngày {today:%d/%m/%Y}:"
    )
    table_rows: list[list[object]] = []
    for index, row in enumerate(rows, start=1):
        table_rows.append(
            [
                index,
                row.unit.name if hasattr(row.unit, "name") else str(row.unit),
                row.total,
                row.done_on_time,
                row.done_late,
                row.open_within_term,
                row.open_overdue,
            ]
        )
    table_rows.append(
        [
            "",
            "Tổng cộng",
            total.total,
            total.done_on_time,
            total.done_late,
            total.open_within_term,
            total.open_overdue,
        ]
    )
    doc.table(
        FOLLOWUP_HEADERS,
        table_rows,
        numeric_columns=[2, 3, 4, 5, 6],
        bold_rows=[len(table_rows) - 1],
        widths_mm=[10, 55, 18, 22, 22, 22, 22],
    )
    return doc.finish(None, [])
