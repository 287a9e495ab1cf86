"""Shared fixtures of the consolidation tests: a quarterly duty with last year's, the previous and the current
quarter, and reports with hand-chosen figures (imported by the test_consolidation_* modules)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from khoagiao.accounts.choices import MembershipRole
from khoagiao.core.testing import Cast, make_user
from khoagiao.reporting.models import Period, ReportingDuty, Submission
from khoagiao.reporting.services.review import submission_accept, submission_submit
from khoagiao.reporting.services.submissions import submission_save_draft
from khoagiao.reporting.tests.factories import make_duty, valid_values


class Setting:
    def __init__(self, cast: Cast) -> None:
        self.cast = cast
        self.duty: ReportingDuty = make_duty(cast, since=dt.date(2025, 1, 10), today=dt.date(2026, 1, 10))
        periods = {(p.year, p.number): p for p in self.duty.periods.all()}
        self.last_year: Period = periods[(2025, 1)]
        self.previous: Period = periods[(2025, 4)]
        self.current: Period = periods[(2026, 1)]
        self.health_focal = make_user("daumoi.yte", role=MembershipRole.FOCAL_POINT, unit=cast.health)
        self.focal = {
            cast.education.pk: cast.education_focal,
            cast.health.pk: self.health_focal,
            cast.commune_a.pk: cast.commune_a_focal,
            cast.commune_b.pk: cast.commune_b_focal,
        }

    def send(
        self,
        unit: Any,
        period: Period,
        figures: dict[str, str],
        *,
        accept: bool = True,
        narrative: dict[str, str] | None = None,
    ) -> Submission:
        submission = Submission.objects.get(period=period, unit=unit)
        values = valid_values(submission)
        values.update(figures)
        text = narrative or {}
        sections = {
            section.code: text.get(section.code, f"<p>Nội dung mục {section.code} của {unit.name}.</p>")
            for section in period.template_version.sections.all()
        }
        focal = self.focal[unit.pk]
        submission = submission_save_draft(
            actor=focal,
            submission=submission,
            expected_version=submission.version,
            narrative=sections,
            values=values,
        )
        submission = submission_submit(
            actor=focal, submission=submission, expected_version=submission.version
        )
        if accept:
            submission = submission_accept(actor=self.cast.specialist, submission=submission)
        return submission
