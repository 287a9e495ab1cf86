"""The profile page, API tokens (create, list, revoke) and bearer authentication."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from khoagiao.accounts.models import ApiToken
from khoagiao.accounts.services import (
    api_token_authenticate,
    api_token_create,
    api_token_issue,
    api_token_revoke,
)
from khoagiao.core.errors import PermissionDeniedError, ValidationFailed
from khoagiao.core.testing import Cast

from .helpers import after_of, audit_actions, before_of, form_errors, last_audit, messages_of

PROFILE_URL = reverse("accounts:profile")
CREATE_URL = reverse("accounts:api_token_create")


@pytest.fixture
def specialist_client(client: Client, cast: Cast) -> Client:
    client.force_login(cast.specialist)
    return client


# --- Profile -----------------------------------------------------------------------------------------------


def test_profile_shows_the_user_details_memberships_and_tokens(specialist_client: Client, cast: Cast) -> None:
    api_token_create(actor=cast.specialist, user=cast.specialist, name="Bảng tính tổng hợp")
    api_token_create(actor=cast.leader, user=cast.leader, name="Mã của người khác")

    response = specialist_client.get(PROFILE_URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["profile_form"].initial["email"] == "cv@example.vn"
    assert "Ban Tuyên giáo và Dân vận Tỉnh ủy" in page
    assert "Chuyên viên Ban" in page
    assert "Bảng tính tổng hợp" in page
    assert "Mã của người khác" not in page
    assert "Authorization: Bearer" in page


def test_every_logged_in_user_has_a_profile(client: Client, cast: Cast) -> None:
    client.force_login(cast.outsider)

    page = client.get(PROFILE_URL).content.decode()

    assert "chưa được phân quyền tại đơn vị nào" in page


def test_a_user_edits_his_own_details(specialist_client: Client, cast: Cast) -> None:
    response = specialist_client.post(
        PROFILE_URL,
        {
            "full_name": "Phạm Minh Châu",
            "email": "chau@example.vn",
            "phone": "0900 000 001",
            "position": "Chuyên viên",
        },
    )

    assert response["Location"] == PROFILE_URL
    assert messages_of(response) == ["Đã lưu thông tin cá nhân."]
    cast.specialist.refresh_from_db()
    assert (cast.specialist.full_name, cast.specialist.email) == ("Phạm Minh Châu", "chau@example.vn")
    assert cast.specialist.username == "chuyenvien"
    event = last_audit("accounts.profile_update")
    assert event.actor == cast.specialist
    assert (before_of(event)["email"], after_of(event)["email"]) == ("cv@example.vn", "chau@example.vn")


def test_a_profile_cannot_change_the_username_or_be_emptied(specialist_client: Client, cast: Cast) -> None:
    response = specialist_client.post(
        PROFILE_URL, {"username": "ke-gia-mao", "full_name": "", "email": "sai", "phone": "", "position": ""}
    )

    errors = form_errors(response, "profile_form")
    assert set(errors) == {"full_name", "email"}
    cast.specialist.refresh_from_db()
    assert (cast.specialist.username, cast.specialist.email) == ("chuyenvien", "cv@example.vn")
    assert audit_actions(cast.specialist) == []


# --- Tokens ------------------------------------------------------------------------------------------------


def test_a_new_token_is_shown_once_with_how_to_use_it(specialist_client: Client, cast: Cast) -> None:
    response = specialist_client.post(CREATE_URL, {"name": "Bảng tính tổng hợp"})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    raw = response.context["raw"]
    token = ApiToken.objects.get(user=cast.specialist)
    page = response.content.decode()
    assert raw.startswith("kg_")
    assert raw in page
    assert f"Authorization: Bearer {raw}" in page
    assert "không hiển thị lại" in page
    # Only the hash is stored, and the profile shows the prefix, never the token again.
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    profile = specialist_client.get(PROFILE_URL).content.decode()
    assert raw not in profile
    assert token.prefix in profile
    assert raw.startswith(token.prefix)
    event = last_audit("accounts.api_token_create")
    assert event.actor == cast.specialist
    assert raw not in str(event.after)


def test_a_token_needs_a_name(specialist_client: Client, cast: Cast) -> None:
    response = specialist_client.post(CREATE_URL, {"name": "   "})

    assert response.status_code == 200
    assert form_errors(response, "token_form")["name"]
    assert not ApiToken.objects.exists()


def test_token_creation_needs_a_post(specialist_client: Client) -> None:
    assert specialist_client.get(CREATE_URL).status_code == 405


def test_a_token_authenticates_its_active_user_and_records_the_use(cast: Cast) -> None:
    token, raw = api_token_create(actor=cast.specialist, user=cast.specialist, name="Tích hợp")
    assert token.last_used_at is None

    assert api_token_authenticate(raw) == cast.specialist

    token.refresh_from_db()
    assert token.last_used_at is not None
    first_use = token.last_used_at
    api_token_authenticate(raw)
    token.refresh_from_db()
    assert token.last_used_at == first_use  # written at most once a minute


@pytest.mark.parametrize("raw", ["", "kg_khong-ton-tai", "Bearer kg_x", "abc"])
def test_an_unknown_or_malformed_token_authenticates_nobody(cast: Cast, raw: str) -> None:
    api_token_create(actor=cast.specialist, user=cast.specialist, name="Tích hợp")

    assert api_token_authenticate(raw) is None


def test_a_token_of_a_locked_user_authenticates_nobody(cast: Cast) -> None:
    _, raw = api_token_create(actor=cast.specialist, user=cast.specialist, name="Tích hợp")
    cast.specialist.is_active = False
    cast.specialist.save()

    assert api_token_authenticate(raw) is None


def test_a_token_opens_the_api(client: Client, cast: Cast) -> None:
    _, raw = api_token_create(actor=cast.specialist, user=cast.specialist, name="Tích hợp")

    response = client.get(reverse("api-1.0.0:me"), HTTP_AUTHORIZATION=f"Bearer {raw}")

    assert response.status_code == 200
    assert response.json()["username"] == "chuyenvien"
    assert client.get(reverse("api-1.0.0:me"), HTTP_AUTHORIZATION="Bearer kg_sai").status_code == 401


def test_a_user_revokes_his_token(specialist_client: Client, cast: Cast) -> None:
    token, raw = api_token_create(actor=cast.specialist, user=cast.specialist, name="Tích hợp")

    response = specialist_client.post(reverse("accounts:api_token_revoke", args=[token.pk]))

    assert response["Location"] == PROFILE_URL
    assert messages_of(response) == ["Đã thu hồi mã truy cập «Tích hợp»."]
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api_token_authenticate(raw) is None
    assert audit_actions(token) == ["accounts.api_token_create", "accounts.api_token_revoke"]
    assert "Đã thu hồi" in specialist_client.get(PROFILE_URL).content.decode()


def test_revoking_twice_is_refused_with_a_message(specialist_client: Client, cast: Cast) -> None:
    token, _ = api_token_create(actor=cast.specialist, user=cast.specialist, name="Tích hợp")
    url = reverse("accounts:api_token_revoke", args=[token.pk])
    specialist_client.post(url)

    response = specialist_client.post(url)

    assert messages_of(response) == ["Mã truy cập «Tích hợp» đã bị thu hồi trước đó."]
    assert audit_actions(token) == ["accounts.api_token_create", "accounts.api_token_revoke"]


def test_nobody_revokes_or_makes_someone_elses_token(specialist_client: Client, cast: Cast) -> None:
    token, raw = api_token_create(actor=cast.leader, user=cast.leader, name="Của lãnh đạo")

    response = specialist_client.post(reverse("accounts:api_token_revoke", args=[token.pk]))

    assert messages_of(response) == ["Không tìm thấy mã truy cập."]
    token.refresh_from_db()
    assert token.revoked_at is None
    assert api_token_authenticate(raw) == cast.leader
    with pytest.raises(PermissionDeniedError):
        api_token_revoke(actor=cast.specialist, token=token)
    with pytest.raises(PermissionDeniedError):
        api_token_create(actor=cast.specialist, user=cast.leader, name="Giả mạo")


def test_an_administrator_may_revoke_the_token_of_a_user_he_manages(cast: Cast) -> None:
    token, raw = api_token_create(actor=cast.education_focal, user=cast.education_focal, name="Tích hợp")

    api_token_revoke(actor=cast.admin, token=token)

    assert api_token_authenticate(raw) is None
    assert last_audit("accounts.api_token_revoke").actor == cast.admin


def test_not_even_an_administrator_makes_a_token_for_someone_else(cast: Cast) -> None:
    with pytest.raises(PermissionDeniedError, match="Chỉ chính người dùng"):
        api_token_create(actor=cast.admin, user=cast.education_focal, name="Tích hợp")
    assert not ApiToken.objects.exists()


def test_a_locked_user_gets_no_new_token(cast: Cast) -> None:
    cast.education_focal.is_active = False
    cast.education_focal.save()

    with pytest.raises(PermissionDeniedError):
        api_token_create(actor=cast.education_focal, user=cast.education_focal, name="Tích hợp")
    with pytest.raises(ValidationFailed, match="đang bị khóa"):
        api_token_issue(user=cast.education_focal, name="Tích hợp")
    assert not ApiToken.objects.exists()


def test_the_last_use_is_shown_on_the_profile(specialist_client: Client, cast: Cast) -> None:
    token, _ = api_token_create(actor=cast.specialist, user=cast.specialist, name="Tích hợp")
    ApiToken.objects.filter(pk=token.pk).update(
        last_used_at=dt.datetime(2026, 3, 5, 1, 30, tzinfo=dt.UTC), created_at=timezone.now()
    )

    page = specialist_client.get(PROFILE_URL).content.decode()

    assert "08:30 05/03/2026" in page
