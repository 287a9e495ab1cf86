"""Scoping of the task lists, the filters (including the source link other apps use), the unit table, and
query counts that do not grow with the number of rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType

from khoagiao.core.errors import NotFoundError
from khoagiao.tasks import selectors
from khoagiao.tasks.choices import TaskBucket, TaskSourceKind, TaskStatus
from khoagiao.tasks.models import Task
from khoagiao.tasks.selectors import TaskFilters

from .factories import make_task

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)


def titles(queryset) -> set[str]:
    return set(queryset.values_list("title", flat=True))


@pytest.fixture
def tasks(cast):
    return {
        "edu": make_task(
            cast, title="Giáo dục", lead_unit=cast.education, coordinating_units=[cast.commune_a]
        ),
        "health": make_task(cast, title="Y tế", lead_unit=cast.health),
        "commune_b": make_task(cast, title="Xã B", lead_unit=cast.commune_b),
    }


def test_scope_per_role(cast, tasks):
    assert titles(selectors.task_list(user=cast.specialist)) == {"Giáo dục", "Y tế", "Xã B"}
    assert titles(selectors.task_list(user=cast.viewer)) == {"Giáo dục", "Y tế", "Xã B"}
    assert titles(selectors.task_list(user=cast.education_focal)) == {"Giáo dục"}
    # A coordinating unit sees the task it coordinates.
    assert titles(selectors.task_list(user=cast.commune_a_focal)) == {"Giáo dục"}
    assert titles(selectors.task_list(user=cast.commune_b_focal)) == {"Xã B"}
    assert titles(selectors.task_list(user=cast.outsider)) == set()
    with pytest.raises(NotFoundError):
        selectors.task_get(user=cast.commune_b_focal, pk=tasks["edu"].pk)


def test_my_unit_list_and_awaiting_department(cast, tasks):
    assert titles(selectors.task_my_unit_list(user=cast.commune_a_focal)) == {"Giáo dục"}
    assert not selectors.task_my_unit_list(user=cast.specialist).exists()
    Task.objects.filter(pk=tasks["health"].pk).update(status=TaskStatus.REPORTED_DONE)
    assert titles(selectors.task_awaiting_department(user=cast.specialist)) == {"Y tế"}
    assert not selectors.task_awaiting_department(user=cast.education_leader).exists()


def test_filters_by_source_unit_text_bucket_and_window(cast, tasks):
    source = cast.health  # any model object works as a source
    linked = make_task(cast, title="Theo kết luận", source=source, source_kind=TaskSourceKind.CONCLUSION)
    by_source = TaskFilters(source_kind=TaskSourceKind.CONCLUSION, source_id=source.pk)
    assert titles(selectors.task_list(user=cast.specialist, filters=by_source)) == {"Theo kết luận"}
    assert linked.source_type == ContentType.objects.get_for_model(source)
    assert titles(
        selectors.task_list(user=cast.specialist, filters=TaskFilters(unit_id=cast.commune_a.pk))
    ) == {"Giáo dục"}
    assert titles(selectors.task_list(user=cast.specialist, filters=TaskFilters(query="giao duc"))) == {
        "Giáo dục"
    }
    overdue = make_task(cast, title="Quá hạn", assigned_on=dt.date(2026, 1, 5), due_date=dt.date(2026, 2, 2))
    in_bucket = selectors.task_list(user=cast.specialist, filters=TaskFilters(bucket=TaskBucket.OPEN_OVERDUE))
    assert titles(in_bucket) == {"Quá hạn"}
    window = TaskFilters(due_from=dt.date(2026, 2, 1), due_to=dt.date(2026, 2, 28))
    assert titles(selectors.task_list(user=cast.specialist, filters=window)) == {overdue.title}


def test_unit_table_ranks_by_on_time_rate(cast):
    base = {"assigned_on": dt.date(2026, 3, 1), "due_date": dt.date(2026, 3, 10)}
    for unit, completions in (
        (cast.education, [dt.date(2026, 3, 9), dt.date(2026, 3, 20)]),
        (cast.health, [dt.date(2026, 3, 9), dt.date(2026, 3, 10)]),
        (cast.commune_a, []),
    ):
        for completed in completions:
            task = make_task(cast, lead_unit=unit, **base)
            Task.objects.filter(pk=task.pk).update(status=TaskStatus.DONE, completed_on=completed)
        make_task(cast, lead_unit=unit, **base)
    rows = selectors.task_unit_table(user=cast.specialist, today=TODAY)
    assert [row.unit for row in rows] == [cast.health, cast.education, cast.commune_a]
    assert [row.on_time_rate for row in rows] == [100.0, 50.0, None]
    assert rows[0].open_overdue == 1 and rows[0].overdue_ageing[60] == 1


def test_list_and_table_query_counts_do_not_grow(cast, django_assert_max_num_queries):
    units = [cast.education, cast.health, cast.commune_a, cast.commune_b]
    for index in range(30):
        make_task(
            cast,
            title=f"Nhiệm vụ {index}",
            lead_unit=units[index % 4],
            coordinating_units=[units[(index + 1) % 4]],
        )
    user = cast.specialist
    with django_assert_max_num_queries(6):
        rows: list[Any] = list(selectors.task_list(user=user, today=TODAY))
        for task in rows:
            _ = (
                [unit.name for unit in task.coordinating_units.all()],
                task.lead_unit.name,
                task.bucket,
            )
    assert len(rows) == 30
    with django_assert_max_num_queries(5):
        table = selectors.task_unit_table(user=user, today=TODAY)
        assert sum(row.total for row in table) == 30
