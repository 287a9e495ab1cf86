"""The task journey in Debian's Chromium (Playwright): the specialist assigns a task; the education focal
point, on a phone, finds it in "Nhiệm vụ của đơn vị", reports progress with a file and then reports it done;
the specialist verifies it from the list of tasks awaiting the department. Screenshots go to KG_SHOTS (or
/tmp/shots) as tasks-*.png."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from khoagiao.core.testing import TEST_PASSWORD, Cast
from khoagiao.tasks.choices import TaskStatus
from khoagiao.tasks.models import Task

from .factories import PDF, make_task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
SHOTS = os.environ.get("KG_SHOTS", "/tmp/shots")


def shot(page: Any, name: str) -> None:
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(Path(SHOTS) / f"tasks-{name}.png"), full_page=True)


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


def test_assign_progress_report_done_and_verify(
    live_server: Any, page: Any, cast: Cast, tmp_path: Path
) -> None:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    today = dt.date.today()
    # A few tasks in other states so that the buckets and the ranking have something to show.
    late = make_task(
        cast,
        title="Báo cáo sơ kết 5 năm Nghị quyết 20",
        lead_unit=cast.health,
        assigned_on=today - dt.timedelta(days=90),
        due_date=today - dt.timedelta(days=70),
    )
    Task.objects.filter(pk=late.pk).update(status=TaskStatus.IN_PROGRESS, progress_percent=40)
    make_task(
        cast,
        title="Tuyên truyền phòng chống dịch sởi",
        lead_unit=cast.commune_a,
        assigned_on=today - dt.timedelta(days=20),
        due_date=today + dt.timedelta(days=3),
    )

    # The specialist assigns a task to the education department.
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, "chuyenvien")
    page.goto(f"{live_server.url}{reverse('tasks:task_create')}")
    page.get_by_label("Tên nhiệm vụ").fill("Tổng kết công tác y tế trường học năm học 2025-2026")
    page.get_by_label("Đơn vị chủ trì").select_option(label="Sở Giáo dục và Đào tạo")
    page.get_by_label("Đơn vị phối hợp").select_option(label="Sở Y tế")
    page.get_by_label("Hạn hoàn thành").fill((today + dt.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Giao nhiệm vụ").click()
    expect(page.locator(".alert-success, .alert")).to_contain_text("Đã giao nhiệm vụ")
    task = Task.objects.get(title__startswith="Tổng kết công tác y tế")
    page.goto(f"{live_server.url}{reverse('tasks:task_list')}")
    shot(page, "01-list-specialist")

    # The focal point, on a phone: finds it among the unit's tasks and reports progress with a file.
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "daumoi.sogd")
    page.goto(f"{live_server.url}{reverse('tasks:my_tasks')}")
    assert_fits(page)
    shot(page, "02-my-tasks-phone")
    page.get_by_role("link", name=task.title).first.click()
    page.wait_for_url(f"{live_server.url}{reverse('tasks:task_detail', args=[task.pk])}")
    assert_fits(page)
    evidence = tmp_path / "ke-hoach.pdf"
    evidence.write_bytes(PDF)
    form = page.locator("#kg-progress-form")
    form.get_by_label("Nội dung tiến độ").fill("Đã ban hành kế hoạch, tổ chức khảo sát 40 trường.")
    form.get_by_label("Tiến độ (%)").fill("40")
    form.get_by_label("Tệp đính kèm").set_input_files(str(evidence))
    form.get_by_role("button", name="Gửi báo cáo tiến độ").click()
    expect(page.locator("#tien-do")).to_contain_text("Đã ban hành kế hoạch")
    expect(page.locator("#tien-do")).to_contain_text("ke-hoach.pdf")
    shot(page, "03-detail-progress-phone")

    done = page.locator("#kg-done-form")
    done.get_by_label("Kết quả thực hiện").fill("Đã tổng kết, gửi báo cáo số 15-BC/SGD.")
    done.get_by_role("button", name="Báo cáo hoàn thành").click()
    expect(page.locator("#kg-task-state")).to_contain_text("Báo cáo hoàn thành")
    task.refresh_from_db()
    assert task.status == TaskStatus.REPORTED_DONE and task.completed_on == today

    # The specialist verifies from the tasks awaiting the department.
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, "chuyenvien")
    page.goto(f"{live_server.url}{reverse('tasks:my_tasks')}")
    page.get_by_role("link", name=task.title).first.click()
    shot(page, "04-detail-verify")
    page.locator("#kg-verify-form").get_by_role("button", name="Xác nhận hoàn thành").click()
    expect(page.locator("#kg-task-state")).to_contain_text("Hoàn thành đúng hạn")
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    page.goto(f"{live_server.url}{reverse('tasks:unit_table')}")
    expect(page.locator("table")).to_contain_text("Sở Giáo dục và Đào tạo")
    shot(page, "05-unit-table")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{reverse('tasks:task_list')}")
    assert_fits(page)
    shot(page, "06-list-phone")
    assert not errors, errors
