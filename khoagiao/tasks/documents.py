"""Spreadsheets of the task engine: the filtered task list and the four-bucket table per unit. Every text cell
goes through `safe_cell` (a title typed as "=HYPERLINK(…)" stays text)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.reporting.documents import safe_cell

from .buckets import AGEING_THRESHOLDS, BucketRow, task_overdue_days
from .choices import TaskBucket

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _workbook(title: str, header: list[str], filter_summary: str) -> tuple[Any, Any]:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append([safe_cell(title.upper())])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([safe_cell(_("Lập lúc")), safe_cell(timezone.localtime().strftime("%H:%M %d/%m/%Y"))])
    if filter_summary:
        sheet.append([safe_cell(_("Lọc")), safe_cell(filter_summary)])
    sheet.append([])
    sheet.append([safe_cell(text) for text in header])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    return workbook, sheet


def _bytes(workbook: Any, widths: Iterable[int]) -> bytes:
    from openpyxl.utils import get_column_letter

    sheet = workbook.active
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _date(value: dt.date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def task_list_xlsx(tasks: Iterable[Any], *, today: dt.date, filter_summary: str = "") -> bytes:
    header = [
        _("STT"),
        _("Nhiệm vụ"),
        _("Đơn vị chủ trì"),
        _("Đơn vị phối hợp"),
        _("Nguồn"),
        _("Căn cứ"),
        _("Ngày giao"),
        _("Hạn ban đầu"),
        _("Hạn hiện tại"),
        _("Tình trạng"),
        _("Tiến độ (%)"),
        _("Ngày hoàn thành"),
        _("Nhóm"),
        _("Số ngày quá hạn"),
    ]
    workbook, sheet = _workbook(_("Danh sách nhiệm vụ"), header, filter_summary)
    labels = dict(TaskBucket.choices)
    for number, task in enumerate(tasks, start=1):
        sheet.append(
            [
                number,
                safe_cell(task.title),
                safe_cell(task.lead_unit.name),
                safe_cell("; ".join(unit.name for unit in task.coordinating_units.all())),
                safe_cell(task.get_source_kind_display()),
                safe_cell(task.source_label),
                _date(task.assigned_on),
                _date(task.original_due_date),
                _date(task.due_date),
                safe_cell(task.get_status_display()),
                task.progress_percent,
                _date(task.completed_on),
                safe_cell(str(labels.get(getattr(task, "bucket", ""), ""))),
                task_overdue_days(task, today=today) or None,
            ]
        )
    return _bytes(workbook, [6, 60, 30, 30, 22, 30, 12, 12, 12, 18, 10, 14, 26, 12])


def unit_table_xlsx(rows: Iterable[BucketRow], *, total: BucketRow, filter_summary: str = "") -> bytes:
    header = [
        _("Xếp hạng"),
        _("Đơn vị chủ trì"),
        _("Tổng số"),
        str(TaskBucket.DONE_ON_TIME.label),
        str(TaskBucket.DONE_LATE.label),
        str(TaskBucket.OPEN_WITHIN_TERM.label),
        str(TaskBucket.OPEN_OVERDUE.label),
        _("Tỷ lệ đúng hạn (%)"),
        *[_("Quá hạn trên %(days)d ngày") % {"days": days} for days in AGEING_THRESHOLDS],
    ]
    workbook, sheet = _workbook(_("Kết quả thực hiện nhiệm vụ theo đơn vị"), header, filter_summary)

    def cells(rank: Any, name: str, row: BucketRow) -> list[Any]:
        return [
            rank,
            safe_cell(name),
            row.total,
            row.done_on_time,
            row.done_late,
            row.open_within_term,
            row.open_overdue,
            row.on_time_rate,
            *[row.overdue_ageing.get(days, 0) for days in AGEING_THRESHOLDS],
        ]

    for rank, row in enumerate(rows, start=1):
        sheet.append(cells(rank, row.unit.name, row))
    sheet.append(cells("", _("Tổng cộng"), total))
    return _bytes(workbook, [9, 40, 10, 14, 14, 14, 14, 12, 12, 12, 12])
