"""Checking figures: one value against its indicator (type, bounds, choices), and the rules between figures."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from .choices import NUMERIC_TYPES, IndicatorValueType, RuleOperator
from .models import Indicator, ValidationRule

TRUE_WORDS = {"1", "co", "có", "x", "true", "yes", "đạt", "dat"}
FALSE_WORDS = {"0", "khong", "không", "false", "no", "chưa", "chua"}
TEXT_MAX = 500


@dataclass(frozen=True)
class ParsedValue:
    """A figure ready to store: exactly one of number, text or boolean is set (or none: an empty value)."""

    number: Decimal | None = None
    text: str = ""
    boolean: bool | None = None

    @property
    def is_empty(self) -> bool:
        return self.number is None and self.text == "" and self.boolean is None

    def display(self) -> str:
        if self.boolean is not None:
            return "Có" if self.boolean else "Không"
        if self.number is not None:
            return format_number(self.number)
        return self.text

    def as_json(self) -> Any:
        if self.boolean is not None:
            return self.boolean
        if self.number is not None:
            return format(self.number.normalize(), "f")
        return self.text or None


class ValueError_(Exception):
    pass


def format_number(number: Decimal) -> str:
    """1234.5 → "1.234,5" (Vietnamese grouping and decimal comma)."""
    normalized = number.normalize()
    exponent = normalized.as_tuple().exponent
    decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    text = f"{normalized:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _decimals(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def parse_number_text(raw: str) -> Decimal:
    """Read a number typed the Vietnamese way ("1.234,5") or the machine way ("1234.5")."""
    text = raw.strip().replace(" ", "").replace("\u00a0", "").rstrip("%")
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".")
    elif "," in text:
        text = text.replace(",", ".")
    elif text.count(".") > 1 or re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")  # "1.234" or "1.234.567": thousands separators
    if not _NUMBER.match(text):
        raise InvalidOperation(raw)
    return Decimal(text)


def parse_value(indicator: Indicator, raw: Any) -> ParsedValue:
    """Turn what a person typed (or a spreadsheet cell) into a stored value, or raise ValueError_ in Vietnamese."""
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        return ParsedValue()
    kind = indicator.value_type
    label = f"«{indicator.name}» ({indicator.code})"
    if kind in NUMERIC_TYPES:
        try:
            number = raw if isinstance(raw, Decimal) else parse_number_text(str(raw))
        except (InvalidOperation, ValueError) as error:
            raise ValueError_(
                _("%(label)s phải là một số; «%(raw)s» không phải số.") % {"label": label, "raw": raw}
            ) from error
        if not number.is_finite():
            raise ValueError_(_("%(label)s phải là một số hữu hạn.") % {"label": label})
        if kind == IndicatorValueType.INTEGER and number != number.to_integral_value():
            raise ValueError_(
                _("%(label)s phải là số nguyên; «%(raw)s» có phần lẻ.") % {"label": label, "raw": raw}
            )
        if (
            kind == IndicatorValueType.PERCENT
            and not (Decimal(0) <= number <= Decimal(100))
            and indicator.max_value is None
        ):
            raise ValueError_(_("%(label)s là tỷ lệ phần trăm, phải từ 0 đến 100.") % {"label": label})
        if indicator.min_value is not None and number < indicator.min_value:
            raise ValueError_(
                _("%(label)s không được nhỏ hơn %(min)s (đang nhập %(value)s).")
                % {"label": label, "min": format_number(indicator.min_value), "value": format_number(number)}
            )
        if indicator.max_value is not None and number > indicator.max_value:
            raise ValueError_(
                _("%(label)s không được lớn hơn %(max)s (đang nhập %(value)s).")
                % {"label": label, "max": format_number(indicator.max_value), "value": format_number(number)}
            )
        if abs(number) >= Decimal("1e15"):
            raise ValueError_(_("%(label)s quá lớn.") % {"label": label})
        # Four decimals are stored; a longer fraction is rounded, not refused.
        return ParsedValue(number=number.quantize(Decimal("0.0001")) if _decimals(number) > 4 else number)
    if kind == IndicatorValueType.BOOLEAN:
        if isinstance(raw, bool):
            return ParsedValue(boolean=raw)
        word = str(raw).strip().casefold()
        if word in TRUE_WORDS:
            return ParsedValue(boolean=True)
        if word in FALSE_WORDS:
            return ParsedValue(boolean=False)
        raise ValueError_(
            _("%(label)s chỉ nhận «Có» hoặc «Không»; «%(raw)s» không hợp lệ.") % {"label": label, "raw": raw}
        )
    text = str(raw).strip()
    if kind == IndicatorValueType.CHOICE:
        allowed = [str(choice) for choice in indicator.choices]
        if text not in allowed:
            raise ValueError_(
                _("%(label)s phải là một trong: %(choices)s.")
                % {"label": label, "choices": ", ".join(allowed)}
            )
        return ParsedValue(text=text)
    if len(text) > TEXT_MAX:
        raise ValueError_(_("%(label)s dài tối đa %(max)d ký tự.") % {"label": label, "max": TEXT_MAX})
    return ParsedValue(text=text)


def _compare(operator: str, left: Decimal, right: Decimal) -> bool:
    return {
        RuleOperator.LE: left <= right,
        RuleOperator.LT: left < right,
        RuleOperator.GE: left >= right,
        RuleOperator.GT: left > right,
        RuleOperator.EQ: left == right,
        RuleOperator.NE: left != right,
    }[RuleOperator(operator)]


def rule_violations(rules: list[ValidationRule], values: dict[str, ParsedValue]) -> list[str]:
    """Messages for the rules that fail, each naming the figures and their values (by indicator code)."""
    messages = []
    empty = _("trống")
    for rule in rules:
        left = values.get(rule.left.code, ParsedValue())
        right_indicator = rule.right
        right = (
            values.get(right_indicator.code, ParsedValue())
            if right_indicator
            else ParsedValue(number=rule.right_constant)
        )
        left_name = f"«{rule.left.name}» ({left.display() or empty})"
        right_name = (
            f"«{right_indicator.name}» ({right.display() or empty})"
            if right_indicator
            else format_number(rule.right_constant or Decimal(0))
        )
        if rule.operator == RuleOperator.BOTH_OR_NEITHER:
            if left.is_empty != right.is_empty:
                messages.append(
                    rule.message
                    or _("%(left)s và %(right)s phải cùng được nhập hoặc cùng để trống.")
                    % {"left": left_name, "right": right_name}
                )
            continue
        if left.number is None or right.number is None:
            continue  # a missing figure is the business of "required", not of a comparison
        if not _compare(rule.operator, left.number, right.number):
            default = _("%(left)s phải %(op)s %(right)s.") % {
                "left": left_name,
                "op": rule.get_operator_display(),
                "right": right_name,
            }
            messages.append(f"{rule.message} — {default}" if rule.message else default)
    return messages
