"""Schemas of the opinion API. No `from __future__ import annotations`: ninja needs real types."""

import datetime as dt
from typing import Any

from ninja import Field, Schema

from khoagiao.api.schemas import UnitRefSchema


class IssueSchema(Schema):
    id: int
    title: str
    status: str = Field(..., description="reported, verified, routed, responded, resolved, closed, rejected")
    status_label: str
    severity: str = Field(..., description="normal, hot, critical")
    source: str
    field_id: int | None
    area: UnitRefSchema
    reporting_unit: UnitRefSchema
    responsible_unit: UnitRefSchema | None
    first_seen_on: dt.date
    reported_at: dt.datetime
    ack_due_at: dt.datetime | None
    response_due_at: dt.datetime | None
    resolution_due_at: dt.datetime | None
    merged_into_id: int | None
    cluster_root_id: int | None
    escalated_at: dt.datetime | None

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())


class MessageSchema(Schema):
    id: int
    kind: str
    body: str
    author_unit_id: int | None
    addressed_unit_id: int | None
    audiences: list[str]
    created_at: dt.datetime


class EventSchema(Schema):
    kind: str
    actor_name: str
    from_status: str
    to_status: str
    note: str
    created_at: dt.datetime


class IssueDetailSchema(IssueSchema):
    description: str
    links: list[str]
    rejected_reason: str
    resolution_note: str
    escalation_summary: str
    escalation_recommendation: str
    messages: list[MessageSchema]
    events: list[EventSchema]

    @staticmethod
    def resolve_links(obj: Any) -> list[str]:
        return [link.url for link in obj.links.all()]

    @staticmethod
    def resolve_messages(obj: Any) -> list[Any]:
        return list(obj.messages.all())

    @staticmethod
    def resolve_events(obj: Any) -> list[Any]:
        return list(obj.events.all())


class IssueIn(Schema):
    title: str = Field(..., description="Tiêu đề ngắn (bắt buộc, tối đa 300 ký tự).")
    reporting_unit_id: int = Field(..., description="Đơn vị báo cáo (người gọi phải thuộc đơn vị này).")
    description: str = ""
    area_id: int | None = Field(None, description="Địa bàn phát sinh; mặc định là đơn vị báo cáo.")
    field_id: int | None = None
    source: str = "other"
    severity: str = "normal"
    first_seen_on: dt.date | None = None
    links: list[str] = Field(default_factory=list, description="Đường dẫn http(s).")


class MessageIn(Schema):
    kind: str = Field(..., description="response, orientation, explanation_request, note")
    body: str
    audiences: list[str] = Field(
        default_factory=list, description="Với định hướng: units, reporters, press_office"
    )
    addressed_unit_id: int | None = None


class ActionIn(Schema):
    action: str = Field(
        ...,
        description="verify, route, reject, resolve, confirm, reopen, escalate, merge, unmerge",
    )
    severity: str | None = None
    field_id: int | None = None
    responsible_unit_id: int | None = None
    into_id: int | None = None
    note: str = ""
    summary: str = ""
    recommendation: str = ""
    body: str = "standing"


class SimilarIn(Schema):
    title: str
    description: str = ""
    field_id: int | None = None
    area_id: int | None = None
    exclude_id: int | None = None


class SuggestionSchema(Schema):
    id: int
    title: str
    area: str
    reported_at: dt.datetime
    score: float


class IssueFilters(Schema):
    status: str | None = None
    severity: str | None = None
    source: str | None = None
    field: int | None = None
    area: int | None = None
    responsible_unit: int | None = None
    q: str | None = None
    escalated: bool | None = None
