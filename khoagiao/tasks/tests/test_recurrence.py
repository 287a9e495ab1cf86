"""Recurring tasks: each occurrence is created once, on time, whatever the number of runs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from khoagiao.core.errors import ValidationFailed
from khoagiao.tasks.choices import RecurrenceFrequency
from khoagiao.tasks.models import Task, TaskRecurrence
from khoagiao.tasks.services import recurrence_create, recurrences_generate_all
from khoagiao.tasks.services.recurrence import recurrence_due_dates

pytestmark = pytest.mark.django_db


def monthly(cast, **overrides):
    values = {
        "actor": cast.specialist,
        "title": "Báo cáo tình hình dư luận xã hội",
        "lead_unit": cast.education,
        "frequency": RecurrenceFrequency.MONTHLY,
        "due_day": 31,
        "lead_days": 10,
        "starts_on": dt.date(2026, 1, 1),
        "coordinating_units": [cast.health],
    }
    values.update(overrides)
    return recurrence_create(**values)


def test_monthly_occurrences_are_generated_once_and_only_once(cast):
    recurrence = monthly(cast)
    assert recurrences_generate_all(today=dt.date(2026, 3, 20)) == 2  # January, February
    assert recurrences_generate_all(today=dt.date(2026, 3, 20)) == 0
    assert (
        recurrences_generate_all(today=dt.date(2026, 3, 21)) == 1
    )  # March is due on the 31st, 10 days ahead
    assert recurrences_generate_all(today=dt.date(2026, 3, 25)) == 0
    dues = list(Task.objects.order_by("due_date").values_list("due_date", flat=True))
    assert dues == [dt.date(2026, 1, 31), dt.date(2026, 2, 28), dt.date(2026, 3, 31)]
    march = Task.objects.get(due_date=dt.date(2026, 3, 31))
    assert march.recurrence == recurrence and march.title.endswith("(tháng 3/2026)")
    assert march.assigned_on == dt.date(2026, 3, 21)
    assert list(march.coordinating_units.all()) == [cast.health]


def test_database_refuses_a_second_occurrence_for_the_same_due_date(cast):
    recurrence = monthly(cast)
    recurrences_generate_all(today=dt.date(2026, 1, 25))
    task = Task.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.create(
            title="x",
            lead_unit=cast.education,
            assigned_on=task.assigned_on,
            due_date=task.due_date,
            original_due_date=task.original_due_date,
            effective_due_date=task.effective_due_date,
            recurrence=recurrence,
        )


def test_quarterly_and_yearly_due_dates(cast):
    quarterly = monthly(cast, frequency=RecurrenceFrequency.QUARTERLY, due_day=20)
    yearly = monthly(cast, frequency=RecurrenceFrequency.YEARLY, due_day=15, due_month=12)
    assert list(recurrence_due_dates(quarterly, until=dt.date(2026, 12, 31))) == [
        dt.date(2026, 3, 20),
        dt.date(2026, 6, 20),
        dt.date(2026, 9, 20),
        dt.date(2026, 12, 20),
    ]
    assert list(recurrence_due_dates(yearly, until=dt.date(2027, 12, 31))) == [
        dt.date(2026, 12, 15),
        dt.date(2027, 12, 15),
    ]


def test_stopped_or_ended_recurrences_generate_nothing_more(cast):
    recurrence = monthly(cast, ends_on=dt.date(2026, 2, 28))
    assert recurrences_generate_all(today=dt.date(2026, 12, 1)) == 2
    TaskRecurrence.objects.filter(pk=recurrence.pk).update(is_active=False)
    assert recurrences_generate_all(today=dt.date(2027, 6, 1)) == 0


def test_bad_recurrence_is_refused(cast):
    with pytest.raises(ValidationFailed, match="Ngày kết thúc"):
        monthly(cast, ends_on=dt.date(2025, 12, 1))
    assert not TaskRecurrence.objects.exists()
