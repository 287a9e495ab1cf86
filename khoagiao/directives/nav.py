"""The navigation entry "Văn bản chỉ đạo"."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from khoagiao.core.navigation import register_nav_provider

from .permissions import can_view_registry


def directives_nav(user: Any) -> list[tuple[str, str]]:
    if not can_view_registry(user):
        return []
    return [(_("Văn bản chỉ đạo"), reverse("directives:directive_list"))]


register_nav_provider(60, directives_nav)
