"""Reporting fixtures built through the real services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from khoagiao.core.testing import Cast, root_user
from khoagiao.orgs.models import UnitKind
from khoagiao.reporting.choices import DutyFrequency, IndicatorValueType
from khoagiao.reporting.models import Period, ReportingDuty, Submission
from khoagiao.reporting.services.periods import periods_generate
from khoagiao.reporting.services.submissions import submission_save_draft
from khoagiao.reporting.services.templates import template_install_default

DEFAULT_SINCE = dt.date(2026, 1, 10)  # inside the Decree 09 window of quarter I/2026 (15/12/2025–14/3/2026)


def make_duty(
    cast: Cast, *, since: dt.date = DEFAULT_SINCE, today: dt.date | None = None, **overrides: Any
) -> ReportingDuty:
    """A quarterly duty of the default template, received by the department, for agencies and communes,
    with its periods from the quarter containing `since` up to two quarters after `today`."""
    template = template_install_default(actor=root_user())
    fields = {
        "code": "kg-quy",
        "name": "Báo cáo quý công tác khoa giáo",
        "template": template,
        "receiving_unit": cast.department,
        "frequency": DutyFrequency.QUARTER,
        **overrides,
    }
    duty = ReportingDuty.objects.create(**fields)
    duty.unit_kinds.set(UnitKind.objects.filter(code__in=["agency", "party_committee"]))
    periods_generate(duty=duty, since=since, today=today or since)
    return duty


def first_period(duty: ReportingDuty) -> Period:
    return duty.periods.order_by("window_start").first()  # type: ignore[return-value]


def submission_of(duty: ReportingDuty, unit: Any, period: Period | None = None) -> Submission:
    return Submission.objects.get(period=period or first_period(duty), unit=unit)


def valid_values(submission: Submission) -> dict[str, str]:
    """A valid figure for every indicator of the period's template (rules between figures hold)."""
    values: dict[str, str] = {}
    for indicator in submission.period.template_version.indicators.all():
        if indicator.value_type == IndicatorValueType.BOOLEAN:
            values[indicator.code] = "Không"
        elif indicator.value_type == IndicatorValueType.CHOICE:
            values[indicator.code] = str(indicator.choices[0])
        elif indicator.value_type == IndicatorValueType.TEXT:
            values[indicator.code] = "Ghi chú"
        elif indicator.value_type == IndicatorValueType.PERCENT:
            values[indicator.code] = "95,5"
        elif indicator.value_type == IndicatorValueType.DECIMAL:
            values[indicator.code] = "106,2"
        else:
            values[indicator.code] = "12"
    # Pairs bound by rules: the part never exceeds the whole.
    values.update({"GD01": "40", "GD02": "11", "YT01": "15", "YT02": "16"})
    return {
        code: value
        for code, value in values.items()
        if code in {i.code for i in submission.period.template_version.indicators.all()}
    }


def fill_valid(submission: Submission, actor: Any) -> Submission:
    """Fill every section and figure validly, as the unit's focal point would."""
    narrative = {
        section.code: f"<p>Nội dung mục {section.heading} của {submission.unit.name}.</p>"
        for section in submission.period.template_version.sections.all()
    }
    return submission_save_draft(
        actor=actor,
        submission=submission,
        expected_version=submission.version,
        narrative=narrative,
        values=valid_values(submission),
    )
