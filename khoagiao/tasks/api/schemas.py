"""Schemas of the task API. No `from __future__ import annotations` (django-ninja)."""

import datetime as dt
from typing import Any

from django.utils import timezone
from ninja import Field, Schema

from khoagiao.api.schemas import UnitRefSchema

from ..buckets import task_behind_schedule, task_bucket_of
from ..models import Task, TaskEvent, TaskExtension, TaskProgress


class TaskSchema(Schema):
    id: int
    title: str
    status: str = Field(..., description="`assigned`, `in_progress`, `reported_done`, `done`, `cancelled`.")
    status_label: str
    bucket: str | None = Field(
        ...,
        description="Nhóm theo Văn phòng Chính phủ: `done_on_time`, `done_late`, `open_within_term`, "
        "`open_overdue`; null nếu nhiệm vụ đã hủy.",
    )
    behind_schedule: bool = Field(..., description="Tiến độ chậm hơn tỷ lệ thời gian đã trôi qua.")
    lead_unit: UnitRefSchema
    coordinating_units: list[UnitRefSchema]
    source_kind: str
    source_id: int | None
    source_label: str
    assigned_on: dt.date
    due_date: dt.date
    original_due_date: dt.date
    effective_due_date: dt.date = Field(
        ..., description="Hạn tính theo ngày làm việc (hạn rơi vào ngày nghỉ được lùi)."
    )
    priority: str
    field_id: int | None
    progress_percent: int
    completed_on: dt.date | None
    version: int = Field(
        ..., description="Phiên bản; gửi kèm khi ghi để tránh ghi đè thay đổi của người khác."
    )

    @staticmethod
    def resolve_status_label(obj: Task) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_bucket(obj: Task) -> str | None:
        bucket = getattr(obj, "bucket", None)
        if bucket is not None:
            return bucket or None
        return task_bucket_of(obj, today=timezone.localdate())

    @staticmethod
    def resolve_behind_schedule(obj: Task) -> bool:
        return task_behind_schedule(obj, today=timezone.localdate())

    @staticmethod
    def resolve_coordinating_units(obj: Task) -> list[Any]:
        return list(obj.coordinating_units.all())


class ProgressSchema(Schema):
    id: int
    unit: UnitRefSchema
    text: str
    percent: int | None
    is_completion: bool
    created_at: dt.datetime
    attachments: list[str]

    @staticmethod
    def resolve_attachments(obj: TaskProgress) -> list[str]:
        return [attachment.name for attachment in obj.attachments.all()]


class ExtensionSchema(Schema):
    id: int
    status: str = Field(..., description="`pending`, `approved`, `refused`.")
    current_due_date: dt.date
    requested_due_date: dt.date
    reason: str
    decision_note: str
    requested_at: dt.datetime
    decided_at: dt.datetime | None


class EventSchema(Schema):
    kind: str
    kind_label: str
    from_status: str
    to_status: str
    note: str
    created_at: dt.datetime
    actor: str | None

    @staticmethod
    def resolve_actor(obj: TaskEvent) -> str | None:
        return obj.actor.get_username() if obj.actor else None


class TaskDetailSchema(TaskSchema):
    description: str
    cancel_reason: str
    progress: list[ProgressSchema]
    extensions: list[ExtensionSchema]
    events: list[EventSchema]

    @staticmethod
    def resolve_progress(obj: Task) -> list[TaskProgress]:
        from ..selectors import task_progress_thread

        return list(task_progress_thread(obj))

    @staticmethod
    def resolve_extensions(obj: Task) -> list[TaskExtension]:
        from ..selectors import task_extensions

        return list(task_extensions(obj))

    @staticmethod
    def resolve_events(obj: Task) -> list[TaskEvent]:
        from ..selectors import task_events

        return list(task_events(obj))


class TaskFiltersIn(Schema):
    unit: int | None = Field(None, description="Đơn vị (chủ trì hoặc phối hợp).")
    field: int | None = Field(None, description="Lĩnh vực.")
    source_kind: str | None = Field(None, description="Nguồn: conclusion, directive, review, agreement, …")
    source_id: int | None = Field(None, description="Mã đối tượng nguồn (cần kèm source_kind).")
    bucket: str | None = Field(None, description="done_on_time, done_late, open_within_term, open_overdue.")
    status: str | None = None
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    q: str | None = Field(None, description="Tìm theo tên, nội dung, căn cứ (không phân biệt dấu).")


class ProgressIn(Schema):
    text: str = Field(..., description="Nội dung báo cáo tiến độ.")
    percent: int | None = Field(None, ge=0, le=100, description="Tiến độ (%), 0–100.")
    version: int | None = None


class ReportDoneIn(Schema):
    text: str = Field(..., description="Kết quả thực hiện.")
    completed_on: dt.date | None = Field(None, description="Ngày hoàn thành (mặc định hôm nay).")
    version: int | None = None


class NoteIn(Schema):
    note: str = ""
    version: int | None = None


class ReasonIn(Schema):
    reason: str
    version: int | None = None


class ExtensionRequestIn(Schema):
    requested_due_date: dt.date
    reason: str
    version: int | None = None


class ExtensionDecisionIn(Schema):
    approve: bool
    note: str = ""
    due_date: dt.date | None = Field(None, description="Hạn mới nếu khác hạn đề nghị (khi đồng ý).")
