"""An administrator changes the tree from a phone, in Debian's Chromium (Playwright): the pages fit 375 px,
the confirmations come from khoagiao.js (no inline script under the CSP), and the merge form submits without
the new-successor fields getting in the way."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from khoagiao.core.testing import TEST_PASSWORD, Cast
from khoagiao.orgs.models import Unit, UnitSuccession

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}


def log_in_as_admin(page: Any, live_server: Any) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("quantri")
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")
    return errors


def assert_fits_a_phone(page: Any) -> None:
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways on a phone ({width}px)"


def test_an_admin_adds_edits_and_closes_a_unit_on_a_phone(live_server: Any, page: Any, cast: Cast) -> None:
    errors = log_in_as_admin(page, live_server)
    page.goto(f"{live_server.url}/don-vi/")
    assert_fits_a_phone(page)
    page.get_by_role("link", name="Thêm đơn vị").click()
    page.wait_for_url("**/don-vi/them/")
    assert_fits_a_phone(page)
    page.get_by_label("Đơn vị cấp trên").select_option(str(cast.department.pk))
    page.get_by_label("Mã đơn vị").fill("so-khcn")
    page.get_by_label("Tên đơn vị").fill("Sở Khoa học và Công nghệ")
    page.get_by_label("Loại đơn vị").select_option(label="Sở, ngành")
    page.locator("#id_level").select_option(label="Cấp tỉnh")
    page.get_by_label("Hiệu lực từ ngày").fill("2025-03-01")
    page.get_by_role("button", name="Thêm đơn vị").click()
    expect(page.get_by_role("heading", name="Sở Khoa học và Công nghệ")).to_be_visible()
    unit = Unit.objects.get(code="so-khcn")

    page.get_by_role("link", name="Sửa").click()
    page.wait_for_url(f"**/don-vi/{unit.pk}/sua/")
    assert_fits_a_phone(page)
    page.get_by_label("Tên viết tắt").fill("Sở KH&CN")
    page.get_by_role("button", name="Lưu thay đổi").click()
    expect(page.get_by_text("Đã lưu đơn vị «Sở Khoa học và Công nghệ».")).to_be_visible()

    page.get_by_role("link", name="Đóng đơn vị").click()
    page.wait_for_url(f"**/don-vi/{unit.pk}/dong/")
    assert_fits_a_phone(page)
    page.get_by_label("Ngày đóng").fill("2025-12-31")
    page.get_by_label("Lý do đóng, căn cứ").fill("Hợp nhất với Sở Thông tin và Truyền thông")
    dialogs: list[str] = []

    def refuse(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", refuse)
    page.get_by_role("button", name="Đóng đơn vị").click()
    assert dialogs == ["Đóng đơn vị «Sở Khoa học và Công nghệ»? Thao tác này được ghi vào nhật ký."]
    unit.refresh_from_db()
    assert unit.valid_to is None  # dismissed: nothing sent
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Đóng đơn vị").click()
    expect(page.get_by_text("Đã đóng đơn vị «Sở Khoa học và Công nghệ».")).to_be_visible()
    unit.refresh_from_db()
    assert unit.valid_to == dt.date(2025, 12, 31)
    assert errors == [], errors


def test_an_admin_merges_two_communes_on_a_phone(live_server: Any, page: Any, cast: Cast) -> None:
    errors = log_in_as_admin(page, live_server)
    page.goto(f"{live_server.url}/don-vi/{cast.commune_b.pk}/")
    page.get_by_role("link", name="Hợp nhất vào đơn vị này").click()
    page.wait_for_url(f"**/don-vi/hop-nhat/?successor={cast.commune_b.pk}")
    assert_fits_a_phone(page)
    page.get_by_label("Các đơn vị được hợp nhất").select_option([str(cast.commune_a.pk)])
    page.get_by_label("Ngày hợp nhất").fill("2025-07-01")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Hợp nhất", exact=True).click()
    expect(page.get_by_text("Đã hợp nhất 1 đơn vị vào «Đảng ủy phường Bắc Sơn».")).to_be_visible()
    assert UnitSuccession.objects.filter(predecessor=cast.commune_a, successor=cast.commune_b).exists()
    assert errors == [], errors
