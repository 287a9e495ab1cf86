"""Ad-hoc report requests made by other apps (a directive's review, for instance).

The reporting engine has an "ad hoc" frequency (`DutyFrequency.AD_HOC`) whose duty has no scheduled periods. A
request made by another app is such a duty with one single ad-hoc period: the duty names the responsible units,
the period carries the data window and the deadline, and the units' expected reports are created at once. The
review is then filled in, reviewed and consolidated like any other report.

The platform itself may make the request (`actor=None`: the job that opens review milestones); a person must
manage the receiving unit's duties.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from khoagiao.core.audit import acting_user, audit_record, snapshot
from khoagiao.core.errors import ValidationFailed
from khoagiao.core.permissions import require
from khoagiao.core.workdays import WorkingCalendar
from khoagiao.orgs.models import Unit

from ..choices import DutyFrequency, TemplateVersionStatus
from ..models import Period, ReportingDuty, ReportTemplate, Submission, TemplateSection, TemplateVersion
from ..periods import end_of_day
from ..permissions import can_manage_duty
from .periods import PERIOD_AUDIT_FIELDS, template_current_version

REVIEW_TEMPLATE_CODE = "so-ket-tong-ket-van-ban"
REVIEW_TEMPLATE_NAME = "Báo cáo sơ kết, tổng kết thực hiện văn bản chỉ đạo"
REVIEW_SECTIONS = [
    (
        "i",
        "I. Công tác lãnh đạo, chỉ đạo, quán triệt, triển khai",
        "Việc ban hành kế hoạch, chương trình; tổ chức quán triệt, tuyên truyền; kiểm tra, giám sát.",
    ),
    (
        "ii",
        "II. Kết quả triển khai",
        "Kết quả thực hiện các mục tiêu, nhiệm vụ, giải pháp; số liệu minh chứng.",
    ),
    ("iii", "III. Hạn chế, nguyên nhân", "Hạn chế, yếu kém; nguyên nhân khách quan và chủ quan."),
    ("iv", "IV. Bài học kinh nghiệm", ""),
    ("v", "V. Phương hướng, nhiệm vụ, giải pháp thời gian tới", ""),
    (
        "vi",
        "VI. Đề xuất, kiến nghị",
        "",
    ),
]


@transaction.atomic
def review_template_ensure(*, actor: Any) -> ReportTemplate:
    """The template of review reports, published as version 1 (idempotent; the platform may install it)."""
    existing = ReportTemplate.objects.filter(code=REVIEW_TEMPLATE_CODE).first()
    if existing is not None:
        return existing
    template = ReportTemplate.objects.create(
        code=REVIEW_TEMPLATE_CODE,
        name=REVIEW_TEMPLATE_NAME,
        description="Mẫu báo cáo sơ kết, tổng kết thực hiện nghị quyết, chỉ thị, kết luận.",
        created_by=acting_user(actor),
    )
    version = TemplateVersion.objects.create(template=template, number=1)
    for order, (code, heading, guidance) in enumerate(REVIEW_SECTIONS, start=1):
        TemplateSection.objects.create(
            version=version, order=order, code=code, heading=heading, guidance=guidance, is_required=True
        )
    from django.utils import timezone

    version.status = TemplateVersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.note = "Phiên bản đầu tiên"
    version.save(update_fields=["status", "published_at", "note", "updated_at"])
    audit_record(
        actor=actor,
        action="reporting.template_create",
        obj=template,
        after=snapshot(template, ("code", "name")),
    )
    return template


@transaction.atomic
def adhoc_request_create(
    *,
    actor: Any,
    code: str,
    name: str,
    template: ReportTemplate,
    receiving_unit: Unit,
    units: Iterable[Unit],
    label: str,
    window_start: dt.date,
    window_end: dt.date,
    deadline_day: dt.date,
    note: str = "",
) -> Period:
    """A duty of frequency "ad hoc" with its single period and the expected reports of `units`."""
    if actor is not None:
        require(
            can_manage_duty(actor, ReportingDuty(receiving_unit=receiving_unit)),
            _("Bạn không quản lý «%(unit)s» nên không thể yêu cầu báo cáo gửi về đơn vị này.")
            % {"unit": receiving_unit.name},
        )
    units = list(units)
    outside = [
        unit.name
        for unit in units
        if unit.pk == receiving_unit.pk or not unit.path.startswith(receiving_unit.path)
    ]
    if not units or outside:
        raise ValidationFailed(
            _(
                "Yêu cầu báo cáo phải gửi tới các đơn vị trực thuộc «%(receiving)s»; không thể yêu cầu: %(units)s."
            )
            % {"receiving": receiving_unit.name, "units": ", ".join(outside) or _("(chưa có đơn vị nào)")},
            code="adhoc_units",
        )
    if window_end < window_start or deadline_day <= window_end:
        raise ValidationFailed(
            _("Hạn nộp phải sau ngày chốt số liệu, và ngày chốt số liệu phải sau ngày bắt đầu."),
            code="adhoc_dates",
        )
    if ReportingDuty.objects.filter(code=code).exists():
        raise ValidationFailed(_("Mã chế độ «%(code)s» đã được dùng.") % {"code": code}, code="adhoc_code")
    version = template_current_version(template.pk)
    if version is None:
        raise ValidationFailed(_("Mẫu báo cáo chưa có phiên bản nào được ban hành."), code="adhoc_template")
    duty = ReportingDuty.objects.create(
        code=code,
        name=name[:255],
        template=template,
        receiving_unit=receiving_unit,
        frequency=DutyFrequency.AD_HOC,
        periods_ahead=0,
        created_by=acting_user(actor),
    )
    duty.units.set(units)
    calendar = WorkingCalendar()
    deadline = end_of_day(calendar.add_working_days(deadline_day, 0))
    period = Period.objects.create(
        duty=duty,
        year=window_end.year,
        number=1,
        label=label[:120],
        window_start=window_start,
        window_end=window_end,
        deadline=deadline,
        consolidated_deadline=end_of_day(
            calendar.add_working_days(deadline.date(), max(1, duty.consolidated_deadline_working_days))
        ),
        template_version=version,
        is_ad_hoc=True,
        request_note=note,
        created_by=acting_user(actor),
    )
    Submission.objects.bulk_create(
        [Submission(period=period, unit=unit) for unit in units], ignore_conflicts=True
    )
    audit_record(
        actor=actor,
        action="reporting.adhoc_request_create",
        obj=period,
        after={**snapshot(period, PERIOD_AUDIT_FIELDS), "units": [unit.pk for unit in units]},
    )
    return period
