"""Formats of the completeness board."""

from __future__ import annotations

from django import template

from khoagiao.core.templatetags.khoagiao import vi_number

register = template.Library()


@register.filter
def vi_percent(rate: float | None) -> str:
    """0.8333 → "83,3%"; no rate (nothing due yet) → "—". Whole percentages keep no decimal."""
    if rate is None:
        return "—"
    value = round(rate * 100, 1)
    return f"{vi_number(value, 0 if value == int(value) else 1)}%"


@register.simple_tag(takes_context=True)
def query_with(context: dict, name: str, value: object) -> str:
    """The current query string with `name` set to `value` (removed when empty), for the legend's links."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    if value in (None, ""):
        params.pop(name, None)
    else:
        params[name] = str(value)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
