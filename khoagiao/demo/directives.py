"""Demo data of the directives part: the shipped documents, the province's plan for Chỉ thị 20-CT/TW with its
tasks and its reviews (the 5-year review held in 2017, the 10-year review opened late with its report request
and tasks), a plan for Nghị quyết 20-NQ/TW whose 10-year review falls in 2027, and the coordination rules of the
Ban Tuyên giáo và Dân vận and the Sở Giáo dục và Đào tạo for 2022–2027 with their yearly tasks.

Everything goes through the services, as the department's specialist; running it again adds nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from khoagiao.accounts.models import User
from khoagiao.directives.choices import AgreementKind, DirectiveIssuer, ItemFrequency, MilestoneKind, PlanKind
from khoagiao.directives.models import Agreement, Directive, ImplementationPlan, ReviewMilestone
from khoagiao.directives.services.agreements import (
    agreement_create,
    agreement_generate_tasks,
    agreement_item_create,
)
from khoagiao.directives.services.loading import directives_load
from khoagiao.directives.services.milestones import milestone_mark_done, milestone_open, milestones_open_due
from khoagiao.directives.services.plans import plan_create, plan_item_create
from khoagiao.orgs.models import Unit
from khoagiao.tasks.services import task_report_done, task_start, task_verify

from .reporting import _focal_point

D = dt.date
AGREEMENT_TITLE = (
    "Quy chế phối hợp giữa Ban Tuyên giáo và Dân vận Tỉnh ủy và Sở Giáo dục và Đào tạo giai đoạn 2022–2027"
)

CT20_ITEMS: list[tuple[str, str, list[str], dt.date]] = [
    (
        "Tổ chức quán triệt Chỉ thị 20-CT/TW và Kế hoạch của Ban Thường vụ Tỉnh ủy đến cán bộ, đảng viên",
        "so-yte",
        ["so-gddt"],
        D(2013, 6, 30),
    ),
    (
        "Tuyên truyền Luật Trẻ em, phòng chống xâm hại, bạo lực, tai nạn thương tích trẻ em trong trường học",
        "so-gddt",
        ["so-yte"],
        D(2026, 12, 31),
    ),
    (
        "Rà soát, đề xuất chính sách hỗ trợ trẻ em có hoàn cảnh đặc biệt sau sắp xếp bộ máy",
        "so-noivu",
        ["so-yte"],
        D(2027, 3, 31),
    ),
]
NQ20_ITEMS: list[tuple[str, str, list[str], dt.date]] = [
    ("Nâng cao chất lượng y tế cơ sở, đạt Bộ tiêu chí quốc gia về y tế xã", "so-yte", [], D(2027, 6, 30)),
]


def _unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def _directive(symbol: str, issued_on: dt.date) -> Directive:
    return Directive.objects.get(symbol=symbol, issued_on=issued_on)


def _plan(
    specialist: User,
    directive: Directive,
    symbol: str,
    issued_on: dt.date,
    title: str,
    lead: str,
    coordinating: list[str],
    items: list[tuple[str, str, list[str], dt.date]],
) -> ImplementationPlan:
    plan = ImplementationPlan.objects.filter(directive=directive, symbol=symbol, issued_on=issued_on).first()
    if plan is not None:
        return plan
    plan = plan_create(
        actor=specialist,
        directive=directive,
        kind=PlanKind.PLAN,
        symbol=symbol,
        issued_on=issued_on,
        issuer=DirectiveIssuer.PROVINCIAL_STANDING,
        title=title,
        owner_unit=_unit("btgdvtu"),
        lead_unit=_unit(lead),
        coordinating_units=[_unit(code) for code in coordinating],
    )
    for title_text, item_lead, item_coordinating, due_on in items:
        plan_item_create(
            actor=specialist,
            plan=plan,
            title=title_text,
            lead_unit=_unit(item_lead),
            coordinating_units=[_unit(code) for code in item_coordinating],
            due_on=due_on,
        )
    return plan


def _finish(task: Any, specialist: User, actor: Any, completed_on: dt.date, text: str) -> None:
    focal = _focal_point(task.lead_unit, actor)
    task = task_start(actor=focal, task=task)
    task = task_report_done(actor=focal, task=task, text=text, completed_on=completed_on)
    task_verify(actor=specialist, task=task)


@transaction.atomic
def seed_demo_directives(*, actor: Any, today: dt.date | None = None) -> str:
    """Load the demo directives data (idempotent); return a one-line summary for the command's output."""
    today = today or timezone.localdate()
    loaded = directives_load(actor=None)
    specialist = User.objects.get(username="chuyenvien")

    ct20 = _directive("20-CT/TW", D(2012, 11, 5))
    _plan(
        specialist,
        ct20,
        "75-KH/TU",
        D(2013, 3, 12),
        "Kế hoạch thực hiện Chỉ thị số 20-CT/TW của Bộ Chính trị về tăng cường sự lãnh đạo của Đảng đối với công "
        "tác chăm sóc, giáo dục và bảo vệ trẻ em trong tình hình mới",
        "so-yte",
        ["so-gddt", "so-noivu", "so-vhttdl"],
        CT20_ITEMS,
    )
    interim = ReviewMilestone.objects.get(directive=ct20, kind=MilestoneKind.INTERIM)
    if interim.reviewed_on is None:
        milestone_mark_done(
            actor=specialist,
            milestone=interim,
            reviewed_on=D(2017, 12, 20),
            note="Báo cáo sơ kết 5 năm số 118-BC/TU ngày 20/12/2017",
        )
    final = ReviewMilestone.objects.get(directive=ct20, kind=MilestoneKind.FINAL)
    if final.opened_at is None:
        milestone_open(actor=specialist, milestone=final, today=today)

    nq20 = _directive("20-NQ/TW", D(2017, 10, 25))
    _plan(
        specialist,
        nq20,
        "21-CTr/TU",
        D(2018, 3, 5),
        "Chương trình hành động thực hiện Nghị quyết số 20-NQ/TW về tăng cường công tác bảo vệ, chăm sóc và nâng "
        "cao sức khỏe nhân dân trong tình hình mới",
        "so-yte",
        ["bhxh"],
        NQ20_ITEMS,
    )
    opened = milestones_open_due(today=today)

    agreement = Agreement.objects.filter(title=AGREEMENT_TITLE).first()
    department, education = _unit("btgdvtu"), _unit("so-gddt")
    if agreement is None:
        agreement = agreement_create(
            actor=specialist,
            kind=AgreementKind.RULES,
            title=AGREEMENT_TITLE,
            symbol="05-QC/BTGTU-SGDĐT",
            signed_on=D(2022, 3, 15),
            start_year=2022,
            end_year=2027,
            owner_unit=department,
            parties=[education],
        )
        for title, frequency, lead, coordinating in (
            (
                "Phối hợp tuyên truyền, quán triệt Nghị quyết 29-NQ/TW, Kết luận 91-KL/TW và Nghị quyết 71-NQ/TW "
                "trong ngành giáo dục",
                ItemFrequency.YEAR,
                education,
                [department],
            ),
            (
                "Trao đổi thông tin tình hình tư tưởng, dư luận xã hội trong ngành giáo dục",
                ItemFrequency.HALF_YEAR,
                education,
                [department],
            ),
            (
                "Tổ chức giao ban công tác khoa giáo với ngành giáo dục",
                ItemFrequency.YEAR,
                department,
                [education],
            ),
        ):
            agreement_item_create(
                actor=specialist,
                agreement=agreement,
                title=title,
                frequency=frequency,
                lead_unit=lead,
                coordinating_units=coordinating,
            )
        agreement_generate_tasks(actor=specialist, agreement=agreement, year=today.year - 1)
        agreement_generate_tasks(actor=specialist, agreement=agreement, year=today.year)
        from khoagiao.directives.models import AgreementItemTask

        # Last year's tasks of the Sở: two in three reported done (one of them late), one left overdue.
        past = AgreementItemTask.objects.filter(
            item__agreement=agreement, year=today.year - 1, task__lead_unit=education
        ).select_related("task", "task__lead_unit")
        for number, slot in enumerate(past.order_by("task__due_date", "pk")):
            if number % 3 == 2:
                continue  # one in three stays open, overdue: the evaluation shows it
            late = number % 3 == 1
            completed_on = slot.task.due_date + dt.timedelta(days=12 if late else -10)
            _finish(
                slot.task, specialist, actor, min(completed_on, today), "Đã thực hiện theo quy chế phối hợp."
            )
    return (
        f"Văn bản chỉ đạo: {Directive.objects.count()} văn bản ({loaded['created']} mới), "
        f"{ImplementationPlan.objects.count()} kế hoạch triển khai, {ReviewMilestone.objects.exclude(opened_at=None).count()} "
        f"đợt sơ kết/tổng kết đã mở ({opened} mở hôm nay), {Agreement.objects.count()} quy chế phối hợp."
    )
