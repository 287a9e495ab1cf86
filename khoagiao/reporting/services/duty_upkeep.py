"""Keeping a changed duty's periods in step: a new frequency replaces the periodic periods, a new schedule
moves the deadlines (and windows) of those still to come, a new template reaches those not opened yet, and the
expected reports follow the units the duty now names. Periods whose deadline has passed are history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.errors import ValidationFailed
from khoagiao.core.workdays import WorkingCalendar

from ..choices import SubmissionStatus
from ..models import ReportingDuty, Submission
from ..periods import period_label, period_spec
from .periods import _period_times, duty_expected_units, submissions_expect, template_current_version


def _started(periods: Any) -> Any:
    return Submission.objects.filter(period__in=periods).exclude(status=SubmissionStatus.NOT_STARTED)


def _untouched(submissions: Any) -> Any:
    """Expected reports nobody has opened: no save, no submit."""
    return submissions.filter(status=SubmissionStatus.NOT_STARTED, version=0, revision_count=0)


def _replace_schedule(duty: ReportingDuty) -> int:
    """A new frequency: the periodic periods (none has a report started) are deleted, to be generated again."""
    periods = duty.periods.filter(is_ad_hoc=False)
    count = periods.count()
    try:
        with transaction.atomic():
            periods.delete()
    except ProtectedError as error:
        raise ValidationFailed(
            _("Các kỳ báo cáo cũ của chế độ đang được dùng ở nơi khác nên không thể đổi tần suất."),
            details={"field": "frequency"},
        ) from error
    return count


def _reschedule(duty: ReportingDuty, *, today: dt.date, window_changed: bool) -> int:
    """Apply the duty's new deadline rules to its periodic periods still to come (deadline not passed), and its
    new window rule to those not opened yet with no report started. Returns how many periods changed."""
    now = timezone.now()
    calendar = WorkingCalendar()
    started = set(_started(duty.periods.all()).values_list("period_id", flat=True))
    changed = 0
    for period in duty.periods.filter(is_ad_hoc=False, deadline__gt=now):
        updates: dict[str, Any] = {}
        window_end = period.window_end
        if window_changed and period.window_start > today and period.pk not in started:
            spec = period_spec(duty.frequency, duty.window_rule, period.year, period.number)
            updates.update(
                window_start=spec.window_start,
                window_end=spec.window_end,
                label=period_label(duty.frequency, period.year, period.number),
            )
            window_end = spec.window_end
        times = _period_times(duty, window_end, calendar)
        updates.update({name: value for name, value in times.items() if getattr(period, name) != value})
        if updates:
            for name, value in updates.items():
                setattr(period, name, value)
            period.save(update_fields=[*updates, "updated_at"])
            changed += 1
    return changed


def _retemplate(duty: ReportingDuty, *, today: dt.date) -> int:
    """A duty moved to another template: its periods not opened yet, with no report started, take that
    template's published version; periods already open keep the version their units are filling in."""
    version = template_current_version(duty.template_id)
    if version is None:
        return 0
    upcoming = duty.periods.filter(window_start__gt=today)
    return (
        upcoming.exclude(pk__in=_started(upcoming).values("period_id"))
        .exclude(template_version=version)
        .update(template_version=version)
    )


def _resync_units(duty: ReportingDuty) -> dict[str, int]:
    """Periods still to come expect exactly the units the duty now names: reports nobody opened are dropped for
    units no longer named, and missing ones are created. Ad-hoc requests keep the units they were sent to."""
    removed = added = 0
    now = timezone.now()
    for period in duty.periods.filter(is_ad_hoc=False, deadline__gt=now):
        expected = duty_expected_units(duty, window_start=period.window_start, window_end=period.window_end)
        stale = _untouched(period.submissions.exclude(unit__in=expected.values("pk")))
        try:
            with transaction.atomic():
                removed += stale.delete()[1].get(Submission._meta.label, 0)
        except ProtectedError:
            pass  # something already refers to the expected report: it stays expected
        added += submissions_expect(period)
    return {"removed": removed, "added": added}
