"""The province's implementation plans of a central document, and their items that become tasks."""

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

from ..choices import DirectiveIssuer, PlanKind
from ..models import Directive, ImplementationPlan, PlanItem
from ..permissions import can_manage_owned

PLAN_AUDIT_FIELDS = (
    "directive",
    "kind",
    "symbol",
    "issued_on",
    "issuer",
    "title",
    "owner_unit",
    "lead_unit",
    "coordinating_units",
)


def _under(unit: Any, owner: Any) -> bool:
    return unit.pk != owner.pk and unit.path.startswith(owner.path)


def _check_units(owner_unit: Any, lead_unit: Any, coordinating: list[Any]) -> None:
    if lead_unit is None:
        raise ValidationFailed(_("Hãy chọn đơn vị chủ trì."), details={"field": "lead_unit"})
    outside = [unit.name for unit in [lead_unit, *coordinating] if not _under(unit, owner_unit)]
    if outside:
        raise ValidationFailed(
            _(
                "Các đơn vị phải trực thuộc «%(owner)s» (đơn vị theo dõi, nhận báo cáo); không thể chọn: %(units)s."
            )
            % {"owner": owner_unit.name, "units": ", ".join(outside)},
            code="units_outside",
            details={"field": "lead_unit"},
        )


@transaction.atomic
def plan_create(
    *,
    actor: Any,
    directive: Directive,
    symbol: str,
    issued_on: dt.date | None,
    title: str,
    owner_unit: Any,
    lead_unit: Any,
    coordinating_units: Iterable[Any] = (),
    kind: str = PlanKind.PLAN,
    issuer: str = DirectiveIssuer.PROVINCIAL_STANDING,
) -> ImplementationPlan:
    if owner_unit is None:
        raise ValidationFailed(_("Hãy chọn cơ quan theo dõi."), details={"field": "owner_unit"})
    require(
        can_manage_owned(actor, owner_unit),
        _("Bạn không thuộc Ban theo dõi «%(unit)s».") % {"unit": owner_unit.name},
    )
    symbol = " ".join((symbol or "").split())
    title = (title or "").strip()
    coordinating = [unit for unit in coordinating_units if lead_unit is None or unit.pk != lead_unit.pk]
    if not symbol:
        raise ValidationFailed(_("Hãy nhập số, ký hiệu của kế hoạch."), details={"field": "symbol"})
    if not title:
        raise ValidationFailed(_("Hãy nhập trích yếu của kế hoạch."), details={"field": "title"})
    if kind not in PlanKind.values:
        raise ValidationFailed(_("Loại kế hoạch không hợp lệ."), details={"field": "kind"})
    if issued_on is None or issued_on < directive.issued_on:
        raise ValidationFailed(
            _("Kế hoạch triển khai phải ban hành từ ngày %(day)s (ngày của %(directive)s).")
            % {"day": f"{directive.issued_on:%d/%m/%Y}", "directive": directive.short_name},
            details={"field": "issued_on"},
        )
    _check_units(owner_unit, lead_unit, coordinating)
    if ImplementationPlan.objects.filter(
        directive=directive, symbol__iexact=symbol, issued_on=issued_on
    ).exists():
        raise ValidationFailed(
            _("Kế hoạch %(symbol)s ngày %(day)s đã có.") % {"symbol": symbol, "day": f"{issued_on:%d/%m/%Y}"},
            code="duplicate",
            details={"field": "symbol"},
        )
    plan = ImplementationPlan.objects.create(
        directive=directive,
        kind=kind,
        symbol=symbol,
        issued_on=issued_on,
        issuer=issuer,
        title=title,
        owner_unit=owner_unit,
        lead_unit=lead_unit,
        created_by=acting_user(actor),
    )
    plan.coordinating_units.set(coordinating)
    audit_record(
        actor=actor, action="directives.plan_create", obj=plan, after=snapshot(plan, PLAN_AUDIT_FIELDS)
    )
    return plan


@transaction.atomic
def plan_item_create(
    *,
    actor: Any,
    plan: ImplementationPlan,
    title: str,
    due_on: dt.date | None,
    lead_unit: Any = None,
    coordinating_units: Iterable[Any] = (),
    description: str = "",
    assigned_on: dt.date | None = None,
) -> PlanItem:
    """Add an item to the plan and hand it to the task engine as one task (source: the item)."""
    from khoagiao.tasks.choices import TaskSourceKind
    from khoagiao.tasks.services import task_create

    require(can_manage_owned(actor, plan.owner_unit), _("Bạn không thuộc Ban theo dõi kế hoạch này."))
    lead_unit = lead_unit or plan.lead_unit
    coordinating = [unit for unit in coordinating_units if unit.pk != lead_unit.pk]
    _check_units(plan.owner_unit, lead_unit, coordinating)
    title = (title or "").strip()
    if not title:
        raise ValidationFailed(_("Hãy nhập nội dung nhiệm vụ."), details={"field": "title"})
    if due_on is None or due_on < plan.issued_on:
        raise ValidationFailed(
            _("Hạn hoàn thành phải từ ngày ban hành kế hoạch (%(day)s).")
            % {"day": f"{plan.issued_on:%d/%m/%Y}"},
            details={"field": "due_on"},
        )
    order = (plan.items.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    item = PlanItem.objects.create(
        plan=plan,
        order=order,
        title=title,
        description=(description or "").strip(),
        lead_unit=lead_unit,
        due_on=due_on,
        created_by=acting_user(actor),
    )
    item.coordinating_units.set(coordinating)
    task = task_create(
        actor=actor,
        title=title,
        lead_unit=lead_unit,
        coordinating_units=coordinating,
        due_date=due_on,
        description=item.description,
        source=item,
        source_kind=TaskSourceKind.DIRECTIVE,
        source_label=f"{plan} triển khai {plan.directive.short_name}"[:300],
        assigning_unit=plan.owner_unit,
        assigned_on=assigned_on or max(plan.issued_on, min(timezone.localdate(), due_on)),
        field=plan.directive.fields.first(),
    )
    item.task = task
    item.save(update_fields=["task", "updated_at"])
    audit_record(
        actor=actor,
        action="directives.plan_item_create",
        obj=plan,
        after={"item": item.pk, "title": title, "task": task.pk, "due_on": due_on},
    )
    return item
