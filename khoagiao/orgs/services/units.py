"""Creating, changing (or moving) and closing units of the organisation tree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.audit import acting_user, audit_record, audited_update, snapshot
from khoagiao.core.errors import ConflictError, ValidationFailed
from khoagiao.core.permissions import forget_scope, require

from ..models import Field, Unit, UnitKind, UnitLevel
from ..permissions import can_create_root_unit, can_manage_unit
from .checks import (
    UNIT_AUDIT_FIELDS,
    _check_code_free,
    _check_no_open_children,
    _check_parent,
    _check_parent_covers,
    _check_required,
    _check_text,
    _date,
    _fresh,
    _max_length,
    _require_manager,
    _set_path,
)


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
    parent = _fresh(parent)
    if parent is None:
        require(
            can_create_root_unit(actor),
            _("Chỉ quản trị cấp cao nhất mới được thêm đơn vị gốc (không có đơn vị cấp trên)."),
        )
    else:
        _require_manager(actor, parent)
    values = {
        "code": code,
        "name": name,
        "short_name": short_name,
        "document_symbol": document_symbol,
        "email": email,
        "phone": phone,
    }
    _check_text(values)
    _check_required({"kind": kind, "level": level, "valid_from": valid_from})
    _check_code_free(code)
    _check_parent(parent, valid_from, until=None)
    unit = Unit(
        parent=parent,
        kind=kind,
        level=level,
        valid_from=valid_from,
        created_by=acting_user(actor),
        **{key: str(value or "").strip() for key, value in values.items()},
    )
    unit.save()
    _set_path(unit)
    unit.fields.set(list(fields))
    audit_record(actor=actor, action="orgs.unit_create", obj=unit, after=snapshot(unit, UNIT_AUDIT_FIELDS))
    forget_scope(actor)
    return unit


@transaction.atomic
def unit_update(
    *,
    actor: Any,
    unit: Unit,
    moved_on: dt.date | None = None,
    expected_updated_at: dt.datetime | None = None,
    **changes: Any,
) -> Unit:
    """Change a unit's details, or move it under another parent (its whole subtree moves with it).

    A move takes effect on `moved_on` (default: today); the new parent must be open on that day, not since the
    unit's own creation: an agency founded in 2008 can move under a board formed in 2025.

    With `expected_updated_at` (the `updated_at` the editor saw), a save over someone else's newer change is
    refused rather than silently overwriting it.
    """
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    _require_manager(actor, unit)
    if expected_updated_at is not None and unit.updated_at != expected_updated_at:
        raise ConflictError(
            _(
                "Đơn vị «%(unit)s» vừa được người khác sửa sau khi bạn mở trang. "
                "Hãy tải lại trang để xem thay đổi mới nhất rồi sửa lại."
            )
            % {"unit": unit.name},
            code="stale_edit",
        )
    before = snapshot(unit, UNIT_AUDIT_FIELDS)
    new_fields = changes.pop("fields", None)
    unknown = set(changes) - set(UNIT_AUDIT_FIELDS) - {"parent"}
    if unknown:
        raise ValidationFailed(_("Không thể sửa trường: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    _check_text(changes)
    _check_required(changes)
    if "code" in changes:
        _check_code_free(changes["code"], exclude_pk=unit.pk)
    new_parent = _fresh(changes.pop("parent", unit.parent))
    valid_from = changes.get("valid_from", unit.valid_from)
    valid_to = changes.get("valid_to", unit.valid_to)
    if valid_to is not None and valid_to < valid_from:
        raise ValidationFailed(
            _("Ngày hết hiệu lực (%(end)s) phải sau hoặc bằng ngày bắt đầu hiệu lực (%(start)s).")
            % {"end": _date(valid_to), "start": _date(valid_from)},
            details={"field": "valid_from" if "valid_from" in changes else "valid_to"},
        )
    moved = (new_parent.pk if new_parent else None) != unit.parent_id
    if moved:
        if new_parent is None:
            require(
                can_create_root_unit(actor), _("Chỉ quản trị cấp cao nhất mới được đặt đơn vị ở gốc cây.")
            )
        else:
            require(
                can_manage_unit(actor, new_parent),
                _("Bạn không có quyền quản trị đơn vị cấp trên mới «%(unit)s».") % {"unit": new_parent.name},
            )
        effective = max(moved_on or timezone.localdate(), valid_from)
        if valid_to is not None:
            effective = min(effective, valid_to)
        _check_parent(new_parent, effective, until=valid_to, moving=unit)
    elif valid_to != unit.valid_to:
        # Reopening or extending a unit must not leave it open under a parent that has closed.
        _check_parent_covers(new_parent, valid_to)
    if valid_to is not None and valid_to != unit.valid_to:
        _check_no_open_children(unit, valid_to)
    for name, value in changes.items():
        setattr(unit, name, value.strip() if isinstance(value, str) else value)
    unit.parent = new_parent
    unit.save()
    if new_fields is not None:
        unit.fields.set(list(new_fields))
    if moved:
        old_path, old_depth = unit.path, unit.depth
        _set_path(unit)
        # Re-root the whole subtree in one statement: replace the old prefix by the new one.
        Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).update(
            path=Concat(Value(unit.path), Substr("path", len(old_path) + 1)),
            depth=F("depth") + (unit.depth - old_depth),
        )
    after = snapshot(unit, UNIT_AUDIT_FIELDS)
    audit_record(actor=actor, action="orgs.unit_update", obj=unit, before=before, after=after)
    forget_scope(actor)
    return unit


@transaction.atomic
def unit_close(*, actor: Any, unit: Unit, valid_to: dt.date, reason: str) -> Unit:
    """Close a unit from a date on. It keeps its history; its open children must be closed or moved first."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    _require_manager(actor, unit)
    if unit.valid_to is not None:
        raise ValidationFailed(
            _("Đơn vị «%(unit)s» đã đóng từ ngày %(date)s.")
            % {"unit": unit.name, "date": _date(unit.valid_to)},
            code="unit_closed",
        )
    if valid_to is None:
        raise ValidationFailed(_("Hãy nhập ngày đóng đơn vị."), details={"field": "valid_to"})
    if valid_to < unit.valid_from:
        raise ValidationFailed(
            _("Ngày đóng (%(end)s) không được trước ngày đơn vị bắt đầu hoạt động (%(start)s).")
            % {"end": _date(valid_to), "start": _date(unit.valid_from)},
            details={"field": "valid_to"},
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(_("Hãy ghi lý do đóng đơn vị."), details={"field": "reason"})
    max_length = _max_length(Unit, "closing_note")
    if len(reason) > max_length:
        raise ValidationFailed(
            _("Lý do đóng dài tối đa %(max)d ký tự (đang có %(length)d).")
            % {"max": max_length, "length": len(reason)},
            details={"field": "reason"},
        )
    _check_no_open_children(unit, valid_to)
    audited_update(
        actor=actor,
        obj=unit,
        action="orgs.unit_close",
        changes={"valid_to": valid_to, "closing_note": reason},
        audit_fields=UNIT_AUDIT_FIELDS,
    )
    return unit
