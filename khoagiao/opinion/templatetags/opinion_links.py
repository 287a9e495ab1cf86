"""Links into the hot-issue intake from other apps' pages (a unit's report section raised as a hot issue)."""

from __future__ import annotations

from typing import Any

from django import template

from khoagiao.opinion.permissions import can_report_issue

register = template.Library()


@register.filter
def can_raise_hot_issue(user: Any) -> bool:
    return bool(user and getattr(user, "is_authenticated", False) and can_report_issue(user))
