"""Generating periods and expected reports ahead, and ad-hoc report requests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.audit import audit_record, snapshot
from khoagiao.core.errors import ValidationFailed
from khoagiao.core.permissions import require
from khoagiao.core.workdays import WorkingCalendar
from khoagiao.orgs.models import Unit

from ..choices import DutyFrequency, SubmissionStatus, TemplateVersionStatus
from ..models import Period, ReportingDuty, Submission, TemplateVersion
from ..periods import PeriodSpec, deadline_date, end_of_day, next_period, period_containing
from ..permissions import can_manage_duty

PERIOD_AUDIT_FIELDS = (
    "duty",
    "year",
    "number",
    "label",
    "window_start",
    "window_end",
    "deadline",
    "template_version",
)


def template_current_version(template_id: int) -> TemplateVersion | None:
    """The published version new periods use."""
    return (
        TemplateVersion.objects.filter(template_id=template_id, status=TemplateVersionStatus.PUBLISHED)
        .order_by("-number")
        .first()
    )


def duty_expected_units(duty: ReportingDuty, *, window_start: dt.date, window_end: dt.date) -> QuerySet[Unit]:
    """The units that must report for a window: chosen explicitly, or by kind (and level when levels are set),
    under the receiving unit, and open on the last day of the window (a unit merged away before the cut-off is
    replaced by its successor; a unit created during the window reports for it)."""
    explicit = Q(pk__in=duty.units.values("pk"))
    kinds = list(duty.unit_kinds.values_list("pk", flat=True))
    levels = list(duty.unit_levels.values_list("pk", flat=True))
    by_kind = Q(pk__in=[])
    if kinds:
        by_kind = Q(kind_id__in=kinds) & (Q(level_id__in=levels) if levels else Q())
    elif levels:
        by_kind = Q(level_id__in=levels)
    receiving = duty.receiving_unit
    return (
        Unit.objects.filter(explicit | by_kind)
        .filter(path__startswith=receiving.path)
        .exclude(pk=receiving.pk)
        .filter(valid_from__lte=window_end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=window_end))
    )


def _period_times(duty: ReportingDuty, window_end: dt.date, calendar: WorkingCalendar) -> dict[str, Any]:
    unit_day = deadline_date(
        window_end=window_end,
        rule=duty.deadline_rule,
        working_days=duty.deadline_working_days,
        fixed_day=duty.deadline_fixed_day,
        calendar=calendar,
    )
    consolidated_day = calendar.add_working_days(unit_day, max(1, duty.consolidated_deadline_working_days))
    deadline = end_of_day(unit_day)
    lock_at = deadline + dt.timedelta(days=duty.lock_after_days) if duty.lock_after_days is not None else None
    return {"deadline": deadline, "consolidated_deadline": end_of_day(consolidated_day), "lock_at": lock_at}


def submissions_expect(period: Period) -> int:
    """Create the missing expected reports of a period (idempotent); returns how many were created."""
    units = duty_expected_units(period.duty, window_start=period.window_start, window_end=period.window_end)
    existing = set(period.submissions.values_list("unit_id", flat=True))
    new = [
        Submission(period=period, unit_id=unit_id)
        for unit_id in units.values_list("pk", flat=True)
        if unit_id not in existing
    ]
    Submission.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def _create_period(
    duty: ReportingDuty, spec: PeriodSpec, version: TemplateVersion, calendar: WorkingCalendar
) -> Period | None:
    try:
        with transaction.atomic():
            period = Period.objects.create(
                duty=duty,
                year=spec.year,
                number=spec.number,
                label=spec.label,
                window_start=spec.window_start,
                window_end=spec.window_end,
                template_version=version,
                **_period_times(duty, spec.window_end, calendar),
            )
    except IntegrityError:
        return None  # another worker made it first
    audit_record(
        actor=None, action="reporting.period_create", obj=period, after=snapshot(period, PERIOD_AUDIT_FIELDS)
    )
    return period


@transaction.atomic
def periods_generate(
    *, duty: ReportingDuty, today: dt.date | None = None, since: dt.date | None = None
) -> list[Period]:
    """Create the duty's periods from the one containing `since` (default: today) to `periods_ahead` after the
    current one, with their expected reports. Safe to run any number of times."""
    if duty.frequency == DutyFrequency.AD_HOC or not duty.is_active:
        return []
    version = template_current_version(duty.template_id)
    if version is None:
        return []
    today = today or timezone.localdate()
    calendar = WorkingCalendar()
    spec = period_containing(duty.frequency, duty.window_rule, since or today)
    current = period_containing(duty.frequency, duty.window_rule, today)
    created = []
    ahead = 0
    while True:
        period = Period.objects.filter(duty=duty, year=spec.year, number=spec.number).first()
        if period is None:
            period = _create_period(duty, spec, version, calendar)
            if period is not None:
                created.append(period)
        if period is not None:
            submissions_expect(period)
        if spec.window_start > current.window_end:
            ahead += 1
        if ahead >= duty.periods_ahead or (spec.window_end >= current.window_end and duty.periods_ahead == 0):
            break
        spec = next_period(duty.frequency, duty.window_rule, spec)
    return created


def periods_generate_all(*, today: dt.date | None = None) -> int:
    """The periodic job: every active duty gets its periods ahead."""
    return sum(
        len(periods_generate(duty=duty, today=today)) for duty in ReportingDuty.objects.filter(is_active=True)
    )


@transaction.atomic
def period_create_ad_hoc(
    *,
    actor: Any,
    duty: ReportingDuty,
    label: str,
    window_start: dt.date,
    window_end: dt.date,
    deadline_day: dt.date,
    units: list[Unit] | None = None,
    note: str = "",
) -> Period:
    """An unscheduled request (báo cáo đột xuất) with its own dates, to the duty's units or to chosen ones."""
    require(can_manage_duty(actor, duty))
    if not label.strip():
        raise ValidationFailed(_("Hãy đặt tên cho yêu cầu báo cáo."), details={"field": "label"})
    if window_end < window_start:
        raise ValidationFailed(
            _("Ngày chốt số liệu cuối phải sau ngày đầu."), details={"field": "window_end"}
        )
    if deadline_day <= window_end:
        raise ValidationFailed(
            _("Hạn nộp phải sau ngày chốt số liệu ít nhất 01 ngày làm việc (Nghị định 09/2019/NĐ-CP)."),
            details={"field": "deadline_day"},
        )
    version = template_current_version(duty.template_id)
    if version is None:
        raise ValidationFailed(_("Mẫu báo cáo của chế độ này chưa có phiên bản nào được ban hành."))
    number = (
        Period.objects.filter(duty=duty, year=window_end.year)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
        or 0
    ) + 1
    calendar = WorkingCalendar()
    deadline = end_of_day(calendar.add_working_days(deadline_day, 0))
    period = Period.objects.create(
        duty=duty,
        year=window_end.year,
        number=number,
        label=label.strip(),
        window_start=window_start,
        window_end=window_end,
        deadline=deadline,
        consolidated_deadline=end_of_day(
            calendar.add_working_days(deadline.date(), max(1, duty.consolidated_deadline_working_days))
        ),
        lock_at=deadline + dt.timedelta(days=duty.lock_after_days)
        if duty.lock_after_days is not None
        else None,
        template_version=version,
        is_ad_hoc=True,
        request_note=note,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if units:
        Submission.objects.bulk_create(
            [Submission(period=period, unit=unit) for unit in units], ignore_conflicts=True
        )
    else:
        submissions_expect(period)
    audit_record(
        actor=actor,
        action="reporting.period_create_ad_hoc",
        obj=period,
        after=snapshot(period, PERIOD_AUDIT_FIELDS),
    )
    return period


def periods_apply_new_version(*, version: TemplateVersion) -> int:
    """A newly published version applies from the next period: periods not opened yet and with no report
    started move to it; periods already open keep the version their units are filling in."""
    today = timezone.localdate()
    started = Submission.objects.exclude(status=SubmissionStatus.NOT_STARTED).values("period_id")
    return (
        Period.objects.filter(duty__template_id=version.template_id, window_start__gt=today)
        .exclude(pk__in=started)
        .exclude(template_version=version)
        .update(template_version=version)
    )
