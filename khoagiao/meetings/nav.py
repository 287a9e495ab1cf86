"""The "Giao ban" entry of the main navigation: for everyone with a membership (each sees only the briefings
their units organise or are invited to)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from khoagiao.core.navigation import register_nav_provider
from khoagiao.core.permissions import user_scope


def meetings_nav(user: Any) -> list[tuple[str, str]]:
    if user_scope(user).is_empty:
        return []
    return [(_("Giao ban"), reverse("meetings:briefing_list"))]


def register() -> None:
    register_nav_provider(40, meetings_nav)
