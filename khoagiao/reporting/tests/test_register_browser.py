"""The register in Debian's Chromium (Playwright): the specialist opens the register from the menu, filters it,
cancels a number with a reason after the confirmation step and sees it struck with its reason; the leadership
viewer downloads the DOCX. On a phone (375 px) and a desk.

Set KG_SHOTS=/some/folder to keep screenshots of each step (for looking at the pages)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from khoagiao.core.testing import TEST_PASSWORD, Cast
from khoagiao.reporting.choices import OutgoingDocumentKind, OutgoingDocumentStatus
from khoagiao.reporting.models.register import OutgoingDocument
from khoagiao.reporting.tests.test_register import issue, stored_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
SHOTS = os.environ.get("KG_SHOTS", "")


def shot(page: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"register-{name}.png"), full_page=True)


def log_in(page: Any, live_server: Any, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")


def assert_fits(page: Any) -> None:
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways on a phone ({width}px)"


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_specialist_filters_and_cancels_a_number_and_the_viewer_downloads(
    live_server: Any, page: Any, cast: Cast, viewport: str
) -> None:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    report = issue(cast, title="kết quả công tác khoa giáo quý I năm 2026")
    second = issue(cast, title="kết quả công tác khoa giáo quý II năm 2026", issued_on=dt.date(2026, 7, 3))
    notice = issue(
        cast, kind=OutgoingDocumentKind.TB, title="kết luận của Thường trực về y tế cơ sở", source=cast.health
    )
    issue(
        cast, issuing_unit=cast.education, kind=OutgoingDocumentKind.KH, title="kế hoạch tuyên truyền của Sở"
    )
    page.set_viewport_size(PHONE if viewport == "phone" else DESKTOP)

    log_in(page, live_server, cast.specialist.username)
    if viewport == "desktop":
        page.get_by_role("link", name="Sổ văn bản đi").first.click()
    else:
        page.goto(live_server.url + reverse("reporting:register_list"))
    expect(page.get_by_role("heading", name="Sổ văn bản đi")).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(4)
    shot(page, f"{viewport}-list")
    if viewport == "phone":
        assert_fits(page)

    # Filter: the notices of the department, then a text search without diacritics.
    page.get_by_label("Loại văn bản").select_option(label="Thông báo")
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody")).to_contain_text(notice.symbol)
    page.get_by_role("link", name="Bỏ lọc").click()
    page.get_by_label("Tìm số, ký hiệu hoặc trích yếu").fill("khoa giao quy II")
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody")).to_contain_text(second.symbol)
    shot(page, f"{viewport}-filtered")
    page.get_by_role("link", name="Bỏ lọc").click()
    expect(page.locator("tbody tr")).to_have_count(4)

    # Cancel: the confirmation asks for the reason; an empty reason is refused and nothing changes.
    page.get_by_role("link", name=f"Hủy {report.symbol}").click()
    expect(page.get_by_role("heading", name=f"Hủy {report.symbol}?")).to_be_visible()
    page.get_by_role("button", name="Xác nhận hủy số").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("Hãy ghi lý do hủy số")
    assert OutgoingDocument.objects.get(pk=report.pk).status == OutgoingDocumentStatus.ISSUED
    page.get_by_label("Lý do hủy số").fill("Trùng nội dung với báo cáo đã gửi")
    shot(page, f"{viewport}-cancel")
    if viewport == "phone":
        assert_fits(page)
    page.get_by_role("button", name="Xác nhận hủy số").click()
    expect(page.locator(".alert-warning")).to_contain_text("Lý do: Trùng nội dung với báo cáo đã gửi")
    expect(page.get_by_role("heading", name=report.symbol)).to_have_class(
        "h3 mb-1 text-decoration-line-through text-body-secondary"
    )
    shot(page, f"{viewport}-cancelled")

    # Back in the register the number stays, struck, with its reason; the next number is not reused.
    page.get_by_role("link", name="Sổ văn bản đi").last.click()
    row = page.locator("tbody tr", has_text=report.symbol)
    expect(row.locator("a.text-decoration-line-through:visible")).to_have_text(report.symbol)
    expect(row).to_contain_text("Đã hủy số: Trùng nội dung với báo cáo đã gửi")
    expect(row.get_by_role("link", name=f"Hủy {report.symbol}")).to_have_count(0)
    shot(page, f"{viewport}-list-after")
    if viewport == "phone":
        assert_fits(page)

    # The leadership viewer reads the register and downloads the DOCX exactly as issued.
    log_in(page, live_server, cast.viewer.username)
    page.goto(live_server.url + reverse("reporting:register_list"))
    expect(page.locator("tbody tr")).to_have_count(4)
    expect(page.get_by_role("link", name="Hủy số")).to_have_count(0)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=f"Tải DOCX {notice.symbol}").click()
    download = download_info.value
    assert download.suggested_filename == "1-TB-BTGDVTU-2026.docx"
    assert Path(download.path()).read_bytes() == stored_bytes(notice)
    assert errors == [], errors
