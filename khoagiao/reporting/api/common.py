"""What the reporting API's modules share: the router, the error answers of the endpoints, the format of a
decimal, and the scope of templates and duties (who sees which)."""

from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from ninja import Router, Schema

from khoagiao.api.schemas import READ_ERRORS, ErrorSchema
from khoagiao.core.errors import NotFoundError

from ..models import ReportingDuty, ReportTemplate, Submission
from ..permissions import DEPARTMENT, READERS, UNIT_EDITORS, can_manage_templates

router = Router(tags=["Báo cáo"])

WRITE_ERRORS: dict[int, type[Schema]] = {
    400: ErrorSchema,
    403: ErrorSchema,
    404: ErrorSchema,
    409: ErrorSchema,
    **READ_ERRORS,
}
DETAIL_ERRORS: dict[int, type[Schema]] = {404: ErrorSchema, **READ_ERRORS}


def decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


# --- Scope of templates and duties -----------------------------------------------------------------------------


def _unit_ids(user: Any, roles: set[Any]) -> set[int]:
    """Units under the user's memberships with `roles` (the reach of `user_roles_over`, no predecessors)."""
    from khoagiao.accounts.selectors import membership_units_for_user
    from khoagiao.orgs.selectors import unit_ids_in_subtrees

    units = membership_units_for_user(user, roles=roles)
    return unit_ids_in_subtrees(units, include_predecessors=False) if units else set()


def visible_duties(user: Any) -> QuerySet[ReportingDuty]:
    """Duties the caller deals with: the department and readers over the receiving unit (who manage it or see
    its board), and the units that must report under it."""
    duties = ReportingDuty.objects.all()
    if user.is_superuser:
        return duties
    managed = _unit_ids(user, DEPARTMENT | READERS)
    reporting = _unit_ids(user, UNIT_EDITORS)
    return duties.filter(
        Q(receiving_unit_id__in=managed)
        | Q(pk__in=Submission.objects.filter(unit_id__in=reporting).values("period__duty_id"))
    )


def visible_templates(user: Any) -> QuerySet[ReportTemplate]:
    """The department sees every template; others the templates of the duties they deal with."""
    if can_manage_templates(user):
        return ReportTemplate.objects.all()
    return ReportTemplate.objects.filter(pk__in=visible_duties(user).values("template_id"))


def visible_duty(user: Any, pk: int) -> ReportingDuty:
    duty = visible_duties(user).select_related("template", "receiving_unit").filter(pk=pk).first()
    if duty is None:
        raise NotFoundError(_("Không tìm thấy chế độ báo cáo, hoặc bạn không có quyền xem chế độ này."))
    return duty
