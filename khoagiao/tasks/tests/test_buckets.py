"""The four buckets on edge dates, ageing of overdue tasks and the behind-schedule warning; the database
conditions agree with the Python rule on every case."""

from __future__ import annotations

import datetime as dt

import pytest

from khoagiao.tasks.buckets import (
    ageing_band,
    annotate_bucket,
    bucket_totals,
    effective_due_date,
    task_behind_schedule,
    task_bucket_of,
)
from khoagiao.tasks.choices import TaskBucket, TaskStatus
from khoagiao.tasks.models import Task

from .factories import make_task

pytestmark = pytest.mark.django_db

SUNDAY = dt.date(2026, 3, 8)
TET = dt.date(2026, 2, 17)


def set_state(task: Task, *, status: str, completed_on: dt.date | None = None, progress: int = 0) -> Task:
    Task.objects.filter(pk=task.pk).update(
        status=status, completed_on=completed_on, progress_percent=progress
    )
    task.refresh_from_db()
    return task


def db_bucket(task: Task, today: dt.date) -> str:
    return annotate_bucket(Task.objects.filter(pk=task.pk), today=today).get().bucket


def test_due_date_on_a_sunday_or_at_tet_moves_to_the_next_working_day():
    assert effective_due_date(SUNDAY) == dt.date(2026, 3, 9)
    assert effective_due_date(TET) == dt.date(2026, 2, 23)
    assert effective_due_date(dt.date(2026, 3, 10)) == dt.date(2026, 3, 10)


@pytest.mark.parametrize(
    ("status", "completed", "today", "expected"),
    [
        # Done on the due date itself: on time.
        (TaskStatus.DONE, dt.date(2026, 3, 10), dt.date(2026, 4, 1), TaskBucket.DONE_ON_TIME),
        (TaskStatus.DONE, dt.date(2026, 3, 11), dt.date(2026, 4, 1), TaskBucket.DONE_LATE),
        # Open on the due date: still within term; the next day: overdue.
        (TaskStatus.IN_PROGRESS, None, dt.date(2026, 3, 10), TaskBucket.OPEN_WITHIN_TERM),
        (TaskStatus.IN_PROGRESS, None, dt.date(2026, 3, 11), TaskBucket.OPEN_OVERDUE),
        # Reported in time, awaiting verification after the due date: the unit did its part in time.
        (TaskStatus.REPORTED_DONE, dt.date(2026, 3, 10), dt.date(2026, 3, 20), TaskBucket.OPEN_WITHIN_TERM),
        (TaskStatus.REPORTED_DONE, dt.date(2026, 3, 12), dt.date(2026, 3, 20), TaskBucket.OPEN_OVERDUE),
    ],
)
def test_buckets_on_edge_dates(cast, status, completed, today, expected):
    task = make_task(cast, assigned_on=dt.date(2026, 3, 1), due_date=dt.date(2026, 3, 10))
    set_state(task, status=status, completed_on=completed)
    assert task_bucket_of(task, today=today) == expected
    assert db_bucket(task, today) == expected


def test_due_on_a_sunday_done_on_monday_is_on_time(cast):
    task = make_task(cast, assigned_on=dt.date(2026, 3, 1), due_date=SUNDAY)
    set_state(task, status=TaskStatus.DONE, completed_on=dt.date(2026, 3, 9))
    assert task_bucket_of(task, today=dt.date(2026, 3, 20)) == TaskBucket.DONE_ON_TIME
    assert db_bucket(task, dt.date(2026, 3, 20)) == TaskBucket.DONE_ON_TIME


def test_due_at_tet_is_within_term_during_the_holidays(cast):
    task = make_task(cast, assigned_on=dt.date(2026, 2, 2), due_date=TET)
    assert db_bucket(task, dt.date(2026, 2, 20)) == TaskBucket.OPEN_WITHIN_TERM
    assert db_bucket(task, dt.date(2026, 2, 23)) == TaskBucket.OPEN_WITHIN_TERM
    assert db_bucket(task, dt.date(2026, 2, 24)) == TaskBucket.OPEN_OVERDUE


def test_cancelled_tasks_are_in_no_bucket(cast):
    task = make_task(cast, assigned_on=dt.date(2026, 3, 1), due_date=dt.date(2026, 3, 10))
    set_state(task, status=TaskStatus.CANCELLED)
    assert task_bucket_of(task, today=dt.date(2026, 4, 1)) is None
    assert bucket_totals(Task.objects.all(), today=dt.date(2026, 4, 1)).total == 0


def test_ageing_counts_overdue_tasks_past_30_60_120_days(cast):
    today = dt.date(2026, 9, 30)
    for days in (10, 31, 61, 121, 200):
        due = today - dt.timedelta(days=days)
        while effective_due_date(due) != due:
            due -= dt.timedelta(days=1)
        make_task(cast, assigned_on=due - dt.timedelta(days=30), due_date=due)
    totals = bucket_totals(Task.objects.all(), today=today)
    assert totals.open_overdue == 5
    assert totals.overdue_ageing == {30: 4, 60: 3, 120: 2}
    assert ageing_band(31) == 30 and ageing_band(30) is None and ageing_band(121) == 120


def test_on_time_rate_counts_finished_tasks(cast):
    base = {"assigned_on": dt.date(2026, 3, 1), "due_date": dt.date(2026, 3, 10)}
    for completed in (dt.date(2026, 3, 9), dt.date(2026, 3, 10), dt.date(2026, 3, 20)):
        set_state(make_task(cast, **base), status=TaskStatus.DONE, completed_on=completed)
    make_task(cast, **base)
    totals = bucket_totals(Task.objects.all(), today=dt.date(2026, 4, 1))
    assert (totals.done_on_time, totals.done_late, totals.open_overdue) == (2, 1, 1)
    assert totals.on_time_rate == 66.7


def test_behind_schedule_when_progress_lags_elapsed_time(cast):
    task = make_task(cast, assigned_on=dt.date(2026, 3, 2), due_date=dt.date(2026, 4, 1))
    set_state(task, status=TaskStatus.IN_PROGRESS, progress=30)
    # 15 of 30 days gone (50 %) with 30 % done: behind.
    assert task_behind_schedule(task, today=dt.date(2026, 3, 17))
    set_state(task, status=TaskStatus.IN_PROGRESS, progress=60)
    assert not task_behind_schedule(task, today=dt.date(2026, 3, 17))
    # Overdue is its own bucket, not "behind schedule".
    set_state(task, status=TaskStatus.IN_PROGRESS, progress=10)
    assert not task_behind_schedule(task, today=dt.date(2026, 4, 10))
