"""What awaits a user on the home page, from the public-opinion app."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.home import WaitingItem, register_waiting_provider
from khoagiao.core.permissions import user_scope

from .choices import IssueStatus
from .models import HotIssue
from .permissions import DEPARTMENT, UNIT_EDITORS

HOME_LIMIT = 8


def _due(deadline: Any, now: Any) -> tuple[str, bool]:
    if deadline is None:
        return "", False
    local = timezone.localtime(deadline)
    overdue = deadline < now
    label = _("quá hạn %(when)s") if overdue else _("hạn %(when)s")
    return label % {"when": local.strftime("%H:%M %d/%m/%Y")}, overdue


@register_waiting_provider
def opinion_waiting_items(user: Any) -> list[WaitingItem]:
    items: list[WaitingItem] = []
    now = timezone.now()
    department = user_scope(user, DEPARTMENT).unit_ids
    if department:
        waiting = HotIssue.objects.filter(
            status=IssueStatus.REPORTED, area_id__in=department, merged_into__isnull=True
        ).count()
        if waiting:
            items.append(
                WaitingItem(
                    _("%(count)d vấn đề nóng đang chờ Ban xác minh, chuyển xử lý") % {"count": waiting},
                    reverse("opinion:issue_list") + "?status=reported",
                )
            )
    units = user_scope(user, UNIT_EDITORS).unit_ids
    if units:
        to_answer = HotIssue.objects.filter(
            responsible_unit_id__in=units, status=IssueStatus.ROUTED, first_response_at__isnull=True
        ).order_by("response_due_at")[:HOME_LIMIT]
        for issue in to_answer:
            label, overdue = _due(issue.response_due_at, now)
            items.append(
                WaitingItem(
                    _("Trả lời vấn đề: %(title)s") % {"title": issue.title[:120]},
                    reverse("opinion:issue_detail", args=[issue.pk]),
                    label,
                    overdue,
                )
            )
        to_confirm = HotIssue.objects.filter(reporting_unit_id__in=units, status=IssueStatus.RESOLVED)[
            :HOME_LIMIT
        ]
        for issue in to_confirm:
            items.append(
                WaitingItem(
                    _("Xác nhận kết quả giải quyết: %(title)s") % {"title": issue.title[:120]},
                    reverse("opinion:issue_detail", args=[issue.pk]),
                )
            )
    return items
