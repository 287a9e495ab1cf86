"""Demo tasks: about forty tasks for the demo province's units over the last year, in every bucket and state
(done on time, done late, open within term, open overdue with ageing, reported and awaiting verification, sent
back, cancelled), a pending extension request and an approved one, and a monthly recurring task.

Everything goes through the task services, as the department's specialist and the units' focal points; the
history rows are then moved back to believable dates. Idempotent: nothing is added once the demo tasks exist.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from khoagiao.accounts.models import User
from khoagiao.orgs.models import Field, Unit
from khoagiao.tasks.choices import RecurrenceFrequency, TaskPriority, TaskSourceKind
from khoagiao.tasks.models import Task, TaskEvent, TaskProgress, TaskRecurrence
from khoagiao.tasks.selectors import task_assignable_units
from khoagiao.tasks.services import (
    extension_decide,
    extension_request,
    recurrence_create,
    recurrence_generate,
    task_cancel,
    task_create,
    task_progress_add,
    task_report_done,
    task_send_back,
    task_start,
    task_verify,
)

from .reporting import _focal_point

RECURRING_TITLE = "Báo cáo nhanh tình hình dư luận xã hội trong lĩnh vực khoa giáo"
UNIT_KINDS = ("agency", "association", "school", "party_committee")

# (title, field code, source kind, source label)
TITLES = [
    (
        "Tham mưu kế hoạch thực hiện Nghị quyết 57-NQ/TW về khoa học, công nghệ và chuyển đổi số",
        "khcn",
        TaskSourceKind.DIRECTIVE,
        "Nghị quyết 57-NQ/TW",
    ),
    (
        "Báo cáo sơ kết 5 năm thực hiện Chỉ thị 20-CT/TW về chăm sóc, giáo dục và bảo vệ trẻ em",
        "tre_em",
        TaskSourceKind.REVIEW,
        "Chỉ thị 20-CT/TW",
    ),
    (
        "Tuyên truyền phòng, chống dịch sốt xuất huyết mùa mưa bão",
        "y_te",
        TaskSourceKind.CONCLUSION,
        "Thông báo kết luận giao ban quý",
    ),
    (
        "Nắm tình hình dư luận về chính sách học phí năm học mới",
        "giao_duc",
        TaskSourceKind.HOT_ISSUE,
        "Vấn đề dư luận quan tâm",
    ),
    (
        "Tổ chức hội nghị đối thoại với đội ngũ trí thức trẻ",
        "tri_thuc",
        TaskSourceKind.GUIDANCE,
        "Hướng dẫn công tác khoa giáo năm",
    ),
    (
        "Kiểm tra việc thực hiện quy chế phối hợp trong công tác khoa giáo",
        "phoi_hop",
        TaskSourceKind.AGREEMENT,
        "Quy chế phối hợp số 05-QC/BTGDVTU",
    ),
    (
        "Khắc phục hạn chế sau đợt kiểm tra công tác y tế cơ sở",
        "y_te",
        TaskSourceKind.INSPECTION,
        "Kiến nghị của Đoàn kiểm tra",
    ),
    (
        "Tuyên truyền Ngày Dân số Việt Nam 26/12",
        "dan_so",
        TaskSourceKind.GUIDANCE,
        "Hướng dẫn công tác khoa giáo năm",
    ),
    (
        "Báo cáo kết quả xây dựng trường đạt chuẩn quốc gia",
        "giao_duc",
        TaskSourceKind.CONCLUSION,
        "Thông báo kết luận giao ban 6 tháng",
    ),
    (
        "Phát động phong trào toàn dân rèn luyện thân thể theo gương Bác Hồ vĩ đại",
        "the_thao",
        TaskSourceKind.GUIDANCE,
        "Hướng dẫn công tác khoa giáo năm",
    ),
    (
        "Đề xuất giải pháp giảm thiểu rác thải nhựa tại các khu du lịch biển",
        "moi_truong",
        TaskSourceKind.CONCLUSION,
        "Thông báo kết luận giao ban quý",
    ),
    (
        "Rà soát chế độ, chính sách đối với nhân viên y tế thôn, bản",
        "y_te",
        TaskSourceKind.HOT_ISSUE,
        "Phản ánh của cử tri",
    ),
    (
        "Xây dựng chuyên mục tuyên truyền chuyển đổi số trên cổng thông tin",
        "khcn",
        TaskSourceKind.DIRECTIVE,
        "Kế hoạch chuyển đổi số của Tỉnh ủy",
    ),
    (
        "Tổng kết công tác gia đình và phòng, chống bạo lực gia đình",
        "gia_dinh",
        TaskSourceKind.REVIEW,
        "Chỉ thị 06-CT/TW",
    ),
]

# (state, days assigned before today, term in days, completed offset from the due date or None)
PLAN = [
    ("done", 330, 45, -5),
    ("done", 300, 40, 0),
    ("done", 280, 30, 12),
    ("done", 250, 60, -10),
    ("done", 220, 30, 25),
    ("done", 200, 45, -2),
    ("done", 170, 30, 0),
    ("done", 150, 40, 8),
    ("done", 130, 30, -7),
    ("done", 110, 60, -15),
    ("done", 90, 30, 3),
    ("done", 70, 30, -1),
    ("reported", 60, 50, -3),
    ("reported", 45, 30, 4),
    ("reported", 35, 40, -6),
    ("open", 20, 60, None),
    ("open", 15, 45, None),
    ("open", 10, 30, None),
    ("open", 8, 90, None),
    ("open", 5, 20, None),
    ("open", 30, 40, None),
    ("open", 25, 35, None),
    ("open", 12, 15, None),
    ("overdue", 200, 30, None),
    ("overdue", 180, 45, None),
    ("overdue", 150, 30, None),
    ("overdue", 110, 40, None),
    ("overdue", 90, 30, None),
    ("overdue", 70, 20, None),
    ("overdue", 55, 15, None),
    ("overdue", 40, 20, None),
    ("sent_back", 50, 45, None),
    ("extension_pending", 40, 45, None),
    ("extension_approved", 100, 40, None),
    ("cancelled", 160, 30, None),
    ("assigned", 3, 30, None),
    ("assigned", 2, 25, None),
]


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _backdate_last_event(task: Task, day: dt.date, hour: int = 9) -> None:
    event = task.events.order_by("-id").first()
    if event is not None:
        TaskEvent.objects.filter(pk=event.pk).update(created_at=_at(day, hour))


def _units(specialist: User) -> list[Unit]:
    units = [
        unit
        for unit in task_assignable_units(user=specialist).select_related("kind").order_by("path")
        if unit.kind.code in UNIT_KINDS and unit.valid_to is None and unit.code not in {"btgdvtu"}
    ]
    preferred = [unit for unit in units if unit.code in {"so-gddt", "so-yte", "xa-binh-son"}]
    return preferred + [unit for unit in units if unit not in preferred][:13]


def _make(
    specialist: User,
    unit: Unit,
    coordinating: list[Unit],
    index: int,
    today: dt.date,
    assigned_days: int,
    term: int,
    fields: dict[str, Field],
    department: Unit | None,
) -> Task:
    title, field_code, source_kind, source_label = TITLES[index % len(TITLES)]
    assigned_on = today - dt.timedelta(days=assigned_days)
    task = task_create(
        actor=specialist,
        title=title if index < len(TITLES) else f"{title} ({unit.display_name})",
        description="Đơn vị chủ trì xây dựng kế hoạch, tổ chức thực hiện và báo cáo kết quả về Ban Tuyên giáo "
        "và Dân vận Tỉnh ủy (qua Phòng Khoa giáo).",
        lead_unit=unit,
        coordinating_units=coordinating,
        due_date=assigned_on + dt.timedelta(days=term),
        assigned_on=assigned_on,
        source_kind=source_kind,
        source_label=source_label,
        priority=TaskPriority.HIGH if index % 5 == 0 else TaskPriority.NORMAL,
        field=fields.get(field_code),
        assigning_unit=department,
    )
    _backdate_last_event(task, assigned_on, 8)
    return task


@transaction.atomic
def seed_demo_tasks(*, actor: Any, today: dt.date | None = None) -> str:
    """Load the demo tasks (idempotent); return a one-line summary for the command's output."""
    today = today or timezone.localdate()
    if TaskRecurrence.objects.filter(title=RECURRING_TITLE).exists():
        return f"Nhiệm vụ: đã có {Task.objects.count()} nhiệm vụ mẫu."
    specialist = User.objects.get(username="chuyenvien")
    leader = User.objects.get(username="lanhdaoban")
    units = _units(specialist)
    if not units:
        return ""
    department = Unit.objects.filter(code="btgdvtu").first()
    fields = {field.code: field for field in Field.objects.all()}
    rng = random.Random(57)  # noqa: S311  (demo data, the same every time)
    counts: dict[str, int] = {}
    for index, (state, assigned_days, term, offset) in enumerate(PLAN):
        unit = units[index % len(units)]
        others = [other for other in units if other != unit]
        coordinating = rng.sample(others, k=min(len(others), rng.choice([0, 1, 2])))
        task = _make(specialist, unit, coordinating, index, today, assigned_days, term, fields, department)
        focal = _focal_point(unit, actor)
        due = task.due_date
        counts[state] = counts.get(state, 0) + 1
        if state == "assigned":
            continue
        if state == "cancelled":
            task_cancel(
                actor=specialist, task=task, reason="Nội dung đã được lồng ghép vào kế hoạch chung của tỉnh."
            )
            _backdate_last_event(task, task.assigned_on + dt.timedelta(days=10))
            continue
        task_start(actor=focal, task=task)
        _backdate_last_event(task, task.assigned_on + dt.timedelta(days=2))
        middle = min(today, task.assigned_on + dt.timedelta(days=max(3, term // 2)))
        percent = rng.choice([30, 40, 50, 60])
        progress = task_progress_add(
            actor=focal,
            task=task,
            percent=percent,
            text=f"Đã ban hành kế hoạch, triển khai tới các đơn vị trực thuộc; đạt khoảng {percent}% khối lượng.",
        )
        TaskProgress.objects.filter(pk=progress.pk).update(created_at=_at(middle, 15))
        _backdate_last_event(task, middle, 15)
        if state in ("done", "reported"):
            completed = min(today, due + dt.timedelta(days=offset or 0))
            task_report_done(
                actor=focal,
                task=task,
                completed_on=completed,
                text="Đã hoàn thành các nội dung được giao; báo cáo kết quả kèm theo.",
            )
            TaskProgress.objects.filter(task=task, is_completion=True).update(created_at=_at(completed, 16))
            _backdate_last_event(task, completed, 16)
            if state == "done":
                verified = min(today, completed + dt.timedelta(days=3))
                task_verify(actor=specialist, task=task, note="Đạt yêu cầu.")
                Task.objects.filter(pk=task.pk).update(verified_at=_at(verified, 10))
                _backdate_last_event(task, verified, 10)
        elif state == "sent_back":
            task_report_done(
                actor=focal,
                task=task,
                text="Đã tổ chức tuyên truyền.",
                completed_on=today - dt.timedelta(days=3),
            )
            task_send_back(
                actor=specialist, task=task, reason="Báo cáo chưa có số liệu kết quả; đề nghị bổ sung."
            )
        elif state == "extension_pending":
            extension_request(
                actor=focal,
                task=task,
                requested_due_date=due + dt.timedelta(days=30),
                reason="Chờ bố trí kinh phí tổ chức hội nghị từ ngân sách bổ sung.",
            )
        elif state == "extension_approved":
            extension = extension_request(
                actor=focal,
                task=task,
                requested_due_date=due + dt.timedelta(days=45),
                reason="Đợi kết quả khảo sát của Trung ương để thống nhất số liệu.",
            )
            extension_decide(actor=leader, extension=extension, approve=True, note="Đồng ý gia hạn một lần.")
    recurrence = recurrence_create(
        actor=specialist,
        title=RECURRING_TITLE,
        description="Tổng hợp nhanh các vấn đề dư luận quan tâm trong tháng, đề xuất hướng xử lý.",
        lead_unit=units[0],
        coordinating_units=units[1:2],
        frequency=RecurrenceFrequency.MONTHLY,
        due_day=25,
        lead_days=15,
        starts_on=(today - dt.timedelta(days=100)).replace(day=1),
        field=fields.get("du_luan"),
        assigning_unit=department,
    )
    generated = recurrence_generate(recurrence, today=today)
    total = Task.objects.count()
    return (
        f"Nhiệm vụ: {total} nhiệm vụ của {len(units)} đơn vị (hoàn thành {counts.get('done', 0)}, chờ xác nhận "
        f"{counts.get('reported', 0)}, quá hạn {counts.get('overdue', 0)}), 1 đề nghị gia hạn đang chờ, "
        f"1 nhiệm vụ định kỳ hằng tháng ({len(generated)} lần giao)."
    )
