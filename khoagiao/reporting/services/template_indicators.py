"""The indicators of a template's draft version: the figures a unit reports, with their type, bounds, choices
and aggregation, kept in order. An indicator that a rule uses cannot be removed or lose its numeric type."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from khoagiao.core.audit import audited_update
from khoagiao.core.errors import ValidationFailed
from khoagiao.orgs.models import Field

from ..choices import NUMERIC_TYPES, IndicatorAggregation, IndicatorValueType, RuleOperator
from ..models import Indicator, TemplateVersion, ValidationRule
from ..validation import format_number
from .template_drafts import (
    Direction,
    _append,
    _clean_code,
    _clean_number,
    _clean_text,
    _delete_and_renumber,
    _draft_for_edit,
    _indicator_label,
    _move_and_record,
    _same_code,
)

INDICATOR_AUDIT_FIELDS = (
    "version",
    "order",
    "code",
    "name",
    "unit_of_measure",
    "value_type",
    "choices",
    "aggregation",
    "field",
    "is_required",
    "min_value",
    "max_value",
    "is_cumulative",
    "guidance",
)
NON_NUMERIC_AGGREGATIONS = frozenset({IndicatorAggregation.LATEST, IndicatorAggregation.NONE})
MAX_CHOICE_LENGTH = 200
MAX_CHOICES = 50


def _clean_choices(value_type: str, choices: Iterable[str]) -> list[str]:
    if value_type != IndicatorValueType.CHOICE:
        return []
    cleaned: list[str] = []
    seen: set[str] = set()
    for raw in choices:
        choice = str(raw).strip()
        if not choice or choice.casefold() in seen:
            continue
        if len(choice) > MAX_CHOICE_LENGTH:
            raise ValidationFailed(
                _("Lựa chọn «%(choice)s…» dài quá %(max)d ký tự.")
                % {"choice": choice[:40], "max": MAX_CHOICE_LENGTH},
                details={"field": "choices"},
            )
        seen.add(choice.casefold())
        cleaned.append(choice)
    if len(cleaned) < 2:
        raise ValidationFailed(
            _("Chỉ tiêu kiểu «Lựa chọn» cần ít nhất hai lựa chọn, mỗi lựa chọn một dòng."),
            code="choices_missing",
            details={"field": "choices"},
        )
    if len(cleaned) > MAX_CHOICES:
        raise ValidationFailed(
            _("Tối đa %(max)d lựa chọn.") % {"max": MAX_CHOICES}, details={"field": "choices"}
        )
    return cleaned


def _indicator_values(
    version: TemplateVersion,
    *,
    exclude_pk: int | None,
    code: str,
    name: str,
    unit_of_measure: str,
    value_type: str,
    choices: Iterable[str],
    aggregation: str,
    field: Field | None,
    is_required: bool,
    min_value: Decimal | None,
    max_value: Decimal | None,
    is_cumulative: bool,
    guidance: str,
) -> dict[str, Any]:
    code = _clean_code(code)
    existing = _same_code(Indicator, version, code, exclude_pk)
    if existing is not None:
        raise ValidationFailed(
            _(
                "Mã chỉ tiêu «%(code)s» trùng với chỉ tiêu %(existing)s của phiên bản này; mỗi chỉ tiêu cần một mã riêng."
            )
            % {"code": code, "existing": _indicator_label(existing)},
            code="duplicate_code",
            details={"field": "code"},
        )
    name = _clean_text(name, field="name", label=_("tên chỉ tiêu"), max_length=300)
    if value_type not in IndicatorValueType.values:
        raise ValidationFailed(_("Hãy chọn kiểu dữ liệu của chỉ tiêu."), details={"field": "value_type"})
    if aggregation not in IndicatorAggregation.values:
        raise ValidationFailed(_("Hãy chọn cách tổng hợp."), details={"field": "aggregation"})
    kind = IndicatorValueType(value_type)
    min_value = _clean_number(min_value, field="min_value", label=_("Giá trị nhỏ nhất"))
    max_value = _clean_number(max_value, field="max_value", label=_("Giá trị lớn nhất"))
    if kind not in NUMERIC_TYPES:
        if min_value is not None or max_value is not None:
            raise ValidationFailed(
                _("Giới hạn nhỏ nhất, lớn nhất chỉ dùng cho chỉ tiêu kiểu số; «%(type)s» không có giới hạn.")
                % {"type": kind.label},
                details={"field": "min_value" if min_value is not None else "max_value"},
            )
        if aggregation not in NON_NUMERIC_AGGREGATIONS:
            raise ValidationFailed(
                _(
                    "Chỉ tiêu kiểu «%(type)s» không cộng hay tính trung bình được; hãy chọn «%(latest)s» "
                    "hoặc «%(none)s»."
                )
                % {
                    "type": kind.label,
                    "latest": IndicatorAggregation.LATEST.label,
                    "none": IndicatorAggregation.NONE.label,
                },
                details={"field": "aggregation"},
            )
        if is_cumulative:
            raise ValidationFailed(
                _("Chỉ chỉ tiêu kiểu số mới lũy kế từ đầu năm được."), details={"field": "is_cumulative"}
            )
    if min_value is not None and max_value is not None and min_value > max_value:
        raise ValidationFailed(
            _("Giá trị nhỏ nhất (%(min)s) lớn hơn giá trị lớn nhất (%(max)s).")
            % {"min": format_number(min_value), "max": format_number(max_value)},
            code="bounds_inverted",
            details={"field": "max_value"},
        )
    return {
        "code": code,
        "name": name,
        "unit_of_measure": _clean_text(
            unit_of_measure, field="unit_of_measure", label=_("đơn vị tính"), max_length=40, required=False
        ),
        "value_type": kind.value,
        "choices": _clean_choices(kind, choices),
        "aggregation": aggregation,
        "field": field,
        "is_required": bool(is_required),
        "min_value": min_value,
        "max_value": max_value,
        "is_cumulative": bool(is_cumulative),
        "guidance": _clean_text(
            guidance, field="guidance", label=_("hướng dẫn nhập"), max_length=300, required=False
        ),
    }


def _rules_using(indicator: Indicator) -> QuerySet[ValidationRule]:
    return ValidationRule.objects.filter(Q(left=indicator) | Q(right=indicator)).select_related(
        "left", "right"
    )


def _comparison_rules(indicator: Indicator) -> list[ValidationRule]:
    return list(_rules_using(indicator).exclude(operator=RuleOperator.BOTH_OR_NEITHER))


def _rule_names(rules: list[ValidationRule]) -> str:
    return ", ".join(f"«{rule}»" for rule in rules)


@transaction.atomic
def indicator_create(
    *,
    actor: Any,
    version: TemplateVersion,
    code: str,
    name: str,
    value_type: str,
    unit_of_measure: str = "",
    choices: Iterable[str] = (),
    aggregation: str = IndicatorAggregation.SUM,
    field: Field | None = None,
    is_required: bool = False,
    min_value: Decimal | None = None,
    max_value: Decimal | None = None,
    is_cumulative: bool = False,
    guidance: str = "",
) -> Indicator:
    """Add a figure at the end of the draft's list."""
    version = _draft_for_edit(actor, version)
    values = _indicator_values(
        version,
        exclude_pk=None,
        code=code,
        name=name,
        unit_of_measure=unit_of_measure,
        value_type=value_type,
        choices=choices,
        aggregation=aggregation,
        field=field,
        is_required=is_required,
        min_value=min_value,
        max_value=max_value,
        is_cumulative=is_cumulative,
        guidance=guidance,
    )
    return _append(
        actor=actor,
        model=Indicator,
        version=version,
        values=values,
        action="reporting.indicator_create",
        audit_fields=INDICATOR_AUDIT_FIELDS,
    )


@transaction.atomic
def indicator_update(
    *,
    actor: Any,
    indicator: Indicator,
    code: str,
    name: str,
    value_type: str,
    unit_of_measure: str = "",
    choices: Iterable[str] = (),
    aggregation: str = IndicatorAggregation.SUM,
    field: Field | None = None,
    is_required: bool = False,
    min_value: Decimal | None = None,
    max_value: Decimal | None = None,
    is_cumulative: bool = False,
    guidance: str = "",
) -> Indicator:
    version = _draft_for_edit(actor, indicator.version)
    indicator = Indicator.objects.get(pk=indicator.pk)
    values = _indicator_values(
        version,
        exclude_pk=indicator.pk,
        code=code,
        name=name,
        unit_of_measure=unit_of_measure,
        value_type=value_type,
        choices=choices,
        aggregation=aggregation,
        field=field,
        is_required=is_required,
        min_value=min_value,
        max_value=max_value,
        is_cumulative=is_cumulative,
        guidance=guidance,
    )
    if values["value_type"] not in NUMERIC_TYPES:
        rules = _comparison_rules(indicator)
        if rules:
            raise ValidationFailed(
                _(
                    "Chỉ tiêu đang được so sánh trong quy tắc %(rules)s; kiểu «%(type)s» không so sánh được. "
                    "Hãy xóa hoặc sửa các quy tắc đó trước."
                )
                % {
                    "rules": _rule_names(rules),
                    "type": IndicatorValueType(values["value_type"]).label,
                },
                details={"field": "value_type"},
            )
    audited_update(
        actor=actor,
        obj=indicator,
        action="reporting.indicator_update",
        changes=values,
        audit_fields=INDICATOR_AUDIT_FIELDS,
    )
    return indicator


@transaction.atomic
def indicator_delete(*, actor: Any, indicator: Indicator) -> None:
    """Remove a figure from the draft; refused while a rule uses it (deleting it would drop the rule too)."""
    version = _draft_for_edit(actor, indicator.version)
    rules = list(_rules_using(indicator))
    if rules:
        raise ValidationFailed(
            _("Chỉ tiêu %(indicator)s đang dùng trong quy tắc %(rules)s; hãy xóa các quy tắc đó trước.")
            % {"indicator": _indicator_label(indicator), "rules": _rule_names(rules)},
            code="indicator_in_use",
        )
    _delete_and_renumber(
        actor=actor,
        item=indicator,
        version=version,
        action="reporting.indicator_delete",
        audit_fields=INDICATOR_AUDIT_FIELDS,
    )


@transaction.atomic
def indicator_move(*, actor: Any, indicator: Indicator, direction: Direction) -> Indicator:
    version = _draft_for_edit(actor, indicator.version)
    return _move_and_record(
        actor=actor, item=indicator, version=version, direction=direction, action="reporting.indicator_move"
    )
