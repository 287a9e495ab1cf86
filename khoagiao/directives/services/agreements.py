"""Coordination agreements (quy chế, chương trình, kế hoạch phối hợp): parties, items, and their recurring tasks.

Each item becomes one task per slot of its frequency in a year (one for a yearly item, two for a six-monthly
one, four for a quarterly one). A slot's task is recorded in `AgreementItemTask` (unique per item, year and
slot): generating a year again, by hand or by the daily job, creates only what is missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.audit import acting_user, audit_record, snapshot
from khoagiao.core.errors import ValidationFailed
from khoagiao.core.permissions import require

from ..choices import AgreementKind, ItemFrequency
from ..models import Agreement, AgreementItem, AgreementItemTask, Directive
from ..permissions import can_manage_owned

AGREEMENT_AUDIT_FIELDS = (
    "kind",
    "title",
    "symbol",
    "signed_on",
    "start_year",
    "end_year",
    "document",
    "owner_unit",
    "parties",
)
MAX_YEARS = 10


def item_slots(frequency: str, year: int) -> list[tuple[int, dt.date, dt.date]]:
    """(slot, assigned on, due on) of an item in a year: due on the 15th of the slot's last month, in time for
    the six-monthly and yearly reports (Decree 09 windows close on the 14th)."""
    if frequency == ItemFrequency.QUARTER:
        return [(q, dt.date(year, 3 * q - 2, 1), dt.date(year, 3 * q, 15)) for q in range(1, 5)]
    if frequency == ItemFrequency.HALF_YEAR:
        return [
            (1, dt.date(year, 1, 1), dt.date(year, 6, 15)),
            (2, dt.date(year, 7, 1), dt.date(year, 12, 15)),
        ]
    return [(1, dt.date(year, 1, 1), dt.date(year, 12, 15))]


def _require(actor: Any, agreement_owner: Any) -> None:
    if actor is not None:
        require(
            can_manage_owned(actor, agreement_owner),
            _("Chỉ Ban theo dõi «%(unit)s» mới sửa quy chế, chương trình phối hợp này.")
            % {"unit": agreement_owner.name},
        )


@transaction.atomic
def agreement_create(
    *,
    actor: Any,
    title: str,
    signed_on: dt.date | None,
    start_year: int | None,
    end_year: int | None,
    owner_unit: Any,
    parties: Iterable[Any],
    kind: str = AgreementKind.RULES,
    symbol: str = "",
    document: Directive | None = None,
) -> Agreement:
    if owner_unit is None:
        raise ValidationFailed(_("Hãy chọn cơ quan theo dõi."), details={"field": "owner_unit"})
    _require(actor, owner_unit)
    title = (title or "").strip()
    parties = [unit for unit in parties if unit.pk != owner_unit.pk]
    if not title:
        raise ValidationFailed(_("Hãy nhập tên quy chế, chương trình phối hợp."), details={"field": "title"})
    if kind not in AgreementKind.values:
        raise ValidationFailed(_("Loại không hợp lệ."), details={"field": "kind"})
    if signed_on is None:
        raise ValidationFailed(_("Hãy nhập ngày ký."), details={"field": "signed_on"})
    if start_year is None or end_year is None or end_year < start_year:
        raise ValidationFailed(
            _("Giai đoạn không hợp lệ: năm kết thúc phải từ năm bắt đầu trở đi (ví dụ 2022–2027)."),
            details={"field": "end_year"},
        )
    if end_year - start_year > MAX_YEARS:
        raise ValidationFailed(
            _("Giai đoạn tối đa %(max)d năm.") % {"max": MAX_YEARS}, details={"field": "end_year"}
        )
    if not parties:
        raise ValidationFailed(_("Hãy chọn ít nhất một bên phối hợp."), details={"field": "parties"})
    agreement = Agreement.objects.create(
        kind=kind,
        title=title,
        symbol=" ".join((symbol or "").split()),
        signed_on=signed_on,
        start_year=start_year,
        end_year=end_year,
        document=document,
        owner_unit=owner_unit,
        created_by=acting_user(actor),
    )
    agreement.parties.set(parties)
    audit_record(
        actor=actor,
        action="directives.agreement_create",
        obj=agreement,
        after=snapshot(agreement, AGREEMENT_AUDIT_FIELDS),
    )
    return agreement


@transaction.atomic
def agreement_item_create(
    *,
    actor: Any,
    agreement: Agreement,
    title: str,
    lead_unit: Any,
    coordinating_units: Iterable[Any] = (),
    frequency: str = ItemFrequency.YEAR,
) -> AgreementItem:
    _require(actor, agreement.owner_unit)
    title = (title or "").strip()
    if not title:
        raise ValidationFailed(_("Hãy nhập nội dung phối hợp."), details={"field": "title"})
    if frequency not in ItemFrequency.values:
        raise ValidationFailed(_("Tần suất không hợp lệ."), details={"field": "frequency"})
    allowed = {agreement.owner_unit_id, *agreement.parties.values_list("pk", flat=True)}
    if lead_unit is None:
        raise ValidationFailed(_("Hãy chọn bên chủ trì."), details={"field": "lead_unit"})
    coordinating = [unit for unit in coordinating_units if unit.pk != lead_unit.pk]
    outside = [unit.name for unit in [lead_unit, *coordinating] if unit.pk not in allowed]
    if outside:
        raise ValidationFailed(
            _("Chỉ các bên của quy chế mới được giao nội dung phối hợp; không phải là bên: %(units)s.")
            % {"units": ", ".join(outside)},
            code="not_a_party",
            details={"field": "lead_unit"},
        )
    order = (agreement.items.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    item = AgreementItem.objects.create(
        agreement=agreement,
        order=order,
        title=title,
        frequency=frequency,
        lead_unit=lead_unit,
        created_by=acting_user(actor),
    )
    item.coordinating_units.set(coordinating)
    audit_record(
        actor=actor,
        action="directives.agreement_item_create",
        obj=agreement,
        after={"item": item.pk, "title": title, "frequency": frequency, "lead_unit": lead_unit.pk},
    )
    return item


@transaction.atomic
def agreement_generate_tasks(*, actor: Any, agreement: Agreement, year: int) -> int:
    """The tasks of every item for `year` (one per slot); returns how many were created. Idempotent."""
    from khoagiao.tasks.choices import TaskSourceKind
    from khoagiao.tasks.services import task_create

    agreement = Agreement.objects.select_for_update().select_related("owner_unit").get(pk=agreement.pk)
    _require(actor, agreement.owner_unit)
    if not agreement.start_year <= year <= agreement.end_year:
        raise ValidationFailed(
            _("Năm %(year)d nằm ngoài giai đoạn %(start)d–%(end)d của quy chế.")
            % {"year": year, "start": agreement.start_year, "end": agreement.end_year},
            details={"field": "year"},
        )
    if year > timezone.localdate().year + 1:
        raise ValidationFailed(_("Chỉ tạo nhiệm vụ đến năm sau."), details={"field": "year"})
    items = list(agreement.items.select_related("lead_unit").prefetch_related("coordinating_units"))
    done = set(
        AgreementItemTask.objects.filter(item__agreement=agreement, year=year).values_list("item_id", "slot")
    )
    created = 0
    for item in items:
        slots = item_slots(item.frequency, year)
        for slot, assigned_on, due_on in slots:
            if (item.pk, slot) in done:
                continue
            suffix = (
                f" năm {year}"
                if len(slots) == 1
                else f" ({'quý' if len(slots) == 4 else 'đợt'} {slot}/{year})"
            )
            task = task_create(
                actor=actor,
                title=f"{item.title}{suffix}"[:500],
                lead_unit=item.lead_unit,
                coordinating_units=list(item.coordinating_units.all()),
                due_date=due_on,
                description=f"Nội dung phối hợp theo {agreement.title}.",
                source=item,
                source_kind=TaskSourceKind.AGREEMENT,
                source_label=str(agreement)[:300],
                assigning_unit=agreement.owner_unit,
                assigned_on=assigned_on,
            )
            AgreementItemTask.objects.create(item=item, year=year, slot=slot, task=task)
            created += 1
    if created:
        audit_record(
            actor=actor,
            action="directives.agreement_generate_tasks",
            obj=agreement,
            after={"year": year, "created": created},
        )
    return created


def agreements_generate_current_year(*, today: dt.date | None = None) -> int:
    """The daily job: this year's tasks of every agreement running this year."""
    year = (today or timezone.localdate()).year
    return sum(
        agreement_generate_tasks(actor=None, agreement=agreement, year=year)
        for agreement in Agreement.objects.filter(start_year__lte=year, end_year__gte=year)
    )
