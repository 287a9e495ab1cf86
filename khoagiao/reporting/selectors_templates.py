"""Reads behind the template and duty screens, for the department that manages them.

Templates are shared by the whole platform (a duty in any unit may use one), so whoever manages templates sees
them all; the duties listed next to a template, and every duty screen, are limited to the duties whose receiving
unit the user manages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.errors import NotFoundError
from khoagiao.core.permissions import user_scope
from khoagiao.core.text import search_filter
from khoagiao.orgs.models import Unit

from .choices import SubmissionStatus
from .models import (
    Indicator,
    Period,
    ReportingDuty,
    ReportTemplate,
    Submission,
    TemplateSection,
    TemplateVersion,
    ValidationRule,
)
from .permissions import DEPARTMENT, can_manage_templates
from .services.periods import expected_units


def _managed_unit_ids(user: Any) -> frozenset[int]:
    return user_scope(user, DEPARTMENT).unit_ids


def duty_list(
    *, user: Any, query: str | None = None, frequency: str | None = None, active: bool | None = None
) -> QuerySet[ReportingDuty]:
    """The duties whose receiving unit lies in the subtree of the user's department memberships."""
    queryset = ReportingDuty.objects.filter(receiving_unit_id__in=_managed_unit_ids(user))
    if query:
        queryset = search_filter(queryset, query)
    if frequency:
        queryset = queryset.filter(frequency=frequency)
    if active is not None:
        queryset = queryset.filter(is_active=active)
    return queryset.select_related("template", "receiving_unit").annotate(
        period_count=Count("periods", distinct=True)
    )


def duty_get(*, user: Any, pk: int) -> ReportingDuty:
    duty = duty_list(user=user).prefetch_related("units", "unit_kinds", "unit_levels").filter(pk=pk).first()
    if duty is None:
        raise NotFoundError(_("Không tìm thấy chế độ báo cáo, hoặc bạn không quản lý chế độ này."))
    return duty


def duty_period_list(duty: ReportingDuty) -> QuerySet[Period]:
    """The duty's periods, newest first, each with its counts of expected, sent and accepted reports (one
    query for the whole page)."""
    return (
        duty.periods.select_related("template_version")
        .annotate(
            expected_count=Count("submissions", distinct=True),
            submitted_count=Count(
                "submissions", filter=Q(submissions__first_submitted_at__isnull=False), distinct=True
            ),
            accepted_count=Count(
                "submissions", filter=Q(submissions__status=SubmissionStatus.ACCEPTED), distinct=True
            ),
        )
        .order_by("-window_end", "-number")
    )


def duty_receiving_unit_choices(*, user: Any, current: Unit | None = None) -> QuerySet[Unit]:
    """Units a duty may report to: the units of the user's department memberships (everything open for a
    superuser), plus the duty's current receiving unit."""
    from khoagiao.accounts.selectors import membership_units_for_user

    if user is None or not getattr(user, "is_authenticated", False):
        return Unit.objects.none()
    if user.is_superuser:
        condition = Q(valid_to__isnull=True)
    else:
        condition = Q(pk__in=[unit.pk for unit in membership_units_for_user(user, roles=DEPARTMENT)])
        condition &= Q(valid_to__isnull=True)
    if current is not None:
        condition |= Q(pk=current.pk)
    return Unit.objects.filter(condition).select_related("kind", "level")


def duty_unit_choices(*, user: Any, include: Iterable[int] = ()) -> QuerySet[Unit]:
    """Units that may be named in a duty's explicit list: open units the user's department reaches, except the
    units of the department memberships themselves, which receive reports (the units already named stay
    offered, even closed)."""
    from khoagiao.accounts.selectors import membership_units_for_user

    own = (
        [unit.pk for unit in membership_units_for_user(user, roles=DEPARTMENT)]
        if user.is_authenticated
        else []
    )
    return (
        Unit.objects.filter(
            (Q(pk__in=_managed_unit_ids(user), valid_to__isnull=True) & ~Q(pk__in=own))
            | Q(pk__in=list(include))
        )
        .select_related("kind", "level")
        .order_by("path")
    )


def duty_units_preview(
    *,
    receiving_unit: Unit,
    unit_ids: Iterable[int],
    kind_ids: Iterable[int],
    level_ids: Iterable[int],
    on_day: dt.date,
) -> QuerySet[Unit]:
    """The units a selection names today (the same rule as the expected reports of a period)."""
    return expected_units(
        receiving_unit=receiving_unit,
        unit_ids=unit_ids,
        kind_ids=kind_ids,
        level_ids=level_ids,
        on_day=on_day,
    ).select_related("kind", "level")


def duty_ad_hoc_unit_choices(*, duty: ReportingDuty) -> QuerySet[Unit]:
    """Units an ad-hoc request of the duty may be sent to: open units under its receiving unit."""
    receiving = duty.receiving_unit
    return (
        Unit.objects.filter(path__startswith=receiving.path, valid_to__isnull=True)
        .exclude(pk=receiving.pk)
        .select_related("kind", "level")
    )


def duty_template_choices(*, current: ReportTemplate | None = None) -> QuerySet[ReportTemplate]:
    """Active templates with a published version (and the duty's current template)."""
    published = Q(is_active=True, versions__status="published")
    if current is not None:
        published |= Q(pk=current.pk)
    return ReportTemplate.objects.filter(published).distinct().order_by("name")


# --- Templates ------------------------------------------------------------------------------------------------


def _templates_for(user: Any) -> QuerySet[ReportTemplate]:
    if not can_manage_templates(user):
        return ReportTemplate.objects.none()
    return ReportTemplate.objects.all()


def template_list(*, user: Any, query: str | None = None) -> QuerySet[ReportTemplate]:
    """Every template (for those who manage templates), with its versions and the duties that use it."""
    queryset = _templates_for(user)
    if query:
        queryset = search_filter(queryset, query)
    duties = ReportingDuty.objects.filter(receiving_unit_id__in=_managed_unit_ids(user)).order_by("name")
    return queryset.prefetch_related(
        Prefetch("versions", queryset=TemplateVersion.objects.order_by("-number")),
        Prefetch("duties", queryset=duties, to_attr="visible_duties"),
    )


def version_publish_preview(version: TemplateVersion) -> dict[str, int]:
    """What publishing `version` would do to the periods of the duties using its template: how many periods
    not opened yet (and with no report started) move to it, and how many keep the version they have."""
    today = timezone.localdate()
    periods = Period.objects.filter(duty__template_id=version.template_id)
    started = Submission.objects.exclude(status=SubmissionStatus.NOT_STARTED).values("period_id")
    moving = periods.filter(window_start__gt=today).exclude(pk__in=started)
    return {
        "moving": moving.count(),
        "keeping": periods.count() - moving.count(),
        "duties": ReportingDuty.objects.filter(template_id=version.template_id).count(),
    }


def template_get(*, user: Any, pk: int) -> ReportTemplate:
    template = template_list(user=user).filter(pk=pk).first()
    if template is None:
        raise NotFoundError(_("Không tìm thấy mẫu báo cáo, hoặc bạn không có quyền quản lý mẫu."))
    return template


def version_get(*, user: Any, pk: int) -> TemplateVersion:
    """A version with its sections, indicators and rules, ready to show."""
    version = (
        TemplateVersion.objects.filter(template__in=_templates_for(user))
        .select_related("template")
        .prefetch_related(
            Prefetch("sections", queryset=TemplateSection.objects.select_related("field").order_by("order")),
            Prefetch("indicators", queryset=Indicator.objects.select_related("field").order_by("order")),
            Prefetch("rules", queryset=ValidationRule.objects.select_related("left", "right")),
        )
        .annotate(period_count=Count("periods", distinct=True))
        .filter(pk=pk)
        .first()
    )
    if version is None:
        raise NotFoundError(_("Không tìm thấy phiên bản mẫu, hoặc bạn không có quyền quản lý mẫu."))
    return version


def section_get(*, user: Any, pk: int) -> TemplateSection:
    section = (
        TemplateSection.objects.filter(version__template__in=_templates_for(user))
        .select_related("version__template")
        .filter(pk=pk)
        .first()
    )
    if section is None:
        raise NotFoundError(_("Không tìm thấy mục đề cương."))
    return section


def indicator_get(*, user: Any, pk: int) -> Indicator:
    indicator = (
        Indicator.objects.filter(version__template__in=_templates_for(user))
        .select_related("version__template")
        .filter(pk=pk)
        .first()
    )
    if indicator is None:
        raise NotFoundError(_("Không tìm thấy chỉ tiêu."))
    return indicator


def rule_get(*, user: Any, pk: int) -> ValidationRule:
    rule = (
        ValidationRule.objects.filter(version__template__in=_templates_for(user))
        .select_related("version__template", "left", "right")
        .filter(pk=pk)
        .first()
    )
    if rule is None:
        raise NotFoundError(_("Không tìm thấy quy tắc kiểm tra."))
    return rule
