"""The task API: list with filters, detail, progress, report done, verify, send back, extensions; errors in the
one shape; scope as on the screens."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from khoagiao.accounts.services import api_token_create
from khoagiao.tasks.choices import TaskStatus
from khoagiao.tasks.models import Task

from .factories import make_task

pytestmark = pytest.mark.django_db
API = "/api/v1/tasks"


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


def test_list_filters_and_scope(cast, django_assert_max_num_queries):
    make_task(cast, title="Giáo dục", coordinating_units=[cast.commune_a])
    make_task(cast, title="Xã B", lead_unit=cast.commune_b)
    overdue = make_task(cast, title="Quá hạn", assigned_on=dt.date(2026, 1, 5), due_date=dt.date(2026, 2, 2))
    api = Api(cast.specialist)
    with django_assert_max_num_queries(12):
        body = api.get("").json()
    assert body["count"] == 3
    item = next(row for row in body["items"] if row["title"] == "Quá hạn")
    assert item["bucket"] == "open_overdue" and item["lead_unit"]["code"] == "so-gddt"
    assert {row["title"] for row in api.get("", bucket="open_overdue").json()["items"]} == {overdue.title}
    assert {row["title"] for row in api.get("", unit=cast.commune_a.pk).json()["items"]} == {"Giáo dục"}
    assert {row["title"] for row in Api(cast.commune_b_focal).get("").json()["items"]} == {"Xã B"}


def test_detail_404_outside_scope(cast):
    task = make_task(cast)
    response = Api(cast.commune_b_focal).get(f"/{task.pk}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    body = Api(cast.education_focal).get(f"/{task.pk}").json()
    assert body["events"][0]["kind"] == "created" and body["version"] == task.version


def test_progress_report_done_verify_via_api(cast):
    task = make_task(cast)
    focal = Api(cast.education_focal)
    response = focal.post(
        f"/{task.pk}/progress", {"text": "Đã làm một nửa", "percent": 50, "version": task.version}
    )
    assert response.status_code == 201 and response.json()["percent"] == 50
    response = focal.post(f"/{task.pk}/report-done", {"text": "Đã xong"})
    assert response.status_code == 200 and response.json()["status"] == "reported_done"
    response = Api(cast.education_leader).post(f"/{task.pk}/verify", {})
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    response = Api(cast.specialist).post(f"/{task.pk}/verify", {"note": "Đạt"})
    assert response.status_code == 200 and response.json()["status"] == "done"
    assert Task.objects.get(pk=task.pk).status == TaskStatus.DONE


def test_stale_version_gives_409(cast):
    task = make_task(cast)
    focal = Api(cast.education_focal)
    focal.post(f"/{task.pk}/progress", {"text": "Lần 1", "percent": 10, "version": task.version})
    response = focal.post(f"/{task.pk}/progress", {"text": "Lần 2", "percent": 20, "version": task.version})
    assert response.status_code == 409 and response.json()["code"] == "stale_version"


def test_not_own_task_progress_gives_403(cast):
    task = make_task(cast, lead_unit=cast.commune_a)
    make_task(cast, lead_unit=cast.commune_b)
    response = Api(cast.education_focal).post(f"/{task.pk}/progress", {"text": "x", "percent": 10})
    assert response.status_code == 404  # outside the unit's scope: not even visible


def test_extension_request_twice_and_decision(cast):
    task = make_task(cast, assigned_on=dt.date(2026, 3, 2), due_date=dt.date(2026, 3, 31))
    focal = Api(cast.education_focal)
    response = focal.post(
        f"/{task.pk}/extensions", {"requested_due_date": "2026-04-15", "reason": "Chờ kinh phí"}
    )
    assert response.status_code == 201
    extension_id = response.json()["id"]
    again = focal.post(f"/{task.pk}/extensions", {"requested_due_date": "2026-04-20", "reason": "Lần hai"})
    assert again.status_code == 409 and again.json()["code"] == "extension_pending"
    response = Api(cast.specialist).post(
        f"/extensions/{extension_id}/decision", {"approve": False, "note": "Không"}
    )
    assert response.status_code == 200 and response.json()["status"] == "refused"


def test_send_back_via_api(cast):
    task = make_task(cast)
    Api(cast.education_focal).post(f"/{task.pk}/report-done", {"text": "Xong"})
    response = Api(cast.specialist).post(f"/{task.pk}/send-back", {"reason": "Thiếu minh chứng"})
    assert response.status_code == 200 and response.json()["status"] == "in_progress"
