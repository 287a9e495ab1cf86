"""Benchmark of the task engine on a generated province.

A department assigns 20,000 tasks over five years (2022–2026) to 150 units (70 agencies, 80 commune
committees), with one or two coordinating units on a third of them, in every state (verified on time or late,
reported, in progress, overdue, cancelled), bulk-inserted with their working-day due dates. Then it times:

- the "Tất cả nhiệm vụ" page (first page, four buckets on top) as the department's specialist, unfiltered and
  with filters (a unit, a bucket, a due window, a text search);
- the four-bucket table per unit ranked by on-time rate (page and selector), and its XLSX export;
- a focal point's "Nhiệm vụ của đơn vị" page;
- the filtered-list XLSX export (the whole filtered list).

    .venv/bin/python bench/tasks.py                      # SQLite file under var/
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/khoagiao_bench_tasks .venv/bin/python bench/tasks.py

It drops and rebuilds its own database each run and prints Markdown tables.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import reset_database, timed, unit_builder  # noqa: E402  (after the path is set)

BENCH_SQLITE = ROOT / "var" / "bench-tasks.sqlite3"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{BENCH_SQLITE}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ["ALLOWED_HOSTS"] = "testserver,localhost"

AGENCIES = 70
COMMUNES = 80
TASKS = 20_000
REPEAT = 10
SEED = 20261122
TODAY = dt.date(2026, 11, 20)
START = dt.date(2022, 1, 1)
WORDS = [
    "tuyên truyền",
    "nghị quyết",
    "chỉ thị",
    "y tế",
    "giáo dục",
    "chuyển đổi số",
    "dân số",
    "môi trường",
    "trí thức",
    "sơ kết",
    "tổng kết",
    "kiểm tra",
    "phối hợp",
    "dư luận",
    "học đường",
    "phòng chống dịch",
]


def generate() -> dict[str, Any]:
    from django.db import transaction

    from khoagiao.accounts.choices import MembershipRole
    from khoagiao.accounts.models import Membership, User
    from khoagiao.core.testing import kinds_and_levels
    from khoagiao.core.text import fold_vi
    from khoagiao.core.workdays import WorkingCalendar
    from khoagiao.orgs.models import Unit
    from khoagiao.tasks.choices import TaskSourceKind, TaskStatus
    from khoagiao.tasks.models import Task

    rng = random.Random(SEED)
    kinds, levels = kinds_and_levels()
    build = unit_builder(kinds, levels, dt.date(2020, 1, 1))
    calendar = WorkingCalendar()
    with transaction.atomic():
        province = build(None, "tinh-uy", "Tỉnh ủy Quảng Ngãi", "party_committee", "province")
        department = build(province, "btgdv", "Ban Tuyên giáo và Dân vận Tỉnh ủy", "party_board", "province")
        units = [
            build(department, f"so-{n}", f"Sở, ngành số {n + 1}", "agency", "province")
            for n in range(AGENCIES)
        ]
        units += [
            build(department, f"xa-{n}", f"Đảng ủy xã Đông Hòa {n + 1}", "party_committee", "commune")
            for n in range(COMMUNES)
        ]
        Unit.objects.bulk_create([province, department, *units])
        specialist = User.objects.create_user("chuyenvien", password="x")
        focal = User.objects.create_user("daumoi.so-0", password="x")
        Membership.objects.create(user=specialist, unit=department, role=MembershipRole.DEPT_SPECIALIST)
        Membership.objects.create(user=focal, unit=units[0], role=MembershipRole.FOCAL_POINT)
        effective: dict[dt.date, dt.date] = {}

        def working(day: dt.date) -> dt.date:
            if day not in effective:
                moved = day
                while not calendar.is_working_day(moved):
                    moved += dt.timedelta(days=1)
                effective[day] = moved
            return effective[day]

        span = (TODAY - START).days
        rows = []
        for index in range(TASKS):
            assigned = START + dt.timedelta(days=rng.randrange(span))
            due = assigned + dt.timedelta(days=rng.choice([15, 30, 45, 60, 90]))
            eff = working(due)
            roll = rng.random()
            status, completed = TaskStatus.IN_PROGRESS, None
            if (eff < TODAY and roll < 0.8) or (eff >= TODAY and roll < 0.2):
                status = TaskStatus.DONE if roll < 0.75 or eff >= TODAY else TaskStatus.REPORTED_DONE
                completed = min(TODAY, eff + dt.timedelta(days=rng.randint(-20, 12)))
                completed = max(completed, assigned)
            elif roll > 0.97:
                status = TaskStatus.CANCELLED
            elif roll > 0.9:
                status = TaskStatus.ASSIGNED
            title = f"Nhiệm vụ {index + 1}: {rng.choice(WORDS)} {rng.choice(WORDS)}"
            rows.append(
                Task(
                    title=title,
                    search_text=fold_vi(title),
                    source_kind=rng.choice(TaskSourceKind.values),
                    lead_unit=rng.choice(units),
                    assigning_unit=department,
                    assigned_on=assigned,
                    due_date=due,
                    original_due_date=due,
                    effective_due_date=eff,
                    status=status,
                    progress_percent=100 if completed else rng.randint(0, 90),
                    completed_on=completed,
                )
            )
        Task.objects.bulk_create(rows, batch_size=2000)
        through = Task.coordinating_units.through
        links = []
        for task in Task.objects.only("id", "lead_unit_id").iterator():
            if rng.random() < 0.33:
                for unit in rng.sample(units, 2)[: rng.choice([1, 2])]:
                    if unit.pk != task.lead_unit_id:
                        links.append(through(task_id=task.pk, unit_id=unit.pk))
        through.objects.bulk_create(links, batch_size=5000)
    return {"units": units, "specialist": specialist, "focal": focal, "links": len(links)}


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from khoagiao.tasks import selectors

    reset_database()
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    data = generate()
    generated_in = time.perf_counter() - began
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    from django.utils import timezone

    import khoagiao.tasks.selectors as selectors_module

    timezone.localdate = lambda *args, **kwargs: TODAY  # type: ignore[assignment]  (a fixed "today")
    assert selectors_module is selectors

    specialist = Client()
    specialist.force_login(data["specialist"])
    focal = Client()
    focal.force_login(data["focal"])
    unit = data["units"][3]

    def page(client: Client, url: str, query: dict[str, Any] | None = None) -> Callable[[], object]:
        def run() -> object:
            response = client.get(url, query or {})
            assert response.status_code == 200, (url, response.status_code)
            return response

        return run

    def table_selector() -> object:
        rows = selectors.task_unit_table(user=data["specialist"], today=TODAY)
        assert len(rows) == AGENCIES + COMMUNES
        return rows

    list_url = reverse("tasks:task_list")
    cases: list[tuple[str, Callable[[], object], int]] = [
        ("«Tất cả nhiệm vụ», trang đầu, bốn nhóm (không lọc)", page(specialist, list_url), REPEAT),
        ("… lọc theo đơn vị", page(specialist, list_url, {"unit": unit.pk}), REPEAT),
        ("… lọc nhóm «quá hạn»", page(specialist, list_url, {"bucket": "open_overdue"}), REPEAT),
        (
            "… lọc khoảng hạn (một quý)",
            page(specialist, list_url, {"due_from": "2026-07-01", "due_to": "2026-09-30"}),
            REPEAT,
        ),
        ("… tìm chữ «phong chong dich»", page(specialist, list_url, {"q": "phong chong dich"}), REPEAT),
        ("Bảng bốn nhóm theo đơn vị (trang)", page(specialist, reverse("tasks:unit_table")), REPEAT),
        ("Bảng bốn nhóm theo đơn vị (selector)", table_selector, REPEAT),
        ("Xuất Excel bảng theo đơn vị", page(specialist, reverse("tasks:unit_table_export")), 5),
        ("«Nhiệm vụ của đơn vị» (đầu mối)", page(focal, reverse("tasks:my_tasks")), REPEAT),
        (
            "Xuất Excel danh sách lọc theo đơn vị",
            page(specialist, reverse("tasks:task_list_export"), {"unit": unit.pk}),
            5,
        ),
    ]
    query_counts = {}
    for label, function, _repeat in cases:
        with CaptureQueriesContext(connection) as captured:
            function()
        query_counts[label] = len(captured)
    print(
        f"\nDatabase: {connection.vendor}; {TASKS:,} tasks, {AGENCIES + COMMUNES} units, "
        f"{data['links']:,} coordination links; generated in {generated_in:.1f} s\n"
    )
    print("| operation | median ms | max ms | queries |")
    print("|---|---:|---:|---:|")
    for label, function, repeat in cases:
        median, worst = timed(function, repeat=repeat)
        print(f"| {label} | {median:.0f} | {worst:.0f} | {query_counts[label]} |")


if __name__ == "__main__":
    main()
