"""Demo briefings: last quarter's briefing held and concluded (notice issued, conclusions turned into tasks),
and next month's briefing with its invitation issued and some units' confirmations.

Everything goes through the meetings services as the department's specialist and the units' focal points, so
the numbers in the register, the notifications and the audit trail are the real ones. Idempotent: a briefing
already there (same title) is left as it is.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from khoagiao.accounts.choices import MembershipRole
from khoagiao.accounts.models import Membership, User
from khoagiao.core.workdays import WorkingCalendar
from khoagiao.meetings import services
from khoagiao.meetings.models import Briefing
from khoagiao.orgs.models import Unit

DEPARTMENT_CODE = "btgdvtu"
PLACE = "Hội trường Ban Tuyên giáo và Dân vận Tỉnh ủy, số 19 Hùng Vương, phường Cẩm Thành"
CHAIR = ("Nguyễn Thị Hồng Hạnh", "Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy")

CONCLUSIONS: list[tuple[str, str | None, int]] = [
    (
        "Sở Giáo dục và Đào tạo tham mưu tổ chức lớp bồi dưỡng chính trị hè cho cán bộ quản lý, giáo viên; "
        "hoàn thành báo cáo kết quả về Ban",
        "so-gddt",
        45,
    ),
    (
        "Sở Y tế đẩy mạnh truyền thông phòng, chống dịch bệnh mùa mưa bão, nắm chắc dư luận về giá dịch vụ y tế "
        "và kịp thời báo cáo các vấn đề nổi cộm",
        "so-yte",
        20,
    ),
    (
        "Sở Khoa học và Công nghệ chủ trì xây dựng chuyên mục tuyên truyền thực hiện Nghị quyết số 57-NQ/TW về "
        "đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
        "so-khcn",
        90,
    ),
    (
        "Các cơ quan trong khối thực hiện nghiêm chế độ báo cáo định kỳ, gửi báo cáo đúng hạn theo Quy chế phối "
        "hợp; Phòng Khoa giáo theo dõi, đôn đốc",
        None,
        30,
    ),
]

DEMO_COMMUNES = ["phuong-cam-thanh", "xa-binh-son"]

OPINIONS = [
    ("so-yte", "petition", "Kiến nghị bố trí kinh phí cho công tác truyền thông dân số tại các xã miền núi."),
    ("so-gddt", "proposal", "Đề xuất lồng ghép nội dung chuyển đổi số vào lớp bồi dưỡng chính trị hè."),
    (
        "so-khcn",
        "opinion",
        "Thống nhất với dự thảo báo cáo; đề nghị bổ sung số liệu đề tài khoa học cấp tỉnh.",
    ),
]


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _working_day_on_or_after(day: dt.date, calendar: WorkingCalendar) -> dt.date:
    while not calendar.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def _quarter_label(day: dt.date) -> str:
    return ["I", "II", "III", "IV"][(day.month - 1) // 3]


def _focal(unit: Unit) -> User | None:
    membership = (
        Membership.objects.filter(
            unit=unit, role__in=[MembershipRole.FOCAL_POINT, MembershipRole.UNIT_LEADER], is_active=True
        )
        .select_related("user")
        .order_by("role")
        .first()
    )
    return membership.user if membership else None


def _invited(department: Unit, on: dt.date) -> list[Unit]:
    """The bloc's provincial agencies (the default) and the two communes whose boards report on the demo."""
    units = list(services.default_invited_units(department, on=on))
    communes = list(Unit.objects.filter(parent=department, code__in=DEMO_COMMUNES).order_by("code"))
    return units + communes


@transaction.atomic
def _past_briefing(specialist: User, department: Unit, calendar: WorkingCalendar) -> Briefing | None:
    today = timezone.localdate()
    last_quarter_end = _quarter_start(today) - dt.timedelta(days=1)
    date = _working_day_on_or_after(last_quarter_end - dt.timedelta(days=20), calendar)
    title = f"Hội nghị giao ban khối Khoa giáo quý {_quarter_label(date)} năm {date.year}"
    if Briefing.objects.filter(title=title, organising_unit=department).exists():
        return None
    briefing = services.briefing_create(
        actor=specialist,
        organising_unit=department,
        title=title,
        kind="quarter",
        date=date,
        start_time=dt.time(8, 0),
        place=PLACE,
        chair_name=CHAIR[0],
        chair_title=CHAIR[1],
        proposal_cutoff=date - dt.timedelta(days=5),
        invited_units=_invited(department, date),
    )
    services.agenda_item_add(
        actor=specialist,
        briefing=briefing,
        title=f"Báo cáo kết quả công tác khoa giáo quý {_quarter_label(date)}, phương hướng quý tới",
        duration_minutes=30,
    )
    services.agenda_item_add(
        actor=specialist, briefing=briefing, title="Ý kiến của các đơn vị", duration_minutes=60
    )
    services.invitation_issue(actor=specialist, briefing=briefing, issued_on=date - dt.timedelta(days=10))
    attendances = list(briefing.attendances.select_related("unit"))
    for index, attendance in enumerate(attendances):
        person = _focal(attendance.unit)
        name = person.full_name if person else "Đại diện lãnh đạo"
        services.attendance_record(
            actor=specialist,
            attendance=attendance,
            present=index % 5 != 4,
            actual_attendees=f"{name} — đại diện {attendance.unit.display_name}",
        )
    by_code = {attendance.unit.code: attendance.unit for attendance in attendances}
    for code, kind, content in OPINIONS:
        if code in by_code:
            services.opinion_add(
                actor=specialist, briefing=briefing, unit=by_code[code], kind=kind, content=content
            )
    services.briefing_mark_held(actor=specialist, briefing=briefing)
    notice_day = calendar.add_working_days(date, 3)
    for text, lead_code, days in CONCLUSIONS:
        lead = by_code.get(lead_code) if lead_code else None
        item = services.conclusion_item_add(
            actor=specialist,
            briefing=briefing,
            text=text,
            lead_unit=lead,
            due_date=notice_day + dt.timedelta(days=days),
        )
        targets = [lead] if lead else [unit for unit in by_code.values() if unit.level.code == "province"][:3]
        for unit in targets:
            services.conclusion_task_create(
                actor=specialist,
                item=item,
                lead_unit=unit,
                due_date=notice_day + dt.timedelta(days=days),
                assigned_on=notice_day,
            )
    services.notice_issue(actor=specialist, briefing=briefing, issued_on=notice_day)
    return briefing


@transaction.atomic
def _upcoming_briefing(specialist: User, department: Unit, calendar: WorkingCalendar) -> Briefing | None:
    today = timezone.localdate()
    date = _working_day_on_or_after(today + dt.timedelta(days=21), calendar)
    title = f"Hội nghị giao ban khối Khoa giáo quý {_quarter_label(today)} năm {today.year}"
    if Briefing.objects.filter(title=title, organising_unit=department).exists():
        return None
    briefing = services.briefing_create(
        actor=specialist,
        organising_unit=department,
        title=title,
        kind="quarter",
        date=date,
        start_time=dt.time(14, 0),
        place=PLACE,
        chair_name=CHAIR[0],
        chair_title=CHAIR[1],
        proposal_cutoff=date - dt.timedelta(days=7),
        invited_units=_invited(department, date),
    )
    services.agenda_item_add(
        actor=specialist,
        briefing=briefing,
        title="Kết quả thực hiện kết luận hội nghị giao ban quý trước",
        duration_minutes=20,
    )
    services.agenda_item_add(
        actor=specialist,
        briefing=briefing,
        title=f"Báo cáo kết quả công tác khoa giáo quý {_quarter_label(today)}, nhiệm vụ quý tới",
        duration_minutes=30,
    )
    services.invitation_issue(actor=specialist, briefing=briefing)
    for attendance in briefing.attendances.select_related("unit"):
        person = _focal(attendance.unit)
        if person is None:
            continue
        if attendance.unit.code == "xa-binh-son":
            services.attendance_respond(
                actor=person,
                attendance=attendance,
                attend=False,
                reason="Trùng lịch làm việc với Bộ chủ quản",
            )
        else:
            services.attendance_respond(
                actor=person,
                attendance=attendance,
                attend=True,
                attendees=f"{person.full_name} — {person.position or 'đầu mối'}",
            )
    return briefing


def seed_demo_meetings(*, actor: Any) -> str:
    """Load the demo briefings (idempotent); return a one-line summary for the command's output."""
    department = Unit.objects.filter(code=DEPARTMENT_CODE).first()
    specialist = User.objects.filter(username="chuyenvien").first()
    if department is None or specialist is None:
        return ""
    calendar = WorkingCalendar()
    past = _past_briefing(specialist, department, calendar)
    upcoming = _upcoming_briefing(specialist, department, calendar)
    if past is None and upcoming is None:
        return "Giao ban: dữ liệu mẫu đã có."
    parts = []
    if past is not None:
        parts.append(
            f"«{past.title}» đã ban hành thông báo kết luận, {past.conclusion_versions.get().items.count()} kết luận"
        )
    if upcoming is not None:
        parts.append(f"«{upcoming.title}» đã phát hành giấy mời")
    return "Giao ban: " + "; ".join(parts) + "."
