"""The navigation shows what the user's roles allow, nothing more."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "admin_nav_items": [], "unread_notifications": 0}
    from khoagiao.accounts.permissions import (
        can_manage_calendar,
        can_manage_users,
        can_view_audit,
        can_view_jobs,
    )
    from khoagiao.core.permissions import user_scope

    path = request.path
    items = [(_("Trang chủ"), reverse("core:home"))]
    scope = user_scope(user)
    if not scope.is_empty:
        items.append((_("Báo cáo"), reverse("reporting:submission_list")))
        items.append((_("Tình hình nộp"), reverse("reporting:board_list")))
    from khoagiao.reporting.permissions import can_manage_templates

    if can_manage_templates(user):
        items.append((_("Chế độ báo cáo"), reverse("reporting:duty_list")))
        items.append((_("Mẫu báo cáo"), reverse("reporting:template_list")))
    from khoagiao.core.navigation import nav_items_for

    items.extend(nav_items_for(user))
    if not scope.is_empty:
        items.append((_("Đơn vị"), reverse("orgs:unit_tree")))
    admin_items = []
    if can_manage_calendar(user):
        admin_items.append((_("Lịch làm việc"), reverse("core:calendar")))
    if can_manage_users(user):
        admin_items.append((_("Người dùng"), reverse("accounts:user_list")))
    if can_view_audit(user):
        admin_items.append((_("Nhật ký thao tác"), reverse("core:audit_list")))
    if can_view_jobs(user):
        admin_items.append((_("Công việc nền"), reverse("core:job_list")))
    home = reverse("core:home")

    def build(pairs: list[tuple[str, str]]) -> list[NavItem]:
        # The longest matching prefix is the active item: /bao-cao/che-do/ is "Chế độ báo cáo", not "Báo cáo".
        matches = [url for _label, url in pairs if (path == url if url == home else path.startswith(url))]
        active = max(matches, key=len) if matches else None
        return [NavItem(label, url, url == active) for label, url in pairs]

    from khoagiao.core.notifications import notification_unread_count

    return {
        "nav_items": build(items),
        "admin_nav_items": build(admin_items),
        # One COUNT on an indexed column, and only when a template shows it (the bell in base.html).
        "unread_notifications": SimpleLazyObject(lambda: notification_unread_count(user=user)),
    }
