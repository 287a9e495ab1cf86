"""Merging units into a successor: the checks of `unit_merge`, then the closing, moves and transfers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from khoagiao.core.audit import acting_user, audit_record, snapshot
from khoagiao.core.errors import ValidationFailed
from khoagiao.core.permissions import forget_scope

from ..models import Unit, UnitSuccession
from ..selectors import unit_open_children
from .checks import (
    SUCCESSION_AUDIT_FIELDS,
    UNIT_AUDIT_FIELDS,
    _date,
    _fresh,
    _max_length,
    _require_manager,
)
from .units import unit_create, unit_update


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
        _require_manager(actor, unit)
        if not unit.is_open_on(last_day):
            raise ValidationFailed(
                _("Đơn vị «%(unit)s» không hoạt động vào ngày %(date)s nên không thể hợp nhất.")
                % {"unit": unit.name, "date": _date(last_day)},
                code="predecessor_closed",
                details={"field": "predecessors"},
            )
    if successor is not None:
        successor = Unit.objects.select_for_update().get(pk=successor.pk)
        _require_manager(actor, successor)
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
            created_by=acting_user(actor),
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
