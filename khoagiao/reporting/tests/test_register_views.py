"""The register screens (sổ văn bản đi) through the test client: who sees what, filters, downloads, cancelling
with a confirmation and a reason, the XLSX export, the menu entry; and a browser journey on a phone and a desk."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.test import Client, override_settings
from django.urls import reverse

from khoagiao.core.navigation import nav_items_for
from khoagiao.core.testing import Cast
from khoagiao.orgs.models import Unit
from khoagiao.reporting.choices import OutgoingDocumentKind, OutgoingDocumentStatus
from khoagiao.reporting.models.register import OutgoingDocument
from khoagiao.reporting.services import register as register_services
from khoagiao.reporting.services.register import document_cancel
from khoagiao.reporting.tests.test_register import issue, stored_bytes

pytestmark = pytest.mark.django_db

LIST = reverse("reporting:register_list")


def login(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


@pytest.fixture
def documents(cast: Cast) -> dict[str, OutgoingDocument]:
    return {
        "report": issue(cast, title="kết quả công tác khoa giáo quý I năm 2026"),
        "notice": issue(
            cast,
            kind=OutgoingDocumentKind.TB,
            title="kết luận của Thường trực về công tác y tế",
            issued_on=dt.date(2026, 4, 2),
            source=cast.health,
        ),
        "old": issue(cast, title="tổng kết năm 2025", issued_on=dt.date(2025, 12, 20)),
        "agency": issue(
            cast, issuing_unit=cast.education, title="kế hoạch của Sở", kind=OutgoingDocumentKind.KH
        ),
    }


# -- who sees the register --------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["specialist", "leader", "viewer", "admin"])
def test_the_department_and_the_leadership_viewer_read_the_register(
    client: Client, cast: Cast, documents: dict[str, OutgoingDocument], who: str
) -> None:
    user = getattr(cast, who)
    if who == "admin":
        user.is_superuser = True
        user.save(update_fields=["is_superuser"])
    response = login(client, user).get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    for document in documents.values():
        assert document.symbol in page
        assert document.title in page
    assert (LIST, "Sổ văn bản đi") in [(url, str(label)) for label, url in nav_items_for(user)]


@pytest.mark.parametrize("who", ["reporter", "education_focal", "commune_a_focal", "outsider"])
def test_others_are_refused_and_have_no_menu_entry(
    client: Client, cast: Cast, documents: dict[str, OutgoingDocument], who: str
) -> None:
    user = getattr(cast, who)
    client = login(client, user)
    response = client.get(LIST)
    assert response.status_code == 302
    assert "Sổ văn bản đi dành cho" in client.get(response["Location"]).content.decode()
    for name in ("register_detail", "register_docx", "register_pdf", "register_cancel"):
        refused = client.get(reverse(f"reporting:{name}", args=[documents["report"].pk]))
        assert refused.status_code == 302
    assert client.get(reverse("reporting:register_export")).status_code == 302
    assert all(url != LIST for _label, url in nav_items_for(user))


def test_anonymous_users_are_sent_to_log_in(client: Client, documents: dict[str, OutgoingDocument]) -> None:
    response = client.get(LIST)
    assert response.status_code == 302
    assert "dang-nhap" in response["Location"]


# -- filters -----------------------------------------------------------------------------------------------
def symbols(response: Any) -> list[str]:
    return [document.symbol for document in response.context["page_obj"].object_list]


def test_filters_by_unit_kind_year_status_and_text(
    client: Client, cast: Cast, documents: dict[str, OutgoingDocument]
) -> None:
    client = login(client, cast.specialist)
    assert len(symbols(client.get(LIST))) == 4
    by_unit = client.get(LIST, {"unit": cast.education.pk})
    assert symbols(by_unit) == [documents["agency"].symbol]
    assert symbols(client.get(LIST, {"kind": "TB"})) == [documents["notice"].symbol]
    assert symbols(client.get(LIST, {"year": 2025})) == [documents["old"].symbol]
    # Text search folds diacritics: "ket luan" finds "kết luận"; the symbol is searchable too.
    assert symbols(client.get(LIST, {"q": "ket luan thuong truc"})) == [documents["notice"].symbol]
    assert symbols(client.get(LIST, {"q": "1-TB/BTGDVTU"})) == [documents["notice"].symbol]
    document_cancel(actor=cast.specialist, document=documents["report"], reason="Sai số liệu")
    assert symbols(client.get(LIST, {"status": "cancelled"})) == [documents["report"].symbol]
    assert len(symbols(client.get(LIST, {"status": "issued"}))) == 3
    # A malformed filter is ignored, not an error.
    assert len(symbols(client.get(LIST, {"year": "abc", "kind": "??"}))) == 4
    empty = client.get(LIST, {"q": "không có văn bản nào như thế"})
    assert "Không có văn bản nào khớp với bộ lọc." in empty.content.decode()
    options = client.get(LIST).content.decode()
    assert f'<option value="{cast.education.pk}">Sở Giáo dục và Đào tạo</option>' in options
    assert '<option value="2025">2025</option>' in options


def test_an_empty_register_says_so(client: Client, cast: Cast) -> None:
    page = login(client, cast.specialist).get(LIST).content.decode()
    assert "Sổ chưa có văn bản nào." in page


def test_the_list_costs_the_same_queries_however_many_rows(
    client: Client, cast: Cast, django_assert_max_num_queries: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Unit, "get_absolute_url", lambda unit: f"/don-vi/{unit.pk}/", raising=False)
    client = login(client, cast.specialist)
    for index in range(3):
        issue(cast, title=f"văn bản {index}", source=cast.health, source_role=f"r{index}")
    client.get(LIST)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for index in range(3, 15):
        issue(cast, title=f"văn bản {index}", source=cast.education, source_role=f"r{index}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST)
    assert len(symbols(response)) == 15


def test_a_source_with_a_page_is_linked(
    client: Client, cast: Cast, documents: dict[str, OutgoingDocument], monkeypatch: pytest.MonkeyPatch
) -> None:
    client = login(client, cast.specialist)
    assert "Xem nguồn" not in client.get(LIST).content.decode()
    monkeypatch.setattr(Unit, "get_absolute_url", lambda unit: f"/don-vi/{unit.pk}/", raising=False)
    page = client.get(LIST).content.decode()
    assert f'<a href="/don-vi/{cast.health.pk}/">Xem nguồn</a>' in page
    detail = client.get(reverse("reporting:register_detail", args=[documents["notice"].pk])).content.decode()
    assert f'<a href="/don-vi/{cast.health.pk}/">Sở Y tế</a>' in detail


# -- downloads ---------------------------------------------------------------------------------------------
def test_docx_is_downloaded_exactly_as_issued(
    client: Client, cast: Cast, documents: dict[str, OutgoingDocument]
) -> None:
    document = documents["report"]
    response = login(client, cast.viewer).get(reverse("reporting:register_docx", args=[document.pk]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert body == stored_bytes(document)
    assert 'filename="1-BC-BTGDVTU-2026.docx"' in response["Content-Disposition"]
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )


def test_pdf_is_converted_once_and_served(
    client: Client, cast: Cast, documents: dict[str, OutgoingDocument], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def fake_pdf(data: bytes) -> bytes:
        calls.append(len(data))
        return b"%PDF-1.7 fake"

    monkeypatch.setattr(register_services, "docx_to_pdf", fake_pdf)
    client = login(client, cast.viewer)
    url = reverse("reporting:register_pdf", args=[documents["report"].pk])
    for _attempt in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert response.content == b"%PDF-1.7 fake"
        assert response["Content-Type"] == "application/pdf"
    assert len(calls) == 1


@override_settings(KHOAGIAO_SOFFICE="/khong/co/soffice")
def test_pdf_without_libreoffice_shows_a_clear_message(
    client: Client, cast: Cast, documents: dict[str, OutgoingDocument]
) -> None:
    document = documents["report"]
    response = login(client, cast.specialist).get(
        reverse("reporting:register_pdf", args=[document.pk]), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("reporting:register_detail", args=[document.pk])
    assert "Máy chủ chưa cài LibreOffice" in response.content.decode()


def test_xlsx_export_holds_the_filtered_register_as_safe_text(
    client: Client, cast: Cast, documents: dict[str, OutgoingDocument]
) -> None:
    issue(cast, title='=HYPERLINK("http://x")', kind=OutgoingDocumentKind.CV)
    document_cancel(actor=cast.specialist, document=documents["report"], reason="-Ghi nhầm")
    response = login(client, cast.viewer).get(reverse("reporting:register_export"), {"year": 2026})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header_index = next(index for index, row in enumerate(rows) if row[0] == "Số")
    assert rows[header_index][:3] == ["Số", "Số, ký hiệu", "Ngày ban hành"]
    end = rows.index([None] * len(rows[header_index]), header_index)
    body = rows[header_index + 1 : end]
    by_symbol = {row[1]: row for row in body}
    assert set(by_symbol) == {
        documents["report"].symbol,
        documents["notice"].symbol,
        documents["agency"].symbol,
        "Số 1-CV/BTGDVTU",
    }
    assert by_symbol["Số 1-CV/BTGDVTU"][5] == '\'=HYPERLINK("http://x")'
    cancelled = by_symbol[documents["report"].symbol]
    assert cancelled[8] == "Đã hủy số"
    assert cancelled[9] == "'-Ghi nhầm"
    assert by_symbol[documents["notice"].symbol][2] == dt.datetime(2026, 4, 2)
    assert rows[1][:2] == ["Lọc", "2026"]
    assert rows[-1][:2] == ["Tổng số văn bản", 4]


# -- cancelling --------------------------------------------------------------------------------------------
def test_cancel_asks_to_confirm_requires_a_reason_and_shows_the_number_struck(
    client: Client, cast: Cast, documents: dict[str, OutgoingDocument]
) -> None:
    document = documents["report"]
    url = reverse("reporting:register_cancel", args=[document.pk])
    client = login(client, cast.specialist)
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert f"Hủy {document.symbol}?" in confirm.content.decode()
    document.refresh_from_db()
    assert document.status == OutgoingDocumentStatus.ISSUED
    refused = client.post(url, {"reason": "   "})
    assert refused.status_code == 200
    assert "Hãy ghi lý do hủy số." in refused.content.decode()
    document.refresh_from_db()
    assert document.status == OutgoingDocumentStatus.ISSUED
    done = client.post(url, {"reason": "Trùng với văn bản đã ban hành"}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("reporting:register_detail", args=[document.pk])
    page = done.content.decode()
    assert "Đã hủy Số 1-BC/BTGDVTU." in page
    assert "Lý do: Trùng với văn bản đã ban hành" in page
    document.refresh_from_db()
    assert (document.status, document.cancel_reason) == ("cancelled", "Trùng với văn bản đã ban hành")
    listing = client.get(LIST).content.decode()
    assert "text-decoration-line-through" in listing
    assert "Đã hủy số: Trùng với văn bản đã ban hành" in listing
    # Once cancelled, the confirm page sends back to the document instead of cancelling twice.
    again = client.get(url)
    assert again.status_code == 302


def test_the_viewer_may_not_cancel(
    client: Client, cast: Cast, documents: dict[str, OutgoingDocument]
) -> None:
    document = documents["report"]
    client = login(client, cast.viewer)
    assert "Hủy số" not in client.get(LIST).content.decode()
    detail = client.get(reverse("reporting:register_detail", args=[document.pk])).content.decode()
    assert reverse("reporting:register_cancel", args=[document.pk]) not in detail
    response = client.post(reverse("reporting:register_cancel", args=[document.pk]), {"reason": "thử"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == OutgoingDocumentStatus.ISSUED


def test_a_long_reason_is_refused_with_the_text_kept(
    client: Client, cast: Cast, documents: dict[str, OutgoingDocument]
) -> None:
    url = reverse("reporting:register_cancel", args=[documents["report"].pk])
    reason = "quá dài " * 80
    response = login(client, cast.specialist).post(url, {"reason": reason})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert "quá dài quá dài" in response.content.decode()
