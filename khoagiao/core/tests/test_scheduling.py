"""The periodic schedule: one enqueue per job and slot, however often the worker asks."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from khoagiao.core import scheduling
from khoagiao.core.models import PeriodicJobRun
from khoagiao.core.scheduling import PeriodicJob, schedule_due_jobs

from . import sample_jobs

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


@pytest.fixture
def only_test_jobs(monkeypatch):
    jobs: dict[str, PeriodicJob] = {}
    monkeypatch.setattr(scheduling, "PERIODIC_JOBS", jobs)
    sample_jobs.CALLS.clear()
    return jobs


def at(hour, minute, day=10):
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=HANOI)


def test_twice_in_the_same_slot_enqueues_once(only_test_jobs):
    only_test_jobs["tests.hourly"] = PeriodicJob("tests.hourly", sample_jobs.count_call, every_minutes=60)

    assert schedule_due_jobs(at(9, 5)) == ["tests.hourly"]
    assert schedule_due_jobs(at(9, 40)) == []

    assert PeriodicJobRun.objects.filter(name="tests.hourly").count() == 1
    assert sample_jobs.CALLS == [""]
    run = PeriodicJobRun.objects.get(name="tests.hourly")
    assert run.slot == "2026-03-10T09:00"
    assert run.result_id


def test_the_next_slot_enqueues_again(only_test_jobs):
    only_test_jobs["tests.hourly"] = PeriodicJob("tests.hourly", sample_jobs.count_call, every_minutes=60)

    schedule_due_jobs(at(9, 5))
    assert schedule_due_jobs(at(10, 0)) == ["tests.hourly"]

    assert sorted(PeriodicJobRun.objects.values_list("slot", flat=True)) == [
        "2026-03-10T09:00",
        "2026-03-10T10:00",
    ]
    assert len(sample_jobs.CALLS) == 2


def test_daily_job_is_not_due_before_its_time(only_test_jobs):
    only_test_jobs["tests.daily"] = PeriodicJob("tests.daily", sample_jobs.count_call, daily_at=dt.time(2, 0))

    assert schedule_due_jobs(at(1, 59)) == []
    assert not PeriodicJobRun.objects.exists()

    assert schedule_due_jobs(at(2, 0)) == ["tests.daily"]
    assert schedule_due_jobs(at(23, 0)) == []
    assert schedule_due_jobs(at(2, 30, day=11)) == ["tests.daily"]
    assert list(PeriodicJobRun.objects.order_by("slot").values_list("slot", flat=True)) == [
        "2026-03-10",
        "2026-03-11",
    ]
    assert len(sample_jobs.CALLS) == 2


def test_daily_slot_follows_the_province_clock(only_test_jobs):
    only_test_jobs["tests.daily"] = PeriodicJob("tests.daily", sample_jobs.count_call, daily_at=dt.time(2, 0))
    # 19:30 UTC on the 9th is 02:30 on the 10th in Vietnam.
    assert schedule_due_jobs(dt.datetime(2026, 3, 9, 19, 30, tzinfo=dt.UTC)) == ["tests.daily"]
    assert PeriodicJobRun.objects.get().slot == "2026-03-10"


def test_schedule_label_reads_as_words():
    assert PeriodicJob("a", sample_jobs.count_call, every_minutes=60).schedule_label == "Mỗi giờ"
    assert PeriodicJob("b", sample_jobs.count_call, every_minutes=15).schedule_label == "Mỗi 15 phút"
    assert PeriodicJob("c", sample_jobs.count_call, every_minutes=180).schedule_label == "Mỗi 3 giờ"
    assert (
        PeriodicJob("d", sample_jobs.count_call, daily_at=dt.time(2, 0)).schedule_label
        == "Hằng ngày, từ 02:00"
    )


def test_the_foundation_registers_its_periodic_jobs():
    assert {"core.prune_login_failures", "core.prune_finished_job_results"} <= set(scheduling.PERIODIC_JOBS)
