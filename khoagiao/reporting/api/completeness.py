"""Completeness of a duty's reports (who sent what, on time or late), as on the board, for the API.
No `from __future__ import annotations`: see the package's docstring."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Schema

from khoagiao.api.schemas import READ_ERRORS, ErrorSchema, UnitRefSchema

from ..selectors_board import Board, Cell, Stats, board_get
from .common import router, visible_duty
from .schemas_submissions import DutyRefSchema

# --- Schemas ---------------------------------------------------------------------------------------------------


class StatsSchema(Schema):
    expected: int = Field(..., description="Số báo cáo phải nộp.")
    due: int = Field(..., description="Số báo cáo đã đến hạn (cơ sở của các tỷ lệ).")
    on_time: int
    late: int
    missing: int
    submitted: int = Field(..., description="Đã nộp trong số đã đến hạn (đúng hạn + chậm).")
    submission_rate: float | None = Field(
        ..., description="Đã nộp / đến hạn (0–1); null khi chưa có kỳ đến hạn."
    )
    on_time_rate: float | None = Field(..., description="Đúng hạn / đến hạn (0–1).")


class CompletenessPeriodSchema(Schema):
    id: int
    label: str
    deadline: dt.datetime
    stats: StatsSchema


class CompletenessCellSchema(Schema):
    period_id: int
    submission_id: int
    status: str
    timeliness: str = Field(..., description="`on_time`, `late`, `missing`, `pending`.")
    state: str = Field(..., description="Trạng thái tô màu trên bảng theo dõi.")
    state_label: str
    first_submitted_at: dt.datetime | None
    revision_count: int
    is_due: bool


class CompletenessUnitSchema(Schema):
    unit: UnitRefSchema
    cells: list[CompletenessCellSchema | None] = Field(
        ..., description="Một ô cho mỗi kỳ (cùng thứ tự `periods`); null: đơn vị không phải báo cáo kỳ đó."
    )
    stats: StatsSchema


class CompletenessSchema(Schema):
    duty: DutyRefSchema
    generated_at: dt.datetime
    periods: list[CompletenessPeriodSchema] = Field(..., description="Các kỳ được chọn, mới nhất trước.")
    units: list[CompletenessUnitSchema]
    total: StatsSchema


class CompletenessFilters(Schema):
    period_from: int | None = Field(None, description="Mã (id) kỳ đầu; mặc định 8 kỳ gần nhất đã mở.")
    period_to: int | None = Field(None, description="Mã (id) kỳ cuối.")


# --- The board as the API's answer -----------------------------------------------------------------------------


def _stats(stats: Stats) -> dict[str, Any]:
    return {
        "expected": stats.expected,
        "due": stats.due,
        "on_time": stats.on_time,
        "late": stats.late,
        "missing": stats.missing,
        "submitted": stats.submitted,
        "submission_rate": stats.submission_rate,
        "on_time_rate": stats.on_time_rate,
    }


def _cell(cell: Cell | None) -> dict[str, Any] | None:
    if cell is None:
        return None
    return {
        "period_id": cell.period.pk,
        "submission_id": cell.submission_id,
        "status": cell.status,
        "timeliness": cell.timeliness,
        "state": cell.state,
        "state_label": cell.state_label,
        "first_submitted_at": cell.first_submitted_at,
        "revision_count": cell.revision_count,
        "is_due": cell.is_due,
    }


def _completeness(board: Board, now: dt.datetime) -> dict[str, Any]:
    return {
        "duty": board.duty,
        "generated_at": now,
        "periods": [
            {"id": period.pk, "label": period.label, "deadline": period.deadline, "stats": _stats(stats)}
            for period, stats in zip(board.periods, board.period_stats, strict=True)
        ],
        "units": [
            {"unit": row.unit, "cells": [_cell(cell) for cell in row.cells], "stats": _stats(row.stats)}
            for row in board.rows
        ],
        "total": _stats(board.total),
    }


# --- Endpoint --------------------------------------------------------------------------------------------------


@router.get(
    "/duties/{int:duty_id}/completeness",
    response={200: CompletenessSchema, 403: ErrorSchema, 404: ErrorSchema, **READ_ERRORS},
    summary="Tình hình nộp báo cáo (đầy đủ, đúng hạn)",
    operation_id="khoagiao_reporting_api_duties_completeness",
)
def duties_completeness(request: HttpRequest, duty_id: int, filters: Query[CompletenessFilters]) -> object:
    """Mỗi đơn vị × kỳ: trạng thái và tính kịp thời (đúng hạn nếu gửi lần đầu không muộn hơn hạn nộp), cùng
    số lượng và tỷ lệ theo đơn vị, theo kỳ và chung; tỷ lệ chỉ tính trên các báo cáo đã đến hạn. Dành cho
    Ban Tuyên giáo và người theo dõi (như màn hình bảng theo dõi)."""
    duty = visible_duty(request.user, duty_id)
    now = timezone.now()
    board = board_get(
        user=request.user,
        duty=duty,
        period_from=filters.period_from,
        period_to=filters.period_to,
        group="none",
        now=now,
    )
    return _completeness(board, now)
