"""Schemas shared by every router: the one error shape, and a short reference to a unit."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema


class ErrorSchema(Schema):
    """Every 4xx answer of the API: a stable machine code, a message in Vietnamese, and details."""

    code: str = Field(
        ..., description="Mã lỗi ổn định, ví dụ `not_found`, `unauthenticated`, `validation_failed`."
    )
    message: str = Field(..., description="Thông báo lỗi bằng tiếng Việt, hiển thị được cho người dùng.")
    details: dict[str, Any] = Field(
        default_factory=dict, description="Chi tiết (trường lỗi, danh sách lỗi…)."
    )


class UnitRefSchema(Schema):
    id: int
    code: str
    name: str


# The error answers every authenticated read may give; spread into `response={200: X, **READ_ERRORS}`.
READ_ERRORS: dict[int, type[Schema]] = {401: ErrorSchema, 422: ErrorSchema}
