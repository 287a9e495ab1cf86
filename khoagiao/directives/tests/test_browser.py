"""The issue's journey in Debian's Chromium, on the demo province: the specialist opens the upcoming reviews,
opens the 10-year review of Chỉ thị 20-CT/TW and sees the review's report request and tasks; then the
document's timeline. On a phone (375 px) and a desk. Screenshots go to /tmp/shots/directives-*.png."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from khoagiao.demo.province import DEMO_PASSWORD
from khoagiao.directives.tests.demo_seed import seed_directives_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
SHOTS = Path("/tmp/shots")


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"directives-{name}.png"), full_page=True)


def assert_fits(page: Any) -> None:
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways on a phone ({width}px)"


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_specialist_finds_the_ct20_ten_year_review_with_its_request_and_tasks(
    live_server: Any, page: Any, viewport: str
) -> None:
    seed_directives_demo()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.set_viewport_size(PHONE if viewport == "phone" else DESKTOP)
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("chuyenvien")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")

    if viewport == "desktop":
        page.get_by_role("link", name="Văn bản chỉ đạo").first.click()
    else:
        page.goto(f"{live_server.url}/van-ban-chi-dao/")
    expect(page.get_by_role("heading", name="Sổ văn bản chỉ đạo")).to_be_visible()
    shot(page, f"{viewport}-registry")

    page.get_by_role("link", name="Sơ kết, tổng kết").first.click()
    expect(page.get_by_role("heading", name="Sơ kết, tổng kết sắp tới")).to_be_visible()
    expect(
        page.get_by_role("link", name="Tổng kết 10 năm thực hiện Nghị quyết 20-NQ/TW").first
    ).to_be_visible()
    expect(page.locator("main, body").first).to_contain_text("25/10/2027")
    shot(page, f"{viewport}-reviews")
    if viewport == "phone":
        assert_fits(page)

    page.get_by_role("link", name="Tổng kết 10 năm thực hiện Chỉ thị 20-CT/TW").click()
    expect(page.get_by_role("heading", name="Tổng kết 10 năm thực hiện Chỉ thị 20-CT/TW")).to_be_visible()
    request = page.locator("section", has=page.get_by_role("heading", name="Yêu cầu báo cáo"))
    expect(request).to_contain_text("Báo cáo tổng kết 10 năm thực hiện Chỉ thị 20-CT/TW")
    expect(request).to_contain_text("0/4 đơn vị đã gửi")
    expect(request).to_contain_text("Sở Y tế")
    tasks = page.locator("section", has=page.get_by_role("heading", name="Nhiệm vụ"))
    expect(tasks).to_contain_text("Xây dựng báo cáo tổng kết 10 năm thực hiện Chỉ thị 20-CT/TW")
    expect(tasks).to_contain_text("Tổ chức hội nghị tổng kết 10 năm thực hiện Chỉ thị 20-CT/TW")
    shot(page, f"{viewport}-milestone")
    if viewport == "phone":
        assert_fits(page)

    page.get_by_role("link", name="20-CT/TW").first.click()
    expect(page.get_by_role("heading", name="Dòng thời gian")).to_be_visible()
    expect(page.locator(".kg-timeline")).to_contain_text("75-KH/TU")
    expect(page.locator(".kg-timeline")).to_contain_text("Sơ kết 5 năm thực hiện Chỉ thị 20-CT/TW")
    shot(page, f"{viewport}-timeline")
    if viewport == "phone":
        assert_fits(page)

    page.get_by_role("link", name="Quy chế phối hợp").first.click()
    page.get_by_role(
        "link", name="Quy chế phối hợp giữa Ban Tuyên giáo và Dân vận Tỉnh ủy và Sở Giáo dục"
    ).click()
    page.get_by_role("link", name="Đánh giá năm").click()
    expect(page.get_by_role("heading", name="Theo từng bên")).to_be_visible()
    expect(page.locator("table")).to_contain_text("Sở GD&ĐT")
    shot(page, f"{viewport}-evaluation")
    if viewport == "phone":
        assert_fits(page)
    assert errors == []
