"""Extension request and decision in the browser: the focal point asks for a new due date, the specialist
approves a different date; the task shows the original and the revised due date. Screenshot tasks-07."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from khoagiao.core.testing import Cast
from khoagiao.tasks.choices import ExtensionStatus
from khoagiao.tasks.models import TaskExtension

from .factories import make_task
from .test_browser import DESKTOP, PHONE, assert_fits, log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_extension_request_and_approval(live_server: Any, page: Any, cast: Cast) -> None:
    today = dt.date.today()
    task = make_task(cast, assigned_on=today - dt.timedelta(days=10), due_date=today + dt.timedelta(days=5))
    url = f"{live_server.url}{reverse('tasks:task_detail', args=[task.pk])}"
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "daumoi.sogd")
    page.goto(url)
    form = page.locator("#kg-extension-form")
    form.get_by_label("Hạn mới đề nghị").fill((today + dt.timedelta(days=40)).isoformat())
    form.get_by_label("Lý do xin gia hạn").fill("Chờ kết quả khảo sát của Bộ Y tế.")
    form.get_by_role("button", name="Gửi đề nghị gia hạn").click()
    expect(page.locator("#gia-han")).to_contain_text("Chờ Ban quyết định")
    assert_fits(page)

    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, "chuyenvien")
    page.goto(url)
    decision = page.locator("#kg-decision-form")
    decision.get_by_label("Đồng ý gia hạn").check()
    granted = today + dt.timedelta(days=30)
    decision.get_by_label("Hạn mới (nếu khác hạn đề nghị)").fill(granted.isoformat())
    shot(page, "07-extension-decision")
    decision.get_by_role("button", name="Ghi quyết định").click()
    expect(page.locator("#gia-han")).to_contain_text("Đồng ý gia hạn")
    expect(page.locator("body")).to_contain_text(f"Hạn ban đầu: {task.due_date:%d/%m/%Y}")
    extension = TaskExtension.objects.get()
    assert extension.status == ExtensionStatus.APPROVED
    task.refresh_from_db()
    assert task.due_date == granted and task.original_due_date == today + dt.timedelta(days=5)
