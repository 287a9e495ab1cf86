"""Reporting duties (chế độ báo cáo): creating and changing them, and generating their periods on demand.

A duty's schedule (frequency, window, deadlines, lock) and the units it names decide its periods and expected
reports. Saving a duty generates what is missing; a change of schedule reaches only the periods still to come,
never a period whose deadline has passed (its timeliness is history).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.audit import acting_user, audit_record, snapshot
from khoagiao.core.errors import ConflictError, ValidationFailed
from khoagiao.core.permissions import require
from khoagiao.orgs.models import Unit, UnitKind, UnitLevel

from ..choices import DeadlineRule, DutyFrequency, WindowRule
from ..models import Period, ReportingDuty, ReportTemplate, Submission
from ..permissions import can_manage_duty
from .duty_checks import MAX_LOCK_DAYS, MAX_PERIODS_AHEAD, MAX_WORKING_DAYS, _clean_duty
from .duty_upkeep import _replace_schedule, _reschedule, _resync_units, _retemplate, _started
from .periods import periods_generate, template_current_version

__all__ = [
    "DUTY_AUDIT_FIELDS",
    "GENERATE_SINCE_YEARS",
    "MAX_LOCK_DAYS",
    "MAX_PERIODS_AHEAD",
    "MAX_WORKING_DAYS",
    "SCHEDULE_FIELDS",
    "duty_create",
    "duty_generate_periods",
    "duty_update",
]

DUTY_AUDIT_FIELDS = (
    "code",
    "name",
    "template",
    "receiving_unit",
    "frequency",
    "window_rule",
    "deadline_rule",
    "deadline_working_days",
    "deadline_fixed_day",
    "consolidated_deadline_working_days",
    "units",
    "unit_kinds",
    "unit_levels",
    "requires_leader_approval",
    "lock_after_days",
    "periods_ahead",
    "is_active",
)
SCHEDULE_FIELDS = (
    "frequency",
    "window_rule",
    "deadline_rule",
    "deadline_working_days",
    "deadline_fixed_day",
    "consolidated_deadline_working_days",
    "lock_after_days",
)
GENERATE_SINCE_YEARS = 5


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _set_units(duty: ReportingDuty, cleaned: dict[str, Any]) -> None:
    """The units the duty names: one by one, by kind and by level."""
    duty.units.set(cleaned["units"])
    duty.unit_kinds.set(cleaned["unit_kinds"])
    duty.unit_levels.set(cleaned["unit_levels"])


@transaction.atomic
def duty_create(
    *,
    actor: Any,
    code: str,
    name: str,
    template: ReportTemplate | None,
    receiving_unit: Unit | None,
    frequency: str,
    window_rule: str = WindowRule.DECREE_09,
    deadline_rule: str = DeadlineRule.WORKING_DAYS_AFTER,
    deadline_working_days: int | None = 2,
    deadline_fixed_day: int | None = None,
    consolidated_deadline_working_days: int | None = 3,
    units: Iterable[Unit] = (),
    unit_kinds: Iterable[UnitKind] = (),
    unit_levels: Iterable[UnitLevel] = (),
    requires_leader_approval: bool = False,
    lock_after_days: int | None = None,
    periods_ahead: int | None = 2,
    today: dt.date | None = None,
) -> ReportingDuty:
    """Create a duty and generate its periods and expected reports (from the current period on)."""
    today = _today(today)
    cleaned = _clean_duty(
        actor,
        duty=None,
        today=today,
        code=code,
        name=name,
        template=template,
        receiving_unit=receiving_unit,
        frequency=frequency,
        window_rule=window_rule,
        deadline_rule=deadline_rule,
        deadline_working_days=deadline_working_days,
        deadline_fixed_day=deadline_fixed_day,
        consolidated_deadline_working_days=consolidated_deadline_working_days,
        units=units,
        unit_kinds=unit_kinds,
        unit_levels=unit_levels,
        requires_leader_approval=requires_leader_approval,
        lock_after_days=lock_after_days,
        periods_ahead=periods_ahead,
    )
    duty = ReportingDuty.objects.create(**cleaned["fields"], created_by=acting_user(actor))
    _set_units(duty, cleaned)
    created = periods_generate(duty=duty, today=today)
    audit_record(
        actor=actor,
        action="reporting.duty_create",
        obj=duty,
        after={**snapshot(duty, DUTY_AUDIT_FIELDS), "periods_created": [period.label for period in created]},
    )
    return duty


@transaction.atomic
def duty_update(
    *,
    actor: Any,
    duty: ReportingDuty,
    code: str,
    name: str,
    template: ReportTemplate | None,
    receiving_unit: Unit | None,
    frequency: str,
    window_rule: str = WindowRule.DECREE_09,
    deadline_rule: str = DeadlineRule.WORKING_DAYS_AFTER,
    deadline_working_days: int | None = 2,
    deadline_fixed_day: int | None = None,
    consolidated_deadline_working_days: int | None = 3,
    units: Iterable[Unit] = (),
    unit_kinds: Iterable[UnitKind] = (),
    unit_levels: Iterable[UnitLevel] = (),
    requires_leader_approval: bool = False,
    lock_after_days: int | None = None,
    periods_ahead: int | None = 2,
    is_active: bool = True,
    expected_updated_at: dt.datetime | None = None,
    today: dt.date | None = None,
) -> ReportingDuty:
    """Change a duty. Periods whose deadline has passed keep their dates and units; periods still to come follow
    the new schedule and units; a new frequency is accepted only while no unit has started a report."""
    require(can_manage_duty(actor, duty), _("Bạn không quản lý chế độ báo cáo này."))
    today = _today(today)
    duty = ReportingDuty.objects.select_for_update().select_related("receiving_unit").get(pk=duty.pk)
    if expected_updated_at is not None and duty.updated_at != expected_updated_at:
        raise ConflictError(
            _(
                "Chế độ báo cáo vừa được người khác sửa sau khi bạn mở trang. Hãy mở lại trang để xem thay đổi "
                "rồi sửa tiếp; những gì bạn vừa nhập chưa được lưu."
            ),
            code="stale",
        )
    if receiving_unit is not None and receiving_unit.pk != duty.receiving_unit_id and duty.periods.exists():
        raise ValidationFailed(
            _(
                "Chế độ đã có kỳ báo cáo nên không thể đổi đơn vị nhận báo cáo; hãy ngừng áp dụng chế độ này "
                "và tạo chế độ mới."
            ),
            details={"field": "receiving_unit"},
        )
    cleaned = _clean_duty(
        actor,
        duty=duty,
        today=today,
        code=code,
        name=name,
        template=template,
        receiving_unit=receiving_unit,
        frequency=frequency,
        window_rule=window_rule,
        deadline_rule=deadline_rule,
        deadline_working_days=deadline_working_days,
        deadline_fixed_day=deadline_fixed_day,
        consolidated_deadline_working_days=consolidated_deadline_working_days,
        units=units,
        unit_kinds=unit_kinds,
        unit_levels=unit_levels,
        requires_leader_approval=requires_leader_approval,
        lock_after_days=lock_after_days,
        periods_ahead=periods_ahead,
    )
    fields = {**cleaned["fields"], "is_active": bool(is_active)}
    frequency_changed = fields["frequency"] != duty.frequency
    if frequency_changed and _started(duty.periods.filter(is_ad_hoc=False)).exists():
        raise ValidationFailed(
            _(
                "Đã có đơn vị bắt đầu báo cáo theo tần suất «%(old)s», nên không thể đổi tần suất. Hãy ngừng áp "
                "dụng chế độ này và tạo chế độ mới."
            )
            % {"old": DutyFrequency(duty.frequency).label},
            code="frequency_locked",
            details={"field": "frequency"},
        )
    before = snapshot(duty, DUTY_AUDIT_FIELDS)
    window_changed = fields["window_rule"] != duty.window_rule
    template_changed = fields["template"].pk != duty.template_id
    schedule_changed = any(fields[name] != getattr(duty, name) for name in SCHEDULE_FIELDS)
    for name, value in fields.items():
        setattr(duty, name, value)
    duty.save()
    _set_units(duty, cleaned)
    summary: dict[str, Any] = {}
    if frequency_changed:
        summary["periods_deleted"] = _replace_schedule(duty)
    elif schedule_changed:
        summary["periods_rescheduled"] = _reschedule(duty, today=today, window_changed=window_changed)
    if template_changed:
        summary["periods_moved_to_template"] = _retemplate(duty, today=today)
    summary.update(_resync_units(duty))
    created = periods_generate(duty=duty, today=today)
    summary["periods_created"] = [period.label for period in created]
    audit_record(
        actor=actor,
        action="reporting.duty_update",
        obj=duty,
        before=before,
        after={**snapshot(duty, DUTY_AUDIT_FIELDS), **summary},
    )
    return duty


@transaction.atomic
def duty_generate_periods(
    *, actor: Any, duty: ReportingDuty, since: dt.date | None = None, today: dt.date | None = None
) -> list[Period]:
    """On demand: the periods from the one containing `since` (default: the current one) to `periods_ahead`
    after the current one, with their expected reports. Running it again creates nothing new."""
    require(can_manage_duty(actor, duty), _("Bạn không quản lý chế độ báo cáo này."))
    today = _today(today)
    if duty.frequency == DutyFrequency.AD_HOC:
        raise ValidationFailed(
            _("Chế độ đột xuất không có kỳ định kỳ; hãy tạo «Yêu cầu báo cáo đột xuất»."), code="ad_hoc_duty"
        )
    if not duty.is_active:
        raise ValidationFailed(
            _("Chế độ đã ngừng áp dụng; hãy bật «Đang áp dụng» trước khi tạo kỳ báo cáo."), code="inactive"
        )
    if template_current_version(duty.template_id) is None:
        raise ValidationFailed(_("Mẫu báo cáo của chế độ này chưa có phiên bản nào được ban hành."))
    if since is not None:
        earliest = today.replace(year=today.year - GENERATE_SINCE_YEARS, day=1)
        if since < earliest or since > today:
            raise ValidationFailed(
                _("Ngày bắt đầu phải từ %(earliest)s đến hôm nay.")
                % {"earliest": earliest.strftime("%d/%m/%Y")},
                details={"field": "since"},
            )
    submissions_before = Submission.objects.filter(period__duty=duty).count()
    created = periods_generate(duty=duty, since=since, today=today)
    added = Submission.objects.filter(period__duty=duty).count() - submissions_before
    audit_record(
        actor=actor,
        action="reporting.duty_generate_periods",
        obj=duty,
        after={
            "since": since,
            "periods_created": [period.label for period in created],
            "expected_reports_created": added,
        },
    )
    return created
