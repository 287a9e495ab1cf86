"""The routing table (field × area → responsible unit) and the lookup that applies it."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from khoagiao.core.audit import audit_record, snapshot
from khoagiao.core.errors import ConflictError
from khoagiao.core.permissions import require

from ..models import RoutingRule
from ..permissions import can_manage_routing

RULE_FIELDS = ("field", "area", "responsible_unit", "note")


def department_of(unit: Any) -> Any:
    """The department over `unit`: the nearest ancestor (or the unit) of kind «Ban đảng» with a document
    symbol, else the top of the tree's first party board; the fallback of the routing table."""
    from khoagiao.orgs.models import Unit

    ancestors = {u.pk: u for u in Unit.objects.filter(pk__in=unit.ancestor_ids()).select_related("kind")}
    for pk in reversed(unit.ancestor_ids()):
        candidate = ancestors.get(pk)
        if candidate is not None and candidate.kind.code == "party_board":
            return candidate
    board = (
        Unit.objects.filter(kind__code="party_board", valid_to__isnull=True).order_by("depth", "pk").first()
    )
    return board or unit


def route_lookup(*, field: Any, area: Any) -> tuple[Any, RoutingRule | None]:
    """(responsible unit, rule used) for an issue of `field` in `area`: the rule of the deepest area among the
    area and its ancestors, a rule naming the field before one for any field; the department when none."""
    ancestor_ids = area.ancestor_ids()
    depth = {pk: index for index, pk in enumerate(ancestor_ids)}
    rules = list(
        RoutingRule.objects.filter(area_id__in=ancestor_ids)
        .filter(**({"field__in": [field]} if field is not None else {"field__isnull": True}))
        .select_related("responsible_unit")
    )
    if field is not None:
        rules += list(
            RoutingRule.objects.filter(area_id__in=ancestor_ids, field__isnull=True).select_related(
                "responsible_unit"
            )
        )
    if not rules:
        return department_of(area), None
    best = max(rules, key=lambda rule: (depth[rule.area_id], rule.field_id is not None))
    return best.responsible_unit, best


def _duplicate(error: IntegrityError) -> ConflictError:
    return ConflictError(
        _("Đã có quy tắc cho lĩnh vực và địa bàn này; hãy sửa quy tắc đó thay vì thêm mới."),
        code="duplicate_rule",
        details={"field": "area"},
    )


@transaction.atomic
def routing_rule_create(
    *, actor: Any, field: Any, area: Any, responsible_unit: Any, note: str = ""
) -> RoutingRule:
    require(can_manage_routing(actor), _("Chỉ Ban mới sửa bảng chuyển xử lý."))
    rule = RoutingRule(
        field=field, area=area, responsible_unit=responsible_unit, note=(note or "").strip()[:300]
    )
    try:
        with transaction.atomic():
            rule.save()
    except IntegrityError as error:
        raise _duplicate(error) from error
    audit_record(
        actor=actor, action="opinion.routing_rule_create", obj=rule, after=snapshot(rule, RULE_FIELDS)
    )
    return rule


@transaction.atomic
def routing_rule_update(
    *, actor: Any, rule: RoutingRule, field: Any, area: Any, responsible_unit: Any, note: str = ""
) -> RoutingRule:
    require(can_manage_routing(actor), _("Chỉ Ban mới sửa bảng chuyển xử lý."))
    before = snapshot(rule, RULE_FIELDS)
    rule.field, rule.area, rule.responsible_unit, rule.note = (
        field,
        area,
        responsible_unit,
        (note or "").strip()[:300],
    )
    try:
        with transaction.atomic():
            rule.save()
    except IntegrityError as error:
        raise _duplicate(error) from error
    audit_record(
        actor=actor,
        action="opinion.routing_rule_update",
        obj=rule,
        before=before,
        after=snapshot(rule, RULE_FIELDS),
    )
    return rule


@transaction.atomic
def routing_rule_delete(*, actor: Any, rule: RoutingRule) -> None:
    require(can_manage_routing(actor), _("Chỉ Ban mới sửa bảng chuyển xử lý."))
    audit_record(
        actor=actor, action="opinion.routing_rule_delete", obj=rule, before=snapshot(rule, RULE_FIELDS)
    )
    rule.delete()
