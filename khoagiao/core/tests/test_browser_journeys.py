"""Browser journeys in Debian's Chromium (Playwright): a person logs in and finds their way."""

import pytest

from khoagiao.core.testing import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")


def collect_console_errors(page):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return errors


def test_specialist_logs_in_and_searches_the_unit_tree(live_server, page, cast):
    errors = collect_console_errors(page)
    log_in(page, live_server, "chuyenvien")
    assert page.get_by_role("heading", name="Đơn vị và vai trò của bạn").is_visible()
    assert page.get_by_text("Chuyên viên Ban").first.is_visible()

    page.get_by_role("link", name="Đơn vị", exact=True).click()
    page.wait_for_url(f"{live_server.url}/don-vi/")
    tree = page.locator("#unit-tree")
    assert tree.get_by_role("link", name="Sở Giáo dục và Đào tạo").is_visible()
    assert tree.get_by_role("link", name="Đảng ủy xã An Bình").is_visible()

    page.get_by_label("Tìm đơn vị").fill("bac son")
    page.get_by_role("button", name="Tìm", exact=True).click()
    assert tree.get_by_role("link", name="Đảng ủy phường Bắc Sơn").is_visible()
    assert tree.get_by_role("link", name="Sở Y tế").count() == 0

    tree.get_by_role("link", name="Đảng ủy phường Bắc Sơn").click()
    assert page.get_by_role("heading", name="Đảng ủy phường Bắc Sơn").is_visible()
    assert errors == [], errors  # no CSP violation, no script error


def test_wrong_password_shows_a_vietnamese_message(live_server, page, cast):
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("chuyenvien")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng").is_visible()
    assert page.url.startswith(f"{live_server.url}/tai-khoan/dang-nhap/")


def test_commune_focal_point_on_a_phone_sees_only_their_commune(live_server, page, cast):
    page.set_viewport_size({"width": 375, "height": 740})
    log_in(page, live_server, "daumoi.anbinh")
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 375, f"the home page scrolls sideways on a phone ({width}px)"
    page.get_by_role("button", name="Mở menu").click()
    page.get_by_role("link", name="Đơn vị", exact=True).click()
    tree = page.locator("#unit-tree")
    assert tree.get_by_role("link", name="Đảng ủy xã An Bình").is_visible()
    assert tree.get_by_role("link").count() == 1
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
