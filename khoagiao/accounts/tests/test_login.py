"""Login, login throttling (per account and per address), logout and the session idle timeout."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from khoagiao.accounts.models import LoginFailure
from khoagiao.core.testing import TEST_PASSWORD, Cast

from .helpers import audit_actions, form_errors, last_audit, messages_of

LOGIN_URL = reverse("accounts:login")
WRONG_LOGIN = "Tên đăng nhập hoặc mật khẩu không đúng"


def post_login(client: Client, username: str, password: str, ip: str = "10.0.0.1", **extra: str):
    return client.post(LOGIN_URL, {"username": username, "password": password, **extra}, REMOTE_ADDR=ip)


def is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_login_with_the_right_password_opens_the_home_page(client: Client, cast: Cast) -> None:
    response = post_login(client, "chuyenvien", TEST_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert is_logged_in(client)
    assert client.get(reverse("core:home")).status_code == 200
    event = last_audit("accounts.login")
    assert event.actor == cast.specialist
    assert event.ip_address == "10.0.0.1"


def test_login_follows_a_local_next_url_but_not_an_external_one(client: Client, cast: Cast) -> None:
    response = post_login(client, "chuyenvien", TEST_PASSWORD, next="/don-vi/")
    assert response["Location"] == "/don-vi/"
    client.logout()

    response = post_login(client, "chuyenvien", TEST_PASSWORD, next="https://evil.example/")
    assert response["Location"] == reverse("core:home")


def test_wrong_password_and_unknown_user_get_the_same_message(client: Client, cast: Cast) -> None:
    wrong_password = post_login(client, "chuyenvien", "not-the-password")
    unknown_user = post_login(client, "khong-co-ai", "not-the-password")

    assert wrong_password.status_code == unknown_user.status_code == 200
    wrong_errors = form_errors(wrong_password)
    unknown_errors = form_errors(unknown_user)
    assert wrong_errors == unknown_errors
    assert WRONG_LOGIN in wrong_errors["__all__"][0]
    assert not is_logged_in(client)
    assert LoginFailure.objects.count() == 2
    assert audit_actions(action_prefix="accounts.login_failed") == ["accounts.login_failed"] * 2


def test_a_locked_account_cannot_log_in_even_with_the_right_password(client: Client, cast: Cast) -> None:
    cast.specialist.is_active = False
    cast.specialist.save()

    response = post_login(client, "chuyenvien", TEST_PASSWORD)

    assert WRONG_LOGIN in form_errors(response)["__all__"][0]
    assert not is_logged_in(client)


def test_five_failures_lock_the_account_even_with_the_right_password(client: Client, cast: Cast) -> None:
    assert settings.LOGIN_FAILURES_PER_ACCOUNT == 5
    for attempt in range(5):
        post_login(client, "chuyenvien", f"wrong-{attempt}", ip=f"10.0.1.{attempt}")

    response = post_login(client, "chuyenvien", TEST_PASSWORD, ip="10.0.2.1")

    error = form_errors(response)["__all__"][0]
    assert "tạm bị khóa đăng nhập" in error
    assert f"sau {settings.LOGIN_FAILURE_WINDOW_MINUTES} phút" in error
    assert not is_logged_in(client)
    # A refused attempt while locked is not counted: the lock must not extend itself.
    assert LoginFailure.objects.filter(username="chuyenvien").count() == 5
    # Other accounts are not affected.
    assert post_login(client, "lanhdaoban", TEST_PASSWORD, ip="10.0.2.1").status_code == 302


def test_account_lock_counts_usernames_case_insensitively(client: Client, cast: Cast) -> None:
    for attempt, name in enumerate(["ChuyenVien", "CHUYENVIEN", "chuyenvien", "Chuyenvien", "chuyenVIEN"]):
        post_login(client, name, "wrong", ip=f"10.0.1.{attempt}")

    response = post_login(client, "chuyenvien", TEST_PASSWORD)

    assert "tạm bị khóa đăng nhập" in form_errors(response)["__all__"][0]


def test_account_lock_names_the_remaining_wait_and_lifts_after_the_window(client: Client, cast: Cast) -> None:
    for attempt in range(5):
        post_login(client, "chuyenvien", "wrong", ip=f"10.0.1.{attempt}")
    LoginFailure.objects.update(created_at=timezone.now() - dt.timedelta(minutes=10))

    response = post_login(client, "chuyenvien", TEST_PASSWORD)
    assert "sau 5 phút" in form_errors(response)["__all__"][0]

    LoginFailure.objects.update(created_at=timezone.now() - dt.timedelta(minutes=16))
    assert post_login(client, "chuyenvien", TEST_PASSWORD).status_code == 302
    assert is_logged_in(client)


def test_twenty_failures_from_one_address_lock_that_address(client: Client, cast: Cast) -> None:
    assert settings.LOGIN_FAILURES_PER_ADDRESS == 20
    for attempt in range(20):
        post_login(client, f"doan-ten-{attempt % 10}", "wrong", ip="10.9.9.9")
    assert LoginFailure.objects.filter(username="chuyenvien").count() == 0

    response = post_login(client, "chuyenvien", TEST_PASSWORD, ip="10.9.9.9")

    error = form_errors(response)["__all__"][0]
    assert "từ địa chỉ này" in error
    assert f"sau {settings.LOGIN_FAILURE_WINDOW_MINUTES} phút" in error
    assert not is_logged_in(client)
    # The same account from another address logs in.
    assert post_login(client, "chuyenvien", TEST_PASSWORD, ip="10.9.9.10").status_code == 302


def test_a_successful_login_clears_the_account_failures(client: Client, cast: Cast) -> None:
    for attempt in range(4):
        post_login(client, "chuyenvien", "wrong", ip=f"10.0.1.{attempt}")
    post_login(client, "lanhdaoban", "wrong")
    assert LoginFailure.objects.filter(username="chuyenvien").count() == 4

    assert post_login(client, "chuyenvien", TEST_PASSWORD).status_code == 302

    assert not LoginFailure.objects.filter(username="chuyenvien").exists()
    assert LoginFailure.objects.filter(username="lanhdaoban").count() == 1
    client.logout()
    # Four more failures do not lock the account: the counter started again.
    for attempt in range(4):
        post_login(client, "chuyenvien", "wrong", ip=f"10.0.3.{attempt}")
    assert post_login(client, "chuyenvien", TEST_PASSWORD).status_code == 302


def test_an_idle_session_is_logged_out(client: Client, cast: Cast) -> None:
    client.force_login(cast.specialist)
    assert client.get(reverse("core:home")).status_code == 200
    session = client.session
    session["last_activity"] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT_SECONDS - 5
    session.save()

    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
    assert "next=" in response["Location"]
    assert any("hết hạn do không hoạt động" in message for message in messages_of(response))
    assert not is_logged_in(client)
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_an_active_session_stays_logged_in(client: Client, cast: Cast) -> None:
    client.force_login(cast.specialist)
    client.get(reverse("core:home"))
    session = client.session
    session["last_activity"] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT_SECONDS + 60
    session.save()

    assert client.get(reverse("accounts:profile")).status_code == 200
    assert is_logged_in(client)
    assert client.session["last_activity"] >= int(time.time()) - 5


def test_logout_needs_a_post_and_ends_the_session(client: Client, cast: Cast) -> None:
    client.force_login(cast.specialist)

    assert client.get(reverse("accounts:logout")).status_code == 405
    assert is_logged_in(client)

    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == LOGIN_URL
    assert not is_logged_in(client)


@pytest.mark.parametrize("name", ["profile", "user_list", "password_change"])
def test_pages_behind_login_send_anonymous_visitors_to_login(client: Client, cast: Cast, name: str) -> None:
    response = client.get(reverse(f"accounts:{name}"))

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
