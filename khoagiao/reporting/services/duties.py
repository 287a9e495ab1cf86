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
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.audit import audit_record, snapshot
from khoagiao.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from khoagiao.core.permissions import require
from khoagiao.core.workdays import WorkingCalendar
from khoagiao.orgs.models import Unit, UnitKind, UnitLevel

from ..choices import DeadlineRule, DutyFrequency, SubmissionStatus, WindowRule
from ..models import Period, ReportingDuty, ReportTemplate, Submission
from ..periods import period_label, period_spec
from ..permissions import can_manage_duty
from .periods import (
    _period_times,
    duty_expected_units,
    expected_units,
    periods_generate,
    submissions_expect,
    template_current_version,
)
from .templates import _clean_code, _clean_text

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
MAX_WORKING_DAYS = 60
MAX_PERIODS_AHEAD = 12
MAX_LOCK_DAYS = 366
GENERATE_SINCE_YEARS = 5


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _require_receiving(actor: Any, receiving_unit: Unit | None) -> Unit:
    if receiving_unit is None:
        raise ValidationFailed(_("Hãy chọn đơn vị nhận báo cáo."), details={"field": "receiving_unit"})
    if not can_manage_duty(actor, ReportingDuty(receiving_unit=receiving_unit)):
        raise PermissionDeniedError(
            _("Bạn không quản lý «%(unit)s» nên không thể đặt chế độ báo cáo gửi về đơn vị này.")
            % {"unit": receiving_unit.name},
            details={"field": "receiving_unit"},
        )
    return receiving_unit


def _positive(value: int | None, *, field: str, minimum: int, maximum: int, message: str) -> int | None:
    if value is None:
        return None
    if value < minimum or value > maximum:
        raise ValidationFailed(message, details={"field": field})
    return int(value)


def _clean_duty(
    actor: Any,
    *,
    duty: ReportingDuty | None,
    today: dt.date,
    code: str,
    name: str,
    template: ReportTemplate | None,
    receiving_unit: Unit | None,
    frequency: str,
    window_rule: str,
    deadline_rule: str,
    deadline_working_days: int | None,
    deadline_fixed_day: int | None,
    consolidated_deadline_working_days: int | None,
    units: Iterable[Unit],
    unit_kinds: Iterable[UnitKind],
    unit_levels: Iterable[UnitLevel],
    requires_leader_approval: bool,
    lock_after_days: int | None,
    periods_ahead: int | None,
) -> dict[str, Any]:
    """Check every attribute; the first problem is refused with a message naming it and its form field."""
    receiving_unit = _require_receiving(actor, receiving_unit)
    code = _clean_code(code, max_length=60)
    others = ReportingDuty.objects.filter(code__iexact=code)
    if duty is not None:
        others = others.exclude(pk=duty.pk)
    if others.exists():
        raise ValidationFailed(
            _("Mã chế độ «%(code)s» đã được dùng; hãy chọn mã khác.") % {"code": code},
            code="duplicate_code",
            details={"field": "code"},
        )
    name = _clean_text(name, field="name", label=_("tên chế độ báo cáo"), max_length=255)
    if template is None:
        raise ValidationFailed(_("Hãy chọn mẫu báo cáo."), details={"field": "template"})
    changing_template = duty is None or duty.template_id != template.pk
    if changing_template and not template.is_active:
        raise ValidationFailed(
            _("Mẫu «%(template)s» đã ngừng dùng cho chế độ mới.") % {"template": template.name},
            details={"field": "template"},
        )
    if template_current_version(template.pk) is None:
        raise ValidationFailed(
            _("Mẫu «%(template)s» chưa có phiên bản nào được ban hành; hãy ban hành mẫu trước.")
            % {"template": template.name},
            code="template_not_published",
            details={"field": "template"},
        )
    if frequency not in DutyFrequency.values:
        raise ValidationFailed(_("Hãy chọn tần suất báo cáo."), details={"field": "frequency"})
    if window_rule not in WindowRule.values:
        raise ValidationFailed(_("Hãy chọn cách chốt số liệu."), details={"field": "window_rule"})
    if deadline_rule not in DeadlineRule.values:
        raise ValidationFailed(_("Hãy chọn cách tính hạn nộp."), details={"field": "deadline_rule"})
    if deadline_rule == DeadlineRule.FIXED_DAY:
        if deadline_fixed_day is None or not 1 <= deadline_fixed_day <= 31:
            raise ValidationFailed(
                _("Hạn nộp theo ngày cố định cần một ngày trong tháng, từ 1 đến 31."),
                code="fixed_day_missing",
                details={"field": "deadline_fixed_day"},
            )
        working_days = deadline_working_days if deadline_working_days else 2
    else:
        if deadline_working_days is None or deadline_working_days < 1:
            raise ValidationFailed(
                _(
                    "Hạn nộp phải sau ngày chốt số liệu ít nhất 01 ngày làm việc (Nghị định 09/2019/NĐ-CP); "
                    "hãy nhập từ 1 ngày trở lên."
                ),
                code="working_days_too_few",
                details={"field": "deadline_working_days"},
            )
        working_days = deadline_working_days
        deadline_fixed_day = None
    _positive(
        working_days,
        field="deadline_working_days",
        minimum=1,
        maximum=MAX_WORKING_DAYS,
        message=_("Số ngày làm việc sau ngày chốt tối đa %(max)d.") % {"max": MAX_WORKING_DAYS},
    )
    if consolidated_deadline_working_days is None or consolidated_deadline_working_days < 1:
        raise ValidationFailed(
            _(
                "Hạn báo cáo tổng hợp phải sau hạn của đơn vị ít nhất 01 ngày làm việc (Nghị định 09/2019/NĐ-CP "
                "yêu cầu hạn riêng cho từng cấp)."
            ),
            details={"field": "consolidated_deadline_working_days"},
        )
    _positive(
        consolidated_deadline_working_days,
        field="consolidated_deadline_working_days",
        minimum=1,
        maximum=MAX_WORKING_DAYS,
        message=_("Hạn báo cáo tổng hợp tối đa %(max)d ngày làm việc sau hạn của đơn vị.")
        % {"max": MAX_WORKING_DAYS},
    )
    _positive(
        lock_after_days,
        field="lock_after_days",
        minimum=0,
        maximum=MAX_LOCK_DAYS,
        message=_("Số ngày khóa sau hạn từ 0 đến %(max)d (để trống nếu không khóa).")
        % {"max": MAX_LOCK_DAYS},
    )
    periods_ahead = _positive(
        periods_ahead if periods_ahead is not None else 2,
        field="periods_ahead",
        minimum=0,
        maximum=MAX_PERIODS_AHEAD,
        message=_("Số kỳ tạo trước từ 0 đến %(max)d.") % {"max": MAX_PERIODS_AHEAD},
    )
    units = list(units)
    unit_kinds = list(unit_kinds)
    unit_levels = list(unit_levels)
    if not units and not unit_kinds and not unit_levels:
        raise ValidationFailed(
            _("Hãy chọn đơn vị phải báo cáo: chỉ định từng đơn vị, hoặc chọn theo loại, cấp đơn vị."),
            code="no_units",
            details={"field": "units"},
        )
    outside = [
        unit.name
        for unit in units
        if unit.pk == receiving_unit.pk or not unit.path.startswith(receiving_unit.path)
    ]
    if outside:
        raise ValidationFailed(
            _(
                "Chỉ đơn vị trực thuộc «%(receiving)s» mới phải báo cáo về đơn vị này; không thể chọn: %(units)s."
            )
            % {"receiving": receiving_unit.name, "units": ", ".join(outside)},
            details={"field": "units"},
        )
    # A unit closed since it was named may stay in the list (history); a closed unit cannot be added.
    already = set(duty.units.values_list("pk", flat=True)) if duty is not None else set()
    closed = [
        unit.name
        for unit in units
        if unit.valid_to is not None and unit.valid_to < today and unit.pk not in already
    ]
    if closed:
        raise ValidationFailed(
            _("Đơn vị đã đóng không thể được chỉ định thêm: %(units)s.") % {"units": ", ".join(closed)},
            details={"field": "units"},
        )
    selected = expected_units(
        receiving_unit=receiving_unit,
        unit_ids=[unit.pk for unit in units],
        kind_ids=[kind.pk for kind in unit_kinds],
        level_ids=[level.pk for level in unit_levels],
        on_day=today,
    )
    if not selected.exists():
        raise ValidationFailed(
            _(
                "Lựa chọn này hiện không gồm đơn vị nào đang hoạt động dưới «%(receiving)s»; hãy chọn lại "
                "đơn vị, loại hoặc cấp."
            )
            % {"receiving": receiving_unit.name},
            code="no_units",
            details={"field": "units"},
        )
    return {
        "fields": {
            "code": code,
            "name": name,
            "template": template,
            "receiving_unit": receiving_unit,
            "frequency": frequency,
            "window_rule": window_rule,
            "deadline_rule": deadline_rule,
            "deadline_working_days": working_days,
            "deadline_fixed_day": deadline_fixed_day,
            "consolidated_deadline_working_days": consolidated_deadline_working_days,
            "requires_leader_approval": bool(requires_leader_approval),
            "lock_after_days": lock_after_days,
            "periods_ahead": periods_ahead,
        },
        "units": units,
        "unit_kinds": unit_kinds,
        "unit_levels": unit_levels,
    }


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
    duty = ReportingDuty.objects.create(
        **cleaned["fields"], created_by=actor if getattr(actor, "is_authenticated", False) else None
    )
    duty.units.set(cleaned["units"])
    duty.unit_kinds.set(cleaned["unit_kinds"])
    duty.unit_levels.set(cleaned["unit_levels"])
    created = periods_generate(duty=duty, today=today)
    audit_record(
        actor=actor,
        action="reporting.duty_create",
        obj=duty,
        after={**snapshot(duty, DUTY_AUDIT_FIELDS), "periods_created": [period.label for period in created]},
    )
    return duty


def _started(periods: Any) -> Any:
    return Submission.objects.filter(period__in=periods).exclude(status=SubmissionStatus.NOT_STARTED)


def _untouched(submissions: Any) -> Any:
    """Expected reports nobody has opened: no save, no submit."""
    return submissions.filter(status=SubmissionStatus.NOT_STARTED, version=0, revision_count=0)


def _replace_schedule(duty: ReportingDuty) -> int:
    """A new frequency: the periodic periods (none has a report started) are deleted, to be generated again."""
    periods = duty.periods.filter(is_ad_hoc=False)
    count = periods.count()
    try:
        with transaction.atomic():
            periods.delete()
    except ProtectedError as error:
        raise ValidationFailed(
            _("Các kỳ báo cáo cũ của chế độ đang được dùng ở nơi khác nên không thể đổi tần suất."),
            details={"field": "frequency"},
        ) from error
    return count


def _reschedule(duty: ReportingDuty, *, today: dt.date, window_changed: bool) -> int:
    """Apply the duty's new deadline rules to its periodic periods still to come (deadline not passed), and its
    new window rule to those not opened yet with no report started. Returns how many periods changed."""
    now = timezone.now()
    calendar = WorkingCalendar()
    started = set(_started(duty.periods.all()).values_list("period_id", flat=True))
    changed = 0
    for period in duty.periods.filter(is_ad_hoc=False, deadline__gt=now):
        updates: dict[str, Any] = {}
        window_end = period.window_end
        if window_changed and period.window_start > today and period.pk not in started:
            spec = period_spec(duty.frequency, duty.window_rule, period.year, period.number)
            updates.update(
                window_start=spec.window_start,
                window_end=spec.window_end,
                label=period_label(duty.frequency, period.year, period.number),
            )
            window_end = spec.window_end
        times = _period_times(duty, window_end, calendar)
        updates.update({name: value for name, value in times.items() if getattr(period, name) != value})
        if updates:
            for name, value in updates.items():
                setattr(period, name, value)
            period.save(update_fields=[*updates, "updated_at"])
            changed += 1
    return changed


def _retemplate(duty: ReportingDuty, *, today: dt.date) -> int:
    """A duty moved to another template: its periods not opened yet, with no report started, take that
    template's published version; periods already open keep the version their units are filling in."""
    version = template_current_version(duty.template_id)
    if version is None:
        return 0
    upcoming = duty.periods.filter(window_start__gt=today)
    return (
        upcoming.exclude(pk__in=_started(upcoming).values("period_id"))
        .exclude(template_version=version)
        .update(template_version=version)
    )


def _resync_units(duty: ReportingDuty) -> dict[str, int]:
    """Periods still to come expect exactly the units the duty now names: reports nobody opened are dropped for
    units no longer named, and missing ones are created. Ad-hoc requests keep the units they were sent to."""
    removed = added = 0
    now = timezone.now()
    for period in duty.periods.filter(is_ad_hoc=False, deadline__gt=now):
        expected = duty_expected_units(duty, window_start=period.window_start, window_end=period.window_end)
        stale = _untouched(period.submissions.exclude(unit__in=expected.values("pk")))
        try:
            with transaction.atomic():
                removed += stale.delete()[1].get(Submission._meta.label, 0)
        except ProtectedError:
            pass  # something already refers to the expected report: it stays expected
        added += submissions_expect(period)
    return {"removed": removed, "added": added}


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
    duty.units.set(cleaned["units"])
    duty.unit_kinds.set(cleaned["unit_kinds"])
    duty.unit_levels.set(cleaned["unit_levels"])
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
