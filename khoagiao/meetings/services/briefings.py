"""Planning a briefing: create, edit, cancel, mark held; its invited units; the agenda and its documents;
topics proposed by units before the cut-off."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from typing import IO, Any

from django.core.files.base import File
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.audit import acting_user, audit_record, snapshot
from khoagiao.core.errors import ConflictError, ValidationFailed
from khoagiao.core.permissions import require
from khoagiao.core.uploads import OLE_TYPES, clean_upload_name, file_sha256, upload_check
from khoagiao.orgs.models import Unit

from ..choices import BriefingKind, BriefingStatus, ProposalStatus
from ..models import AgendaDocument, AgendaItem, AgendaProposal, Attendance, Briefing
from ..permissions import can_act_for_unit, can_organise_for
from .common import (
    BRIEFING_AUDIT_FIELDS,
    locked_briefing,
    require_manager,
    require_meeting_day_reached,
    require_not_cancelled,
    require_status,
)

NOT_INVITED_KINDS = {"division", "leadership"}
MAX_DOCUMENTS_PER_ITEM = 10
EDITABLE_AGENDA = {BriefingStatus.PLANNED, BriefingStatus.INVITED}


def default_invited_units(organising_unit: Unit, *, on: dt.date) -> QuerySet[Unit]:
    """The bloc by default: the organising unit's direct child units of its own level (the provincial agencies
    under the provincial department), open on the meeting day, except its own divisions and leadership bodies.
    Communes under the department have their own base-level bloc; they are added by hand when a briefing
    concerns them."""
    return (
        Unit.objects.filter(parent=organising_unit, level_id=organising_unit.level_id, valid_from__lte=on)
        .exclude(valid_to__lt=on)
        .exclude(kind__code__in=NOT_INVITED_KINDS)
        .order_by("path")
    )


def _validate(
    *,
    title: str,
    kind: str,
    date: dt.date | None,
    place: str,
    chair_name: str,
    proposal_cutoff: dt.date | None,
) -> None:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Hãy nhập tên hội nghị.")
    if kind not in BriefingKind.values:
        errors["kind"] = _("Loại giao ban không hợp lệ.")
    if date is None:
        errors["date"] = _("Hãy nhập ngày họp.")
    if not place.strip():
        errors["place"] = _("Hãy nhập địa điểm họp.")
    if not chair_name.strip():
        errors["chair_name"] = _("Hãy nhập họ tên người chủ trì.")
    if date is not None and proposal_cutoff is not None and proposal_cutoff > date:
        errors["proposal_cutoff"] = _("Hạn đề xuất nội dung (%(cutoff)s) phải trước ngày họp (%(date)s).") % {
            "cutoff": f"{proposal_cutoff:%d/%m/%Y}",
            "date": f"{date:%d/%m/%Y}",
        }
    if errors:
        field, message = next(iter(errors.items()))
        raise ValidationFailed(message, code="invalid_briefing", details={"field": field, "fields": errors})


def _set_invited_units(briefing: Briefing, units: Iterable[Unit]) -> None:
    wanted = {unit.pk: unit for unit in units if unit.pk != briefing.organising_unit_id}
    Attendance.objects.filter(briefing=briefing).exclude(unit_id__in=wanted).delete()
    existing = set(Attendance.objects.filter(briefing=briefing).values_list("unit_id", flat=True))
    Attendance.objects.bulk_create(
        [Attendance(briefing=briefing, unit=unit) for pk, unit in wanted.items() if pk not in existing]
    )


@transaction.atomic
def briefing_create(
    *,
    actor: Any,
    organising_unit: Unit,
    title: str,
    kind: str,
    date: dt.date | None,
    place: str,
    chair_name: str,
    start_time: dt.time | None = None,
    chair_title: str = "",
    chair_user: Any = None,
    secretary: Any = None,
    proposal_cutoff: dt.date | None = None,
    period: Any = None,
    notes: str = "",
    invited_units: Iterable[Unit] | None = None,
) -> Briefing:
    """Plan a briefing. Without `invited_units`, the bloc is invited (see `default_invited_units`)."""
    require(
        can_organise_for(actor, organising_unit),
        _("Chỉ cán bộ của Ban mới được tổ chức hội nghị giao ban của đơn vị này."),
    )
    _validate(
        title=title, kind=kind, date=date, place=place, chair_name=chair_name, proposal_cutoff=proposal_cutoff
    )
    assert date is not None
    briefing = Briefing.objects.create(
        title=title.strip(),
        kind=kind,
        organising_unit=organising_unit,
        date=date,
        start_time=start_time or dt.time(8, 0),
        place=place.strip(),
        chair_name=chair_name.strip(),
        chair_title=chair_title.strip(),
        chair_user=chair_user,
        secretary=secretary if secretary is not None else acting_user(actor),
        proposal_cutoff=proposal_cutoff,
        period=period,
        notes=notes.strip(),
        created_by=acting_user(actor),
    )
    units = (
        list(invited_units)
        if invited_units is not None
        else list(default_invited_units(organising_unit, on=date))
    )
    _set_invited_units(briefing, units)
    after = snapshot(briefing, BRIEFING_AUDIT_FIELDS)
    after["invited_units"] = sorted(unit.pk for unit in units)
    audit_record(actor=actor, action="meetings.briefing_create", obj=briefing, after=after)
    return briefing


@transaction.atomic
def briefing_update(
    *,
    actor: Any,
    briefing: Briefing,
    version: int | None = None,
    invited_units: Iterable[Unit] | None = None,
    **changes: Any,
) -> Briefing:
    """Edit the briefing's details before it is held. The invited units change only before the invitation is
    issued (afterwards the numbered invitation names them). `version` guards against two people editing."""
    briefing = locked_briefing(briefing)
    require_manager(actor, briefing)
    require_status(
        briefing,
        {BriefingStatus.PLANNED, BriefingStatus.INVITED},
        _("Hội nghị đã họp hoặc đã hủy; không sửa thông tin hội nghị được nữa."),
    )
    if version is not None and version != briefing.version:
        raise ConflictError(
            _("Người khác vừa sửa hội nghị này; hãy tải lại trang và nhập lại thay đổi."), code="stale"
        )
    allowed = set(BRIEFING_AUDIT_FIELDS) - {"status", "organising_unit"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationFailed(_("Trường không sửa được: %(names)s") % {"names": ", ".join(sorted(unknown))})
    merged = {name: getattr(briefing, name) for name in ("title", "kind", "date", "place", "chair_name")}
    merged["proposal_cutoff"] = briefing.proposal_cutoff
    merged.update({key: value for key, value in changes.items() if key in merged})
    _validate(**merged)
    before = snapshot(briefing, BRIEFING_AUDIT_FIELDS)
    before["invited_units"] = sorted(briefing.attendances.values_list("unit_id", flat=True))
    for name, value in changes.items():
        setattr(briefing, name, value.strip() if isinstance(value, str) else value)
    briefing.version += 1
    briefing.save()
    if invited_units is not None:
        units = list(invited_units)
        current = set(before["invited_units"])
        if {unit.pk for unit in units} != current:
            if briefing.status != BriefingStatus.PLANNED:
                raise ConflictError(
                    _("Giấy mời đã phát hành; không thay đổi thành phần mời được nữa."),
                    code="already_invited",
                )
            _set_invited_units(briefing, units)
    after = snapshot(briefing, BRIEFING_AUDIT_FIELDS)
    after["invited_units"] = sorted(briefing.attendances.values_list("unit_id", flat=True))
    audit_record(actor=actor, action="meetings.briefing_update", obj=briefing, before=before, after=after)
    return briefing


@transaction.atomic
def briefing_cancel(*, actor: Any, briefing: Briefing, reason: str) -> Briefing:
    briefing = locked_briefing(briefing)
    require_manager(actor, briefing)
    require_status(
        briefing,
        {BriefingStatus.PLANNED, BriefingStatus.INVITED},
        _("Chỉ hủy được hội nghị chưa họp."),
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(_("Hãy ghi lý do hủy hội nghị."), code="reason", details={"field": "reason"})
    before = {"status": briefing.status}
    briefing.status = BriefingStatus.CANCELLED
    briefing.cancel_reason = reason[:500]
    briefing.save(update_fields=["status", "cancel_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="meetings.briefing_cancel",
        obj=briefing,
        before=before,
        after={"status": briefing.status, "reason": briefing.cancel_reason},
    )
    return briefing


@transaction.atomic
def briefing_mark_held(*, actor: Any, briefing: Briefing) -> Briefing:
    """The briefing took place (on or after its date, after the invitation went out)."""
    briefing = locked_briefing(briefing)
    require_manager(actor, briefing)
    require_not_cancelled(briefing)
    require_status(
        briefing,
        {BriefingStatus.INVITED},
        _("Chỉ ghi nhận đã họp khi giấy mời đã phát hành và hội nghị chưa được ghi nhận đã họp."),
    )
    require_meeting_day_reached(briefing, _("ghi nhận đã họp"))
    briefing.status = BriefingStatus.HELD
    briefing.held_at = timezone.now()
    briefing.save(update_fields=["status", "held_at", "updated_at"])
    audit_record(
        actor=actor,
        action="meetings.briefing_mark_held",
        obj=briefing,
        before={"status": BriefingStatus.INVITED},
        after={"status": briefing.status},
    )
    return briefing


# --- Agenda -------------------------------------------------------------------------------------------------


def _validate_item(title: str, duration_minutes: int) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationFailed(_("Hãy nhập nội dung chương trình."), code="title", details={"field": "title"})
    if not 1 <= int(duration_minutes) <= 600:
        raise ValidationFailed(
            _("Thời lượng phải từ 1 đến 600 phút."), code="duration", details={"field": "duration_minutes"}
        )
    return title[:500]


@transaction.atomic
def agenda_item_add(
    *,
    actor: Any,
    briefing: Briefing,
    title: str,
    presenter_unit: Unit | None = None,
    duration_minutes: int = 15,
) -> AgendaItem:
    briefing = locked_briefing(briefing)
    require_manager(actor, briefing)
    require_status(
        briefing, EDITABLE_AGENDA, _("Hội nghị đã họp hoặc đã hủy; không sửa chương trình được nữa.")
    )
    title = _validate_item(title, duration_minutes)
    last = briefing.agenda_items.aggregate(last=Max("order"))["last"] or 0
    item = AgendaItem.objects.create(
        briefing=briefing,
        order=last + 1,
        title=title,
        presenter_unit=presenter_unit,
        duration_minutes=duration_minutes,
        created_by=acting_user(actor),
    )
    audit_record(
        actor=actor,
        action="meetings.agenda_item_add",
        obj=briefing,
        after={
            "item": item.pk,
            "title": title,
            "presenter_unit": presenter_unit.pk if presenter_unit else None,
        },
    )
    return item


@transaction.atomic
def agenda_item_delete(*, actor: Any, item: AgendaItem) -> None:
    briefing = locked_briefing(item.briefing)
    require_manager(actor, briefing)
    require_status(
        briefing, EDITABLE_AGENDA, _("Hội nghị đã họp hoặc đã hủy; không sửa chương trình được nữa.")
    )
    before = {"item": item.pk, "title": item.title}
    AgendaProposal.objects.filter(agenda_item=item).update(status=ProposalStatus.PENDING, agenda_item=None)
    item.delete()
    for order, remaining in enumerate(briefing.agenda_items.order_by("order", "id"), start=1):
        if remaining.order != order:
            remaining.order = order
            remaining.save(update_fields=["order"])
    audit_record(actor=actor, action="meetings.agenda_item_delete", obj=briefing, before=before)


@transaction.atomic
def agenda_document_add(*, actor: Any, item: AgendaItem, file: Any) -> AgendaDocument:
    """Attach a document to an agenda item (checked by content and size, at most 10 per item)."""
    briefing = locked_briefing(item.briefing)
    require_manager(actor, briefing)
    require_not_cancelled(briefing)
    name = clean_upload_name(getattr(file, "name", ""))
    if item.documents.count() >= MAX_DOCUMENTS_PER_ITEM:
        raise ValidationFailed(
            _("Mỗi nội dung có tối đa %(max)d tài liệu.") % {"max": MAX_DOCUMENTS_PER_ITEM},
            code="too_many_files",
            details={"field": "file"},
        )
    size = int(getattr(file, "size", 0) or 0)
    stream: IO[bytes] = file.file if hasattr(file, "file") and file.file is not None else file
    kind = upload_check(name=name, size=size, stream=stream)
    document = AgendaDocument(
        item=item,
        name=name,
        size=size,
        content_type=OLE_TYPES.get(os.path.splitext(name)[1].lower(), kind.content_type),
        sha256=file_sha256(stream),
        uploaded_by=acting_user(actor),
    )
    stream.seek(0)
    document.file.save(name, File(stream, name=name), save=False)
    document.save()
    audit_record(
        actor=actor,
        action="meetings.agenda_document_add",
        obj=briefing,
        after={"item": item.pk, "name": name, "sha256": document.sha256},
    )
    return document


# --- Proposals from units -----------------------------------------------------------------------------------


@transaction.atomic
def proposal_submit(
    *, actor: Any, briefing: Briefing, unit: Unit, title: str, description: str = ""
) -> AgendaProposal:
    """A unit proposes a topic, before the cut-off (or the meeting day when there is none)."""
    briefing = locked_briefing(briefing)
    require(
        can_act_for_unit(actor, unit),
        _("Chỉ đầu mối hoặc lãnh đạo của đơn vị mới được đề xuất nội dung thay cho đơn vị."),
    )
    if not briefing.attendances.filter(unit=unit).exists():
        raise ValidationFailed(_("Đơn vị %(unit)s không được mời dự hội nghị này.") % {"unit": unit.name})
    require_status(briefing, EDITABLE_AGENDA, _("Hội nghị đã họp hoặc đã hủy; không nhận đề xuất nữa."))
    cutoff = briefing.proposal_cutoff or briefing.date - dt.timedelta(days=1)
    today = timezone.localdate()
    if today > cutoff:
        raise ValidationFailed(
            _("Đã hết hạn đề xuất nội dung (%(cutoff)s).") % {"cutoff": f"{cutoff:%d/%m/%Y}"},
            code="cutoff_passed",
        )
    title = (title or "").strip()
    if not title:
        raise ValidationFailed(_("Hãy nhập nội dung đề xuất."), code="title", details={"field": "title"})
    proposal = AgendaProposal.objects.create(
        briefing=briefing,
        unit=unit,
        title=title[:500],
        description=(description or "").strip(),
        created_by=acting_user(actor),
    )
    audit_record(
        actor=actor, action="meetings.proposal_submit", obj=proposal, after={"unit": unit.pk, "title": title}
    )
    return proposal


@transaction.atomic
def proposal_decide(
    *, actor: Any, proposal: AgendaProposal, accept: bool, note: str = "", duration_minutes: int = 15
) -> AgendaProposal:
    """The department accepts a proposed topic (it becomes an agenda item presented by the unit) or declines it
    (with a reason the unit sees)."""
    briefing = locked_briefing(proposal.briefing)
    require_manager(actor, briefing)
    proposal = AgendaProposal.objects.select_for_update().select_related("unit").get(pk=proposal.pk)
    if proposal.status != ProposalStatus.PENDING:
        raise ConflictError(_("Đề xuất này đã được xem xét."), code="already_decided")
    note = (note or "").strip()
    if not accept and not note:
        raise ValidationFailed(
            _("Hãy ghi lý do không đưa đề xuất vào chương trình."), code="reason", details={"field": "note"}
        )
    if accept:
        proposal.agenda_item = agenda_item_add(
            actor=actor,
            briefing=briefing,
            title=proposal.title,
            presenter_unit=proposal.unit,
            duration_minutes=duration_minutes,
        )
    proposal.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.DECLINED
    proposal.decision_note = note[:500]
    proposal.decided_by = acting_user(actor)
    proposal.decided_at = timezone.now()
    proposal.save()
    audit_record(
        actor=actor,
        action="meetings.proposal_decide",
        obj=proposal,
        before={"status": ProposalStatus.PENDING},
        after={"status": proposal.status, "note": proposal.decision_note},
    )
    return proposal
