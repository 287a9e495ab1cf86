"""Writes to the organisation tree. Each function checks permission, validates, writes and audits in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.db.models import Q
from django.db.models.functions import Concat, Substr
from django.db.models import Value

from khoagiao.core.audit import audit_record, snapshot
from khoagiao.core.errors import ValidationFailed
from khoagiao.core.permissions import forget_scope, require

from .models import Field, Unit, UnitKind, UnitLevel, UnitSuccession
from .permissions import can_create_root_unit, can_manage_unit
from .selectors import unit_open_children

UNIT_AUDIT_FIELDS = (
    "parent",
    "code",
    "name",
    "short_name",
    "document_symbol",
    "kind",
    "level",
    "fields",
    "valid_from",
    "valid_to",
    "email",
    "phone",
    "closing_note",
)


def _date(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def _check_code_free(code: str, *, exclude_pk: int | None = None) -> None:
    clash = Unit.objects.filter(code=code)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationFailed(f"Mã đơn vị «{code}» đã được dùng cho đơn vị khác.", details={"field": "code"})


def _check_parent(parent: Unit | None, valid_from: dt.date, *, moving: Unit | None = None) -> None:
    if parent is None:
        return
    if moving is not None and (parent.pk == moving.pk or parent.path.startswith(moving.path)):
        raise ValidationFailed(
            f"Không thể chuyển «{moving.name}» vào dưới chính nó hoặc đơn vị trực thuộc của nó («{parent.name}»).",
            code="unit_cycle",
            details={"field": "parent"},
        )
    if not parent.is_open_on(valid_from):
        raise ValidationFailed(
            f"Đơn vị cấp trên «{parent.name}» không hoạt động vào ngày {_date(valid_from)}.",
            code="parent_closed",
            details={"field": "parent"},
        )


def _set_path(unit: Unit) -> None:
    parent_path = unit.parent.path if unit.parent_id and unit.parent else "/"
    unit.path = f"{parent_path}{unit.pk}/"
    unit.depth = unit.path.count("/") - 2
    Unit.objects.filter(pk=unit.pk).update(path=unit.path, depth=unit.depth)


@transaction.atomic
def unit_create(
    *,
    actor: Any,
    parent: Unit | None,
    code: str,
    name: str,
    kind: UnitKind,
    level: UnitLevel,
    valid_from: dt.date,
    short_name: str = "",
    document_symbol: str = "",
    fields: Iterable[Field] = (),
    email: str = "",
    phone: str = "",
) -> Unit:
    require(can_manage_unit(actor, parent) if parent is not None else can_create_root_unit(actor))
    if not name.strip():
        raise ValidationFailed("Tên đơn vị không được để trống.", details={"field": "name"})
    _check_code_free(code)
    _check_parent(parent, valid_from)
    unit = Unit(
        parent=parent,
        code=code,
        name=name.strip(),
        short_name=short_name.strip(),
        document_symbol=document_symbol.strip(),
        kind=kind,
        level=level,
        valid_from=valid_from,
        email=email,
        phone=phone,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    unit.save()
    _set_path(unit)
    unit.fields.set(list(fields))
    audit_record(actor=actor, action="orgs.unit_create", obj=unit, after=snapshot(unit, UNIT_AUDIT_FIELDS))
    forget_scope(actor)
    return unit


@transaction.atomic
def unit_update(*, actor: Any, unit: Unit, moved_on: dt.date | None = None, **changes: Any) -> Unit:
    """Change a unit's details, or move it under another parent (its whole subtree moves with it).

    A move takes effect on `moved_on` (default: today); the new parent must be open on that day, not since the
    unit's own creation: an agency founded in 2008 can move under a board formed in 2025.
    """
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    require(can_manage_unit(actor, unit))
    before = snapshot(unit, UNIT_AUDIT_FIELDS)
    new_fields = changes.pop("fields", None)
    unknown = set(changes) - set(UNIT_AUDIT_FIELDS) - {"parent"}
    if unknown:
        raise ValidationFailed(f"Không thể sửa trường: {', '.join(sorted(unknown))}.")
    if "code" in changes:
        _check_code_free(changes["code"], exclude_pk=unit.pk)
    if "name" in changes and not str(changes["name"]).strip():
        raise ValidationFailed("Tên đơn vị không được để trống.", details={"field": "name"})
    new_parent = changes.pop("parent", unit.parent)
    moved = (new_parent.pk if new_parent else None) != unit.parent_id
    if moved:
        if new_parent is None:
            require(can_create_root_unit(actor))
        else:
            require(can_manage_unit(actor, new_parent), "Bạn không có quyền quản trị đơn vị cấp trên mới.")
        effective = max(moved_on or timezone.localdate(), changes.get("valid_from", unit.valid_from))
        _check_parent(new_parent, effective, moving=unit)
    valid_from = changes.get("valid_from", unit.valid_from)
    valid_to = changes.get("valid_to", unit.valid_to)
    if valid_to is not None and valid_to < valid_from:
        raise ValidationFailed("Ngày hết hiệu lực phải sau hoặc bằng ngày bắt đầu hiệu lực.")
    for name, value in changes.items():
        setattr(unit, name, value.strip() if isinstance(value, str) else value)
    unit.parent = new_parent
    unit.save()
    if new_fields is not None:
        unit.fields.set(list(new_fields))
    if moved:
        old_path = unit.path
        _set_path(unit)
        # Re-root the whole subtree in one statement: replace the old prefix by the new one.
        Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).update(
            path=Concat(Value(unit.path), Substr("path", len(old_path) + 1))
        )
        for descendant in Unit.objects.filter(path__startswith=unit.path).exclude(pk=unit.pk).only("path"):
            Unit.objects.filter(pk=descendant.pk).update(depth=descendant.path.count("/") - 2)
    after = snapshot(unit, UNIT_AUDIT_FIELDS)
    audit_record(actor=actor, action="orgs.unit_update", obj=unit, before=before, after=after)
    forget_scope(actor)
    return unit


@transaction.atomic
def unit_close(*, actor: Any, unit: Unit, valid_to: dt.date, reason: str) -> Unit:
    """Close a unit from a date on. It keeps its history; its open children must be closed or moved first."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    require(can_manage_unit(actor, unit))
    if unit.valid_to is not None:
        raise ValidationFailed(f"Đơn vị «{unit.name}» đã đóng từ ngày {_date(unit.valid_to)}.", code="unit_closed")
    if valid_to < unit.valid_from:
        raise ValidationFailed(
            f"Ngày đóng ({_date(valid_to)}) không được trước ngày đơn vị bắt đầu hoạt động ({_date(unit.valid_from)})."
        )
    if not reason.strip():
        raise ValidationFailed("Hãy ghi lý do đóng đơn vị.", details={"field": "reason"})
    still_open = unit.children.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=valid_to))
    if still_open.exists():
        names = ", ".join(child.name for child in still_open[:3])
        raise ValidationFailed(
            f"Còn {still_open.count()} đơn vị trực thuộc hoạt động sau ngày {_date(valid_to)} ({names}); "
            "hãy đóng hoặc chuyển các đơn vị này trước.",
            code="unit_has_open_children",
        )
    before = snapshot(unit, UNIT_AUDIT_FIELDS)
    unit.valid_to = valid_to
    unit.closing_note = reason.strip()
    unit.save(update_fields=["valid_to", "closing_note", "updated_at"])
    audit_record(actor=actor, action="orgs.unit_close", obj=unit, before=before, after=snapshot(unit, UNIT_AUDIT_FIELDS))
    return unit


@transaction.atomic
def unit_merge(
    *,
    actor: Any,
    predecessors: Iterable[Unit],
    successor: Unit | None = None,
    new_successor: dict[str, Any] | None = None,
    date: dt.date,
    note: str = "",
) -> Unit:
    """Merge units into one successor from `date`.

    The successor is an existing unit open on `date`, or a new unit made from `new_successor` (the keyword
    arguments of `unit_create`, valid from `date`). Predecessors close the day before; their open child units
    and their active memberships move to the successor; their own history (reports, tasks, figures) stays with
    them and remains visible through the successor.
    """
    from khoagiao.accounts.services import membership_transfer

    old_units = list(Unit.objects.select_for_update().filter(pk__in=[unit.pk for unit in predecessors]))
    if not old_units:
        raise ValidationFailed("Hãy chọn ít nhất một đơn vị được hợp nhất.", details={"field": "predecessors"})
    if (successor is None) == (new_successor is None):
        raise ValidationFailed("Hãy chọn đơn vị kế thừa có sẵn hoặc khai báo đơn vị mới (chỉ một trong hai).")
    last_day = date - dt.timedelta(days=1)
    for unit in old_units:
        require(can_manage_unit(actor, unit), f"Bạn không có quyền quản trị đơn vị «{unit.name}».")
        if not unit.is_open_on(last_day):
            raise ValidationFailed(
                f"Đơn vị «{unit.name}» không hoạt động vào ngày {_date(last_day)} nên không thể hợp nhất.",
                code="predecessor_closed",
            )
    if successor is not None:
        successor = Unit.objects.select_for_update().get(pk=successor.pk)
        require(can_manage_unit(actor, successor), f"Bạn không có quyền quản trị đơn vị «{successor.name}».")
        if any(unit.pk == successor.pk for unit in old_units):
            raise ValidationFailed("Đơn vị kế thừa không thể đồng thời là đơn vị bị hợp nhất.", code="merge_into_self")
        if not successor.is_open_on(date):
            raise ValidationFailed(
                f"Không thể hợp nhất vào «{successor.name}» vì đơn vị này không hoạt động vào ngày {_date(date)}.",
                code="successor_closed",
            )
    else:
        assert new_successor is not None
        successor = unit_create(actor=actor, valid_from=date, **new_successor)
    for unit in old_units:
        if successor.path.startswith(unit.path):
            raise ValidationFailed(
                f"Đơn vị kế thừa «{successor.name}» đang trực thuộc «{unit.name}»; hãy chuyển nó ra ngoài trước.",
                code="unit_cycle",
            )

    for unit in old_units:
        for child in unit_open_children(unit, date):
            unit_update(actor=actor, unit=child, parent=successor, moved_on=date)
        before = snapshot(unit, UNIT_AUDIT_FIELDS)
        unit.valid_to = last_day
        unit.closing_note = f"Hợp nhất vào {successor.name} từ ngày {_date(date)}" + (f" ({note})" if note else "")
        unit.save(update_fields=["valid_to", "closing_note", "updated_at"])
        link = UnitSuccession.objects.create(
            predecessor=unit,
            successor=successor,
            date=date,
            note=note,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_record(
            actor=actor, action="orgs.unit_merge", obj=unit, before=before, after=snapshot(unit, UNIT_AUDIT_FIELDS)
        )
        audit_record(actor=actor, action="orgs.succession_create", obj=link, after=snapshot(link, ("predecessor", "successor", "date", "note")))
        membership_transfer(actor=actor, from_unit=unit, to_unit=successor)
    forget_scope(actor)
    return successor
