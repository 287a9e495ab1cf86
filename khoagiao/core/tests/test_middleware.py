"""ApplicationErrorMiddleware: a business error from a view becomes a message and a redirect, or JSON."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.urls("khoagiao.core.tests.urls")]


def test_application_error_becomes_a_message_and_a_redirect_home(client, cast):
    client.force_login(cast.specialist)
    response = client.get("/__tests__/loi-nghiep-vu/")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Báo cáo đã được gửi, không thể sửa."]


def test_application_error_redirects_back_to_a_same_site_referer(client, cast):
    client.force_login(cast.specialist)
    response = client.get("/__tests__/loi-nghiep-vu/", HTTP_REFERER="http://testserver/don-vi/")
    assert response.status_code == 302
    assert response["Location"] == "http://testserver/don-vi/"


def test_application_error_never_redirects_to_another_site(client, cast):
    client.force_login(cast.specialist)
    response = client.get("/__tests__/loi-nghiep-vu/", HTTP_REFERER="https://evil.example/phishing")
    assert response["Location"] == reverse("core:home")


def test_application_error_is_json_for_a_json_client(client, cast):
    client.force_login(cast.specialist)
    response = client.get("/__tests__/loi-nghiep-vu/", HTTP_ACCEPT="application/json")
    assert response.status_code == 409
    assert response.json() == {
        "code": "conflict",
        "message": "Báo cáo đã được gửi, không thể sửa.",
        "details": {"field": "body"},
    }


def test_other_exceptions_are_left_to_django(client, cast):
    client.raise_request_exception = True
    with pytest.raises(ValueError, match="a bug"):
        client.get("/__tests__/loi-lap-trinh/")


def test_every_response_carries_a_request_id(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="req-42")
    assert response["X-Request-ID"] == "req-42"
    assert len(client.get("/healthz")["X-Request-ID"]) == 16
