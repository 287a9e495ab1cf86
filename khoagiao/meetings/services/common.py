"""Helpers shared by the briefing services."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.errors import ConflictError, ValidationFailed
from khoagiao.core.permissions import require

from ..choices import BriefingStatus
from ..models import Briefing
from ..permissions import can_manage_briefing

BRIEFING_AUDIT_FIELDS = (
    "title",
    "kind",
    "organising_unit",
    "date",
    "start_time",
    "place",
    "chair_name",
    "chair_title",
    "chair_user",
    "secretary",
    "proposal_cutoff",
    "period",
    "notes",
    "status",
)


def locked_briefing(briefing: Briefing) -> Briefing:
    return (
        Briefing.objects.select_for_update()
        # Only non-null relations: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
        .select_related("organising_unit", "organising_unit__kind")
        .get(pk=briefing.pk)
    )


def require_manager(actor: Any, briefing: Briefing) -> None:
    require(
        can_manage_briefing(actor, briefing),
        _("Chỉ cán bộ của Ban tổ chức hội nghị mới được thực hiện thao tác này."),
    )


def require_not_cancelled(briefing: Briefing) -> None:
    if briefing.status == BriefingStatus.CANCELLED:
        raise ConflictError(_("Hội nghị này đã bị hủy."), code="briefing_cancelled")


def require_meeting_day_reached(briefing: Briefing, what: str) -> None:
    if timezone.localdate() < briefing.date:
        raise ValidationFailed(
            _("Hội nghị họp ngày %(date)s; chỉ %(what)s từ ngày họp trở đi.")
            % {"date": f"{briefing.date:%d/%m/%Y}", "what": what},
            code="before_meeting",
        )


def require_status(briefing: Briefing, allowed: Iterable[str], message: str) -> None:
    if briefing.status not in allowed:
        raise ConflictError(message, code="wrong_status", details={"status": briefing.status})
