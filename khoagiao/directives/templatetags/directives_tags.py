from __future__ import annotations

from typing import Any

from django import template

from ..permissions import can_view_reviews

register = template.Library()


@register.simple_tag
def user_can_view_reviews(user: Any) -> bool:
    return can_view_reviews(user)


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    """`mapping|lookup:key`: a dictionary's value in a template ("" when missing)."""
    return mapping.get(key, "") if hasattr(mapping, "get") else ""
