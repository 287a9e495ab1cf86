"""The chair's conclusions: numbered items in versions, each turning into tasks for a lead unit.

While the current version has no notice it is edited freely; once the notice is issued the version is locked and
a correction means a new version (`conclusion_version_new`, with a reason, audited) copied from the last one; the
old version and its notice stay as they were. Tasks created from an item keep pointing at that item.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.audit import acting_user, audit_record
from khoagiao.core.errors import ConflictError, ValidationFailed
from khoagiao.orgs.models import Unit
from khoagiao.tasks.choices import TaskSourceKind
from khoagiao.tasks.models import Task
from khoagiao.tasks.services import task_create

from ..choices import BriefingStatus
from ..models import Briefing, ConclusionItem, ConclusionVersion
from ..ordinals import ordinal_lead
from .common import locked_briefing, require_manager, require_meeting_day_reached, require_status

WRITABLE = {BriefingStatus.INVITED, BriefingStatus.HELD, BriefingStatus.CONCLUDED}


def tasks_of_items(item_ids: Iterable[int]) -> Any:
    return Task.objects.filter(
        source_type=ContentType.objects.get_for_model(ConclusionItem), source_id__in=list(item_ids)
    )


def current_version(briefing: Briefing, *, lock: bool = False) -> ConclusionVersion | None:
    queryset = ConclusionVersion.objects.filter(briefing=briefing)
    if lock:
        queryset = queryset.select_for_update()
    return queryset.order_by("-number").first()


def _editable_version(actor: Any, briefing: Briefing) -> ConclusionVersion:
    require_manager(actor, briefing)
    require_status(
        briefing, WRITABLE, _("Chỉ ghi kết luận cho hội nghị đã phát hành giấy mời và chưa bị hủy.")
    )
    require_meeting_day_reached(briefing, _("ghi kết luận"))
    version = current_version(briefing, lock=True)
    if version is None:
        version = ConclusionVersion.objects.create(briefing=briefing, number=1, created_by=acting_user(actor))
    if version.is_locked:
        raise ConflictError(
            _(
                "Thông báo kết luận đã ban hành; kết luận đã khóa. Muốn sửa, hãy tạo lần điều chỉnh mới "
                "(ghi rõ lý do); bản đã ban hành được giữ nguyên."
            ),
            code="conclusions_locked",
        )
    return version


def _validate(text: str, lead_unit: Unit | None, due_date: dt.date | None, briefing: Briefing) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(_("Hãy nhập nội dung kết luận."), code="text", details={"field": "text"})
    if due_date is not None and due_date < briefing.date:
        raise ValidationFailed(
            _("Thời hạn (%(due)s) không được trước ngày họp (%(date)s).")
            % {"due": f"{due_date:%d/%m/%Y}", "date": f"{briefing.date:%d/%m/%Y}"},
            code="due_date",
            details={"field": "due_date"},
        )
    return text


def _item_state(item: ConclusionItem) -> dict[str, Any]:
    return {
        "order": item.order,
        "text": item.text,
        "lead_unit": item.lead_unit_id,
        "due_date": item.due_date.isoformat() if item.due_date else None,
    }


@transaction.atomic
def conclusion_item_add(
    *,
    actor: Any,
    briefing: Briefing,
    text: str,
    lead_unit: Unit | None = None,
    due_date: dt.date | None = None,
) -> ConclusionItem:
    briefing = locked_briefing(briefing)
    version = _editable_version(actor, briefing)
    text = _validate(text, lead_unit, due_date, briefing)
    last = version.items.aggregate(last=Max("order"))["last"] or 0
    item = ConclusionItem.objects.create(
        version=version,
        order=last + 1,
        text=text,
        lead_unit=lead_unit,
        due_date=due_date,
        created_by=acting_user(actor),
    )
    audit_record(actor=actor, action="meetings.conclusion_add", obj=briefing, after=_item_state(item))
    return item


@transaction.atomic
def conclusion_item_update(
    *,
    actor: Any,
    item: ConclusionItem,
    text: str,
    lead_unit: Unit | None = None,
    due_date: dt.date | None = None,
) -> ConclusionItem:
    briefing = locked_briefing(item.version.briefing)
    version = _editable_version(actor, briefing)
    if item.version_id != version.pk:
        raise ConflictError(
            _("Kết luận này thuộc bản đã ban hành; chỉ sửa được kết luận của bản hiện hành."),
            code="conclusions_locked",
        )
    text = _validate(text, lead_unit, due_date, briefing)
    before = _item_state(item)
    item.text, item.lead_unit, item.due_date = text, lead_unit, due_date
    item.save(update_fields=["text", "lead_unit", "due_date", "updated_at"])
    audit_record(
        actor=actor, action="meetings.conclusion_update", obj=briefing, before=before, after=_item_state(item)
    )
    return item


@transaction.atomic
def conclusion_item_delete(*, actor: Any, item: ConclusionItem) -> None:
    briefing = locked_briefing(item.version.briefing)
    version = _editable_version(actor, briefing)
    if item.version_id != version.pk:
        raise ConflictError(
            _("Kết luận này thuộc bản đã ban hành; không xóa được."), code="conclusions_locked"
        )
    if tasks_of_items([item.pk]).exists():
        raise ConflictError(
            _("Kết luận này đã được giao thành nhiệm vụ; hãy hủy nhiệm vụ trước (kết luận được giữ lại)."),
            code="has_tasks",
        )
    before = _item_state(item)
    item.delete()
    for order, remaining in enumerate(version.items.order_by("order", "id"), start=1):
        if remaining.order != order:
            remaining.order = order
            remaining.save(update_fields=["order"])
    audit_record(actor=actor, action="meetings.conclusion_delete", obj=briefing, before=before)


@transaction.atomic
def conclusion_version_new(*, actor: Any, briefing: Briefing, reason: str) -> ConclusionVersion:
    """Open a correction of issued conclusions: a new version copied from the issued one, with its reason.
    The issued version and its notice stay unchanged; a new notice is issued from the new version."""
    briefing = locked_briefing(briefing)
    require_manager(actor, briefing)
    require_status(
        briefing,
        {BriefingStatus.CONCLUDED},
        _("Chỉ tạo lần điều chỉnh sau khi thông báo kết luận đã ban hành."),
    )
    version = current_version(briefing, lock=True)
    if version is None or not version.is_locked:
        raise ConflictError(
            _("Đang có một lần điều chỉnh chưa ban hành; hãy sửa tiếp bản đó."), code="draft_exists"
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            _("Hãy ghi lý do điều chỉnh kết luận."), code="reason", details={"field": "reason"}
        )
    new = ConclusionVersion.objects.create(
        briefing=briefing,
        number=version.number + 1,
        reason=reason[:500],
        opening=version.opening,
        created_by=acting_user(actor),
    )
    ConclusionItem.objects.bulk_create(
        [
            ConclusionItem(
                version=new,
                order=item.order,
                text=item.text,
                lead_unit_id=item.lead_unit_id,
                due_date=item.due_date,
                previous=item,
                created_by=acting_user(actor),
            )
            for item in version.items.order_by("order")
        ]
    )
    audit_record(
        actor=actor,
        action="meetings.conclusion_version_new",
        obj=briefing,
        before={
            "version": version.number,
            "items": [_item_state(i) for i in version.items.order_by("order")],
        },
        after={"version": new.number, "reason": new.reason},
    )
    return new


def conclusion_label(item: ConclusionItem) -> str:
    briefing = item.version.briefing
    return f"{ordinal_lead(item.order)} — kết luận {briefing.title} ({briefing.date:%d/%m/%Y})"[:300]


@transaction.atomic
def conclusion_task_create(
    *,
    actor: Any,
    item: ConclusionItem,
    lead_unit: Unit | None,
    due_date: dt.date | None,
    title: str = "",
    coordinating_units: Iterable[Unit] = (),
    description: str = "",
    assigned_on: dt.date | None = None,
) -> Task:
    """Turn a conclusion item into a task (one item may give several tasks, e.g. one per lead unit)."""
    briefing = locked_briefing(item.version.briefing)
    require_manager(actor, briefing)
    require_status(
        briefing,
        {BriefingStatus.HELD, BriefingStatus.CONCLUDED},
        _("Chỉ giao nhiệm vụ từ kết luận của hội nghị đã họp."),
    )
    return task_create(
        actor=actor,
        title=(title or item.text).strip()[:500],
        description=description or item.text,
        lead_unit=lead_unit,
        due_date=due_date,
        coordinating_units=coordinating_units,
        source=item,
        source_kind=TaskSourceKind.CONCLUSION,
        source_label=conclusion_label(item),
        assigning_unit=briefing.organising_unit,
        assigned_on=assigned_on or max(briefing.date, timezone.localdate()),
    )
