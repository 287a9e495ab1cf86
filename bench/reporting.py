"""Benchmark of the reporting regime on a generated province.

A department receives a quarterly duty from 120 reporting units (60 agencies, 60 commune committees) on a
template of 5 narrative sections and 60 indicators; 8 quarterly periods (Q1/2025–Q4/2026) hold narrative and
figures for most units in varied states (accepted, sent on time, late, returned, drafts, nothing), with a frozen
revision for every report sent. Everything is bulk-inserted. Then it times what people wait for:

- the completeness board page (8 periods × 120 units) as the department's specialist, and its XLSX export;
- a unit's history page;
- saving a draft (`submission_save_draft`: one section changed and 10 figures);
- submitting (`submission_submit`: checks, frozen revision, audit);
- importing a filled figure form (`khoagiao.reporting.excel`: dry-run preview, then the real import), when that
  module is present.

    .venv/bin/python bench/reporting.py                      # SQLite file under var/
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/khoagiao_bench_rep .venv/bin/python bench/reporting.py

It drops and rebuilds its own database each run and prints Markdown tables for docs/benchmarks.md.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import reset_database, timed, unit_builder  # noqa: E402  (after the path is set)

BENCH_SQLITE = ROOT / "var" / "bench-reporting.sqlite3"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{BENCH_SQLITE}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ["ALLOWED_HOSTS"] = "testserver,localhost"

AGENCIES = 60
COMMUNES = 60
SECTIONS = 5
INDICATORS = 60
REPEAT = 15
SEED = 20260701
# Periods are generated from Q1/2025 as on this day (in Q3/2026's window) with one period ahead: Q1/2025–Q4/2026.
# Reports of the last period are always drafts or not started, whatever the day the benchmark runs.
GENERATED_ON = dt.date(2026, 7, 1)

FIELDS = ["Giáo dục", "Y tế", "Khoa học", "Môi trường", "Văn hóa", "Dân số"]
SECTION_HEADINGS = [
    "I. Tình hình tư tưởng, dư luận xã hội",
    "II. Kết quả thực hiện nhiệm vụ khoa giáo trong kỳ",
    "III. Công tác phối hợp, tham mưu",
    "IV. Hạn chế, nguyên nhân",
    "V. Phương hướng, kiến nghị",
]


def paragraph(rng: random.Random, unit: str, heading: str) -> str:
    """About 1.5 KB of report prose."""
    sentences = [
        f"Trong kỳ, {unit} đã quán triệt, triển khai các văn bản chỉ đạo của cấp trên về {heading.lower()}.",
        "Cán bộ, đảng viên và Nhân dân cơ bản đồng tình, tin tưởng vào sự lãnh đạo của Đảng.",
        "Công tác nắm bắt dư luận được duy trì thường xuyên; chưa phát sinh vấn đề phức tạp.",
        f"Đã tổ chức {rng.randint(2, 15)} hội nghị, {rng.randint(5, 40)} buổi tuyên truyền với "
        f"{rng.randint(200, 3000)} lượt người tham dự.",
        "Việc phối hợp giữa các cơ quan trong khối còn có lúc chưa chặt chẽ, thông tin báo cáo đôi khi chậm.",
        "Kiến nghị Ban Tuyên giáo và Dân vận Tỉnh ủy tiếp tục hướng dẫn, tập huấn nghiệp vụ cho đầu mối.",
    ]
    body = " ".join(rng.sample(sentences, k=len(sentences)))
    return f"<p>{body}</p><p>{body}</p>"


class Generated:
    def __init__(self) -> None:
        self.units: list[Any] = []
        self.focal: dict[int, Any] = {}
        self.specialist: Any = None
        self.duty: Any = None
        self.version: Any = None
        self.periods: list[Any] = []
        self.indicators: list[Any] = []
        self.sections: list[Any] = []
        self.counts: dict[str, int] = {}


def indicator_specs() -> list[dict[str, Any]]:
    """60 indicators: per field a total and a part (part ≤ total, a rule), integers, decimals, percentages,
    yes/no, a choice and a short text; every fourth required."""
    from khoagiao.reporting.choices import IndicatorAggregation, IndicatorValueType

    specs: list[dict[str, Any]] = []
    kinds = [
        IndicatorValueType.INTEGER,
        IndicatorValueType.INTEGER,
        IndicatorValueType.DECIMAL,
        IndicatorValueType.PERCENT,
        IndicatorValueType.INTEGER,
        IndicatorValueType.BOOLEAN,
        IndicatorValueType.INTEGER,
        IndicatorValueType.CHOICE,
        IndicatorValueType.INTEGER,
        IndicatorValueType.TEXT,
    ]
    for number in range(INDICATORS):
        field = FIELDS[number // 10]
        kind = kinds[number % 10]
        specs.append(
            {
                "code": f"CT{number + 1:02d}",
                "name": f"Chỉ tiêu {number + 1} lĩnh vực {field.lower()}",
                "unit_of_measure": {"percent": "%", "decimal": "tỷ đồng"}.get(kind, "lượt"),
                "value_type": kind,
                "choices": ["Tốt", "Khá", "Trung bình", "Yếu"] if kind == IndicatorValueType.CHOICE else [],
                "aggregation": IndicatorAggregation.SUM
                if kind in {IndicatorValueType.INTEGER, IndicatorValueType.DECIMAL}
                else IndicatorAggregation.NONE,
                "is_required": number % 4 == 0,
                "min_value": Decimal(0)
                if kind in {IndicatorValueType.INTEGER, IndicatorValueType.DECIMAL}
                else None,
                "is_cumulative": number % 10 == 4,
            }
        )
    return specs


def figure(indicator: Any, rng: random.Random, shift: int = 0) -> tuple[Decimal | None, str, bool | None]:
    """A valid value: (number, text, boolean). Totals (index 0 of a field) exceed parts (index 1)."""
    from khoagiao.reporting.choices import IndicatorValueType

    kind = indicator.value_type
    position = (indicator.order - 1) % 10
    if kind == IndicatorValueType.BOOLEAN:
        return None, "", rng.random() < 0.7
    if kind == IndicatorValueType.CHOICE:
        return None, rng.choice(indicator.choices), None
    if kind == IndicatorValueType.TEXT:
        return None, "Hoàn thành theo kế hoạch", None
    if kind == IndicatorValueType.PERCENT:
        return Decimal(rng.randint(600, 1000)) / 10, "", None
    if kind == IndicatorValueType.DECIMAL:
        return Decimal(rng.randint(10, 99_999)) / 100, "", None
    if position == 0:
        return Decimal(rng.randint(500, 900) + shift), "", None
    return Decimal(rng.randint(0, 400) + shift), "", None


def generate() -> Generated:
    from django.db import connection, transaction
    from django.utils import timezone

    from khoagiao.accounts.choices import MembershipRole
    from khoagiao.accounts.models import Membership, User
    from khoagiao.core.testing import kinds_and_levels
    from khoagiao.orgs.models import Unit
    from khoagiao.reporting.choices import (
        DutyFrequency,
        RuleOperator,
        SubmissionAction,
        SubmissionStatus,
        TemplateVersionStatus,
    )
    from khoagiao.reporting.models import (
        Indicator,
        ReportingDuty,
        ReportTemplate,
        Submission,
        SubmissionEvent,
        SubmissionRevision,
        SubmissionValue,
        TemplateSection,
        TemplateVersion,
        ValidationRule,
    )
    from khoagiao.reporting.services.periods import periods_generate

    rng = random.Random(SEED)
    data = Generated()
    kinds, levels = kinds_and_levels()
    start = dt.date(2020, 1, 1)
    build = unit_builder(kinds, levels, start)

    with transaction.atomic():
        province = build(None, "tinh-uy", "Tỉnh ủy Quảng Ngãi", "party_committee", "province")
        department = build(province, "btgdv", "Ban Tuyên giáo và Dân vận Tỉnh ủy", "party_board", "province")
        reporting = [
            build(department, f"so-{n}", f"Sở, ngành số {n + 1}", "agency", "province")
            for n in range(AGENCIES)
        ] + [
            build(department, f"xa-{n}", f"Đảng ủy xã Đông Hòa {n + 1}", "party_committee", "commune")
            for n in range(COMMUNES)
        ]
        Unit.objects.bulk_create([province, department, *reporting], batch_size=500)
        data.units = reporting

        specialist = User.objects.create_user("bench.specialist", password="x", full_name="Chuyên viên Ban")
        Membership.objects.create(user=specialist, unit=department, role=MembershipRole.DEPT_SPECIALIST)
        data.specialist = specialist
        focal_users = [
            User(username=f"bench.focal.{unit.code}", full_name=f"Đầu mối {unit.name}", password="!")
            for unit in reporting
        ]
        User.objects.bulk_create(focal_users)
        focal_users = list(User.objects.filter(username__startswith="bench.focal.").order_by("id"))
        by_name = {user.username: user for user in focal_users}
        Membership.objects.bulk_create(
            [
                Membership(
                    user=by_name[f"bench.focal.{unit.code}"], unit=unit, role=MembershipRole.FOCAL_POINT
                )
                for unit in reporting
            ]
        )
        data.focal = {unit.pk: by_name[f"bench.focal.{unit.code}"] for unit in reporting}

        template = ReportTemplate.objects.create(code="bench", name="Báo cáo công tác khoa giáo (bench)")
        version = TemplateVersion.objects.create(
            template=template, number=1, status=TemplateVersionStatus.PUBLISHED, published_at=timezone.now()
        )
        data.version = version
        TemplateSection.objects.bulk_create(
            [
                TemplateSection(
                    version=version,
                    order=order,
                    code=f"muc-{order}",
                    heading=heading,
                    guidance="Nêu ngắn gọn, có số liệu minh họa.",
                    is_required=order <= 3,
                )
                for order, heading in enumerate(SECTION_HEADINGS[:SECTIONS], start=1)
            ]
        )
        Indicator.objects.bulk_create(
            [
                Indicator(version=version, order=order, **spec)
                for order, spec in enumerate(indicator_specs(), 1)
            ]
        )
        indicators = list(version.indicators.order_by("order"))
        data.indicators = indicators
        data.sections = list(version.sections.order_by("order"))
        ValidationRule.objects.bulk_create(
            [
                ValidationRule(
                    version=version,
                    left=indicators[base + 1],
                    operator=RuleOperator.LE,
                    right=indicators[base],
                    message="Số thành phần không vượt tổng số.",
                )
                for base in range(0, INDICATORS, 10)
            ]
        )

        duty = ReportingDuty.objects.create(
            code="bench-quy",
            name="Báo cáo quý công tác khoa giáo",
            template=template,
            receiving_unit=department,
            frequency=DutyFrequency.QUARTER,
            periods_ahead=1,
        )
        duty.unit_kinds.set([kinds["agency"], kinds["party_committee"]])
        data.duty = duty
    periods_generate(duty=duty, since=dt.date(2025, 1, 10), today=GENERATED_ON)
    data.periods = list(duty.periods.order_by("window_start"))
    assert len(data.periods) == 8, [p.label for p in data.periods]

    now = timezone.now()
    submissions = list(Submission.objects.filter(period__duty=duty).select_related("period", "unit"))
    values: list[SubmissionValue] = []
    revisions: list[SubmissionRevision] = []
    events: list[SubmissionEvent] = []
    counts: dict[str, int] = {}
    for submission in submissions:
        deadline = submission.period.deadline
        due = deadline < now and submission.period_id != data.periods[-1].pk
        roll = rng.random()
        if due:
            status, sent = (
                (SubmissionStatus.ACCEPTED, deadline - dt.timedelta(days=rng.randint(0, 5)))
                if roll < 0.5
                else (SubmissionStatus.SUBMITTED, deadline - dt.timedelta(hours=rng.randint(1, 48)))
                if roll < 0.65
                else (SubmissionStatus.ACCEPTED, deadline + dt.timedelta(days=rng.randint(1, 10)))
                if roll < 0.75
                else (SubmissionStatus.RETURNED, deadline - dt.timedelta(days=1))
                if roll < 0.8
                else (SubmissionStatus.DRAFT, None)
                if roll < 0.9
                else (SubmissionStatus.NOT_STARTED, None)
            )
        else:
            status, sent = (
                (SubmissionStatus.DRAFT, None) if roll < 0.6 else (SubmissionStatus.NOT_STARTED, None)
            )
        counts[status] = counts.get(status, 0) + 1
        submission.status = status
        if status == SubmissionStatus.NOT_STARTED:
            continue
        submission.narrative = {
            section.code: paragraph(rng, submission.unit.name, section.heading) for section in data.sections
        }
        figures = {}
        for indicator in indicators:
            number, text, boolean = figure(indicator, rng)
            values.append(
                SubmissionValue(
                    submission=submission, indicator=indicator, number=number, text=text, boolean=boolean
                )
            )
            figures[indicator.code] = (
                boolean if boolean is not None else format(number, "f") if number is not None else text
            )
        submission.version = 3
        submission.last_edited_at = sent or now
        if sent is not None:
            submission.first_submitted_at = submission.last_submitted_at = sent
            submission.revision_count = 1
            revisions.append(
                SubmissionRevision(
                    submission=submission,
                    number=1,
                    submitted_at=sent,
                    narrative=submission.narrative,
                    values=figures,
                )
            )
            if status == SubmissionStatus.ACCEPTED:
                submission.accepted_at = sent + dt.timedelta(days=1)
    with transaction.atomic():
        Submission.objects.bulk_update(
            submissions,
            [
                "status",
                "narrative",
                "version",
                "last_edited_at",
                "first_submitted_at",
                "last_submitted_at",
                "revision_count",
                "accepted_at",
            ],
            batch_size=200,
        )
        SubmissionValue.objects.bulk_create(values, batch_size=2000)
        SubmissionRevision.objects.bulk_create(revisions, batch_size=200)
        for revision in SubmissionRevision.objects.filter(submission__period__duty=duty):
            events.append(
                SubmissionEvent(
                    submission_id=revision.submission_id, action=SubmissionAction.SUBMIT, revision=revision
                )
            )
        SubmissionEvent.objects.bulk_create(events, batch_size=1000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    data.counts = {
        "submissions": len(submissions),
        "values": len(values),
        "revisions": len(revisions),
        **{f"status {key}": value for key, value in sorted(counts.items())},
    }
    return data


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from khoagiao.reporting.choices import SubmissionStatus
    from khoagiao.reporting.models import Submission
    from khoagiao.reporting.selectors_board import board_get
    from khoagiao.reporting.services.submissions import (
        completeness_problems,
        submission_save_draft,
        submission_submit,
    )

    reset_database()
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    data = generate()
    generated_in = time.perf_counter() - began
    duty, periods = data.duty, data.periods
    current = periods[-1]  # Q4/2026, open

    client = Client()
    client.force_login(data.specialist)
    board_url = reverse("reporting:board", args=[duty.pk])
    board_query = {"period_from": periods[0].pk, "period_to": periods[-1].pk}
    export_url = reverse("reporting:board_export", args=[duty.pk])
    history_unit = data.units[0]
    history_client = Client()
    history_client.force_login(data.focal[history_unit.pk])
    history_url = reverse("reporting:unit_history", args=[history_unit.pk])

    def page(test_client: Client, url: str, query: dict[str, Any] | None = None) -> Callable[[], object]:
        def run() -> object:
            response = test_client.get(url, query or {})
            assert response.status_code == 200, (url, response.status_code)
            return response

        return run

    def board_selector() -> object:
        board = board_get(
            user=data.specialist, duty=duty, period_from=periods[0].pk, period_to=periods[-1].pk
        )
        assert len(board.rows) == AGENCIES + COMMUNES and len(board.periods) == 8
        return board

    with CaptureQueriesContext(connection) as captured:
        response = client.get(board_url, board_query)
    assert response.status_code == 200
    board_queries = len(captured)

    # Drafts of the open period: one to keep saving, and enough complete ones to submit one per run.
    drafts = list(
        Submission.objects.filter(period=current, status=SubmissionStatus.DRAFT)
        .select_related("period", "unit")
        .order_by("unit__path")
    )
    complete = [s for s in drafts if not completeness_problems(s)]
    assert len(complete) >= REPEAT + 3, len(complete)
    editing = complete.pop()
    editing_actor = data.focal[editing.unit_id]
    numeric = [i for i in data.indicators if i.value_type == "integer" and (i.order - 1) % 10 >= 4][:10]
    counter = [0]

    def save_draft() -> object:
        counter[0] += 1
        submission = Submission.objects.get(pk=editing.pk)
        return submission_save_draft(
            actor=editing_actor,
            submission=submission,
            expected_version=submission.version,
            narrative={data.sections[0].code: f"<p>Cập nhật lần {counter[0]}: tình hình ổn định.</p>"},
            values={indicator.code: str(100 + counter[0]) for indicator in numeric},
        )

    to_submit = iter(complete)

    def submit() -> object:
        submission = next(to_submit)
        submission = Submission.objects.get(pk=submission.pk)
        sent = submission_submit(
            actor=data.focal[submission.unit_id], submission=submission, expected_version=submission.version
        )
        assert sent.status == SubmissionStatus.SUBMITTED
        return sent

    cases: list[tuple[str, Callable[[], object]]] = [
        ("board page, 8 periods × 120 units (HTML)", page(client, board_url, board_query)),
        ("board, selector only (8 × 120 cells, rates)", board_selector),
        ("board export XLSX, 8 × 120", page(client, export_url, board_query)),
        ("board page, default range, filtered to communes ('xa')", page(client, board_url, {"q": "xa"})),
        ("unit history page (focal point, 8 periods)", page(history_client, history_url)),
        ("save draft: 1 section + 10 figures", save_draft),
        ("submit (checks 60 figures, freezes a revision)", submit),
    ]

    excel: Any
    try:
        from khoagiao.reporting import excel
    except ImportError:
        excel = None
    if excel is not None and hasattr(excel, "figure_form_build") and hasattr(excel, "figure_form_import"):
        from openpyxl import load_workbook

        importing = complete.pop(0)
        importing_actor = data.focal[importing.unit_id]
        code_column = getattr(excel, "COL_CODE", 2)
        input_column = getattr(excel, "COL_INPUT", 7)
        by_code = {indicator.code: indicator for indicator in data.indicators}

        def filled_form(shift: int) -> bytes:
            submission = Submission.objects.select_related("period__duty", "unit").get(pk=importing.pk)
            workbook = load_workbook(io.BytesIO(excel.figure_form_build(submission)))
            sheet = workbook.worksheets[0]
            rng = random.Random(shift)
            filled = 0
            for row in sheet.iter_rows():
                code = row[code_column - 1].value
                if code in by_code:
                    number, text, boolean = figure(by_code[code], rng, shift)
                    value: Any = (
                        ("Có" if boolean else "Không")
                        if boolean is not None
                        else number
                        if number is not None
                        else text
                    )
                    row[input_column - 1].value = float(value) if isinstance(value, Decimal) else value
                    filled += 1
            assert filled == INDICATORS, filled
            buffer = io.BytesIO()
            workbook.save(buffer)
            return buffer.getvalue()

        files = [filled_form(shift) for shift in range(REPEAT + 2)]
        build_submission = Submission.objects.select_related("period__duty", "unit").get(pk=importing.pk)
        dry_file = files[0]
        real_files = iter(files[1:])

        def form_build() -> object:
            return excel.figure_form_build(build_submission)

        def import_dry_run() -> object:
            submission = Submission.objects.get(pk=importing.pk)
            preview = excel.figure_form_import(
                actor=importing_actor, submission=submission, data=dry_file, dry_run=True
            )
            assert not preview.errors, preview.errors[:3]
            return preview

        def import_save() -> object:
            submission = Submission.objects.get(pk=importing.pk)
            preview = excel.figure_form_import(
                actor=importing_actor, submission=submission, data=next(real_files), dry_run=False
            )
            assert preview.saved and not preview.errors, preview.errors[:3]
            return preview

        cases += [
            ("figure form XLSX download (60 indicators)", form_build),
            ("XLSX import, dry-run preview (60 figures)", import_dry_run),
            ("XLSX import, save (60 figures)", import_save),
        ]
    else:
        print("khoagiao.reporting.excel is missing: the XLSX import is not timed.\n")

    print(
        f"Database: {connection.vendor}; generated in {generated_in:.1f} s: "
        f"{AGENCIES + COMMUNES} units, {SECTIONS} sections, {INDICATORS} indicators, {len(periods)} periods; "
        + ", ".join(f"{key} {value}" for key, value in data.counts.items())
    )
    print(f"Board page: {board_queries} queries for 8 × 120 cells.\n")
    print("| operation | median ms | max ms |")
    print("|---|---:|---:|")
    for label, function in cases:
        median, worst = timed(function)
        print(f"| {label} | {median:.1f} | {worst:.1f} |")


if __name__ == "__main__":
    main()
