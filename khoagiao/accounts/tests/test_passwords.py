"""Changing one's password, and resetting a forgotten one by e-mail."""

from __future__ import annotations

import re

from django.contrib.auth import authenticate
from django.core import mail
from django.test import Client
from django.urls import reverse

from khoagiao.accounts.models import LoginFailure, User
from khoagiao.core.models import AuditEvent
from khoagiao.core.testing import TEST_PASSWORD, Cast

from .helpers import audit_actions, form_errors, last_audit

CHANGE_URL = reverse("accounts:password_change")
RESET_URL = reverse("accounts:password_reset")
NEW_PASSWORD = "Mot-mat-khau-moi-rat-dai-2026"


def change(client: Client, old: str, new1: str, new2: str | None = None):
    return client.post(
        CHANGE_URL,
        {"old_password": old, "new_password1": new1, "new_password2": new2 if new2 is not None else new1},
    )


def password_unchanged(user: User) -> bool:
    user.refresh_from_db()
    return user.check_password(TEST_PASSWORD)


# --- Change -----------------------------------------------------------------------------------------------


def test_password_change_with_a_wrong_old_password_changes_nothing(client: Client, cast: Cast) -> None:
    client.force_login(cast.specialist)

    response = change(client, "not-my-password", NEW_PASSWORD)

    assert response.status_code == 200
    assert form_errors(response)["old_password"] == ["Mật khẩu hiện tại không đúng."]
    assert password_unchanged(cast.specialist)
    assert audit_actions(cast.specialist) == []


def test_password_change_with_a_mismatched_confirmation_changes_nothing(client: Client, cast: Cast) -> None:
    client.force_login(cast.specialist)

    response = change(client, TEST_PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x")

    assert form_errors(response)["new_password2"] == ["Hai lần nhập mật khẩu mới không khớp nhau."]
    assert password_unchanged(cast.specialist)


def test_password_change_to_a_weak_password_is_refused_with_a_message(client: Client, cast: Cast) -> None:
    client.force_login(cast.specialist)

    for weak in ["1234567890", "ngan", "password123"]:
        response = change(client, TEST_PASSWORD, weak)
        errors = form_errors(response)
        assert list(errors) == ["new_password1"], weak
        assert errors["new_password1"][0].strip()
        assert 'value="' + weak not in response.content.decode()  # password inputs are never echoed back
    assert password_unchanged(cast.specialist)
    assert audit_actions(cast.specialist) == []


def test_password_change_to_the_same_password_is_refused(client: Client, cast: Cast) -> None:
    client.force_login(cast.specialist)

    response = change(client, TEST_PASSWORD, TEST_PASSWORD)

    assert form_errors(response)["new_password1"] == ["Mật khẩu mới phải khác mật khẩu hiện tại."]


def test_password_change_succeeds_and_keeps_the_user_logged_in(client: Client, cast: Cast) -> None:
    client.force_login(cast.specialist)

    response = change(client, TEST_PASSWORD, NEW_PASSWORD)

    assert response.status_code == 302
    cast.specialist.refresh_from_db()
    assert cast.specialist.check_password(NEW_PASSWORD)
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert last_audit("accounts.password_change").actor == cast.specialist


# --- Reset ------------------------------------------------------------------------------------------------


def reset_link_from_mail() -> str:
    assert len(mail.outbox) == 1
    match = re.search(r"http://testserver(/\S+/)", str(mail.outbox[0].body))
    assert match, mail.outbox[0].body
    return match.group(1)


def set_new_password_through(client: Client, link: str, password: str = NEW_PASSWORD):
    # Django moves the token from the URL into the session, then shows the form at ".../set-password/".
    response = client.get(link)
    assert response.status_code == 302
    form_url = response["Location"]
    assert client.get(form_url).context["validlink"]
    return client.post(form_url, {"new_password1": password, "new_password2": password})


def test_password_reset_mails_a_link_that_sets_a_new_password(client: Client, cast: Cast) -> None:
    response = client.post(RESET_URL, {"identifier": "chuyenvien"})

    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox[0].to == ["cv@example.vn"]
    assert "chuyenvien" in mail.outbox[0].body
    link = reset_link_from_mail()

    response = set_new_password_through(client, link)

    assert response["Location"] == reverse("accounts:password_reset_complete")
    assert authenticate(username="chuyenvien", password=NEW_PASSWORD) is not None
    assert authenticate(username="chuyenvien", password=TEST_PASSWORD) is None
    assert audit_actions(cast.specialist) == [
        "accounts.password_reset_request",
        "accounts.password_reset_complete",
    ]
    # The link works once: the token is bound to the old password.
    assert client.get(link).context["validlink"] is False


def test_password_reset_accepts_the_e_mail_address(client: Client, cast: Cast) -> None:
    client.post(RESET_URL, {"identifier": "CV@example.vn"})

    assert mail.outbox[0].to == ["cv@example.vn"]


def test_password_reset_refuses_a_weak_new_password(client: Client, cast: Cast) -> None:
    client.post(RESET_URL, {"identifier": "chuyenvien"})

    response = set_new_password_through(client, reset_link_from_mail(), "1234567890")

    assert response.status_code == 200
    assert form_errors(response)["new_password2"]
    assert password_unchanged(cast.specialist)


def test_password_reset_without_e_mail_says_so_and_sends_nothing(client: Client, cast: Cast) -> None:
    assert cast.leader.email == ""

    response = client.post(RESET_URL, {"identifier": "lanhdaoban"})

    assert response.status_code == 200
    assert "chưa có địa chỉ e-mail" in form_errors(response)["__all__"][0]
    assert 'value="lanhdaoban"' in response.content.decode()
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(action="accounts.password_reset_request").exists()


def test_password_reset_for_an_unknown_identifier_shows_the_neutral_page(client: Client, cast: Cast) -> None:
    response = client.post(RESET_URL, {"identifier": "khong-co-ai@example.vn"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("accounts:password_reset_done")
    assert "Nếu tài khoản tồn tại và có e-mail" in response.content.decode()
    assert mail.outbox == []


def test_password_reset_for_a_locked_account_sends_nothing(client: Client, cast: Cast) -> None:
    cast.specialist.is_active = False
    cast.specialist.save()

    response = client.post(RESET_URL, {"identifier": "chuyenvien"})

    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_password_reset_lifts_the_login_lock(client: Client, cast: Cast) -> None:
    for _ in range(5):
        LoginFailure.objects.create(username="chuyenvien", ip_address="10.0.0.1")
    client.post(RESET_URL, {"identifier": "chuyenvien"})

    set_new_password_through(client, reset_link_from_mail())

    assert not LoginFailure.objects.filter(username="chuyenvien").exists()
    response = client.post(reverse("accounts:login"), {"username": "chuyenvien", "password": NEW_PASSWORD})
    assert response.status_code == 302
