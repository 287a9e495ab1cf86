"""Checking a duty's attributes before it is created or changed: the receiving unit the actor manages, a
unique code, a published template, the schedule within Decree 09's bounds, and units that exist under the
receiving unit. The first problem is refused with a message naming it and its form field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from khoagiao.core.errors import PermissionDeniedError, ValidationFailed
from khoagiao.orgs.models import Unit, UnitKind, UnitLevel

from ..choices import DeadlineRule, DutyFrequency, WindowRule
from ..models import ReportingDuty, ReportTemplate
from ..permissions import can_manage_duty
from .periods import expected_units, template_current_version
from .templates import _clean_code, _clean_text

MAX_WORKING_DAYS = 60
MAX_PERIODS_AHEAD = 12
MAX_LOCK_DAYS = 366


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
