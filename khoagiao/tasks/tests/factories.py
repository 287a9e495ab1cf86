"""Helpers for the task tests: a task assigned by the department's specialist with sensible defaults."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from khoagiao.tasks.models import Task
from khoagiao.tasks.services import task_create

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200


def pdf(name: str = "bao-cao.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def make_task(cast: Any, **overrides: Any) -> Task:
    today = dt.date.today()
    values: dict[str, Any] = {
        "actor": cast.specialist,
        "title": "Tổ chức tuyên truyền phòng chống sốt xuất huyết",
        "lead_unit": cast.education,
        "assigned_on": today - dt.timedelta(days=10),
        "due_date": today + dt.timedelta(days=20),
        "assigning_unit": cast.department,
    }
    values.update(overrides)
    return task_create(**values)
