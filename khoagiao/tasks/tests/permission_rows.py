"""The task screens in the permission matrix (khoagiao/core/tests/test_permission_matrix.py).

Objects: a task led by the education agency with commune A coordinating, in progress with a progress file; a
task of the education agency reported done (awaiting verification); one with a pending extension request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.urls import reverse

from khoagiao.core.testing import Cast
from khoagiao.core.testing_matrix import DEPARTMENT, EDUCATION, EVERYONE, Row

READERS = EVERYONE - {"outsider"}
# Everyone whose scope holds the education agency or commune A (lead and coordinating units of the task).
TASK_READERS = frozenset(
    {
        "admin",
        "commune_admin",
        "viewer",
        "leader",
        "specialist",
        "reporter",
        "education_leader",
        "education_focal",
        "commune_a_focal",
    }
)


def task_objects(cast: Cast) -> dict[str, Any]:
    cached: dict[str, Any] | None = getattr(cast, "_tasks", None)
    if cached is None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from khoagiao.tasks.services import (
            extension_request,
            task_create,
            task_progress_add,
            task_report_done,
        )

        today = dt.date.today()

        def make(title: str) -> Any:
            return task_create(
                actor=cast.specialist,
                title=title,
                lead_unit=cast.education,
                coordinating_units=[cast.commune_a],
                assigned_on=today - dt.timedelta(days=5),
                due_date=today + dt.timedelta(days=30),
            )

        open_task = make("Nhiệm vụ đang thực hiện")
        progress = task_progress_add(
            actor=cast.education_focal,
            task=open_task,
            text="Đã triển khai",
            percent=30,
            files=[SimpleUploadedFile("a.pdf", b"%PDF-1.4 demo")],
        )
        reported = make("Nhiệm vụ chờ xác nhận")
        task_report_done(actor=cast.education_focal, task=reported, text="Đã xong")
        extended = make("Nhiệm vụ xin gia hạn")
        extension = extension_request(
            actor=cast.education_focal,
            task=extended,
            requested_due_date=today + dt.timedelta(days=60),
            reason="Chờ kinh phí",
        )
        cached = {
            "open": open_task,
            "reported": reported,
            "extension": extension,
            "attachment": progress.attachments.get(),
        }
        setattr(cast, "_tasks", cached)  # noqa: B010  (a per-test cache on the cast)
    return cached


def _task(name: str, key: str) -> Callable[[Cast], str]:
    return lambda cast: reverse(name, args=[task_objects(cast)[key].pk])


PAGES = [
    Row("tasks:task_list", lambda c: reverse("tasks:task_list"), READERS),
    Row("tasks:task_list_export", lambda c: reverse("tasks:task_list_export"), READERS),
    Row("tasks:my_tasks", lambda c: reverse("tasks:my_tasks"), READERS),
    Row("tasks:unit_table", lambda c: reverse("tasks:unit_table"), READERS),
    Row("tasks:unit_table_export", lambda c: reverse("tasks:unit_table_export"), READERS),
    Row("tasks:task_create", lambda c: reverse("tasks:task_create"), DEPARTMENT),
    Row("tasks:recurrence_list", lambda c: reverse("tasks:recurrence_list"), DEPARTMENT),
    Row("tasks:task_detail", _task("tasks:task_detail", "open"), TASK_READERS),
    Row("tasks:task_edit", _task("tasks:task_edit", "open"), DEPARTMENT),
    Row("tasks:attachment_download", _task("tasks:attachment_download", "attachment"), TASK_READERS),
]

ACTIONS = [
    Row("tasks:task_create", lambda c: reverse("tasks:task_create"), DEPARTMENT, "post"),
    Row("tasks:recurrence_list", lambda c: reverse("tasks:recurrence_list"), DEPARTMENT, "post"),
    Row("tasks:task_edit", _task("tasks:task_edit", "open"), DEPARTMENT, "post"),
    Row("tasks:task_start", _task("tasks:task_start", "open"), EDUCATION, "post"),
    Row("tasks:task_progress", _task("tasks:task_progress", "open"), EDUCATION | {"commune_a_focal"}, "post"),
    Row("tasks:task_report_done", _task("tasks:task_report_done", "open"), EDUCATION, "post"),
    Row("tasks:extension_request", _task("tasks:extension_request", "open"), EDUCATION, "post"),
    Row("tasks:task_verify", _task("tasks:task_verify", "reported"), DEPARTMENT, "post"),
    Row("tasks:task_send_back", _task("tasks:task_send_back", "reported"), DEPARTMENT, "post"),
    Row("tasks:task_cancel", _task("tasks:task_cancel", "open"), DEPARTMENT, "post"),
    Row("tasks:extension_decide", _task("tasks:extension_decide", "extension"), DEPARTMENT, "post"),
]
