"""What awaits a user on the home page from the meetings app: invitations their unit has not answered yet."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from khoagiao.core.home import WaitingItem, register_waiting_provider

from .selectors import pending_invitations


@register_waiting_provider
def meetings_waiting_items(user: Any) -> list[WaitingItem]:
    return [
        WaitingItem(
            _("Xác nhận dự giao ban: %(unit)s — %(title)s")
            % {"unit": attendance.unit.display_name, "title": attendance.briefing.title},
            reverse("meetings:unit_view", args=[attendance.briefing_id]),
            _("họp ngày %(date)s") % {"date": f"{attendance.briefing.date:%d/%m/%Y}"},
            False,
        )
        for attendance in pending_invitations(user)
    ]
