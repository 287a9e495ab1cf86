"""The app's entry in the main navigation."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from khoagiao.core.navigation import register_nav_provider
from khoagiao.core.permissions import user_has_any_role

from .permissions import LEADERSHIP, can_report_issue


def opinion_nav(user: Any) -> list[tuple[str, str]]:
    if can_report_issue(user):
        return [(_("Dư luận xã hội"), reverse("opinion:issue_list"))]
    if user_has_any_role(user, LEADERSHIP):
        return [(_("Dư luận xã hội"), reverse("opinion:escalated_list"))]
    return []


register_nav_provider(60, opinion_nav)
