"""The "Nhiệm vụ" entry of the main navigation: for every user with a membership (the list is scoped)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from .permissions import can_view_tasks


def tasks_nav(user: Any) -> list[tuple[str, str]]:
    if not can_view_tasks(user):
        return []
    return [(_("Nhiệm vụ"), reverse("tasks:task_list"))]
