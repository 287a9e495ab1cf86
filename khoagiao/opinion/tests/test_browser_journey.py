"""The hot-issue journey in Debian's Chromium (Playwright): a commune's focal point reports an issue from a
phone-sized screen; the specialist sees a similar issue suggested, merges, routes to an agency; the agency
responds; the specialist orients and resolves; the weekly digest counts it.

Set KG_SHOTS=/some/folder to keep screenshots of each step."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from khoagiao.core.testing import TEST_PASSWORD, Cast, make_user
from khoagiao.opinion.choices import DigestKind, IssueStatus
from khoagiao.opinion.digests import digest_figures
from khoagiao.opinion.models import HotIssue

from .helpers import report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
SHOTS = os.environ.get("KG_SHOTS", "")


def shot(page: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


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


def test_report_suggest_merge_route_respond_orient_resolve_digest(
    live_server: Any, page: Any, cast: Cast
) -> None:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    health_focal = make_user("daumoi.yte", role="focal_point", unit=cast.health)
    earlier = report(
        cast,
        actor=cast.commune_b_focal,
        unit=cast.commune_b,
        title="Ngộ độc thực phẩm bữa ăn bán trú trường mầm non Hoa Sen",
        description="Nhiều trẻ nhập viện sau bữa trưa bán trú.",
    )

    # 1. The commune's focal point reports from a phone.
    page.set_viewport_size(PHONE)
    log_in(page, live_server, cast.commune_a_focal.username)
    page.goto(f"{live_server.url}/du-luan/bao-cao-moi/")
    assert_fits(page)
    page.get_by_label("Vấn đề (tiêu đề ngắn)").fill("Trẻ mầm non Hoa Sen nghi ngộ độc thực phẩm bữa bán trú")
    page.get_by_label("Nội dung, diễn biến").fill("Phụ huynh đăng ảnh trẻ nhập viện trên mạng xã hội.")
    page.get_by_label("Nguồn thông tin").select_option("social")
    shot(page, "opinion-1-phone-report")
    page.get_by_role("button", name="Gửi Ban").click()
    expect(page.get_by_text("Đã gửi vấn đề")).to_be_visible()
    assert_fits(page)
    shot(page, "opinion-2-phone-sent")
    reported = HotIssue.objects.exclude(pk=earlier.pk).get()
    assert reported.reporting_unit_id == cast.commune_a.pk

    # 2. The specialist sees the similar issue suggested on the issue page and merges.
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, cast.specialist.username)
    page.goto(f"{live_server.url}/du-luan/{earlier.pk}/")
    expect(page.get_by_text("Có thể đã có vấn đề tương tự")).to_be_visible()
    shot(page, "opinion-3-specialist-suggestion")
    page.get_by_role("button", name=f"Gộp vào #{reported.pk}").click()
    expect(page.get_by_text("Đã gộp vấn đề vào cụm")).to_be_visible()
    assert HotIssue.objects.get(pk=earlier.pk).merged_into_id == reported.pk

    # 3. … and routes the main issue to the health agency.
    page.goto(f"{live_server.url}/du-luan/{reported.pk}/")
    expect(page.get_by_text("2 đơn vị, 2 nguồn đã phản ánh")).to_be_visible()
    page.locator("#verify_severity").select_option("hot")
    page.get_by_role("button", name="Xác minh").click()
    page.get_by_label("Đơn vị xử lý").select_option(str(cast.health.pk))
    page.get_by_role("button", name="Chuyển xử lý").click()
    expect(page.get_by_text("Đã chuyển vấn đề tới đơn vị xử lý")).to_be_visible()
    assert HotIssue.objects.get(pk=reported.pk).responsible_unit_id == cast.health.pk

    # 4. The agency responds (on a phone too).
    page.set_viewport_size(PHONE)
    log_in(page, live_server, health_focal.username)
    page.goto(f"{live_server.url}/du-luan/{reported.pk}/")
    assert_fits(page)
    page.get_by_label("Nội dung", exact=True).fill(
        "Sở Y tế đã kiểm tra bếp ăn, lấy mẫu xét nghiệm; trẻ đã ổn định."
    )
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.get_by_text("Đã gửi trao đổi")).to_be_visible()
    assert HotIssue.objects.get(pk=reported.pk).status == IssueStatus.RESPONDED

    # 5. The specialist orients and resolves.
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, cast.specialist.username)
    page.goto(f"{live_server.url}/du-luan/{reported.pk}/")
    page.get_by_label("Loại").select_option("orientation")
    page.get_by_label("Nội dung", exact=True).fill(
        "Thông tin theo kết luận của Sở Y tế; không chia sẻ ảnh trẻ."
    )
    page.get_by_label("Báo cáo viên").check()
    page.get_by_label("Cơ quan báo chí, người phát ngôn").check()
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.get_by_text("Đã gửi trao đổi")).to_be_visible()
    page.get_by_label("Kết quả giải quyết").fill("Đã xác định nguyên nhân, xử lý cơ sở cung cấp thực phẩm.")
    page.get_by_role("button", name="Đã giải quyết").click()
    expect(page.get_by_text("Đã ghi nhận kết quả giải quyết")).to_be_visible()
    shot(page, "opinion-4-specialist-resolved")
    assert HotIssue.objects.get(pk=reported.pk).status == IssueStatus.RESOLVED

    # 6. The digest of this week counts it (one issue from two reports).
    today = timezone.localdate()
    start = today - dt.timedelta(days=today.weekday())
    figures = digest_figures(
        issuing_unit=cast.department, kind=DigestKind.WEEKLY, start=start, end=start + dt.timedelta(days=6)
    )
    assert (figures.issues, figures.reports) == (1, 2)
    assert [issue.pk for issue in figures.notable] == [reported.pk]
    page.goto(f"{live_server.url}/du-luan/ban-tin/")
    page.get_by_text("Lập báo cáo mới").click()
    page.get_by_label("Loại").select_option("weekly")
    page.get_by_label("Từ ngày").fill(start.isoformat())
    page.get_by_label("Đến ngày").fill((start + dt.timedelta(days=6)).isoformat())
    page.get_by_role("button", name="Lập báo cáo").click()
    expect(page.get_by_text("1 vấn đề, từ 2 lượt phản ánh", exact=False)).to_be_visible()
    shot(page, "opinion-5-digest")
    page.goto(f"{live_server.url}/du-luan/")
    shot(page, "opinion-6-list")
    assert not errors, errors
