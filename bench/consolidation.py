"""Benchmark of the consolidated report.

1. A province: the generated tree of bench/reporting.py (a department receiving a quarterly duty from 120 units,
   60 indicators, 5 narrative sections, 8 quarters of reports in varied states). Times the figures (this quarter,
   the previous one and the same quarter last year), the narrative compilation, the DOCX, the whole report
   (figures + narrative + DOCX, the 2-second aim) and the XLSX of all figures, with the number of queries.
2. A national tree: 34 provinces with 3,321 communes under one root, the same 60 indicators, this quarter and the
   previous one filled in; times the figures alone (aggregation, by kind and level, the roll-up by province).

    .venv/bin/python bench/consolidation.py                     # SQLite file under var/
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/khoagiao_bench_cons .venv/bin/python bench/consolidation.py

It drops and rebuilds its own database each run and prints Markdown tables.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-consolidation.sqlite3'}")

import reporting as province_bench  # noqa: E402  (bench/reporting.py: the generated province)
from common import reset_database, unit_builder  # noqa: E402


def timed(function: Any, repeat: int) -> tuple[float, float]:
    """Median wall time and median CPU time of this process, in ms, after one warm-up. On a shared machine the
    wall time grows with the load; the CPU time is what the work costs (on an idle 2-core machine, wall ≈ CPU
    plus the database's own time)."""
    import statistics

    function()
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


PROVINCES = 34
COMMUNES = 3321
REPEAT = 5


def national(version: Any) -> tuple[Any, Any]:
    """34 provinces, 3,321 communes, one quarterly duty received at the root, two quarters filled in."""
    from django.db import connection, transaction
    from django.utils import timezone

    from khoagiao.core.testing import kinds_and_levels
    from khoagiao.orgs.models import Unit
    from khoagiao.reporting.choices import DutyFrequency, SubmissionStatus
    from khoagiao.reporting.models import Period, ReportingDuty, Submission, SubmissionValue

    rng = random.Random(34)
    kinds, levels = kinds_and_levels()
    build = unit_builder(kinds, levels, dt.date(2020, 1, 1))
    # The builder numbers ids from 1: start above the province benchmark's units.
    offset = Unit.objects.order_by("-id").values_list("id", flat=True).first() or 0
    for _ in range(offset):
        build(None, f"skip-{_}", "x", "agency", "province")
    units: list[Any] = []
    with transaction.atomic():
        root = build(None, "tw", "Ban Tuyên giáo và Dân vận Trung ương", "party_board", "province")
        units.append(root)
        communes = []
        for number in range(PROVINCES):
            province = build(
                root, f"tinh-{number}", f"Tỉnh ủy số {number + 1}", "party_committee", "province"
            )
            units.append(province)
            share = COMMUNES // PROVINCES + (1 if number < COMMUNES % PROVINCES else 0)
            for index in range(share):
                commune = build(
                    province,
                    f"t{number}-x{index}",
                    f"Đảng ủy xã {index + 1} tỉnh {number + 1}",
                    "party_committee",
                    "commune",
                )
                units.append(commune)
                communes.append(commune)
        Unit.objects.bulk_create(units, batch_size=1000)
        duty = ReportingDuty.objects.create(
            code="tw-quy",
            name="Báo cáo quý toàn quốc",
            template=version.template,
            receiving_unit=root,
            frequency=DutyFrequency.QUARTER,
        )
        now = timezone.now()
        periods = [
            Period.objects.create(
                duty=duty,
                year=2026,
                number=number,
                label=f"Quý {'I' * number}/2026",
                window_start=dt.date(2026, 3 * number - 2, 1),
                window_end=dt.date(2026, 3 * number, 28),
                deadline=now - dt.timedelta(days=40 * (3 - number)),
                consolidated_deadline=now,
                template_version=version,
            )
            for number in (1, 2)
        ]
        indicators = list(version.indicators.order_by("order"))
        for period in periods:
            Submission.objects.bulk_create(
                [
                    Submission(
                        period=period,
                        unit=commune,
                        status=SubmissionStatus.ACCEPTED
                        if rng.random() < 0.9
                        else SubmissionStatus.NOT_STARTED,
                        first_submitted_at=now,
                        last_submitted_at=now,
                        revision_count=1,
                    )
                    for commune in communes
                ],
                batch_size=2000,
            )
            accepted = Submission.objects.filter(period=period, status=SubmissionStatus.ACCEPTED).values_list(
                "id", flat=True
            )
            values = []
            for submission_id in accepted:
                for indicator in indicators:
                    number, text, boolean = province_bench.figure(indicator, rng)
                    values.append(
                        SubmissionValue(
                            submission_id=submission_id,
                            indicator=indicator,
                            number=number,
                            text=text,
                            boolean=boolean,
                        )
                    )
            SubmissionValue.objects.bulk_create(values, batch_size=5000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return root, periods[-1]


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from khoagiao.reporting.consolidation.narrative import sections_compile
    from khoagiao.reporting.documents_consolidation import consolidation_docx, consolidation_xlsx
    from khoagiao.reporting.models import ConsolidatedReport, ConsolidatedVersion
    from khoagiao.reporting.selectors_consolidation import consolidation_data
    from khoagiao.reporting.services.consolidation import (
        consolidation_issue,
        consolidation_save,
        consolidation_start,
        default_recipients,
        default_summary,
    )

    reset_database()
    call_command("migrate", verbosity=0)
    data = province_bench.generate()
    department = data.duty.receiving_unit
    period = data.periods[-3]  # Q2/2026: previous quarter and Q2/2025 filled in too
    sections = [(s.code, s.heading) for s in data.sections]

    def figures() -> Any:
        return consolidation_data(period=period, issuing_unit=department, include_submitted=False)[0]

    def figures_and_text() -> Any:
        return consolidation_data(
            period=period, issuing_unit=department, include_submitted=False, with_narrative=True
        )

    def whole() -> bytes:
        numbers, sources = figures_and_text()
        version = ConsolidatedVersion(
            report=ConsolidatedReport(period=period, issuing_unit=department),
            number=1,
            summary=default_summary(period),
            signer_name="Nguyễn Văn A",
            recipients="\n".join(default_recipients(department)),
            sections=sections_compile(sections, sources),
        )
        return consolidation_docx(version, numbers, number=12, issued_on=dt.date(2026, 7, 20))

    with CaptureQueriesContext(connection) as queries:
        numbers, sources = figures_and_text()
    size = len(whole())
    version = ConsolidatedVersion(
        report=ConsolidatedReport(period=period, issuing_unit=department),
        number=1,
        summary=default_summary(period),
        sections=sections_compile(sections, sources),
    )
    rows = [
        ("Figures (3 periods, by field, kind, level; completeness)", timed(figures, REPEAT)),
        ("Figures + narrative compilation", timed(figures_and_text, REPEAT)),
        ("DOCX only (from figures and text)", timed(lambda: consolidation_docx(version, numbers), REPEAT)),
        ("**Whole report: figures + narrative + DOCX**", timed(whole, REPEAT)),
        ("XLSX of all figures", timed(lambda: consolidation_xlsx(version, numbers), REPEAT)),
    ]
    began = time.perf_counter()
    draft = consolidation_start(actor=data.specialist, period=period, issuing_unit=department)
    draft = consolidation_save(
        actor=data.specialist,
        version=draft,
        summary=draft.summary,
        include_submitted=False,
        signer_role="head",
        signer_name="Nguyễn Văn A",
        recipients=draft.recipient_list,
    )
    consolidation_issue(actor=data.specialist, version=draft)
    issue_ms = (time.perf_counter() - began) * 1000

    vendor = connection.vendor
    print(f"\n### Consolidated report — {vendor}\n")
    completeness = numbers["completeness"]
    print(
        f"Province: {completeness['expected']} units expected in {period.label}, {completeness['counted']} counted, "
        f"{len(numbers['indicators'])} indicators, {len(sections)} sections; DOCX {size / 1024:.0f} KB; "
        f"{len(queries)} queries for figures + narrative.\n"
    )
    print(f"Load average while measuring: {os.getloadavg()[0]:.1f} (2 cores).\n")
    print("| Operation | median wall ms | median CPU ms |")
    print("|---|---:|---:|")
    for label, (median, worst) in rows:
        print(f"| {label} | {median:.0f} | {worst:.0f} |")
    print(f"| Start + save + issue (numbered, DOCX stored, notifications), once | {issue_ms:.0f} | — |")

    began = time.perf_counter()
    root, current = national(data.version)
    generated = time.perf_counter() - began

    def national_figures() -> Any:
        return consolidation_data(period=current, issuing_unit=root, include_submitted=False)[0]

    with CaptureQueriesContext(connection) as queries:
        result = national_figures()
    median, worst = timed(national_figures, 3)
    print(
        f"\nNational tree: {PROVINCES} provinces, {result['completeness']['expected']} communes "
        f"({result['completeness']['counted']} counted), {len(result['indicators'])} indicators, previous quarter "
        f"beside, roll-up of {len(result['rollup'])} provinces; generated in {generated:.0f} s; "
        f"{len(queries)} queries.\n"
    )
    print(f"Load average while measuring: {os.getloadavg()[0]:.1f} (2 cores).\n")
    print("| Operation | median wall ms | median CPU ms |")
    print("|---|---:|---:|")
    print(f"| National figures alone | {median:.0f} | {worst:.0f} |")


if __name__ == "__main__":
    main()
