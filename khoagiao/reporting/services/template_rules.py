"""The validation rules of a template's draft version: comparisons between two figures (or a figure and a
constant) that must hold before a report is submitted."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from khoagiao.core.audit import audit_record, audited_update, snapshot
from khoagiao.core.errors import ValidationFailed

from ..choices import NUMERIC_TYPES, IndicatorValueType, RuleOperator
from ..models import Indicator, TemplateVersion, ValidationRule
from .template_drafts import _clean_number, _clean_text, _draft_for_edit, _indicator_label

RULE_AUDIT_FIELDS = ("version", "left", "operator", "right", "right_constant", "message")


def _rule_values(
    version: TemplateVersion,
    *,
    left: Indicator | None,
    operator: str,
    right: Indicator | None,
    right_constant: Decimal | None,
    message: str,
) -> dict[str, Any]:
    if left is None:
        raise ValidationFailed(_("Hãy chọn chỉ tiêu vế trái."), details={"field": "left"})
    for side, indicator in (("left", left), ("right", right)):
        if indicator is not None and indicator.version_id != version.pk:
            raise ValidationFailed(
                _("Chỉ tiêu %(indicator)s không thuộc phiên bản này.")
                % {"indicator": _indicator_label(indicator)},
                details={"field": side},
            )
    if operator not in RuleOperator.values:
        raise ValidationFailed(_("Hãy chọn phép so sánh."), details={"field": "operator"})
    if right is not None and right.pk == left.pk:
        raise ValidationFailed(
            _("Quy tắc không thể so sánh chỉ tiêu %(indicator)s với chính nó.")
            % {"indicator": _indicator_label(left)},
            code="rule_self",
            details={"field": "right"},
        )
    right_constant = _clean_number(right_constant, field="right_constant", label=_("Hằng số"))
    op = RuleOperator(operator)
    if op == RuleOperator.BOTH_OR_NEITHER:
        if right is None:
            raise ValidationFailed(
                _("Quy tắc «%(op)s» cần một chỉ tiêu ở vế phải.") % {"op": op.label},
                details={"field": "right"},
            )
        if right_constant is not None:
            raise ValidationFailed(
                _("Quy tắc «%(op)s» so hai chỉ tiêu với nhau, không so với hằng số; hãy bỏ hằng số.")
                % {"op": op.label},
                details={"field": "right_constant"},
            )
    else:
        if right is None and right_constant is None:
            raise ValidationFailed(
                _("Hãy chọn chỉ tiêu vế phải hoặc nhập một hằng số."), details={"field": "right"}
            )
        if right is not None and right_constant is not None:
            raise ValidationFailed(
                _("Vế phải là một chỉ tiêu hoặc một hằng số, không phải cả hai."),
                details={"field": "right_constant"},
            )
        for side, indicator in (("left", left), ("right", right)):
            if indicator is not None and indicator.value_type not in NUMERIC_TYPES:
                raise ValidationFailed(
                    _(
                        "Phép so sánh «%(op)s» chỉ dùng cho chỉ tiêu kiểu số; %(indicator)s có kiểu «%(type)s». "
                        "Với chỉ tiêu không phải số, hãy dùng «%(both)s»."
                    )
                    % {
                        "op": op.label,
                        "indicator": _indicator_label(indicator),
                        "type": IndicatorValueType(indicator.value_type).label,
                        "both": RuleOperator.BOTH_OR_NEITHER.label,
                    },
                    code="rule_not_numeric",
                    details={"field": side},
                )
    return {
        "left": left,
        "operator": op.value,
        "right": right,
        "right_constant": right_constant,
        "message": _clean_text(
            message, field="message", label=_("thông báo khi vi phạm"), max_length=300, required=False
        ),
    }


@transaction.atomic
def rule_create(
    *,
    actor: Any,
    version: TemplateVersion,
    left: Indicator | None,
    operator: str,
    right: Indicator | None = None,
    right_constant: Decimal | None = None,
    message: str = "",
) -> ValidationRule:
    """Add a rule between two figures (or a figure and a constant) that must hold before a submit."""
    version = _draft_for_edit(actor, version)
    values = _rule_values(
        version, left=left, operator=operator, right=right, right_constant=right_constant, message=message
    )
    rule = ValidationRule.objects.create(version=version, **values)
    audit_record(
        actor=actor, action="reporting.rule_create", obj=rule, after=snapshot(rule, RULE_AUDIT_FIELDS)
    )
    return rule


@transaction.atomic
def rule_update(
    *,
    actor: Any,
    rule: ValidationRule,
    left: Indicator | None,
    operator: str,
    right: Indicator | None = None,
    right_constant: Decimal | None = None,
    message: str = "",
) -> ValidationRule:
    version = _draft_for_edit(actor, rule.version)
    rule = ValidationRule.objects.get(pk=rule.pk)
    values = _rule_values(
        version, left=left, operator=operator, right=right, right_constant=right_constant, message=message
    )
    audited_update(
        actor=actor, obj=rule, action="reporting.rule_update", changes=values, audit_fields=RULE_AUDIT_FIELDS
    )
    return rule


@transaction.atomic
def rule_delete(*, actor: Any, rule: ValidationRule) -> None:
    _draft_for_edit(actor, rule.version)
    audit_record(
        actor=actor, action="reporting.rule_delete", obj=rule, before=snapshot(rule, RULE_AUDIT_FIELDS)
    )
    rule.delete()
