"""The user administration screens: who may use them, what they show and what they change."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core import mail
from django.test import Client
from django.urls import reverse

from khoagiao.accounts.choices import MembershipRole
from khoagiao.accounts.models import Membership, User
from khoagiao.accounts.permissions import can_manage_user
from khoagiao.accounts.services import user_create
from khoagiao.core.models import AuditEvent
from khoagiao.core.testing import TEST_PASSWORD, Cast, make_user

from .helpers import after_of, audit_actions, before_of, form_errors, last_audit, messages_of

LIST_URL = reverse("accounts:user_list")
CREATE_URL = reverse("accounts:user_create")
GOOD_PASSWORD = "Mat-khau-ban-dau-2026!"


@pytest.fixture
def admin_client(client: Client, cast: Cast) -> Client:
    client.force_login(cast.admin)
    return client


def new_user_data(**overrides: str) -> dict[str, str]:
    data = {
        "username": "nguyenvana",
        "full_name": "Nguyễn Văn An",
        "email": "an@example.vn",
        "phone": "0912 345 678",
        "position": "Chuyên viên",
        "password": "",
        "password_confirm": "",
    }
    return {**data, **overrides}


# --- Who may use the screens -------------------------------------------------------------------------------


def admin_urls(cast: Cast) -> list[tuple[str, str]]:
    pk = cast.education_focal.pk
    membership = Membership.objects.get(user=cast.education_focal)
    return [
        ("get", LIST_URL),
        ("get", CREATE_URL),
        ("post", CREATE_URL),
        ("get", reverse("accounts:user_detail", args=[pk])),
        ("get", reverse("accounts:user_edit", args=[pk])),
        ("post", reverse("accounts:user_edit", args=[pk])),
        ("post", reverse("accounts:user_lock", args=[pk])),
        ("post", reverse("accounts:user_unlock", args=[pk])),
        ("post", reverse("accounts:user_password_link", args=[pk])),
        ("post", reverse("accounts:membership_create", args=[pk])),
        ("post", reverse("accounts:membership_end", args=[membership.pk])),
    ]


@pytest.mark.parametrize("role", ["specialist", "leader", "education_focal", "viewer", "outsider"])
def test_non_administrators_are_refused_every_user_screen(client: Client, cast: Cast, role: str) -> None:
    client.force_login(getattr(cast, role))
    before = AuditEvent.objects.count()

    for method, url in admin_urls(cast):
        data = {**new_user_data(), "unit": cast.education.pk, "role": MembershipRole.FOCAL_POINT}
        response = client.post(url, data) if method == "post" else client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("core:home"), url
        assert messages_of(response) == ["Chỉ quản trị viên mới được quản lý người dùng."], url

    assert AuditEvent.objects.count() == before
    assert not User.objects.filter(username="nguyenvana").exists()
    cast.education_focal.refresh_from_db()
    assert cast.education_focal.is_active
    assert Membership.objects.filter(user=cast.education_focal, is_active=True).count() == 1


def test_the_admin_menu_links_to_users_only_for_administrators(client: Client, cast: Cast) -> None:
    client.force_login(cast.admin)
    assert LIST_URL in client.get(reverse("core:home")).content.decode()
    client.force_login(cast.specialist)
    assert LIST_URL not in client.get(reverse("core:home")).content.decode()


# --- List and search ---------------------------------------------------------------------------------------


def test_admin_sees_the_users_of_his_subtree_and_those_without_a_role(
    admin_client: Client, cast: Cast
) -> None:
    response = admin_client.get(LIST_URL)

    assert response.status_code == 200
    shown = {user.username for user in response.context["page_obj"].object_list}
    assert shown == {user.username for user in cast.all_users()}
    assert "test-root" not in shown  # superusers are shown to superusers only


def test_a_commune_administrator_sees_only_his_commune(client: Client, cast: Cast) -> None:
    commune_admin = make_user("quantri.anbinh", role=MembershipRole.ADMIN, unit=cast.commune_a)
    client.force_login(commune_admin)

    response = client.get(LIST_URL)
    shown = {user.username for user in response.context["page_obj"].object_list}

    assert shown == {"quantri.anbinh", "daumoi.anbinh", "khachvanglai"}
    refused = client.get(reverse("accounts:user_detail", args=[cast.specialist.pk]))
    assert refused.status_code == 302
    assert "không có quyền quản lý người dùng này" in messages_of(refused)[0]


def test_user_search_ignores_vietnamese_accents(admin_client: Client, cast: Cast) -> None:
    make_user("nva", full_name="Nguyễn Văn Đức")
    make_user("ttb", full_name="Trần Thị Bình")

    for query in ["nguyen van", "NGUYỄN văn", "duc", "Đức"]:
        response = admin_client.get(LIST_URL, {"q": query})
        assert [user.username for user in response.context["page_obj"].object_list] == ["nva"], query

    response = admin_client.get(LIST_URL, {"q": "khong co ai ten nay"})
    assert "Không có người dùng nào khớp" in response.content.decode()


def test_users_are_listed_in_vietnamese_alphabetical_order(admin_client: Client, cast: Cast) -> None:
    for username, name in [("u1", "Đỗ Minh"), ("u2", "Dương An"), ("u3", "Ân Bình"), ("u4", "Anh Tú")]:
        make_user(username, full_name=name)

    response = admin_client.get(LIST_URL, {"q": "u"})

    names = [
        user.full_name
        for user in response.context["page_obj"].object_list
        if user.username in {"u1", "u2", "u3", "u4"}
    ]
    assert names == ["Anh Tú", "Ân Bình", "Dương An", "Đỗ Minh"]


def test_user_list_is_paginated(admin_client: Client, cast: Cast) -> None:
    for number in range(settings.PAGE_SIZE + 5):
        make_user(f"nguoi.{number:02d}")

    first = admin_client.get(LIST_URL)
    last = admin_client.get(LIST_URL, {"page": 2})

    total = settings.PAGE_SIZE + 5 + len(cast.all_users())
    assert first.context["page_obj"].paginator.count == total
    assert len(first.context["page_obj"].object_list) == settings.PAGE_SIZE
    assert len(last.context["page_obj"].object_list) == total - settings.PAGE_SIZE
    assert "?page=2" in first.content.decode()


# --- Create ------------------------------------------------------------------------------------------------


def test_admin_creates_a_user_with_an_initial_password(admin_client: Client, cast: Cast) -> None:
    data = new_user_data(password=GOOD_PASSWORD, password_confirm=GOOD_PASSWORD)

    response = admin_client.post(CREATE_URL, data)

    user = User.objects.get(username="nguyenvana")
    assert response["Location"] == reverse("accounts:user_detail", args=[user.pk])
    assert (user.full_name, user.email, user.phone, user.position) == (
        "Nguyễn Văn An",
        "an@example.vn",
        "0912 345 678",
        "Chuyên viên",
    )
    assert authenticate(username="nguyenvana", password=GOOD_PASSWORD) == user
    event = last_audit("accounts.user_create")
    assert event.actor == cast.admin
    assert after_of(event)["username"] == "nguyenvana"
    assert after_of(event)["has_password"] is True
    assert GOOD_PASSWORD not in str(event.after)


def test_a_user_created_without_password_cannot_log_in_and_the_admin_is_told_to_send_a_link(
    admin_client: Client, cast: Cast
) -> None:
    response = admin_client.post(CREATE_URL, new_user_data())

    user = User.objects.get(username="nguyenvana")
    assert not user.has_usable_password()
    assert "Gửi liên kết đặt mật khẩu" in messages_of(response)[0]
    detail = admin_client.get(response["Location"]).content.decode()
    assert "Chưa có mật khẩu" in detail
    assert reverse("accounts:user_password_link", args=[user.pk]) in detail

    response = admin_client.post(reverse("accounts:user_password_link", args=[user.pk]))

    assert "an@example.vn" in messages_of(response)[0]
    assert mail.outbox[0].to == ["an@example.vn"]
    assert "Quản trị viên" in mail.outbox[0].body
    assert audit_actions(user) == ["accounts.user_create", "accounts.password_link_send"]
    # The link lets the new user choose a first password.
    link = mail.outbox[0].body.split("http://testserver", 1)[1].split()[0]
    form_url = admin_client.get(link)["Location"]
    admin_client.post(form_url, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
    assert authenticate(username="nguyenvana", password=GOOD_PASSWORD) == user


def test_a_user_created_without_password_nor_e_mail_gets_advice_to_add_one(admin_client: Client) -> None:
    response = admin_client.post(CREATE_URL, new_user_data(email=""))

    assert "bổ sung e-mail" in messages_of(response)[0]
    user = User.objects.get(username="nguyenvana")
    response = admin_client.post(reverse("accounts:user_password_link", args=[user.pk]))
    assert "chưa có địa chỉ e-mail" in messages_of(response)[0]
    assert mail.outbox == []


def test_a_weak_initial_password_is_refused_and_the_input_kept(admin_client: Client) -> None:
    response = admin_client.post(
        CREATE_URL, new_user_data(password="1234567890", password_confirm="1234567890")
    )

    assert response.status_code == 200
    assert form_errors(response)["password"]
    assert not User.objects.filter(username="nguyenvana").exists()
    assert 'value="Nguyễn Văn An"' in response.content.decode()
    assert not AuditEvent.objects.filter(action="accounts.user_create").exists()


def test_mismatched_initial_passwords_are_refused(admin_client: Client) -> None:
    response = admin_client.post(CREATE_URL, new_user_data(password=GOOD_PASSWORD, password_confirm="khac"))

    assert form_errors(response)["password_confirm"] == ["Hai lần nhập mật khẩu không khớp nhau."]
    assert not User.objects.filter(username="nguyenvana").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"username": "ChuyenVien"}, "username", "Tên đăng nhập «ChuyenVien» đã có người dùng."),
        ({"username": "có dấu cách"}, "username", "Tên đăng nhập chỉ gồm chữ"),
        ({"full_name": "   "}, "full_name", ""),
        ({"email": "khong-phai-email"}, "email", ""),
    ],
)
def test_bad_user_details_are_refused_with_a_message(
    admin_client: Client, cast: Cast, overrides: dict[str, str], field: str, message: str
) -> None:
    response = admin_client.post(CREATE_URL, new_user_data(**overrides))

    errors = form_errors(response)
    assert field in errors
    assert errors[field][0].startswith(message)
    assert User.objects.count() == len(cast.all_users()) + 1  # the cast and the fixture's superuser


# --- Edit, lock, unlock ------------------------------------------------------------------------------------


def test_admin_edits_a_user_and_the_change_is_audited(admin_client: Client, cast: Cast) -> None:
    url = reverse("accounts:user_edit", args=[cast.education_focal.pk])
    assert admin_client.get(url).context["form"].initial["username"] == "daumoi.sogd"

    response = admin_client.post(
        url,
        {
            "username": "daumoi.sogd",
            "full_name": "Lê Thị Hoa",
            "email": "hoa@sogd.example.vn",
            "phone": "",
            "position": "Phó Chánh Văn phòng",
        },
    )

    assert response["Location"] == reverse("accounts:user_detail", args=[cast.education_focal.pk])
    cast.education_focal.refresh_from_db()
    assert cast.education_focal.full_name == "Lê Thị Hoa"
    assert cast.education_focal.email == "hoa@sogd.example.vn"
    event = last_audit("accounts.user_update")
    assert event.actor == cast.admin
    assert before_of(event)["full_name"] == "Daumoi Sogd"
    assert after_of(event)["full_name"] == "Lê Thị Hoa"
    # The folded search column follows the edit.
    found = admin_client.get(LIST_URL, {"q": "le thi hoa"}).context["page_obj"].object_list
    assert [user.username for user in found] == ["daumoi.sogd"]


def test_admin_locks_and_unlocks_a_user(admin_client: Client, cast: Cast, client: Client) -> None:
    other = Client()
    other.force_login(cast.education_focal)
    assert other.get(reverse("accounts:profile")).status_code == 200

    response = admin_client.post(reverse("accounts:user_lock", args=[cast.education_focal.pk]))

    assert "Đã khóa tài khoản" in messages_of(response)[0]
    cast.education_focal.refresh_from_db()
    assert not cast.education_focal.is_active
    assert authenticate(username="daumoi.sogd", password=TEST_PASSWORD) is None
    # The locked user's open session ends at once.
    assert other.get(reverse("accounts:profile")).status_code == 302
    detail = admin_client.get(
        reverse("accounts:user_detail", args=[cast.education_focal.pk])
    ).content.decode()
    assert "Đã khóa" in detail

    response = admin_client.post(reverse("accounts:user_unlock", args=[cast.education_focal.pk]))

    cast.education_focal.refresh_from_db()
    assert cast.education_focal.is_active
    assert authenticate(username="daumoi.sogd", password=TEST_PASSWORD) == cast.education_focal
    assert audit_actions(cast.education_focal) == ["accounts.user_lock", "accounts.user_unlock"]
    assert before_of(last_audit("accounts.user_lock"))["is_active"] is True


def test_locking_twice_says_the_account_is_already_locked(admin_client: Client, cast: Cast) -> None:
    url = reverse("accounts:user_lock", args=[cast.education_focal.pk])
    admin_client.post(url)

    response = admin_client.post(url)

    assert messages_of(response) == ["Tài khoản «daumoi.sogd» đã bị khóa."]
    assert audit_actions(cast.education_focal) == ["accounts.user_lock"]


def test_an_administrator_cannot_lock_himself(admin_client: Client, cast: Cast) -> None:
    detail = admin_client.get(reverse("accounts:user_detail", args=[cast.admin.pk])).content.decode()
    assert reverse("accounts:user_lock", args=[cast.admin.pk]) not in detail

    response = admin_client.post(reverse("accounts:user_lock", args=[cast.admin.pk]))

    assert messages_of(response) == ["Bạn không thể tự khóa tài khoản của mình."]
    cast.admin.refresh_from_db()
    assert cast.admin.is_active
    assert audit_actions(cast.admin) == []


def test_a_commune_admin_cannot_change_a_user_who_also_works_elsewhere(client: Client, cast: Cast) -> None:
    commune_admin = make_user("quantri.anbinh", role=MembershipRole.ADMIN, unit=cast.commune_a)
    Membership.objects.create(user=cast.specialist, unit=cast.commune_a, role=MembershipRole.REPORTER)
    client.force_login(commune_admin)

    detail = client.get(reverse("accounts:user_detail", args=[cast.specialist.pk]))
    assert detail.status_code == 200
    assert detail.context["can_manage"] is False
    assert detail.context["outside_count"] == 1
    response = client.post(reverse("accounts:user_lock", args=[cast.specialist.pk]))
    assert messages_of(response) == ["Bạn không có quyền thực hiện thao tác này."]
    client.post(
        reverse("accounts:user_edit", args=[cast.specialist.pk]), new_user_data(username="chuyenvien")
    )

    cast.specialist.refresh_from_db()
    assert cast.specialist.is_active
    assert cast.specialist.full_name == "Chuyenvien"
    assert audit_actions(cast.specialist) == []
    # He still manages his own commune's focal point.
    assert can_manage_user(commune_admin, cast.commune_a_focal)


def test_superusers_are_managed_only_by_superusers(cast: Cast) -> None:
    superuser = User.objects.get(username="test-root")
    assert not can_manage_user(cast.admin, superuser)
    assert can_manage_user(superuser, cast.admin)


def test_user_create_service_refuses_non_administrators(cast: Cast) -> None:
    from khoagiao.core.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        user_create(actor=cast.specialist, username="x", full_name="X")
