"""What every edit of a template's draft version shares: who may edit, the lock on the draft, the cleaning of
typed names, codes and numbers (the duty services use it too), and the order of sections and indicators."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Literal, TypeVar

from django.db.models import Max
from django.utils.translation import gettext as _

from khoagiao.core.audit import audit_record, snapshot
from khoagiao.core.errors import ValidationFailed
from khoagiao.core.permissions import require

from ..choices import TemplateVersionStatus
from ..models import Indicator, TemplateSection, TemplateVersion
from ..permissions import can_manage_templates

CODE_PATTERN = re.compile(r"[A-Za-z0-9_-]+")
NUMBER_LIMIT = Decimal("1e15")
Direction = Literal["up", "down"]
Item = TypeVar("Item", TemplateSection, Indicator)


def _require_manage(actor: Any) -> None:
    require(can_manage_templates(actor), _("Chỉ Ban mới quản lý mẫu báo cáo."))


def _locked_draft(version: TemplateVersion) -> TemplateVersion:
    """The version row, locked for this transaction, if it is still the draft; else a clear refusal."""
    locked = TemplateVersion.objects.select_for_update().select_related("template").get(pk=version.pk)
    if locked.status != TemplateVersionStatus.DRAFT:
        raise ValidationFailed(
            _(
                "Phiên bản %(number)s của mẫu «%(template)s» đã ban hành nên không sửa được. Hãy bấm «Tạo "
                "phiên bản mới» để thay đổi; phiên bản mới áp dụng từ kỳ báo cáo chưa mở."
            )
            % {"number": locked.number, "template": locked.template.name},
            code="version_not_draft",
        )
    return locked


def _draft_for_edit(actor: Any, version: TemplateVersion) -> TemplateVersion:
    """The start of every edit of a draft: the actor may manage templates, and the version is still the draft
    (locked for this transaction). A published version is what units are filling in: it never changes under
    their feet."""
    _require_manage(actor)
    return _locked_draft(version)


def _clean_text(value: str, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationFailed(_("Hãy nhập %(label)s.") % {"label": label}, details={"field": field})
    if len(text) > max_length:
        raise ValidationFailed(
            _("%(label)s dài tối đa %(max)d ký tự (đang có %(length)d).")
            % {"label": label[:1].upper() + label[1:], "max": max_length, "length": len(text)},
            details={"field": field},
        )
    return text


def _clean_code(code: str, *, max_length: int = 40, field: str = "code") -> str:
    code = (code or "").strip()
    if not code:
        raise ValidationFailed(_("Hãy nhập mã."), details={"field": field})
    if not CODE_PATTERN.fullmatch(code) or len(code) > max_length:
        raise ValidationFailed(
            _(
                "Mã «%(code)s» không hợp lệ: chỉ gồm chữ cái không dấu, chữ số, dấu gạch ngang hoặc gạch "
                "dưới, tối đa %(max)d ký tự."
            )
            % {"code": code, "max": max_length},
            details={"field": field},
        )
    return code


def _clean_number(value: Decimal | None, *, field: str, label: str) -> Decimal | None:
    if value is None:
        return None
    if not value.is_finite() or abs(value) >= NUMBER_LIMIT:
        raise ValidationFailed(_("%(label)s quá lớn.") % {"label": label}, details={"field": field})
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -4:
        raise ValidationFailed(
            _("%(label)s có tối đa 4 chữ số sau dấu phẩy.") % {"label": label}, details={"field": field}
        )
    return value


def _indicator_label(indicator: Indicator) -> str:
    return f"«{indicator.name}» ({indicator.code})"


# --- Order and codes, the same for sections and indicators ----------------------------------------------------


def _in_order(model: type[Item], version: TemplateVersion) -> list[Item]:
    return list(model.objects.filter(version=version).order_by("order", "pk"))


def _same_code(model: type[Item], version: TemplateVersion, code: str, exclude_pk: int | None) -> Item | None:
    """Another part of the version with this code, in any letter case (codes are unique per version)."""
    same_code = model.objects.filter(version=version, code__iexact=code)
    return (same_code.exclude(pk=exclude_pk) if exclude_pk else same_code).first()


def _renumber(items: list[Any]) -> None:
    """Orders 1, 2, 3 … in the given sequence, writing only the rows that changed."""
    changed = []
    for position, item in enumerate(items, start=1):
        if item.order != position:
            item.order = position
            changed.append(item)
    if changed:
        type(changed[0]).objects.bulk_update(changed, ["order"])


def _move(items: list[Any], item: Any, direction: Direction) -> bool:
    """Swap `item` with its neighbour; False when it is already first (up) or last (down)."""
    index = next(i for i, candidate in enumerate(items) if candidate.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if target < 0 or target >= len(items):
        return False
    items[index], items[target] = items[target], items[index]
    _renumber(items)
    return True


def _append(
    *,
    actor: Any,
    model: type[Item],
    version: TemplateVersion,
    values: dict[str, Any],
    action: str,
    audit_fields: tuple[str, ...],
) -> Item:
    """Create a part after the last one of its kind in the draft, and record it."""
    order = (model.objects.filter(version=version).aggregate(top=Max("order"))["top"] or 0) + 1
    item = model.objects.create(version=version, order=order, **values)
    audit_record(actor=actor, action=action, obj=item, after=snapshot(item, audit_fields))
    return item


def _delete_and_renumber(
    *, actor: Any, item: Item, version: TemplateVersion, action: str, audit_fields: tuple[str, ...]
) -> None:
    """Record and delete a part, then close the gap it leaves in the order."""
    audit_record(actor=actor, action=action, obj=item, before=snapshot(item, audit_fields))
    item.delete()
    _renumber(_in_order(type(item), version))


def _move_and_record(
    *, actor: Any, item: Item, version: TemplateVersion, direction: Direction, action: str
) -> Item:
    """Move a part one place (nothing happens at either end), recording the move when there is one."""
    items = _in_order(type(item), version)
    before = item.order
    if _move(items, item, direction):
        item.refresh_from_db()
        audit_record(
            actor=actor, action=action, obj=item, before={"order": before}, after={"order": item.order}
        )
    return item
