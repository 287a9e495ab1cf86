"""Demo reporting data: the default duty with past periods in every state and an open current period.

Everything goes through the real services (as each unit's focal point and the department's specialist); only
the timestamps of the past periods are then moved back to dates inside those periods, so that the board shows a
believable year: most units on time, some late, a few missing, reports returned, accepted, still in draft.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from khoagiao.accounts.choices import MembershipRole
from khoagiao.accounts.models import Membership, User
from khoagiao.orgs.models import Unit, UnitKind, UnitLevel
from khoagiao.reporting.choices import DutyFrequency, SubmissionStatus
from khoagiao.reporting.models import Period, ReportingDuty, Submission, SubmissionEvent, SubmissionRevision
from khoagiao.reporting.services.periods import periods_generate
from khoagiao.reporting.services.submissions import (
    submission_accept,
    submission_return,
    submission_save_draft,
    submission_submit,
)
from khoagiao.reporting.services.templates import template_install_default

from .province import DEMO_PASSWORD

DUTY_CODE = "bao-cao-quy-khoa-giao"
LOCK_AFTER_DAYS = 30
REPORTING_KINDS = ["agency", "association", "school", "party_committee"]

SECTION_TEXTS = {
    "i": "Tình hình tư tưởng trong đội ngũ cán bộ, {who} cơ bản ổn định, tin tưởng vào sự lãnh đạo của Đảng. "
    "Dư luận quan tâm đến việc sắp xếp tổ chức bộ máy, chế độ chính sách sau sắp xếp và chất lượng dịch vụ công.",
    "ii-1": "Tham mưu ban hành kế hoạch triển khai Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, công nghệ, "
    "đổi mới sáng tạo và chuyển đổi số; kế hoạch thực hiện Kết luận số 91-KL/TW của Bộ Chính trị.",
    "ii-2": "Tổ chức hội nghị quán triệt các nghị quyết, chỉ thị, kết luận của Trung ương và của Tỉnh ủy cho cán bộ, "
    "đảng viên; lồng ghép tuyên truyền trên cổng thông tin điện tử và các nhóm mạng xã hội của {who}.",
    "ii-3": "Các chỉ tiêu của lĩnh vực được thực hiện đạt và vượt kế hoạch; 11 trường được công nhận đạt chuẩn quốc gia "
    "mức độ 1; 15/16 xã đạt Bộ tiêu chí quốc gia về y tế.",
    "ii-4": "Phối hợp tổ chức kiểm tra việc thực hiện Chỉ thị số 20-CT/TW về công tác chăm sóc, giáo dục và bảo vệ trẻ em.",
    "ii-5": "Thực hiện nghiêm quy chế phối hợp với Ban Tuyên giáo và Dân vận Tỉnh ủy; gửi báo cáo đúng hạn.",
    "iii": "Một số nhiệm vụ triển khai còn chậm; nguồn lực cho chuyển đổi số còn hạn chế; đội ngũ làm công tác "
    "tham mưu còn kiêm nhiệm nhiều việc.",
    "iv": "Tiếp tục quán triệt, triển khai các nghị quyết mới của Trung ương; nắm bắt kịp thời tình hình dư luận; "
    "chuẩn bị sơ kết 5 năm thực hiện các chương trình phối hợp.",
    "v": "Đề nghị Ban Tuyên giáo và Dân vận Tỉnh ủy tổ chức tập huấn nghiệp vụ nắm bắt dư luận xã hội cho cán bộ cơ sở.",
}


def _unit_person(unit: Unit, role: str, prefix: str, title: str, actor: Any) -> User:
    """The unit's person in `role`; a reporting unit of the demo without one gets <prefix>.<code>."""
    membership = (
        Membership.objects.filter(unit=unit, role=role, is_active=True).select_related("user").first()
    )
    if membership is not None:
        return membership.user
    from khoagiao.accounts.services import membership_create

    user, created = User.objects.get_or_create(
        username=f"{prefix}.{unit.code}",
        defaults={"full_name": f"{title} {unit.display_name}", "position": title},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    membership_create(actor=actor, user=user, unit=unit, role=role)
    return user


def _focal_point(unit: Unit, actor: Any) -> User:
    return _unit_person(unit, MembershipRole.FOCAL_POINT, "daumoi", "Đầu mối", actor)


def _leader(unit: Unit, actor: Any) -> User:
    return _unit_person(unit, MembershipRole.UNIT_LEADER, "lanhdao", "Lãnh đạo", actor)


def _narrative(submission: Submission) -> dict[str, str]:
    who = submission.unit.display_name
    return {
        section.code: f"<p>{SECTION_TEXTS.get(section.code, 'Nội dung đang cập nhật.').format(who=who)}</p>"
        for section in submission.period.template_version.sections.all()
    }


def _values(submission: Submission, rng: random.Random) -> dict[str, str]:
    is_commune = submission.unit.level.code == "commune"
    values = {
        "CT01": str(rng.randint(1, 6)),
        "CT02": str(rng.randint(1, 8)),
        "CT03": str(rng.randint(40, 900)),
        "CT04": str(rng.randint(0, 3)),
        "CT05": str(rng.randint(2, 40)),
        "DL01": str(rng.randint(0, 3)),
        "DL02": "Ổn định",
    }
    if submission.unit.code in {"so-gddt"} or is_commune:
        total = rng.randint(8, 60) if not is_commune else rng.randint(2, 6)
        values.update(
            {
                "GD01": str(total),
                "GD02": str(rng.randint(0, total)),
                "GD03": f"{rng.uniform(92, 99.5):.1f}".replace(".", ","),
            }
        )
    if submission.unit.code == "so-gddt":
        values.update({"GD01": "412", "GD02": "11"})
    if submission.unit.code in {"so-yte"}:
        values.update({"YT01": "15", "YT02": "16", "YT03": "93,4", "YT04": "Không", "DS01": "110,5"})
    return values


def _backdate(submission: Submission, submitted_at: dt.datetime, accepted_at: dt.datetime | None) -> None:
    Submission.objects.filter(pk=submission.pk).update(
        first_submitted_at=submitted_at,
        last_submitted_at=submitted_at,
        last_edited_at=submitted_at - dt.timedelta(hours=2),
        accepted_at=accepted_at,
    )
    SubmissionRevision.objects.filter(submission=submission).update(submitted_at=submitted_at)
    SubmissionEvent.objects.filter(submission=submission).update(created_at=accepted_at or submitted_at)


def _fill_current(
    submission: Submission, focal: User, leader: User, specialist: User, roll: float, rng: random.Random
) -> None:
    """The open quarter shows every state: accepted, returned, submitted, awaiting approval, draft, not started."""
    if roll >= 0.8:
        return  # not started yet
    if roll >= 0.6:
        narrative = dict(list(_narrative(submission).items())[:3])
        submission_save_draft(
            actor=focal, submission=submission, expected_version=submission.version, narrative=narrative
        )
        return
    submission = submission_save_draft(
        actor=focal,
        submission=submission,
        expected_version=submission.version,
        narrative=_narrative(submission),
        values=_values(submission, rng),
    )
    if roll >= 0.5:
        submission_submit(
            actor=focal, submission=submission, expected_version=submission.version
        )  # to the leader
        return
    submission = submission_submit(actor=leader, submission=submission, expected_version=submission.version)
    if roll < 0.2:
        submission_accept(actor=specialist, submission=submission)
    elif roll < 0.3:
        submission_return(
            actor=specialist,
            submission=submission,
            comment="Đề nghị bổ sung kết quả quán triệt Nghị quyết 57-NQ/TW.",
        )


def _ensure_duty(actor: Any) -> ReportingDuty:
    template = template_install_default(actor=actor)
    duty, created = ReportingDuty.objects.get_or_create(
        code=DUTY_CODE,
        defaults={
            "name": "Báo cáo quý công tác khoa giáo",
            "template": template,
            "receiving_unit": Unit.objects.get(code="btgdvtu"),
            "frequency": DutyFrequency.QUARTER,
            "deadline_working_days": 2,
            "consolidated_deadline_working_days": 3,
            "lock_after_days": None,  # set after the past quarters are filled in (see below)
            "periods_ahead": 1,
            "requires_leader_approval": True,
        },
    )
    if created:
        duty.unit_kinds.set(UnitKind.objects.filter(code__in=REPORTING_KINDS))
        duty.unit_levels.set(UnitLevel.objects.filter(code__in=["province", "commune"]))
    return duty


@transaction.atomic
def seed_demo_reporting(*, actor: Any, today: dt.date | None = None) -> dict[str, int]:
    """The default duty with three past quarters in every state and the current quarter open. Idempotent: a
    period that already has reports in it is left as it is."""
    today = today or timezone.localdate()
    duty = _ensure_duty(actor)
    periods_generate(duty=duty, since=today - dt.timedelta(days=275), today=today)
    specialist = User.objects.get(username="chuyenvien")
    rng = random.Random(2026)  # noqa: S311  (demo data, the same every time; nothing secret)
    filled = 0
    periods = list(Period.objects.filter(duty=duty).order_by("window_start"))
    now = timezone.now()
    for period in periods:
        submissions = list(
            period.submissions.select_related("unit", "unit__level", "period").order_by("unit__path")
        )
        if any(s.status != SubmissionStatus.NOT_STARTED for s in submissions):
            continue
        is_past = period.deadline < now
        is_current = period.window_start <= today <= period.deadline.date() or (
            not is_past and period.window_start <= today
        )
        if not is_past and not is_current:
            continue
        for index, submission in enumerate(submissions):
            focal = _focal_point(submission.unit, actor)
            roll = rng.random()
            if is_current:
                _fill_current(submission, focal, _leader(submission.unit, actor), specialist, roll, rng)
                filled += int(roll < 0.8)
                continue
            if roll > 0.93 and index % 2:
                continue  # never submitted: missing
            submission = submission_save_draft(
                actor=focal,
                submission=submission,
                expected_version=submission.version,
                narrative=_narrative(submission),
                values=_values(submission, rng),
            )
            leader = _leader(submission.unit, actor)
            submission = submission_submit(
                actor=leader, submission=submission, expected_version=submission.version
            )
            late = roll > 0.8
            submitted_at = period.deadline - dt.timedelta(days=rng.randint(0, 6), hours=rng.randint(1, 8))
            if late:
                submitted_at = period.deadline + dt.timedelta(days=rng.randint(1, 9), hours=3)
            if roll < 0.08:
                submission_return(
                    actor=specialist,
                    submission=submission,
                    comment="Đề nghị bổ sung số liệu mục II.3 và nêu rõ nguyên nhân hạn chế.",
                )
                _backdate(submission, submitted_at, None)
            elif roll < 0.75 or late:
                submission_accept(actor=specialist, submission=submission)
                _backdate(submission, submitted_at, submitted_at + dt.timedelta(days=2))
            else:
                _backdate(submission, submitted_at, None)
            filled += 1
    # The past quarters were filled in "at the time"; now the duty locks 30 days after each deadline.
    if duty.lock_after_days is None:
        duty.lock_after_days = LOCK_AFTER_DAYS
        duty.save(update_fields=["lock_after_days", "updated_at"])
        for period in Period.objects.filter(duty=duty, lock_at__isnull=True):
            Period.objects.filter(pk=period.pk).update(
                lock_at=period.deadline + dt.timedelta(days=LOCK_AFTER_DAYS)
            )
    return {"periods": len(periods), "reports": filled}
