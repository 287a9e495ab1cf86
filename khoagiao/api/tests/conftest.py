"""Helpers for API tests: a bearer token per user, and a client that calls the API with it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from khoagiao.accounts.models import User
from khoagiao.accounts.services import api_token_create

API = "/api/v1"


def token_for(user: User, name: str = "thử nghiệm") -> str:
    _token, raw = api_token_create(actor=user, user=user, name=name)
    return raw


class ApiClient:
    """Calls the API as one user, by bearer token or by browser session."""

    def __init__(self, user: User | None, *, via: str = "token") -> None:
        self.client = Client()
        self.headers: dict[str, str] = {}
        if user is not None and via == "token":
            self.headers["Authorization"] = f"Bearer {token_for(user)}"
        elif user is not None and via == "session":
            self.client.force_login(user)

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(API + path, params, headers=self.headers)


@pytest.fixture
def api_as():
    """`api_as(user)` (bearer token) or `api_as(user, via="session")`; `api_as(None)` sends no credentials."""
    return ApiClient


def assert_error_shape(response: Any, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message", "details"}
    assert body["code"] == code
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["details"], dict)
    return body
