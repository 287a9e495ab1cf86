"""Browser journeys of the account screens in Debian's Chromium, on a 375 px wide phone."""

from __future__ import annotations

from typing import Any

import pytest

from khoagiao.accounts.models import ApiToken, Membership, User
from khoagiao.core.testing import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 375, "height": 740}


def log_in(page: Any, live_server: Any, username: str) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")
    return errors


def assert_fits_the_phone(page: Any) -> None:
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways on a phone ({width}px)"


def test_admin_creates_a_user_gives_a_role_and_locks_him_on_a_phone(
    live_server: Any, page: Any, cast: Any
) -> None:
    errors = log_in(page, live_server, "quantri")
    page.goto(f"{live_server.url}/tai-khoan/nguoi-dung/")
    assert_fits_the_phone(page)

    page.get_by_role("link", name="Thêm người dùng").click()
    page.get_by_label("Tên đăng nhập").fill("tranthib")
    page.get_by_label("Họ và tên").fill("Trần Thị Bích")
    page.get_by_label("E-mail").fill("bich@example.vn")
    assert_fits_the_phone(page)
    page.get_by_role("button", name="Tạo tài khoản").click()
    assert page.get_by_text("Tài khoản chưa có mật khẩu").first.is_visible()
    assert_fits_the_phone(page)

    page.get_by_label("Đơn vị").select_option(label="\u2003\u2003Sở Y tế")
    page.get_by_label("Vai trò").select_option("focal_point")
    page.get_by_role("button", name="Thêm phân quyền").click()
    assert page.get_by_text("Đã giao vai trò «Đầu mối đơn vị» tại «Sở Y tế».").is_visible()
    user = User.objects.get(username="tranthib")
    assert Membership.objects.filter(user=user, unit=cast.health, is_active=True).exists()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Khóa tài khoản").click()
    assert page.get_by_text("Đã khóa tài khoản «tranthib»").is_visible()
    user.refresh_from_db()
    assert not user.is_active
    assert_fits_the_phone(page)

    page.goto(f"{live_server.url}/tai-khoan/nguoi-dung/?q=tran thi bich")
    assert page.get_by_role("link", name="Trần Thị Bích").is_visible()
    assert errors == [], errors


def test_dismissing_the_confirmation_changes_nothing(live_server: Any, page: Any, cast: Any) -> None:
    log_in(page, live_server, "quantri")
    page.goto(f"{live_server.url}/tai-khoan/nguoi-dung/{cast.education_focal.pk}/")

    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Kết thúc").click()

    assert Membership.objects.get(user=cast.education_focal).is_active


def test_a_user_makes_and_revokes_an_api_token_on_a_phone(live_server: Any, page: Any, cast: Any) -> None:
    errors = log_in(page, live_server, "daumoi.anbinh")
    page.get_by_role("button", name="Mở menu").click()
    page.get_by_role("button", name="Daumoi Anbinh").click()
    page.get_by_role("link", name="Hồ sơ và mã truy cập API").click()
    assert page.get_by_role("heading", name="Hồ sơ cá nhân").is_visible()
    assert_fits_the_phone(page)

    page.get_by_label("Tên gợi nhớ").fill("Bảng tính của xã")
    page.get_by_role("button", name="Tạo mã").click()
    raw = page.get_by_label("Mã truy cập").input_value()
    assert raw.startswith("kg_")
    assert_fits_the_phone(page)
    page.get_by_role("link", name="Tôi đã lưu mã, quay lại hồ sơ").click()
    assert raw not in page.content()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Thu hồi").click()
    assert page.get_by_text("Đã thu hồi mã truy cập «Bảng tính của xã».").is_visible()
    assert ApiToken.objects.get(user=cast.commune_a_focal).revoked_at is not None
    assert_fits_the_phone(page)
    assert errors == [], errors
