"""GET /healthz: 200 when the database answers and every migration is applied, 503 otherwise."""

import pytest
from django.db import OperationalError
from django.db.migrations.executor import MigrationExecutor

from khoagiao.core import selectors

pytestmark = pytest.mark.django_db


def test_healthz_is_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_needs_no_login(client):
    assert client.get("/healthz", HTTP_ACCEPT="application/json").status_code == 200


def test_healthz_is_503_when_migrations_are_pending(client, monkeypatch):
    real_plan = MigrationExecutor.migration_plan

    def plan_with_one_pending(self, targets, clean_start=False):
        real_plan(self, targets, clean_start)
        return [("core", "9999_not_applied")]

    monkeypatch.setattr(MigrationExecutor, "migration_plan", plan_with_one_pending)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["database"] == "ok"
    assert response.json()["migrations"] == "1 chưa áp dụng"


def test_healthz_is_503_when_the_database_fails(client, monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(selectors, "connection", BrokenConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == "lỗi: OperationalError"


def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405
