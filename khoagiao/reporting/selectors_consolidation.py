"""Reads of consolidated reports: the data a report is built from (a fixed handful of queries whatever the
number of units), the narrative sources, the lists and the single reports a user may open."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from khoagiao.core.errors import NotFoundError
from khoagiao.core.permissions import require
from khoagiao.core.text import vi_sort_key
from khoagiao.orgs.models import Unit

from .choices import SubmissionStatus
from .consolidation.figures import (
    IndicatorInfo,
    PeriodData,
    UnitInfo,
    UnitReport,
    counted_statuses,
    figures_compute,
)
from .consolidation.narrative import SourceText, html_to_text
from .consolidation.permissions import can_build_consolidation, can_view_consolidation
from .models import (
    ConsolidatedReport,
    ConsolidatedVersion,
    ConsolidationStatus,
    Indicator,
    Period,
    Submission,
    SubmissionValue,
)
from .selectors_cells import unit_expected_in


def comparison_periods(period: Period) -> tuple[Period | None, Period | None]:
    """The previous period of the same duty (the latest one ending before this one starts, ad-hoc requests
    aside) and the same period of last year (same number, year - 1). One query."""
    candidates = list(
        Period.objects.filter(duty_id=period.duty_id, is_ad_hoc=False, window_end__lt=period.window_start)
        .only("id", "duty_id", "year", "number", "label", "window_start", "window_end", "template_version_id")
        .order_by("-window_end")
    )
    previous = candidates[0] if candidates and not period.is_ad_hoc else None
    last_year = next((p for p in candidates if p.year == period.year - 1 and p.number == period.number), None)
    if period.is_ad_hoc:
        last_year = None
    return previous, last_year


def _expected_reports(period_ids: list[int], issuing_unit: Unit, duty_receiver_id: int) -> QuerySet:
    reports = Submission.objects.filter(period_id__in=period_ids)
    if issuing_unit.pk != duty_receiver_id:
        reports = reports.filter(unit__path__startswith=issuing_unit.path).exclude(unit_id=issuing_unit.pk)
    return reports


def consolidation_data(
    *, period: Period, issuing_unit: Unit, include_submitted: bool, with_narrative: bool = False
) -> tuple[dict[str, Any], list[SourceText]]:
    """The figures of the report (see `consolidation.figures`) and, when asked, the narrative sources."""
    duty = period.duty
    previous, last_year = comparison_periods(period)
    periods = [p for p in (period, previous, last_year) if p is not None]
    version_ids = {p.template_version_id for p in periods}
    indicator_rows = list(
        Indicator.objects.filter(version_id__in=version_ids)
        .select_related("field")
        .order_by("version_id", "order")
    )
    indicators_by_version: dict[int, dict[str, IndicatorInfo]] = {}
    code_of: dict[int, str] = {}
    for row in indicator_rows:
        code_of[row.pk] = row.code
        indicators_by_version.setdefault(row.version_id, {})[row.code] = IndicatorInfo(
            code=row.code,
            name=row.name,
            unit_of_measure=row.unit_of_measure,
            value_type=row.value_type,
            aggregation=row.aggregation,
            field_name=row.field.name if row.field else "",
            field_order=row.field.sort_order if row.field else 1000,
        )
    counted = counted_statuses(include_submitted)
    columns = [
        "id",
        "period_id",
        "unit_id",
        "status",
        "first_submitted_at",
        "last_submitted_at",
        "revision_count",
    ]
    if with_narrative:
        columns.append("narrative")
    rows = list(
        _expected_reports([p.pk for p in periods], issuing_unit, duty.receiving_unit_id).values_list(*columns)
    )
    unit_ids = {row[2] for row in rows}
    units_db = {
        unit.pk: unit
        for unit in Unit.objects.filter(pk__in=unit_ids)
        .select_related("kind", "level")
        .only(
            "id",
            "name",
            "path",
            "valid_from",
            "valid_to",
            "kind__name",
            "kind__sort_order",
            "level__name",
            "level__rank",
        )
    }
    first_field: dict[int, tuple[int, str]] = {}
    for unit_id, order, name in (
        Unit.fields.through.objects.filter(unit_id__in=unit_ids)
        .values_list("unit_id", "field__sort_order", "field__name")
        .order_by("unit_id", "field__sort_order", "field__name")
    ):
        first_field.setdefault(unit_id, (order, name))
    units = {
        unit.pk: UnitInfo(
            id=unit.pk,
            name=unit.name,
            kind=unit.kind.name,
            kind_order=unit.kind.sort_order,
            level=unit.level.name,
            level_rank=unit.level.rank,
            path=unit.path,
            field_name=first_field.get(unit.pk, (1000, ""))[1],
            field_order=first_field.get(unit.pk, (1000, ""))[0],
        )
        for unit in units_db.values()
    }
    by_period = {p.pk: p for p in periods}
    reports: dict[int, list[UnitReport]] = {p.pk: [] for p in periods}
    report_of: dict[int, UnitReport] = {}
    narratives: list[tuple[int, int, int, dict[str, str]]] = []
    for row in rows:
        submission_id, period_id, unit_id, status, first_at, last_at, revisions = row[:7]
        if first_at is None and not unit_expected_in(units_db[unit_id], by_period[period_id]):
            continue  # the unit did not exist at the period's cut-off (as on the board)
        report = UnitReport(unit_id=unit_id, status=status, submitted_at=last_at)
        reports[period_id].append(report)
        if status in counted:
            report_of[submission_id] = report
            if with_narrative and period_id == period.pk:
                narratives.append((submission_id, unit_id, revisions, row[7] or {}))
    for submission_id, indicator_id, number, text, boolean in SubmissionValue.objects.filter(
        submission_id__in=list(report_of)
    ).values_list("submission_id", "indicator_id", "number", "text", "boolean"):
        if number is None and not text and boolean is None:
            continue
        report_of[submission_id].values[code_of[indicator_id]] = (number, text, boolean)

    def data(p: Period | None) -> PeriodData | None:
        if p is None:
            return None
        return PeriodData(p.pk, p.label, indicators_by_version.get(p.template_version_id, {}), reports[p.pk])

    ancestor_ids: set[int] = set()
    for report in reports[period.pk]:
        ids = units[report.unit_id].path.strip("/").split("/")
        if str(issuing_unit.pk) in ids:
            ancestor_ids.update(int(i) for i in ids[ids.index(str(issuing_unit.pk)) + 1 : -1])
    ancestor_names = (
        dict(Unit.objects.filter(pk__in=ancestor_ids).values_list("id", "name")) if ancestor_ids else {}
    )
    figures = figures_compute(
        current=data(period),  # type: ignore[arg-type]
        previous=data(previous),
        last_year=data(last_year),
        units=units,
        issuing_unit_id=issuing_unit.pk,
        ancestor_names=ancestor_names,
        include_submitted=include_submitted,
        status_labels={str(k): str(v) for k, v in SubmissionStatus.choices},
    )
    sources = [
        SourceText(
            section_code=code,
            unit_id=unit_id,
            unit_name=units[unit_id].name,
            submission_id=submission_id,
            revision=revisions,
            text=html_to_text(stored),
            order=(units[unit_id].field_order, units[unit_id].field_name, vi_sort_key(units[unit_id].name)),
        )
        for submission_id, unit_id, revisions, narrative in narratives
        for code, stored in narrative.items()
    ]
    return figures, sources


def consolidation_version_figures(version: ConsolidatedVersion) -> dict[str, Any]:
    """Frozen figures of an issued version; live ones of a draft."""
    if not version.is_draft and version.figures:
        return version.figures
    figures, _sources = consolidation_data(
        period=version.report.period,
        issuing_unit=version.report.issuing_unit,
        include_submitted=version.include_submitted,
    )
    return figures


# --- Lists and single reports ----------------------------------------------------------------------------------


def _versions() -> QuerySet[ConsolidatedVersion]:
    return ConsolidatedVersion.objects.select_related(
        "report__period__duty", "report__issuing_unit__kind", "document"
    )


def consolidation_version_get(*, user: Any, pk: int) -> ConsolidatedVersion:
    """A version the user may read; a draft or another unit's report is a 404 to whoever may not see it."""
    version = _versions().filter(pk=pk).first()
    if version is None or not can_view_consolidation(user, version):
        raise NotFoundError(_("Không tìm thấy báo cáo tổng hợp."))
    return version


def consolidation_version_for_edit(*, user: Any, pk: int) -> ConsolidatedVersion:
    version = _versions().filter(pk=pk).first()
    if version is None:
        raise NotFoundError(_("Không tìm thấy báo cáo tổng hợp."))
    require(
        can_build_consolidation(user, version.report.issuing_unit),
        _("Chỉ cán bộ của Ban mới được biên tập báo cáo tổng hợp."),
    )
    return version


def consolidation_version_list(*, user: Any) -> list[ConsolidatedVersion]:
    """Every version the user may read, newest period first (drafts only for the department)."""
    versions = _versions().order_by("-report__period__window_end", "report_id", "-number")
    if user.is_superuser:
        return list(versions)
    from khoagiao.core.permissions import user_scope

    from .permissions import DEPARTMENT, READERS, UNIT_EDITORS

    builder = user_scope(user, DEPARTMENT).unit_ids
    reader = user_scope(user, READERS).unit_ids
    unit_scope = user_scope(user, UNIT_EDITORS).unit_ids
    if not (builder or reader or unit_scope):
        return []
    readable = Q(report__issuing_unit_id__in=builder) | Q(
        status=ConsolidationStatus.ISSUED, report__issuing_unit_id__in=reader
    )
    if unit_scope:
        # Units read the issued reports that counted them (checked below on the frozen list of units).
        readable |= Q(status=ConsolidationStatus.ISSUED)
    candidates = versions.filter(readable)

    def readable_by_user(version: ConsolidatedVersion) -> bool:
        unit_id = version.report.issuing_unit_id
        if unit_id in builder:
            return True
        if version.is_draft:
            return False
        return unit_id in reader or bool(unit_scope & set((version.figures or {}).get("unit_ids", [])))

    return [version for version in candidates if readable_by_user(version)]


def consolidation_latest_for_period(*, user: Any, period: Period) -> ConsolidatedVersion | None:
    """The newest version of the period's consolidated reports that the user may read (issued first)."""
    versions = _versions().filter(report__period=period).order_by("-status", "-number")
    readable = [version for version in versions if can_view_consolidation(user, version)]
    issued = [version for version in readable if not version.is_draft]
    for candidates in (issued, readable):
        if candidates:
            return candidates[0]
    return None


def consolidation_duty_periods(*, user: Any) -> list[Period]:
    """Periods the user may consolidate: those of duties received by a unit where the user is department staff,
    already opened, newest first."""
    from django.utils import timezone

    from khoagiao.core.permissions import user_scope

    from .permissions import DEPARTMENT

    periods = Period.objects.select_related("duty__receiving_unit").filter(
        window_start__lte=timezone.localdate()
    )
    if not user.is_superuser:
        periods = periods.filter(duty__receiving_unit_id__in=user_scope(user, DEPARTMENT).unit_ids)
    return list(periods.order_by("-window_end", "duty__name")[:60])


def consolidation_report_versions(report: ConsolidatedReport) -> list[ConsolidatedVersion]:
    return list(report.versions.select_related("document").order_by("-number"))
