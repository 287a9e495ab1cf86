"""The reporting app's entries in the main menu: the consolidated reports for everyone with a unit (the list is
scoped), and the register of outgoing documents for those who may read it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from khoagiao.core.navigation import register_nav_provider
from khoagiao.core.permissions import user_scope

from .selectors_register import register_may_view


def register_nav(user: Any) -> list[tuple[str, str]]:
    if not register_may_view(user):
        return []
    return [(_("Sổ văn bản đi"), reverse("reporting:register_list"))]


def consolidation_nav(user: Any) -> list[tuple[str, str]]:
    if user_scope(user).is_empty:
        return []
    return [(_("Báo cáo tổng hợp"), reverse("reporting:consolidation_list"))]


register_nav_provider(5, consolidation_nav)
register_nav_provider(70, register_nav)
