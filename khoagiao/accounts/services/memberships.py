"""Writes to memberships: giving a user a role in a unit, ending it, and moving roles when units merge."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.audit import acting_user, audit_record, audited_update, snapshot
from khoagiao.core.errors import ValidationFailed
from khoagiao.core.permissions import forget_scope, require

from ..choices import MembershipRole
from ..models import Membership, User
from ..permissions import can_manage_memberships_of_unit

MEMBERSHIP_AUDIT_FIELDS = ("user", "unit", "role", "is_active", "ended_at")


@transaction.atomic
def membership_create(*, actor: Any, user: User, unit: Any, role: str) -> Membership:
    if unit is None:
        raise ValidationFailed(
            _("Hãy chọn đơn vị cho phân quyền: vai trò luôn gắn với một đơn vị."),
            code="unit_required",
            details={"field": "unit"},
        )
    require(
        can_manage_memberships_of_unit(actor, unit),
        _("Bạn không có quyền phân quyền trong đơn vị «%(unit)s».") % {"unit": unit},
    )
    if role not in MembershipRole.values:
        raise ValidationFailed(_("Hãy chọn một vai trò trong danh sách."), details={"field": "role"})
    if unit.valid_to is not None and unit.valid_to < timezone.localdate():
        raise ValidationFailed(
            _("Đơn vị «%(unit)s» đã đóng; không thể phân quyền mới tại đơn vị này.") % {"unit": unit.name},
            code="unit_closed",
            details={"field": "unit"},
        )
    duplicate = ValidationFailed(
        _("%(user)s đã có vai trò «%(role)s» tại «%(unit)s».")
        % {"user": user, "role": MembershipRole(role).label, "unit": unit.name},
        code="membership_exists",
    )
    if Membership.objects.filter(user=user, unit=unit, role=role, is_active=True).exists():
        raise duplicate
    try:
        # A savepoint: two administrators adding the same role at once meet the unique constraint, not a 500.
        with transaction.atomic():
            membership = Membership.objects.create(
                user=user,
                unit=unit,
                role=role,
                created_by=acting_user(actor),
            )
    except IntegrityError as error:
        raise duplicate from error
    audit_record(
        actor=actor,
        action="accounts.membership_create",
        obj=membership,
        after=snapshot(membership, MEMBERSHIP_AUDIT_FIELDS),
    )
    forget_scope(user)
    return membership


@transaction.atomic
def membership_end(*, actor: Any, membership: Membership) -> Membership:
    require(can_manage_memberships_of_unit(actor, membership.unit))
    membership = Membership.objects.select_for_update().select_related("user", "unit").get(pk=membership.pk)
    if not membership.is_active:
        raise ValidationFailed(_("Phân quyền này đã kết thúc trước đó."), code="membership_ended")
    audited_update(
        actor=actor,
        obj=membership,
        action="accounts.membership_end",
        changes={"is_active": False, "ended_at": timezone.now()},
        audit_fields=MEMBERSHIP_AUDIT_FIELDS,
    )
    forget_scope(membership.user)
    return membership


@transaction.atomic
def membership_transfer(*, actor: Any, from_unit: Any, to_unit: Any) -> int:
    """Move the active memberships of a merged unit to its successor (used by the merge of units)."""
    moved = 0
    memberships = Membership.objects.filter(unit=from_unit, is_active=True).select_related("user", "unit")
    for membership in memberships:
        membership_end(actor=actor, membership=membership)
        already = Membership.objects.filter(
            user=membership.user, unit=to_unit, role=membership.role, is_active=True
        ).exists()
        if not already:
            membership_create(actor=actor, user=membership.user, unit=to_unit, role=membership.role)
        moved += 1
    return moved
