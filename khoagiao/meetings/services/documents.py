"""Issuing the briefing's numbered documents through the register: the invitation (planned → invited, with
notifications to the invited units' focal points and leaders) and the concluding notice (held → concluded)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from khoagiao.accounts.models import Membership
from khoagiao.core.audit import audit_record
from khoagiao.core.errors import ConflictError, ValidationFailed
from khoagiao.core.notifications import notify
from khoagiao.reporting.choices import OutgoingDocumentKind
from khoagiao.reporting.models import OutgoingDocument
from khoagiao.reporting.services.register import document_for_source, document_issue

from ..choices import BriefingStatus
from ..documents import invitation_docx, invitation_recipients, notice_docx, notice_recipients, signature_for
from ..models import Briefing, ConclusionVersion
from ..permissions import UNIT_ACTORS
from .common import locked_briefing, require_manager, require_status

INVITATION_ROLE = "invitation"
NOTICE_ROLE = "notice"


def _attendances(briefing: Briefing) -> list[Any]:
    return list(briefing.attendances.select_related("unit").order_by("unit__path"))


def invitation_document(briefing: Briefing) -> OutgoingDocument | None:
    return document_for_source(briefing, INVITATION_ROLE)


@transaction.atomic
def invitation_issue(*, actor: Any, briefing: Briefing, issued_on: dt.date | None = None) -> OutgoingDocument:
    """Number and issue the invitation (Giấy mời, GM) and tell each invited unit's focal points and leaders."""
    briefing = locked_briefing(briefing)
    require_manager(actor, briefing)
    require_status(
        briefing, {BriefingStatus.PLANNED}, _("Giấy mời chỉ phát hành một lần, khi hội nghị đang chuẩn bị.")
    )
    attendances = _attendances(briefing)
    agenda = list(briefing.agenda_items.select_related("presenter_unit").order_by("order", "id"))
    if not attendances:
        raise ValidationFailed(_("Hội nghị chưa có đơn vị nào được mời."), code="no_invited_units")
    if not agenda:
        raise ValidationFailed(
            _("Hãy lập chương trình hội nghị (ít nhất một nội dung) trước khi phát hành giấy mời."),
            code="no_agenda",
        )
    confirm_by = briefing.proposal_cutoff
    document = document_issue(
        actor=actor,
        issuing_unit=briefing.organising_unit,
        kind=OutgoingDocumentKind.GM,
        title=f"Giấy mời dự {briefing.title}",
        build=lambda row: invitation_docx(
            briefing, row, attendances=attendances, agenda=agenda, confirm_by=confirm_by
        ),
        file_name=f"giay-moi-giao-ban-{briefing.pk}.docx",
        source=briefing,
        source_role=INVITATION_ROLE,
        issued_on=issued_on,
        signer_name=signature_for(briefing).signer_name,
        recipients=invitation_recipients(attendances),
    )
    briefing.status = BriefingStatus.INVITED
    briefing.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="meetings.invitation_issue",
        obj=briefing,
        before={"status": BriefingStatus.PLANNED},
        after={"status": briefing.status, "document": document.pk, "symbol": document.symbol},
    )
    url = reverse("meetings:unit_view", args=[briefing.pk])
    memberships = (
        Membership.objects.filter(
            unit_id__in=[attendance.unit_id for attendance in attendances],
            role__in=UNIT_ACTORS,
            is_active=True,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user_id")
    )
    seen: set[int] = set()
    for membership in memberships:
        if membership.user_id in seen:
            continue
        seen.add(membership.user_id)
        notify(
            membership.user,
            kind="meetings.invitation",
            title=_("Giấy mời: %(title)s") % {"title": briefing.title},
            body=_("%(time)s ngày %(date)s tại %(place)s. Hãy xác nhận thành phần tham dự của đơn vị.")
            % {
                "time": f"{briefing.start_time:%H:%M}",
                "date": f"{briefing.date:%d/%m/%Y}",
                "place": briefing.place,
            },
            url=url,
            dedupe_key=f"meetings:invitation:{briefing.pk}:{membership.user_id}",
        )
    return document


@transaction.atomic
def notice_issue(*, actor: Any, briefing: Briefing, issued_on: dt.date | None = None) -> OutgoingDocument:
    """Number and issue the concluding notice (Thông báo kết luận, TB) of the current conclusion version; the
    version is locked from then on. A later version's notice names the one it replaces."""
    from .conclusions import current_version

    briefing = locked_briefing(briefing)
    require_manager(actor, briefing)
    require_status(
        briefing,
        {BriefingStatus.HELD, BriefingStatus.CONCLUDED},
        _("Thông báo kết luận chỉ ban hành sau khi hội nghị đã họp."),
    )
    version = current_version(briefing, lock=True)
    if version is None:
        raise ValidationFailed(
            _("Chưa có kết luận nào; hãy ghi các kết luận trước khi ban hành thông báo."),
            code="no_conclusions",
        )
    if version.is_locked:
        raise ConflictError(
            _("Kết luận hiện hành đã có thông báo; muốn điều chỉnh hãy tạo lần điều chỉnh mới."),
            code="notice_already_issued",
        )
    items = list(version.items.select_related("lead_unit").order_by("order"))
    if not items:
        raise ValidationFailed(
            _("Chưa có kết luận nào; hãy ghi các kết luận trước khi ban hành thông báo."),
            code="no_conclusions",
        )
    previous = (
        ConclusionVersion.objects.filter(briefing=briefing, number__lt=version.number, notice__isnull=False)
        .select_related("notice")
        .order_by("-number")
        .first()
    )
    replaces = previous.notice if previous is not None else None
    attendances = _attendances(briefing)
    title = f"Thông báo kết luận {briefing.title}"
    if version.number > 1:
        title += f" (điều chỉnh lần {version.number - 1})"
    document = document_issue(
        actor=actor,
        issuing_unit=briefing.organising_unit,
        kind=OutgoingDocumentKind.TB,
        title=title,
        build=lambda row: notice_docx(
            briefing, row, version=version, items=items, attendances=attendances, replaces=replaces
        ),
        file_name=f"thong-bao-ket-luan-{briefing.pk}-{version.number}.docx",
        source=version,
        source_role=NOTICE_ROLE,
        issued_on=issued_on,
        signer_name=signature_for(briefing).signer_name,
        recipients=notice_recipients(attendances),
    )
    version.notice = document
    version.save(update_fields=["notice", "updated_at"])
    before_status = briefing.status
    briefing.status = BriefingStatus.CONCLUDED
    briefing.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="meetings.notice_issue",
        obj=briefing,
        before={"status": before_status},
        after={"status": briefing.status, "version": version.number, "symbol": document.symbol},
    )
    return document
