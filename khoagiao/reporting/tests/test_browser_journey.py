"""The review journey in Debian's Chromium (Playwright): a commune-style focal point fills in the report on a
phone (autosave, an inline figure error), submits; the specialist returns it with a comment; the focal point
revises and resubmits; the specialist accepts; the department's board shows the unit on time.

Set KG_SHOTS=/some/folder to keep screenshots of each step (for looking at the pages)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from khoagiao.core.testing import TEST_PASSWORD, Cast
from khoagiao.reporting.choices import SubmissionStatus
from khoagiao.reporting.models import Submission
from khoagiao.reporting.tests.factories import make_duty

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


def test_fill_submit_return_resubmit_accept_and_the_board_shows_on_time(
    live_server: Any, page: Any, cast: Cast
) -> None:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    duty = make_duty(cast, since=timezone.localdate())  # the current quarter: its deadline is ahead
    report = Submission.objects.get(
        period__duty=duty,
        unit=cast.education,
        period__window_start__lte=timezone.localdate(),
        period__window_end__gte=timezone.localdate(),
    )
    report_url = f"{live_server.url}{reverse('reporting:submission_detail', args=[report.pk])}"

    # The focal point, on a phone: finds the report in the list and fills it in.
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "daumoi.sogd")
    page.goto(f"{live_server.url}{reverse('reporting:submission_list')}")
    assert_fits(page)
    shot(page, "01-list-focal-phone")
    page.get_by_role("link", name="Sở Giáo dục và Đào tạo").first.click()
    page.wait_for_url(report_url)
    assert_fits(page)

    section = page.locator('[name="section-i"]')
    section.fill("Tình hình tư tưởng ổn định.\n\nDư luận quan tâm chương trình sách giáo khoa mới.")
    first_status = page.locator(".kg-section").first.locator(".kg-save-status")
    expect(first_status).to_contain_text("Đã lưu lúc", timeout=10_000)
    report.refresh_from_db()
    assert report.narrative["i"].startswith("<p>Tình hình tư tưởng ổn định.</p>")
    assert report.status == SubmissionStatus.DRAFT

    wrong = page.locator('[name="value-GD03"]')
    wrong.fill("150")
    row = page.locator(".kg-figure", has=wrong)
    expect(row.locator(".kg-save-status")).to_contain_text("không được lớn hơn 100", timeout=10_000)
    expect(wrong).to_have_class(__import__("re").compile(r"is-invalid"))
    shot(page, "02-figure-error-phone")
    wrong.fill("97,5")
    expect(row.locator(".kg-save-status")).to_contain_text("Đã lưu lúc", timeout=10_000)

    for code, text in {
        "ii-1": "Tham mưu 3 văn bản.",
        "ii-2": "Quán triệt Nghị quyết 71.",
        "ii-3": "11 trường đạt chuẩn quốc gia.",
        "iii": "Thiếu giáo viên.",
        "iv": "Tuyển dụng giáo viên.",
    }.items():
        page.locator(f'[name="section-{code}"]').fill(text)
    page.locator('[name="value-CT01"]').fill("3")
    page.locator('[name="value-CT02"]').fill("2")
    shot(page, "03-draft-phone")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text("Đã gửi báo cáo lúc")).to_be_visible(timeout=10_000)
    report.refresh_from_db()
    assert report.status == SubmissionStatus.SUBMITTED and report.revision_count == 1
    assert report.values.get(indicator__code="GD03").number == 97.5
    assert report.narrative["iv"] == "<p>Tuyển dụng giáo viên.</p>"
    shot(page, "04-sent-phone")

    # The specialist, at a desk: returns it with a comment.
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, "chuyenvien")
    page.goto(f"{live_server.url}{reverse('reporting:submission_list')}")
    shot(page, "05-list-specialist")
    page.goto(report_url)
    shot(page, "06-review-specialist")
    page.locator("summary", has_text="Trả lại").click()
    page.get_by_label("Nội dung cần sửa").fill("Đề nghị bổ sung số trường đạt chuẩn ở mục II.3.")
    page.get_by_role("button", name="Trả lại cho đơn vị").click()
    expect(page.get_by_text("Đã trả lại báo cáo cho Sở Giáo dục và Đào tạo")).to_be_visible()
    report.refresh_from_db()
    assert report.status == SubmissionStatus.RETURNED

    # The focal point revises and resubmits: revision 2, first submit time kept.
    first_submitted_at = report.first_submitted_at
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "daumoi.sogd")
    page.goto(report_url)
    expect(page.get_by_text("Đề nghị bổ sung số trường đạt chuẩn ở mục II.3.").first).to_be_visible()
    assert_fits(page)
    shot(page, "07-returned-phone")
    page.locator('[name="section-ii-3"]').fill("11 trường đạt chuẩn quốc gia trên tổng số 40 trường.")
    page.locator('[name="value-GD01"]').fill("40")
    page.locator('[name="value-GD02"]').fill("11")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text("lần gửi 2").first).to_be_visible(timeout=10_000)
    report.refresh_from_db()
    assert report.revision_count == 2 and report.first_submitted_at == first_submitted_at

    # The specialist accepts; the board shows the unit on time.
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, "chuyenvien")
    page.goto(report_url)
    page.get_by_role("button", name="Tiếp nhận").click()
    expect(page.get_by_text("Đã tiếp nhận báo cáo của Sở Giáo dục và Đào tạo")).to_be_visible()
    expect(page.locator(".badge", has_text="Đã tiếp nhận").first).to_be_visible()
    expect(page.locator(".badge", has_text="Đúng hạn").first).to_be_visible()
    shot(page, "08-accepted")
    page.goto(f"{live_server.url}{reverse('reporting:board', args=[duty.pk])}")
    unit_row = page.locator("tr", has_text="Sở Giáo dục và Đào tạo").first
    expect(unit_row).to_contain_text("Đã tiếp nhận")
    expect(unit_row).to_contain_text("Đúng hạn")
    shot(page, "09-board")
    assert errors == [], errors  # no CSP violation, no script error


def test_two_people_on_one_draft_the_second_save_is_refused_and_kept_on_screen(
    live_server: Any, browser: Any, cast: Cast
) -> None:
    duty = make_duty(cast, since=timezone.localdate())
    today = timezone.localdate()
    report = Submission.objects.get(
        period__duty=duty, unit=cast.education, period__window_start__lte=today, period__window_end__gte=today
    )
    report_url = f"{live_server.url}{reverse('reporting:submission_detail', args=[report.pk])}"
    pages = []
    for username in ("daumoi.sogd", "lanhdao.sogd"):
        context = browser.new_context(viewport=DESKTOP)
        page = context.new_page()
        log_in(page, live_server, username)
        page.goto(report_url)
        pages.append(page)
    focal, leader = pages

    focal.locator('[name="section-i"]').fill("Bản của đầu mối.")
    expect(focal.locator(".kg-section").first.locator(".kg-save-status")).to_contain_text(
        "Đã lưu lúc", timeout=10_000
    )
    leader.locator('[name="section-ii-1"]').fill("Bản của lãnh đạo, gõ trên trang cũ.")
    alert = leader.locator("#kg-draft-alert")
    expect(alert).to_be_visible(timeout=10_000)
    expect(alert).to_contain_text("Daumoi Sogd")
    expect(alert).to_contain_text("tải lại trang")
    expect(leader.locator('[name="section-ii-1"]')).to_have_value("Bản của lãnh đạo, gõ trên trang cũ.")
    report.refresh_from_db()
    assert report.narrative == {"i": "<p>Bản của đầu mối.</p>"}
    shot(leader, "10-conflict")

    # The plain save button on the stale page: refused too, the text still there, the saved text shown beside.
    leader.get_by_role("button", name="Lưu nháp").click()
    expect(leader.get_by_text("Chưa lưu được:")).to_be_visible()
    expect(leader.locator('[name="section-ii-1"]')).to_have_value("Bản của lãnh đạo, gõ trên trang cũ.")
    report.refresh_from_db()
    assert report.narrative == {"i": "<p>Bản của đầu mối.</p>"}
    for page in pages:
        page.context.close()
