"""The DOCX of a digest «Tình hình dư luận xã hội» (Party format, numbered through the register)."""

from __future__ import annotations

import datetime as dt

from khoagiao.core.documents import OfficialDocument, OfficialHeader, Signature, line_chart_png, number_text
from khoagiao.reporting.choices import OutgoingDocumentKind
from khoagiao.reporting.services.register import issuer_bodies

from .choices import DigestKind
from .digests import DigestFigures
from .models import Digest

DEFAULT_RECIPIENTS = (
    "Thường trực Tỉnh ủy (để báo cáo)",
    "Các đồng chí lãnh đạo Ban",
    "Các cơ quan, đơn vị khối khoa giáo",
    "Lưu Văn phòng Ban",
)


def digest_summary(digest: Digest) -> str:
    span = "tuần" if digest.kind == DigestKind.WEEKLY else "tháng"
    return (
        f"tình hình dư luận xã hội {span} (từ ngày {digest.period_start:%d/%m/%Y} "
        f"đến ngày {digest.period_end:%d/%m/%Y})"
    )


def _count_table(builder: OfficialDocument, caption: str, label: str, rows: list[tuple[str, int]]) -> None:
    total = sum(count for _, count in rows)
    body = [[str(index), name, str(count)] for index, (name, count) in enumerate(rows, start=1)]
    body.append(["", "Tổng số", str(total)])
    builder.table(
        ["TT", label, "Số vấn đề"],
        body,
        widths_mm=[12, 120, 30],
        numeric_columns=[2],
        bold_rows=[len(body) - 1],
        caption=caption,
    )


def digest_docx(
    digest: Digest,
    figures: DigestFigures,
    *,
    number: int | None = None,
    issued_on: dt.date | None = None,
    draft: bool = False,
) -> bytes:
    bodies = issuer_bodies(digest.issuing_unit)
    builder = OfficialDocument(
        OfficialHeader(
            document_format=bodies.document_format,
            superior_body=bodies.superior_body,
            issuing_body=bodies.issuing_body,
            number=number_text(bodies.document_format, number, OutgoingDocumentKind.BC, bodies.symbol),
            place=bodies.place,
            date=issued_on,
            kind_title="BÁO CÁO",
            summary=digest_summary(digest),
            draft=draft,
        )
    )
    builder.heading("I. TÌNH HÌNH CHUNG")
    builder.paragraph(
        f"Trong kỳ, Ban nắm bắt {figures.issues} vấn đề dư luận xã hội (từ {figures.reports} lượt phản ánh của "
        "các cơ quan, đơn vị)."
    )
    if digest.overview.strip():
        builder.paragraph(digest.overview)
    if figures.issues:
        _count_table(builder, "Bảng 1. Phân theo lĩnh vực", "Lĩnh vực", figures.by_field)
        _count_table(builder, "Bảng 2. Phân theo mức độ", "Mức độ", figures.by_severity)
        _count_table(builder, "Bảng 3. Phân theo nguồn thông tin", "Nguồn", figures.by_source)
        _count_table(builder, "Bảng 4. Phân theo địa bàn phát sinh", "Địa bàn", figures.by_area)
    if any(count for _, count in figures.trend):
        builder.image(
            line_chart_png(
                "Số vấn đề theo thời gian",
                [label for label, _ in figures.trend],
                {"Số vấn đề": [float(count) for _, count in figures.trend]},
            ),
            caption="Biểu đồ. Diễn biến số vấn đề dư luận xã hội",
        )
    builder.heading("II. NHỮNG VẤN ĐỀ NỔI BẬT")
    if figures.notable:
        rows = [
            [
                str(index),
                issue.title,
                issue.area.name,
                issue.get_severity_display(),
                issue.get_status_display()
                + (f" ({issue.responsible_unit.name})" if issue.responsible_unit else ""),
            ]
            for index, issue in enumerate(figures.notable, start=1)
        ]
        builder.table(
            ["TT", "Vấn đề", "Địa bàn", "Mức độ", "Tình trạng xử lý"], rows, widths_mm=[10, 62, 35, 25, 33]
        )
    else:
        builder.paragraph("Trong kỳ không có vấn đề nóng, đặc biệt nghiêm trọng.", italic=True)
    builder.heading("III. NHẬN ĐỊNH, ĐÁNH GIÁ")
    builder.paragraph(digest.assessment or "…")
    builder.heading("IV. ĐỀ XUẤT, KIẾN NGHỊ")
    builder.paragraph(digest.recommendations or "…")
    signature = Signature(
        head_title="Trưởng ban",
        deputy_title="Phó Trưởng ban" if digest.signer_is_deputy else "",
        signer_name=digest.signer_name,
    )
    return builder.finish(signature, list(DEFAULT_RECIPIENTS))
