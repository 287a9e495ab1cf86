"""Vietnamese formats: dates dd/mm/yyyy on screens, "ngày 05 tháng 3 năm 2026" in documents, numbers 1.234,5."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import template
from django.http import HttpRequest
from django.utils import timezone

register = template.Library()


@register.filter
def vi_date(value: dt.date | dt.datetime | None) -> str:
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return value.strftime("%d/%m/%Y")


@register.filter
def vi_datetime(value: dt.datetime | None) -> str:
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return local.strftime("%H:%M %d/%m/%Y")


def vi_date_words(value: dt.date) -> str:
    """'ngày 05 tháng 3 năm 2026', 'ngày 20 tháng 02 năm 2018': days below 10 and the months January and February
    take a leading zero, so that a digit cannot be added by hand (HD 36-HD/VPTW, Decree 30/2020 Phụ lục I)."""
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


register.filter("vi_date_words", vi_date_words)


@register.filter
def vi_number(value: Any, decimals: int | None = None) -> str:
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    if decimals is None:
        decimals = 0 if number == number.to_integral() else min(2, max(0, -number.as_tuple().exponent))  # type: ignore[operator]
    text = f"{number:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


@register.simple_tag(takes_context=True)
def page_query(context: dict[str, Any], page_number: int) -> str:
    request: HttpRequest = context["request"]
    params = request.GET.copy()
    params["page"] = str(page_number)
    return "?" + params.urlencode()
