"""The task screens: who sees what, the actions per role through the forms (input kept on refusal), the
filters other apps link to, XLSX exports (formula-safe), the navigation entry and the home page items."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from khoagiao.core.testing import TEST_PASSWORD
from khoagiao.tasks.choices import ExtensionStatus, TaskSourceKind, TaskStatus
from khoagiao.tasks.models import Task, TaskExtension

from .factories import make_task, pdf

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_list_shows_the_four_buckets_and_scoped_rows(cast):
    make_task(cast, title="Nhiệm vụ giáo dục", lead_unit=cast.education)
    make_task(cast, title="Nhiệm vụ xã B", lead_unit=cast.commune_b)
    page = client_for(cast.specialist).get(reverse("tasks:task_list")).content.decode()
    assert "Hoàn thành đúng hạn" in page and "Chưa hoàn thành, quá hạn" in page
    assert "Nhiệm vụ giáo dục" in page and "Nhiệm vụ xã B" in page
    page = client_for(cast.education_focal).get(reverse("tasks:task_list")).content.decode()
    assert "Nhiệm vụ giáo dục" in page and "Nhiệm vụ xã B" not in page
    assert "Giao nhiệm vụ" not in page


def test_outsider_is_refused_and_detail_outside_scope_is_404(cast):
    task = make_task(cast, lead_unit=cast.education)
    response = client_for(cast.outsider).get(reverse("tasks:task_list"))
    assert response.status_code == 302
    assert client_for(cast.commune_b_focal).get(reverse("tasks:task_detail", args=[task.pk])).status_code in (
        302,
        404,
    )


def test_source_filter_lists_the_tasks_of_one_source(cast):
    make_task(cast, title="Theo kết luận số 1", source=cast.health, source_kind=TaskSourceKind.CONCLUSION)
    make_task(cast, title="Theo kết luận khác", source=cast.education, source_kind=TaskSourceKind.CONCLUSION)
    url = reverse("tasks:task_list") + f"?source_kind=conclusion&source_id={cast.health.pk}"
    page = client_for(cast.specialist).get(url).content.decode()
    assert "Theo kết luận số 1" in page and "Theo kết luận khác" not in page


def test_assign_form_creates_a_task_and_keeps_input_on_bad_dates(cast):
    client = client_for(cast.specialist)
    data = {
        "title": "Khảo sát công tác y tế học đường",
        "lead_unit": cast.education.pk,
        "coordinating_units": [cast.health.pk],
        "assigned_on": "2026-03-10",
        "due_date": "2026-03-01",
        "priority": "normal",
        "source_kind": "none",
    }
    response = client.post(reverse("tasks:task_create"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "không được trước ngày giao" in page and "Khảo sát công tác y tế học đường" in page
    assert not Task.objects.exists()
    data["due_date"] = "2026-04-30"
    response = client.post(reverse("tasks:task_create"), data)
    task = Task.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "tasks:task_detail", args=[task.pk]
    )
    assert task.assigning_unit == cast.department and list(task.coordinating_units.all()) == [cast.health]
    assert client_for(cast.education_focal).get(reverse("tasks:task_create")).status_code == 302


def test_focal_point_reports_progress_and_done_then_specialist_verifies(cast):
    task = make_task(cast)
    focal = client_for(cast.education_focal)
    page = focal.get(reverse("tasks:task_detail", args=[task.pk])).content.decode()
    assert "Báo cáo tiến độ" in page and "Xác nhận hoàn thành" not in page
    response = focal.post(
        reverse("tasks:task_progress", args=[task.pk]),
        {"text": "Đã hoàn thành 50%", "percent": "50", "version": task.version, "attachments": [pdf()]},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.progress_percent == 50 and task.attachments.count() == 1
    download = focal.get(reverse("tasks:attachment_download", args=[task.attachments.get().pk]))
    assert download.status_code == 200 and download.getvalue().startswith(b"%PDF")
    response = focal.post(
        reverse("tasks:task_report_done", args=[task.pk]), {"text": "Xong", "version": task.version}
    )
    assert response.status_code == 302
    specialist = client_for(cast.specialist)
    page = specialist.get(reverse("tasks:task_detail", args=[task.pk])).content.decode()
    assert "Xác nhận hoàn thành" in page
    response = specialist.post(
        reverse("tasks:task_verify", args=[task.pk]), {"note": "Đạt", "version": task.version + 1}
    )
    assert response.status_code == 302
    assert Task.objects.get(pk=task.pk).status == TaskStatus.DONE


def test_stale_form_is_refused_with_input_kept(cast):
    task = make_task(cast)
    focal = client_for(cast.education_focal)
    focal.post(
        reverse("tasks:task_progress", args=[task.pk]),
        {"text": "Lần 1", "percent": "10", "version": task.version},
    )
    response = focal.post(
        reverse("tasks:task_progress", args=[task.pk]),
        {"text": "Nội dung lần hai", "percent": "20", "version": task.version},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "vừa được người khác thay đổi" in page and "Nội dung lần hai" in page
    assert Task.objects.get(pk=task.pk).progress_percent == 10


def test_extension_request_and_decision_through_the_screens(cast):
    task = make_task(cast, assigned_on=dt.date(2026, 3, 2), due_date=dt.date(2026, 3, 31))
    focal = client_for(cast.education_focal)
    data = {"requested_due_date": "2026-04-15", "reason": "Chờ kinh phí", "version": task.version}
    assert focal.post(reverse("tasks:extension_request", args=[task.pk]), data).status_code == 302
    response = client_for(cast.education_leader).post(
        reverse("tasks:extension_request", args=[task.pk]), data
    )
    assert response.status_code == 409 and "đang chờ Ban quyết định" in response.content.decode()
    extension = TaskExtension.objects.get()
    response = client_for(cast.specialist).post(
        reverse("tasks:extension_decide", args=[extension.pk]), {"decision": "approve", "note": ""}
    )
    assert response.status_code == 302
    extension.refresh_from_db()
    task.refresh_from_db()
    assert extension.status == ExtensionStatus.APPROVED and task.due_date == dt.date(2026, 4, 15)


def test_edit_and_cancel_by_the_department(cast):
    task = make_task(cast)
    specialist = client_for(cast.specialist)
    response = specialist.get(reverse("tasks:task_edit", args=[task.pk]))
    assert response.status_code == 200
    data = {
        "version": task.version,
        "title": "Tên đã sửa",
        "lead_unit": cast.education.pk,
        "due_date": (task.due_date + dt.timedelta(days=7)).isoformat(),
        "priority": "high",
    }
    assert specialist.post(reverse("tasks:task_edit", args=[task.pk]), data).status_code == 302
    task.refresh_from_db()
    assert task.title == "Tên đã sửa" and task.original_due_date != task.due_date
    response = specialist.post(
        reverse("tasks:task_cancel", args=[task.pk]), {"cancel-reason": "Trùng nhiệm vụ"}
    )
    assert response.status_code == 302
    assert Task.objects.get(pk=task.pk).status == TaskStatus.CANCELLED
    assert (
        client_for(cast.education_leader).get(reverse("tasks:task_edit", args=[task.pk])).status_code == 302
    )


def test_xlsx_exports_are_formula_safe(cast):
    make_task(cast, title='=HYPERLINK("http://x")')
    client = client_for(cast.specialist)
    response = client.get(reverse("tasks:task_list_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert '\'=HYPERLINK("http://x")' in values
    response = client.get(reverse("tasks:unit_table_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert "Sở Giáo dục và Đào tạo" in values and "Tổng cộng" in values


def test_unit_table_and_my_tasks_pages(cast):
    make_task(cast, title="Nhiệm vụ A", coordinating_units=[cast.commune_a])
    page = client_for(cast.specialist).get(reverse("tasks:unit_table")).content.decode()
    assert "Sở Giáo dục và Đào tạo" in page and "Tỷ lệ đúng hạn" in page
    page = client_for(cast.commune_a_focal).get(reverse("tasks:my_tasks")).content.decode()
    assert "Nhiệm vụ A" in page


def test_navigation_and_home_items(cast):
    task = make_task(cast, title="Việc của Sở")
    page = client_for(cast.education_focal).get(reverse("core:home")).content.decode()
    assert reverse("tasks:task_list") in page
    assert "Thực hiện nhiệm vụ: Việc của Sở" in page
    Task.objects.filter(pk=task.pk).update(status=TaskStatus.REPORTED_DONE)
    page = client_for(cast.specialist).get(reverse("core:home")).content.decode()
    assert "Xác nhận hoàn thành: Việc của Sở" in page
    page = client_for(cast.outsider).get(reverse("core:home")).content.decode()
    assert reverse("tasks:task_list") not in page


def test_recurrence_page_creates_and_generates(cast):
    client = client_for(cast.specialist)
    data = {
        "title": "Báo cáo tháng",
        "lead_unit": cast.education.pk,
        "frequency": "monthly",
        "due_day": "25",
        "due_month": "12",
        "lead_days": "20",
        "starts_on": "2026-01-01",
        "priority": "normal",
    }
    assert client.post(reverse("tasks:recurrence_list"), data).status_code == 302
    assert Task.objects.filter(recurrence__isnull=False).exists()
    assert client_for(cast.education_focal).get(reverse("tasks:recurrence_list")).status_code == 302


def test_login_required(cast):
    response = Client().get(reverse("tasks:task_list"))
    assert (
        response.status_code == 302 and "login" in response["Location"] or "dang-nhap" in response["Location"]
    )
    assert TEST_PASSWORD
