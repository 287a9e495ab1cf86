"""The opinion API: create, list with filters, detail, respond, state changes, suggestions, digest download."""

from __future__ import annotations

import io
import json
from typing import Any

import docx
import pytest
from django.test import Client

from khoagiao.accounts.services import api_token_create
from khoagiao.core.testing import make_user
from khoagiao.opinion.choices import DigestKind
from khoagiao.opinion.services.digests import digest_create

from .helpers import report

pytestmark = pytest.mark.django_db
API = "/api/v1/opinion"


class Api:
    def __init__(self, user: Any) -> None:
        self.client = Client()
        _token, raw = api_token_create(actor=user, user=user, name="thử nghiệm")
        self.headers = {"Authorization": f"Bearer {raw}"}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(API + path, params, headers=self.headers)

    def post(self, path: str, body: Any) -> Any:
        return self.client.post(
            API + path, data=json.dumps(body), content_type="application/json", headers=self.headers
        )


def test_create_list_detail_and_scope(cast):
    commune = Api(cast.commune_a_focal)
    created = commune.post(
        "/issues",
        {
            "title": "Giá sữa tăng",
            "reporting_unit_id": cast.commune_a.pk,
            "links": ["https://baoquangngai.vn/a"],
            "source": "press",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "reported" and body["links"] == ["https://baoquangngai.vn/a"]
    assert body["events"][0]["kind"] == "reported"
    bad = commune.post(
        "/issues", {"title": "x", "reporting_unit_id": cast.commune_a.pk, "links": ["không phải"]}
    )
    assert bad.status_code == 400 and bad.json()["details"]["field"] == "links"
    other = commune.post("/issues", {"title": "x", "reporting_unit_id": cast.commune_b.pk})
    assert other.status_code == 403
    assert Api(cast.commune_b_focal).get(f"/issues/{body['id']}").status_code == 404
    assert Api(cast.commune_b_focal).get("/issues").json()["count"] == 0
    listed = Api(cast.specialist).get("/issues", status="reported", q="gia sua")
    assert [item["id"] for item in listed.json()["items"]] == [body["id"]]


def test_actions_respond_and_refusals(cast):
    focal = make_user("daumoi.yte", role="focal_point", unit=cast.health)
    issue = report(cast)
    department = Api(cast.specialist)
    forbidden = Api(cast.commune_a_focal).post(f"/issues/{issue.pk}/actions", {"action": "verify"})
    assert forbidden.status_code == 403
    routed = department.post(
        f"/issues/{issue.pk}/actions", {"action": "route", "responsible_unit_id": cast.health.pk}
    )
    assert routed.status_code == 200 and routed.json()["responsible_unit"]["id"] == cast.health.pk
    wrong = Api(cast.education_focal).post(f"/issues/{issue.pk}/messages", {"kind": "response", "body": "x"})
    assert wrong.status_code == 404
    answer = Api(focal).post(f"/issues/{issue.pk}/messages", {"kind": "response", "body": "Đã kiểm tra."})
    assert answer.status_code == 201
    orient = department.post(
        f"/issues/{issue.pk}/messages",
        {"kind": "orientation", "body": "Định hướng", "audiences": ["press_office"]},
    )
    assert orient.status_code == 201 and orient.json()["audiences"] == ["press_office"]
    assert (
        department.post(f"/issues/{issue.pk}/actions", {"action": "merge", "into_id": issue.pk}).status_code
        == 400
    )
    assert department.post(f"/issues/{issue.pk}/actions", {"action": "fly"}).status_code == 400
    resolved = department.post(f"/issues/{issue.pk}/actions", {"action": "resolve", "note": "Xong"})
    assert resolved.json()["status"] == "resolved"
    closed = Api(cast.commune_a_focal).post(f"/issues/{issue.pk}/actions", {"action": "confirm"})
    assert closed.json()["status"] == "closed"


def test_similar_and_digest_download(cast):
    first = report(cast, title="Ngộ độc thực phẩm bữa ăn bán trú trường mầm non Hoa Sen")
    found = Api(cast.specialist).post("/similar", {"title": "Ngộ độc thực phẩm mầm non Hoa Sen"})
    assert found.status_code == 200 and found.json()[0]["id"] == first.pk
    assert (
        Api(cast.commune_b_focal).post("/similar", {"title": "Ngộ độc thực phẩm mầm non Hoa Sen"}).json()
        == []
    )
    digest = digest_create(actor=cast.specialist, issuing_unit=cast.department, kind=DigestKind.WEEKLY)
    response = Api(cast.leader).get(f"/digests/{digest.pk}/docx")
    assert response.status_code == 200
    parsed = docx.Document(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    assert any("DỰ THẢO" in p.text for p in parsed.paragraphs)
    assert Api(cast.commune_a_focal).get(f"/digests/{digest.pk}/docx").status_code == 404
