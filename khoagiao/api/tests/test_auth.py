"""Who may call the API: a live bearer token or an active, fresh browser session; anyone else gets a 401."""

import time

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from khoagiao.accounts.services import api_token_revoke
from khoagiao.api.auth import ActiveSessionAuth
from khoagiao.core.errors import PermissionDeniedError

from .conftest import API, ApiClient, assert_error_shape, token_for

ENDPOINTS = ["/units", "/units/tree", "/units/{department}", "/fields", "/me"]


def _path(template, cast):
    return template.format(department=cast.department.pk)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_endpoint_answers_a_bearer_token(cast, endpoint):
    response = ApiClient(cast.specialist, via="token").get(_path(endpoint, cast))
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_endpoint_answers_a_browser_session(cast, endpoint):
    response = ApiClient(cast.specialist, via="session").get(_path(endpoint, cast))
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_endpoint_refuses_a_caller_without_credentials(cast, endpoint):
    response = ApiClient(None).get(_path(endpoint, cast))
    body = assert_error_shape(response, 401, "unauthenticated")
    assert "mã truy cập" in body["message"]
    assert "Sở" not in response.content.decode()  # nothing of the data leaks into the refusal


def test_token_and_session_see_the_same_units(cast):
    by_token = ApiClient(cast.commune_a_focal, via="token").get("/units").json()
    by_session = ApiClient(cast.commune_a_focal, via="session").get("/units").json()
    assert by_token == by_session


def test_revoked_token_is_refused(cast, client):
    token, raw = token_for_row(cast.specialist)
    assert client.get(f"{API}/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    api_token_revoke(actor=cast.specialist, token=token)
    response = client.get(f"{API}/me", headers={"Authorization": f"Bearer {raw}"})
    assert_error_shape(response, 401, "unauthenticated")


def token_for_row(user):
    from khoagiao.accounts.services import api_token_create

    return api_token_create(actor=user, user=user, name="sẽ thu hồi")


@pytest.mark.parametrize(
    "header", ["Bearer kg_khong-ton-tai", "Bearer not-even-our-prefix", "Basic dXNlcjpwdw==", "Bearer"]
)
def test_unknown_or_malformed_token_is_refused(cast, client, header):
    response = client.get(f"{API}/units", headers={"Authorization": header})
    assert_error_shape(response, 401, "unauthenticated")


def test_token_of_an_inactive_user_is_refused(cast, client):
    raw = token_for(cast.specialist)
    cast.specialist.is_active = False
    cast.specialist.save(update_fields=["is_active"])
    response = client.get(f"{API}/me", headers={"Authorization": f"Bearer {raw}"})
    assert_error_shape(response, 401, "unauthenticated")


def test_session_of_an_inactive_user_is_refused(cast, client):
    client.force_login(cast.specialist)
    cast.specialist.is_active = False
    cast.specialist.save(update_fields=["is_active"])
    assert_error_shape(client.get(f"{API}/me"), 401, "unauthenticated")


def test_session_left_idle_past_the_timeout_is_refused(cast, client):
    client.force_login(cast.specialist)
    session = client.session
    session["last_activity"] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT_SECONDS - 5
    session.save()
    assert_error_shape(client.get(f"{API}/me"), 401, "unauthenticated")


def test_recently_active_session_is_accepted(cast, client):
    client.force_login(cast.specialist)
    session = client.session
    session["last_activity"] = int(time.time()) - 60
    session.save()
    assert client.get(f"{API}/me").status_code == 200


def test_token_call_identifies_the_token_owner_not_the_session(cast, client):
    client.force_login(cast.commune_a_focal)
    raw = token_for(cast.specialist)
    body = client.get(f"{API}/me", headers={"Authorization": f"Bearer {raw}"}).json()
    assert body["username"] == cast.specialist.username


def test_session_write_without_csrf_token_is_refused_with_the_error_shape(cast):
    request = RequestFactory(enforce_csrf_checks=True).post("/api/v1/x")
    request.user = cast.specialist
    request.session = SessionStore()
    with pytest.raises(PermissionDeniedError) as error:
        ActiveSessionAuth()(request)
    assert error.value.code == "csrf_failed"
    assert error.value.status == 403


def test_anonymous_write_is_unauthenticated_rather_than_a_csrf_failure(db):
    request = RequestFactory(enforce_csrf_checks=True).post("/api/v1/x")
    request.user = AnonymousUser()
    request.session = SessionStore()
    assert ActiveSessionAuth()(request) is None


def test_token_use_is_recorded(cast, client):
    token, raw = token_for_row(cast.specialist)
    assert token.last_used_at is None
    client.get(f"{API}/me", headers={"Authorization": f"Bearer {raw}"})
    token.refresh_from_db()
    assert token.last_used_at is not None
