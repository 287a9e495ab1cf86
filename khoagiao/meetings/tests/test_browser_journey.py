"""The briefing journey in Debian's Chromium: the specialist plans a briefing and issues the invitation; a focal
point confirms attendance on a phone; the specialist records attendance, an opinion and a conclusion, assigns a
task from it and issues the notice; the next briefing shows the follow-up table.

Screenshots of each step go to /tmp/shots/meetings-*.png (or KG_SHOTS) for looking at the pages."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from khoagiao.core.testing import TEST_PASSWORD, Cast
from khoagiao.meetings import services
from khoagiao.meetings.models import Briefing
from khoagiao.tasks.models import Task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
SHOTS = os.environ.get("KG_SHOTS", "/tmp/shots")


def shot(page: Any, name: str) -> None:
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(Path(SHOTS) / f"meetings-{name}.png"), full_page=True)


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


def test_plan_invite_confirm_record_conclude_and_follow_up(live_server: Any, page: Any, cast: Cast) -> None:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    today = timezone.localdate()

    # The specialist plans the briefing (the bloc is preselected) and issues the invitation.
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, "chuyenvien")
    page.get_by_role("link", name="Giao ban").first.click()
    page.get_by_role("link", name="Tổ chức hội nghị").click()
    page.locator("#id_title").fill("Hội nghị giao ban khối Khoa giáo quý IV năm 2026")
    page.locator("#id_date").fill(today.isoformat())
    page.locator("#id_place").fill("Hội trường Ban Tuyên giáo và Dân vận")
    page.locator("#id_chair_name").fill("Nguyễn Thị Hồng Hạnh")
    page.locator("#id_chair_title").fill("Phó Trưởng Ban")
    expect(page.get_by_label("Sở Giáo dục và Đào tạo")).to_be_checked()
    shot(page, "create")
    page.get_by_role("button", name="Lưu").click()
    briefing = Briefing.objects.get()
    page.locator("#chuong-trinh summary", has_text="Thêm nội dung").click()
    page.locator("#chuong-trinh [name=title]").fill("Báo cáo kết quả công tác khoa giáo quý IV")
    page.get_by_role("button", name="Thêm vào chương trình").click()
    expect(page.get_by_text("Đã thêm nội dung vào chương trình.")).to_be_visible()
    page.get_by_role("button", name="Phát hành giấy mời").click()
    expect(page.get_by_text("Số 1-GM/BTGDVTU")).to_be_visible()

    # A focal point confirms attendance from the home page, on a phone.
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "daumoi.sogd")
    page.get_by_role("link", name="Xác nhận dự giao ban: Sở Giáo dục và Đào tạo", exact=False).click()
    page.locator("textarea[name$=attendees]").fill("Võ Đình Thắng, Phó Giám đốc Sở")
    assert_fits(page)
    shot(page, "unit-confirm")
    page.get_by_role("button", name="Gửi trả lời").click()
    expect(page.get_by_text("Đã gửi trả lời giấy mời")).to_be_visible()

    # The specialist records attendance, an opinion, a conclusion, a task from it, and issues the notice.
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, "chuyenvien")
    page.goto(f"{live_server.url}/giao-ban/{briefing.pk}/")
    row = page.locator("#thanh-phan tr", has_text="Sở Giáo dục và Đào tạo")
    expect(row).to_contain_text("Võ Đình Thắng")
    row.locator("summary").click()
    row.get_by_role("button", name="Có mặt").click()
    expect(page.get_by_text("Đã ghi nhận tham dự của Sở Giáo dục và Đào tạo.")).to_be_visible()
    page.locator("#y-kien summary").click()
    opinions = page.locator("#y-kien")
    opinions.locator("[name=unit]").select_option(label="Sở Giáo dục và Đào tạo")
    opinions.locator("[name=kind]").select_option(label="Kiến nghị")
    opinions.locator("[name=content]").fill("Kiến nghị bổ sung kinh phí bồi dưỡng chính trị hè.")
    opinions.get_by_role("button", name="Ghi ý kiến").click()
    expect(page.get_by_text("Đã ghi ý kiến.")).to_be_visible()
    page.get_by_role("button", name="Ghi nhận đã họp").click()
    expect(page.get_by_text("Đã ghi nhận hội nghị đã họp.")).to_be_visible()
    page.locator("#ket-luan summary", has_text="Thêm kết luận").click()
    conclusions = page.locator("#ket-luan")
    conclusions.locator("form[action$='/ket-luan/'] [name=text]").fill(
        "Sở Giáo dục và Đào tạo tổ chức bồi dưỡng chính trị hè"
    )
    conclusions.get_by_role("button", name="Thêm kết luận").click()
    expect(page.get_by_text("Một là,")).to_be_visible()
    item = page.locator("#ket-luan li", has_text="Một là,")
    item.locator("summary", has_text="Giao nhiệm vụ").click()
    item.locator("form[action$='/giao/'] [name=lead_unit]").select_option(label="Sở Giáo dục và Đào tạo")
    item.locator("form[action$='/giao/'] [name=due_date]").fill((today + dt.timedelta(days=30)).isoformat())
    item.get_by_role("button", name="Giao nhiệm vụ").click()
    expect(page.get_by_text("Đã giao nhiệm vụ từ kết luận.")).to_be_visible()
    task = Task.objects.get()
    assert task.lead_unit == cast.education and task.source_kind == "conclusion"
    page.get_by_role("button", name="Cấp số và ban hành thông báo kết luận").click()
    expect(page.get_by_text("Số 1-TB/BTGDVTU").first).to_be_visible()
    shot(page, "detail")

    # The next briefing shows the follow-up table with the task in its bucket.
    later = services.briefing_create(
        actor=cast.specialist,
        organising_unit=cast.department,
        title="Hội nghị giao ban khối Khoa giáo quý I năm 2027",
        kind="quarter",
        date=today + dt.timedelta(days=60),
        place="Hội trường",
        chair_name="Nguyễn Thị Hồng Hạnh",
    )
    page.goto(f"{live_server.url}/giao-ban/{later.pk}/#ky-truoc")
    followup = page.locator("#ky-truoc")
    expect(followup.locator("tr", has_text="Sở Giáo dục và Đào tạo")).to_contain_text("1")
    expect(followup.get_by_role("link", name="Tải bảng (DOCX)")).to_be_visible()
    shot(page, "followup")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/giao-ban/{later.pk}/")
    assert_fits(page)
    page.goto(f"{live_server.url}/giao-ban/lich/")
    assert_fits(page)
    shot(page, "calendar")
    assert errors == []
