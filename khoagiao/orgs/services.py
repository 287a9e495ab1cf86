"""Writes to the organisation tree.

Each function checks permission, validates, writes and audits in one transaction; bad input raises a
`ValidationFailed` with a Vietnamese message and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_slug
from django.db import transaction
from django.db.models import F, Model, Q, QuerySet, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.audit import audit_record, audited_update, snapshot
from khoagiao.core.errors import ConflictError, ValidationFailed
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
SUCCESSION_AUDIT_FIELDS = ("predecessor", "successor", "date", "note")
# Free-text fields a caller may set, checked against the column sizes: PostgreSQL refuses an over-long value
# with a DataError (a 500), SQLite would store it silently.
_TEXT_FIELDS = ("code", "name", "short_name", "document_symbol", "email", "phone", "closing_note")


def _date(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def _max_length(model: type[Model], name: str) -> int:
    return int(getattr(model._meta.get_field(name), "max_length", 0) or 0)


def _check_text(values: dict[str, Any]) -> None:
    for name in _TEXT_FIELDS:
        if name not in values or values[name] is None:
            continue
        value = str(values[name]).strip()
        max_length = _max_length(Unit, name)
        if max_length and len(value) > max_length:
            label = getattr(Unit._meta.get_field(name), "verbose_name", name)
            raise ValidationFailed(
                _("«%(label)s» dài tối đa %(max)d ký tự (đang có %(length)d).")
                % {"label": label, "max": max_length, "length": len(value)},
                details={"field": name},
            )
    if "code" in values:
        code = str(values["code"] or "").strip()
        if not code:
            raise ValidationFailed(_("Mã đơn vị không được để trống."), details={"field": "code"})
        try:
            validate_slug(code)
        except ValidationError as error:
            raise ValidationFailed(
                _(
                    "Mã đơn vị «%(code)s» chỉ được gồm chữ cái không dấu, chữ số, "
                    "dấu gạch ngang (-) và gạch dưới (_)."
                )
                % {"code": code},
                details={"field": "code"},
            ) from error
    if "name" in values and not str(values["name"] or "").strip():
        raise ValidationFailed(_("Tên đơn vị không được để trống."), details={"field": "name"})
    email = str(values.get("email") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise ValidationFailed(
                _("Địa chỉ e-mail «%(email)s» không hợp lệ.") % {"email": email}, details={"field": "email"}
            ) from error


def _check_required(values: dict[str, Any]) -> None:
    messages = {
        "kind": _("Hãy chọn loại đơn vị."),
        "level": _("Hãy chọn cấp đơn vị."),
        "valid_from": _("Hãy nhập ngày bắt đầu hiệu lực."),
    }
    for name, message in messages.items():
        if name in values and values[name] is None:
            raise ValidationFailed(message, details={"field": name})


def _check_code_free(code: str, *, exclude_pk: int | None = None) -> None:
    # Case-insensitively: "so-gddt" and "SO-GDDT" would only confuse imports and people.
    clash = Unit.objects.filter(code__iexact=code.strip())
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    other = clash.first()
    if other is not None:
        raise ValidationFailed(
            _("Mã đơn vị «%(code)s» đã được dùng cho đơn vị «%(unit)s».")
            % {"code": code.strip(), "unit": other.name},
            code="code_taken",
            details={"field": "code"},
        )


def _check_parent(
    parent: Unit | None, on: dt.date, *, until: dt.date | None, moving: Unit | None = None
) -> None:
    """`parent` must hold its child from `on` to `until` (None: open-ended), and not sit under `moving`."""
    if parent is None:
        return
    if moving is not None and (parent.pk == moving.pk or parent.path.startswith(moving.path)):
        raise ValidationFailed(
            _("Không thể chuyển «%(unit)s» vào dưới chính nó hoặc đơn vị trực thuộc của nó («%(parent)s»).")
            % {"unit": moving.name, "parent": parent.name},
            code="unit_cycle",
            details={"field": "parent"},
        )
    if not parent.is_open_on(on):
        raise ValidationFailed(
            _("Đơn vị cấp trên «%(parent)s» không hoạt động vào ngày %(date)s.")
            % {"parent": parent.name, "date": _date(on)},
            code="parent_closed",
            details={"field": "parent"},
        )
    _check_parent_covers(parent, until)


def _check_parent_covers(parent: Unit | None, until: dt.date | None) -> None:
    """A unit open until `until` (None: open-ended) cannot sit under a parent that closes before."""
    if parent is not None and parent.valid_to is not None and (until is None or until > parent.valid_to):
        raise ValidationFailed(
            _(
                "Đơn vị cấp trên «%(parent)s» chỉ hoạt động đến ngày %(date)s nên không thể có đơn vị "
                "trực thuộc còn hoạt động sau ngày đó."
            )
            % {"parent": parent.name, "date": _date(parent.valid_to)},
            code="parent_closed",
            details={"field": "parent"},
        )


def _children_open_after(unit: Unit, day: dt.date) -> QuerySet[Unit]:
    return unit.children.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))


def _check_no_open_children(unit: Unit, day: dt.date) -> None:
    still_open = _children_open_after(unit, day)
    if still_open.exists():
        names = ", ".join(child.name for child in still_open[:3])
        raise ValidationFailed(
            _(
                "Còn %(count)d đơn vị trực thuộc hoạt động sau ngày %(date)s (%(names)s); "
                "hãy đóng hoặc chuyển các đơn vị này trước."
            )
            % {"count": still_open.count(), "date": _date(day), "names": names},
            code="unit_has_open_children",
        )


def _fresh(unit: Unit | None) -> Unit | None:
    """The unit as stored now: a caller's copy may carry a path that a move has since changed."""
    return Unit.objects.get(pk=unit.pk) if unit is not None else None


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
    parent = _fresh(parent)
    require(
        can_manage_unit(actor, parent) if parent is not None else can_create_root_unit(actor),
        _("Chỉ quản trị cấp cao nhất mới được thêm đơn vị gốc (không có đơn vị cấp trên).")
        if parent is None
        else _("Bạn không có quyền quản trị đơn vị «%(unit)s».") % {"unit": parent.name},
    )
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
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
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
    require(
        can_manage_unit(actor, unit),
        _("Bạn không có quyền quản trị đơn vị «%(unit)s».") % {"unit": unit.name},
    )
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
    require(
        can_manage_unit(actor, unit),
        _("Bạn không có quyền quản trị đơn vị «%(unit)s».") % {"unit": unit.name},
    )
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

    if date is None:
        raise ValidationFailed(_("Hãy nhập ngày hợp nhất."), details={"field": "date"})
    note = (note or "").strip()
    note_max = _max_length(UnitSuccession, "note")
    if len(note) > note_max:
        raise ValidationFailed(
            _("Căn cứ, ghi chú dài tối đa %(max)d ký tự (đang có %(length)d).")
            % {"max": note_max, "length": len(note)},
            details={"field": "note"},
        )
    old_units = list(Unit.objects.select_for_update().filter(pk__in=[unit.pk for unit in predecessors]))
    if not old_units:
        raise ValidationFailed(
            _("Hãy chọn ít nhất một đơn vị được hợp nhất."), details={"field": "predecessors"}
        )
    if (successor is None) == (new_successor is None):
        raise ValidationFailed(
            _("Hãy chọn đơn vị kế thừa có sẵn hoặc khai báo đơn vị mới (chỉ một trong hai)."),
            details={"field": "successor"},
        )
    last_day = date - dt.timedelta(days=1)
    for unit in old_units:
        require(
            can_manage_unit(actor, unit),
            _("Bạn không có quyền quản trị đơn vị «%(unit)s».") % {"unit": unit.name},
        )
        if not unit.is_open_on(last_day):
            raise ValidationFailed(
                _("Đơn vị «%(unit)s» không hoạt động vào ngày %(date)s nên không thể hợp nhất.")
                % {"unit": unit.name, "date": _date(last_day)},
                code="predecessor_closed",
                details={"field": "predecessors"},
            )
    if successor is not None:
        successor = Unit.objects.select_for_update().get(pk=successor.pk)
        require(
            can_manage_unit(actor, successor),
            _("Bạn không có quyền quản trị đơn vị «%(unit)s».") % {"unit": successor.name},
        )
        if any(unit.pk == successor.pk for unit in old_units):
            raise ValidationFailed(
                _("Đơn vị kế thừa «%(unit)s» không thể đồng thời là đơn vị được hợp nhất.")
                % {"unit": successor.name},
                code="merge_into_self",
                details={"field": "successor"},
            )
        if not successor.is_open_on(date):
            raise ValidationFailed(
                _("Không thể hợp nhất vào «%(unit)s» vì đơn vị này không hoạt động vào ngày %(date)s.")
                % {"unit": successor.name, "date": _date(date)},
                code="successor_closed",
                details={"field": "successor"},
            )
    else:
        assert new_successor is not None
        new_parent = _fresh(new_successor.get("parent"))
        for unit in old_units:
            if new_parent is not None and new_parent.path.startswith(unit.path):
                raise ValidationFailed(
                    _(
                        "Đơn vị kế thừa mới không thể đặt dưới «%(parent)s» vì đơn vị này "
                        "(hoặc cấp trên của nó) là đơn vị được hợp nhất."
                    )
                    % {"parent": new_parent.name},
                    code="unit_cycle",
                    details={"field": "parent"},
                )
        successor = unit_create(actor=actor, valid_from=date, **new_successor)
    for unit in old_units:
        if successor.path.startswith(unit.path):
            raise ValidationFailed(
                _("Đơn vị kế thừa «%(successor)s» đang trực thuộc «%(unit)s»; hãy chuyển nó ra ngoài trước.")
                % {"successor": successor.name, "unit": unit.name},
                code="unit_cycle",
                details={"field": "successor"},
            )

    closing_max = _max_length(Unit, "closing_note")
    for unit in old_units:
        for child in unit_open_children(unit, date):
            unit_update(actor=actor, unit=child, parent=successor, moved_on=date)
        before = snapshot(unit, UNIT_AUDIT_FIELDS)
        unit.valid_to = last_day
        closing_note = _("Hợp nhất vào %(unit)s từ ngày %(date)s") % {
            "unit": successor.name,
            "date": _date(date),
        }
        if note:
            closing_note += f" ({note})"
        unit.closing_note = closing_note[:closing_max]
        unit.save(update_fields=["valid_to", "closing_note", "updated_at"])
        link = UnitSuccession.objects.create(
            predecessor=unit,
            successor=successor,
            date=date,
            note=note,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_record(
            actor=actor,
            action="orgs.unit_merge",
            obj=unit,
            before=before,
            after=snapshot(unit, UNIT_AUDIT_FIELDS),
        )
        audit_record(
            actor=actor,
            action="orgs.succession_create",
            obj=link,
            after=snapshot(link, SUCCESSION_AUDIT_FIELDS),
        )
        membership_transfer(actor=actor, from_unit=unit, to_unit=successor)
    forget_scope(actor)
    return successor
