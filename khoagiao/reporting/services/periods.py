"""Generating periods and expected reports ahead, and ad-hoc report requests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.audit import acting_user, audit_record, snapshot
from khoagiao.core.errors import ValidationFailed
from khoagiao.core.permissions import require
from khoagiao.core.workdays import WorkingCalendar
from khoagiao.orgs.models import Unit

from ..choices import DutyFrequency, SubmissionStatus, TemplateVersionStatus
from ..models import Period, ReportingDuty, Submission, TemplateVersion
from ..periods import PeriodSpec, deadline_date, end_of_day, next_period, period_containing
from ..permissions import can_manage_duty

AD_HOC_NUMBER_BASE = 100
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


def expected_units(
    *,
    receiving_unit: Unit,
    unit_ids: Iterable[int],
    kind_ids: Iterable[int],
    level_ids: Iterable[int],
    on_day: dt.date,
) -> QuerySet[Unit]:
    """The units a selection names on `on_day`: the explicit list, plus the units of the chosen kinds (of the
    chosen levels when levels are set; of those levels alone when no kind is chosen); only units under the
    receiving unit (never itself) and open on that day."""
    explicit = Q(pk__in=list(unit_ids))
    kinds = list(kind_ids)
    levels = list(level_ids)
    by_kind = Q(pk__in=[])
    if kinds:
        by_kind = Q(kind_id__in=kinds) & (Q(level_id__in=levels) if levels else Q())
    elif levels:
        by_kind = Q(level_id__in=levels)
    return (
        Unit.objects.filter(explicit | by_kind)
        .filter(path__startswith=receiving_unit.path)
        .exclude(pk=receiving_unit.pk)
        .filter(valid_from__lte=on_day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on_day))
    )


def duty_expected_units(duty: ReportingDuty, *, window_start: dt.date, window_end: dt.date) -> QuerySet[Unit]:
    """The units that must report for a window: chosen explicitly, or by kind (and level when levels are set),
    under the receiving unit, and open on the last day of the window (a unit merged away before the cut-off is
    replaced by its successor; a unit created during the window reports for it)."""
    return expected_units(
        receiving_unit=duty.receiving_unit,
        unit_ids=duty.units.values_list("pk", flat=True),
        kind_ids=duty.unit_kinds.values_list("pk", flat=True),
        level_ids=duty.unit_levels.values_list("pk", flat=True),
        on_day=window_end,
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
        # Stop once the current period is reached and `periods_ahead` periods after it exist (a `since` in the
        # past first walks up to the current period, even when no period is to be made ahead).
        if spec.window_end >= current.window_end and ahead >= duty.periods_ahead:
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
    if units:
        outside = [
            unit.name
            for unit in units
            if unit.pk == duty.receiving_unit_id
            or not unit.path.startswith(duty.receiving_unit.path)
            or not unit.is_open_on(window_end)
        ]
        if outside:
            raise ValidationFailed(
                _(
                    "Chỉ yêu cầu được các đơn vị trực thuộc «%(receiving)s» còn hoạt động đến ngày chốt số "
                    "liệu; không thể yêu cầu: %(units)s."
                )
                % {"receiving": duty.receiving_unit.name, "units": ", ".join(outside)},
                details={"field": "units"},
            )
    # A periodic duty's own periods hold the numbers 1–12 of their year; its ad-hoc requests are numbered
    # from 101 so that a request made today never takes the number of a period generated later.
    base = 0 if duty.frequency == DutyFrequency.AD_HOC else AD_HOC_NUMBER_BASE
    number = (
        max(
            base,
            Period.objects.filter(duty=duty, year=window_end.year, number__gt=base)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
            or 0,
        )
        + 1
    )
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
        created_by=acting_user(actor),
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
