"""Benchmark of the register of outgoing documents (sổ văn bản đi) and the official-document builder.

A department with 10 agencies holds 20,000 numbered documents over five years (every kind, 3 % cancelled),
bulk-inserted. Then it times what people wait for:

- issuing one document: a number under the counter lock, a two-page Party-format DOCX (header, body, a table of
  30 rows, a chart, signature and recipients) built and stored, in one transaction;
- building the same DOCX alone, in the Party and the State format;
- the register page (no filter, a text search, a year and kind filter) through the web client;
- the XLSX export of a year of the register;
- one PDF conversion through LibreOffice (when installed).

    .venv/bin/python bench/register.py                      # SQLite file under var/
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/khoagiao_bench_reg .venv/bin/python bench/register.py

It drops and rebuilds its own database each run and prints a Markdown table for docs/documents.md.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import reset_database, timed  # noqa: E402  (after the path is set)

BENCH_SQLITE = ROOT / "var" / "bench-register.sqlite3"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{BENCH_SQLITE}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ["ALLOWED_HOSTS"] = "testserver,localhost"

DOCUMENTS = int(os.environ.get("BENCH_DOCUMENTS", "20000"))
REPEAT = 10


def sample_docx(document_format: str, symbol: str, issued_on: dt.date) -> bytes:
    from khoagiao.core.documents import OfficialDocument, OfficialHeader, Signature, bar_chart_png

    builder = OfficialDocument(
        OfficialHeader(
            document_format=document_format,
            superior_body="Tỉnh ủy Quảng Ngãi",
            issuing_body="Ban Tuyên giáo và Dân vận",
            number=symbol,
            place="Quảng Ngãi",
            date=issued_on,
            kind_title="Báo cáo",
            summary="kết quả công tác khoa giáo quý I năm 2026",
        )
    )
    builder.heading("I. TÌNH HÌNH CHUNG")
    for _paragraph in range(6):
        builder.paragraph(
            "Các cơ quan, đơn vị khối khoa giáo đã triển khai đồng bộ các nhiệm vụ được giao. " * 4
        )
    builder.table(
        ["TT", "Chỉ tiêu", "Kỳ này", "Kỳ trước"],
        [[str(i), f"Chỉ tiêu số {i}", f"{i * 37:,}".replace(",", "."), str(i * 30)] for i in range(1, 31)],
        numeric_columns={2, 3},
        widths_mm=[10, 90, 30, 30],
    )
    builder.image(bar_chart_png("Số lớp", ["A", "B", "C"], {"Kỳ này": [3, 4, 5], "Kỳ trước": [2, 3, 4]}))
    return builder.finish(
        Signature(head_title="Trưởng ban", deputy_title="Phó Trưởng ban", signer_name="Trần Thị Bình"),
        ["Thường trực Tỉnh ủy (để b/c)", "Lưu VT"],
    )


def generate() -> dict[str, Any]:
    from khoagiao.core.documents import number_text
    from khoagiao.core.testing import Cast
    from khoagiao.core.text import fold_vi
    from khoagiao.reporting.choices import OutgoingDocumentKind
    from khoagiao.reporting.models.register import DocumentCounter, OutgoingDocument

    cast = Cast()
    random.seed(4)
    kinds = list(OutgoingDocumentKind.values)
    counters: dict[tuple[str, int], int] = {}
    rows = []
    for index in range(DOCUMENTS):
        year = 2022 + index % 5
        kind = kinds[index % len(kinds)]
        number = counters[(kind, year)] = counters.get((kind, year), 0) + 1
        symbol = number_text("party", number, kind, "BTGDVTU")
        title = f"kết quả công tác khoa giáo đợt {index} về {random.choice(['y tế', 'giáo dục', 'khoa học'])}"
        cancelled = index % 33 == 0
        rows.append(
            OutgoingDocument(
                issuing_unit=cast.department,
                kind=kind,
                year=year,
                number=number,
                symbol=symbol,
                title=title,
                issued_on=dt.date(year, 1 + index % 12, 1 + index % 28),
                signer_name="Nguyễn Văn An",
                recipients="Thường trực Tỉnh ủy\nLưu VT",
                status="cancelled" if cancelled else "issued",
                cancel_reason="Ban hành nhầm" if cancelled else "",
                search_text=fold_vi(f"{symbol} {title}"),
            )
        )
    OutgoingDocument.objects.bulk_create(rows, batch_size=2000)
    DocumentCounter.objects.bulk_create(
        [
            DocumentCounter(issuing_unit=cast.department, kind=kind, year=year, last_number=last)
            for (kind, year), last in counters.items()
        ]
    )
    return {"cast": cast}


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from khoagiao.core.documents import number_text, pdf_available
    from khoagiao.reporting.choices import OutgoingDocumentKind
    from khoagiao.reporting.documents_register import register_xlsx
    from khoagiao.reporting.selectors_register import RegisterFilters, register_list
    from khoagiao.reporting.services.register import document_issue, document_pdf

    reset_database()
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    cast = generate()["cast"]
    generated_in = time.perf_counter() - began
    day = dt.date(2026, 3, 5)
    results: list[tuple[str, float, float]] = []

    def issue_one() -> object:
        return document_issue(
            actor=cast.specialist,
            issuing_unit=cast.department,
            kind=OutgoingDocumentKind.BC,
            title="kết quả công tác khoa giáo quý I năm 2026",
            build=lambda row: sample_docx(row.document_format, row.symbol, row.issued_on),
            file_name="bao-cao.docx",
            issued_on=day,
        )

    results.append(
        ("Issue one document (number + 2-page DOCX with table and chart, stored)", *timed(issue_one, REPEAT))
    )
    party = number_text("party", 12, "BC", "BTGDVTU")
    state = number_text("state", 12, "BC", "SGDĐT")
    results.append(
        ("Build the DOCX alone, Party format", *timed(lambda: sample_docx("party", party, day), REPEAT))
    )
    results.append(
        ("Build the DOCX alone, State format", *timed(lambda: sample_docx("state", state, day), REPEAT))
    )
    client = Client()
    client.force_login(cast.specialist)
    url = reverse("reporting:register_list")
    for label, params in (
        ("Register page, no filter", {}),
        ("Register page, text search «ket qua y te»", {"q": "ket qua y te"}),
        ("Register page, year 2025 and kind BC", {"year": 2025, "kind": "BC"}),
    ):

        def page(params: dict[str, Any] = params) -> object:
            response = client.get(url, params)
            assert response.status_code == 200
            return response

        results.append((label, *timed(page, REPEAT)))
    year_rows = register_list(cast.specialist, RegisterFilters(year=2025))
    count = year_rows.count()
    results.append(
        (f"XLSX export of a year ({count} rows)", *timed(lambda: register_xlsx(year_rows.iterator()), 5))
    )
    if pdf_available():
        document = issue_one()
        began = time.perf_counter()
        document_pdf(document)  # type: ignore[arg-type]
        pdf_ms = (time.perf_counter() - began) * 1000
        results.append(
            (
                "PDF conversion of one document (LibreOffice, once; later downloads read the file)",
                pdf_ms,
                pdf_ms,
            )
        )
    print(f"Database: {connection.vendor}; {DOCUMENTS} register rows generated in {generated_in:.1f} s\n")
    print("| Operation | Median (ms) | Max (ms) |")
    print("|---|---:|---:|")
    for label, median, maximum in results:
        print(f"| {label} | {median:.0f} | {maximum:.0f} |")


if __name__ == "__main__":
    main()
