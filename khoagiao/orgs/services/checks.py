"""The checks and small helpers shared by the writes to the organisation tree (units and mergers)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_slug
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from khoagiao.core.errors import ValidationFailed
from khoagiao.core.permissions import require

from ..models import Unit
from ..permissions import can_manage_unit

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


def _require_manager(actor: Any, unit: Unit) -> None:
    require(
        can_manage_unit(actor, unit),
        _("Bạn không có quyền quản trị đơn vị «%(unit)s».") % {"unit": unit.name},
    )
