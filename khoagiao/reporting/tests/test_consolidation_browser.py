"""In Debian's Chromium (Playwright): the specialist builds the consolidated report, edits a paragraph, numbers
and issues it; the leadership viewer opens it and downloads the DOCX. Screenshots go to /tmp/shots/."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest
from playwright.sync_api import expect

from khoagiao.core.testing import Cast
from khoagiao.reporting.models import ConsolidatedVersion

from .test_browser_journey import PHONE, assert_fits, log_in
from .test_consolidation_helpers import Setting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots")


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"consolidation-{name}.png"), full_page=True)


def test_specialist_builds_edits_issues_and_the_viewer_downloads(
    live_server: Any, page: Any, cast: Cast
) -> None:
    setting = Setting(cast)
    setting.send(cast.education, setting.current, {"GD01": "40", "GD02": "11"})
    setting.send(cast.commune_a, setting.current, {"GD01": "12", "GD02": "3"})
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    log_in(page, live_server, cast.specialist.username)
    page.goto(f"{live_server.url}/bao-cao/tong-hop/")
    page.get_by_label("Kỳ báo cáo").select_option(str(setting.current.pk))
    page.get_by_role("button", name="Lập hoặc mở bản nháp").click()
    expect(page.get_by_role("heading", name="Soạn báo cáo tổng hợp — Quý I/2026")).to_be_visible()
    expect(page.get_by_text("Nguồn: Sở Giáo dục và Đào tạo (lần gửi 1)").first).to_be_visible()
    expect(page.locator(".kg-cons-figures")).to_contain_text("52")
    shot(page, "build")
    version = ConsolidatedVersion.objects.get()
    page.locator(f'textarea[name="p|i|u{cast.education.pk}"]').fill("Đội ngũ nhà giáo tin tưởng, đồng thuận.")
    page.get_by_label("Họ tên người ký").fill("Nguyễn Thị Hồng Hạnh")
    page.get_by_label("Người ký", exact=True).select_option("deputy")
    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.get_by_text("Đã lưu bản nháp báo cáo tổng hợp.")).to_be_visible()
    expect(page.get_by_text("Đã biên tập").first).to_be_visible()
    page.set_viewport_size(PHONE)
    assert_fits(page)
    shot(page, "build-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Cấp số và ban hành").click()
    shot(page, "issue")
    page.get_by_role("button", name="Cấp số và ban hành").click()
    expect(page.get_by_text("Đã cấp số Số 1-BC/BTGDVTU")).to_be_visible()
    shot(page, "issued")
    version.refresh_from_db()
    assert version.status == "issued"

    log_in(page, live_server, cast.viewer.username)
    page.goto(f"{live_server.url}/bao-cao/tong-hop/")
    page.get_by_role("link", name="Báo cáo kết quả công tác khoa giáo quý I năm 2026").click()
    expect(page.get_by_role("heading", name="Số 1-BC/BTGDVTU")).to_be_visible()
    expect(page.get_by_text("Đội ngũ nhà giáo tin tưởng, đồng thuận.")).to_be_visible()
    shot(page, "viewer")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải DOCX").click()
    data = Path(download_info.value.path()).read_bytes()
    texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert "Đội ngũ nhà giáo tin tưởng, đồng thuận." in texts
    page.set_viewport_size(PHONE)
    assert_fits(page)
    assert errors == []
