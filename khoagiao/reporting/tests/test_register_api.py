"""The register in the API: the rows the caller may read, one row, the DOCX as issued and the PDF."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client, override_settings

from khoagiao.accounts.services import api_token_create
from khoagiao.core.testing import Cast
from khoagiao.reporting.choices import OutgoingDocumentKind
from khoagiao.reporting.models.register import OutgoingDocument
from khoagiao.reporting.services import register as register_services
from khoagiao.reporting.services.register import document_cancel
from khoagiao.reporting.tests.test_register import issue, stored_bytes

pytestmark = pytest.mark.django_db
API = "/api/v1/reporting"


class Api:
    def __init__(self, user: Any) -> None:
        self.client = Client()
        _token, raw = api_token_create(actor=user, user=user, name="thử nghiệm")
        self.headers = {"Authorization": f"Bearer {raw}"}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(API + path, params, headers=self.headers)


@pytest.fixture
def documents(cast: Cast) -> dict[str, OutgoingDocument]:
    report = issue(cast)
    notice = issue(
        cast,
        kind=OutgoingDocumentKind.TB,
        title="kết luận về công tác y tế",
        issued_on=dt.date(2026, 4, 2),
        source=cast.health,
        source_role="notice",
    )
    document_cancel(actor=cast.specialist, document=report, reason="Ban hành nhầm")
    return {"report": report, "notice": notice}


def test_the_list_holds_what_the_caller_may_read(cast: Cast, documents: dict[str, OutgoingDocument]) -> None:
    body = Api(cast.viewer).get("/register").json()
    assert body["count"] == 2
    first, second = body["items"]
    assert first["symbol"] == "Số 1-TB/BTGDVTU"
    assert first["issuing_unit"] == {"id": cast.department.pk, "code": "btgdv", "name": cast.department.name}
    assert second["status"] == "cancelled"
    assert second["cancel_reason"] == "Ban hành nhầm"
    assert second["sha256"] == documents["report"].sha256
    assert Api(cast.reporter).get("/register").json()["count"] == 0
    assert Api(cast.education_focal).get("/register").json()["count"] == 0


def test_the_list_filters(cast: Cast, documents: dict[str, OutgoingDocument]) -> None:
    api = Api(cast.specialist)
    assert [row["symbol"] for row in api.get("/register", kind="BC").json()["items"]] == ["Số 1-BC/BTGDVTU"]
    assert api.get("/register", status="issued").json()["count"] == 1
    assert api.get("/register", year=2025).json()["count"] == 0
    assert api.get("/register", unit=cast.education.pk).json()["count"] == 0
    assert api.get("/register", q="y te").json()["items"][0]["symbol"] == "Số 1-TB/BTGDVTU"
    refused = api.get("/register", kind="XX")
    assert refused.status_code == 422


def test_detail_and_refusals(cast: Cast, documents: dict[str, OutgoingDocument]) -> None:
    notice = documents["notice"]
    body = Api(cast.viewer).get(f"/register/{notice.pk}").json()
    assert body["recipients"] == ["Thường trực Tỉnh ủy (để b/c)", "Lưu VT"]
    assert (body["source_type"], body["source_id"], body["source_role"]) == (
        "orgs.unit",
        cast.health.pk,
        "notice",
    )
    assert body["has_pdf"] is False
    hidden = Api(cast.reporter).get(f"/register/{notice.pk}")
    assert hidden.status_code == 404
    assert hidden.json()["code"] == "not_found"
    assert Api(cast.viewer).get("/register/999999").status_code == 404


def test_docx_is_the_stored_file(cast: Cast, documents: dict[str, OutgoingDocument]) -> None:
    notice = documents["notice"]
    response = Api(cast.viewer).get(f"/register/{notice.pk}/docx")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored_bytes(notice)
    assert 'filename="1-TB-BTGDVTU-2026.docx"' in response["Content-Disposition"]
    assert Api(cast.outsider).get(f"/register/{notice.pk}/docx").status_code == 404


def test_pdf_is_converted_once(
    cast: Cast, documents: dict[str, OutgoingDocument], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def fake_pdf(data: bytes) -> bytes:
        calls.append(1)
        return b"%PDF-1.7 fake"

    monkeypatch.setattr(register_services, "docx_to_pdf", fake_pdf)
    api = Api(cast.viewer)
    notice = documents["notice"]
    assert api.get(f"/register/{notice.pk}/pdf").content == b"%PDF-1.7 fake"
    assert api.get(f"/register/{notice.pk}/pdf").content == b"%PDF-1.7 fake"
    assert calls == [1]
    assert api.get(f"/register/{notice.pk}").json()["has_pdf"] is True


@override_settings(KHOAGIAO_SOFFICE="/khong/co/soffice")
def test_pdf_without_libreoffice_is_a_503_with_a_message(
    cast: Cast, documents: dict[str, OutgoingDocument]
) -> None:
    response = Api(cast.viewer).get(f"/register/{documents['notice'].pk}/pdf")
    assert response.status_code == 503
    assert response.json()["code"] == "pdf_unavailable"
    assert "LibreOffice" in response.json()["message"]
