"""What awaits a user on the home page, from the reporting app: reports to write, approve or review."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.accounts.choices import MembershipRole
from khoagiao.core.home import WaitingItem, register_waiting_provider

from .choices import SubmissionStatus
from .models import Submission
from .permissions import DEPARTMENT
from .selectors import _unit_ids_with_roles

HOME_LIMIT = 8


def _due_label(submission: Submission, now: Any) -> tuple[str, bool]:
    deadline = timezone.localtime(submission.period.deadline)
    overdue = deadline < now
    label = _("quá hạn %(day)s") if overdue else _("hạn %(day)s")
    return label % {"day": deadline.strftime("%d/%m/%Y")}, overdue


@register_waiting_provider
def reporting_waiting_items(user: Any) -> list[WaitingItem]:
    now = timezone.now()
    today = timezone.localdate()
    items: list[WaitingItem] = []
    base = Submission.objects.select_related("period", "unit").filter(period__window_start__lte=today)
    writers = _unit_ids_with_roles(user, {MembershipRole.FOCAL_POINT, MembershipRole.UNIT_LEADER})
    if writers:
        to_write = base.filter(
            unit_id__in=writers,
            status__in=[SubmissionStatus.NOT_STARTED, SubmissionStatus.DRAFT, SubmissionStatus.RETURNED],
        ).order_by("period__deadline")[:HOME_LIMIT]
        for submission in to_write:
            label, overdue = _due_label(submission, now)
            verb = _("Sửa và gửi lại") if submission.status == SubmissionStatus.RETURNED else _("Soạn và gửi")
            items.append(
                WaitingItem(
                    f"{verb}: {submission.unit.display_name} — {submission.period.label}",
                    reverse("reporting:submission_detail", args=[submission.pk]),
                    label,
                    overdue,
                )
            )
    leaders = _unit_ids_with_roles(user, {MembershipRole.UNIT_LEADER})
    if leaders:
        for submission in base.filter(unit_id__in=leaders, status=SubmissionStatus.AWAITING_APPROVAL)[
            :HOME_LIMIT
        ]:
            label, overdue = _due_label(submission, now)
            items.append(
                WaitingItem(
                    _("Duyệt báo cáo: %(unit)s — %(period)s")
                    % {"unit": submission.unit.display_name, "period": submission.period.label},
                    reverse("reporting:submission_detail", args=[submission.pk]),
                    label,
                    overdue,
                )
            )
    reviewers = _unit_ids_with_roles(user, DEPARTMENT)
    if reviewers:
        waiting = base.filter(unit_id__in=reviewers, status=SubmissionStatus.SUBMITTED).count()
        if waiting:
            items.append(
                WaitingItem(
                    _("%(count)d báo cáo của đơn vị đang chờ Ban tiếp nhận hoặc trả lại")
                    % {"count": waiting},
                    reverse("reporting:submission_list") + "?status=submitted",
                )
            )
    return items
