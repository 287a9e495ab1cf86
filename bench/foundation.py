"""Benchmark of the foundation on a generated national-scale tree (34 provinces, 3,321 communes).

Times what every request of the platform pays for: computing a user's scope, rendering the unit tree, the
folded search, and the API's unit list. Run it on either database:

    .venv/bin/python bench/foundation.py                      # SQLite file under var/
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/khoagiao_bench .venv/bin/python bench/foundation.py

It drops and rebuilds its own database each run and prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import reset_database, timed, unit_builder  # noqa: E402  (after the path is set)

BENCH_SQLITE = ROOT / "var" / "bench-foundation.sqlite3"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{BENCH_SQLITE}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ["ALLOWED_HOSTS"] = "testserver,localhost"

PROVINCES = 34
COMMUNES = 3321
AGENCIES_PER_PROVINCE = 10


def generate() -> dict[str, object]:
    """A national tree built with bulk inserts (paths computed here), plus one user per level of interest."""
    from django.db import transaction

    from khoagiao.accounts.choices import MembershipRole
    from khoagiao.accounts.models import Membership, User
    from khoagiao.core.testing import kinds_and_levels
    from khoagiao.orgs.models import Unit

    kinds, levels = kinds_and_levels()
    start = dt.date(2025, 7, 1)
    build = unit_builder(kinds, levels, start)

    units: list[Unit] = []
    national = build(None, "tw", "Ban Tuyên giáo và Dân vận Trung ương", "party_board", "province")
    units.append(national)
    departments = []
    for p in range(PROVINCES):
        department = build(
            national, f"p{p}", f"Ban Tuyên giáo và Dân vận Tỉnh ủy số {p + 1}", "party_board", "province"
        )
        departments.append(department)
        units.append(department)
        for a in range(AGENCIES_PER_PROVINCE):
            units.append(
                build(department, f"p{p}-a{a}", f"Sở ngành {a + 1} của tỉnh {p + 1}", "agency", "province")
            )
    for c in range(COMMUNES):
        department = departments[c % PROVINCES]
        units.append(
            build(department, f"c{c}", f"Đảng ủy xã Đông Hòa số {c + 1}", "party_committee", "commune")
        )
    with transaction.atomic():
        Unit.objects.bulk_create(units, batch_size=1000)
        specialist = User.objects.create_user("bench.province", password="x", full_name="Chuyên viên tỉnh")
        Membership.objects.create(user=specialist, unit=departments[0], role=MembershipRole.DEPT_SPECIALIST)
        national_user = User.objects.create_user(
            "bench.national", password="x", full_name="Chuyên viên Trung ương"
        )
        Membership.objects.create(user=national_user, unit=national, role=MembershipRole.DEPT_SPECIALIST)
        commune_user = User.objects.create_user("bench.commune", password="x", full_name="Đầu mối xã")
        Membership.objects.create(user=commune_user, unit=units[-1], role=MembershipRole.FOCAL_POINT)
    if os.environ["DATABASE_URL"].startswith("postgres"):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"units": len(units), "province": specialist, "national": national_user, "commune": commune_user}


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from khoagiao.core.permissions import forget_scope, user_scope
    from khoagiao.orgs.selectors import unit_list, unit_tree

    reset_database()
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    data = generate()
    generated_in = time.perf_counter() - began
    province, national, commune = data["province"], data["national"], data["commune"]

    def scope(user: object) -> Callable[[], object]:
        def run() -> object:
            forget_scope(user)
            return user_scope(user)

        return run

    def tree(user: object, query: str = "") -> Callable[[], object]:
        def run() -> object:
            forget_scope(user)
            return unit_tree(user=user, query=query)

        return run

    def search(user: object, query: str) -> Callable[[], object]:
        def run() -> object:
            forget_scope(user)
            return list(unit_list(user=user, query=query)[:50])

        return run

    def page(test_client: Client, url: str) -> Callable[[], object]:
        def run() -> object:
            response = test_client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return run

    client = Client()
    client.force_login(national)
    province_client = Client()
    province_client.force_login(province)

    cases = [
        ("scope of a commune focal point (1 unit)", scope(commune)),
        ("scope of a provincial specialist (~108 units)", scope(province)),
        (f"scope of a national specialist ({data['units']} units)", scope(national)),
        ("unit tree, provincial specialist", tree(province)),
        (f"unit tree, national ({data['units']} units)", tree(national)),
        ("folded search 'dong hoa so 12' (first 50), national", search(national, "dong hoa so 12")),
        ("page /don-vi/ (tree HTML), provincial specialist", page(province_client, "/don-vi/")),
        ("page /don-vi/?q=so+nganh (search), national", page(client, "/don-vi/?q=so+nganh+1")),
        ("API GET /api/v1/units?q=dong+hoa (page of 50), national", page(client, "/api/v1/units?q=dong+hoa")),
    ]
    print(f"Database: {connection.vendor}; {data['units']} units generated in {generated_in:.1f} s\n")
    print("| operation | median ms | max ms |")
    print("|---|---:|---:|")
    for label, function in cases:
        median, worst = timed(function)
        print(f"| {label} | {median:.1f} | {worst:.1f} |")


if __name__ == "__main__":
    main()
