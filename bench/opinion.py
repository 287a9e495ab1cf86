"""Benchmark of hot issues and public opinion on a generated province.

A department over 10 agencies and 100 communes holds 50,000 hot issues reported over five years (10 fields,
every source, severity and state; the recent ones mostly open). Everything is bulk-inserted. Then it times what
people wait for:

- the duplicate suggestion while an issue is typed (`similar_issues`, and the htmx fragment through the web
  client), for the department (every area) and for a commune (nearby areas, one field);
- the issue list page (department and commune) and the API list;
- the monthly digest's figures, and its DOCX with the chart;
- the response-time statistics over 12 months;

and scores the suggestion on the labelled pairs of `khoagiao/opinion/tests/similarity_pairs.py`.

    .venv/bin/python bench/opinion.py                      # SQLite file under var/
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/khoagiao_bench_op .venv/bin/python bench/opinion.py

It drops and rebuilds its own database each run and prints Markdown tables for docs/opinion.md.
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

from common import reset_database, timed, unit_builder  # noqa: E402  (after the path is set)

BENCH_SQLITE = ROOT / "var" / "bench-opinion.sqlite3"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{BENCH_SQLITE}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ["ALLOWED_HOSTS"] = "testserver,localhost"

ISSUES = int(os.environ.get("BENCH_ISSUES", "50000"))
AGENCIES = 10
COMMUNES = 100
YEARS = 5
REPEAT = 15

TOPICS = [
    ("y_te", "Ngộ độc thực phẩm bữa ăn bán trú tại trường mầm non {place}"),
    ("y_te", "Trạm y tế {place} không có bác sĩ trực đêm"),
    ("y_te", "Thiếu thuốc điều trị tại trung tâm y tế {place}"),
    ("giao_duc", "Lạm thu đầu năm học tại trường trung học cơ sở {place}"),
    ("giao_duc", "Giáo viên hợp đồng {place} chậm được chi trả chế độ"),
    ("giao_duc", "Clip bạo lực học đường tại trường {place} lan truyền"),
    ("moi_truong", "Ô nhiễm mùi hôi từ nhà máy chế biến ở {place}"),
    ("moi_truong", "Sạt lở bờ sông đe dọa nhà dân {place}"),
    ("van_hoa", "Mê tín dị đoan tại đình làng {place}"),
    ("van_hoa", "Giá vé tham quan di tích {place} tăng mạnh"),
    ("an_sinh", "Chậm hỗ trợ người dân sau lũ tại {place}"),
    ("an_sinh", "Nước sinh hoạt nhiễm mặn ở {place}"),
    ("khcn", "Tin giả về công nghệ lừa đảo tại {place}"),
    ("the_thao", "Sân thể thao {place} bị chiếm dụng làm bãi xe"),
    ("dan_so", "Mất cân bằng giới tính khi sinh ở {place}"),
]
ADDITIONS = [
    "",
    " kéo dài nhiều ngày",
    ", người dân bức xúc",
    " được báo chí phản ánh",
    " gây hoang mang dư luận",
]
PLACES = [
    "An Bình",
    "Tịnh Phong",
    "Sơn Hà",
    "Ba Tơ",
    "Đức Phổ",
    "Nghĩa Lộ",
    "Trà Câu",
    "Bình Sơn",
    "Mộ Đức",
    "Lý Sơn",
    "Minh Long",
    "Đăk Tô",
    "Sa Thầy",
    "Măng Đen",
    "Kon Tum",
    "Cẩm Thành",
    "Vạn Tường",
]


def generate() -> dict[str, Any]:
    from django.utils import timezone

    from khoagiao.accounts.models import Membership, User
    from khoagiao.core.testing import kinds_and_levels
    from khoagiao.core.text import fold_vi
    from khoagiao.opinion.choices import IssueSeverity, IssueSource, IssueStatus
    from khoagiao.opinion.models import HotIssue
    from khoagiao.orgs.models import Field, Unit

    rng = random.Random(7)
    kinds, levels = kinds_and_levels()
    build = unit_builder(kinds, levels, dt.date(2015, 1, 1))
    province = build(None, "tinh", "Tỉnh ủy Quảng Ngãi", "party_committee", "province")
    department = build(province, "btgdvtu", "Ban Tuyên giáo và Dân vận Tỉnh ủy", "party_board", "province")
    department.document_symbol = "BTGDVTU"
    agencies = [build(department, f"so-{n}", f"Sở số {n}", "agency", "province") for n in range(AGENCIES)]
    communes = [
        build(
            department, f"xa-{n}", f"Đảng ủy xã {PLACES[n % len(PLACES)]} {n}", "party_committee", "commune"
        )
        for n in range(COMMUNES)
    ]
    Unit.objects.bulk_create([province, department, *agencies, *communes])
    fields = {code: Field.objects.get_or_create(code=code, defaults={"name": code})[0] for code, _ in TOPICS}
    specialist = User.objects.create_user(username="chuyenvien", password="x-Bench-2026")
    focal = User.objects.create_user(username="daumoi.xa0", password="x-Bench-2026")
    Membership.objects.create(user=specialist, unit=department, role="dept_specialist")
    Membership.objects.create(user=focal, unit=communes[0], role="focal_point")
    now = timezone.now()
    statuses_open = [IssueStatus.REPORTED, IssueStatus.VERIFIED, IssueStatus.ROUTED, IssueStatus.RESPONDED]
    rows = []
    for index in range(ISSUES):
        age = dt.timedelta(minutes=rng.randint(0, YEARS * 365 * 24 * 60))
        reported = now - age
        field_code, pattern = rng.choice(TOPICS)
        area = rng.choice(communes)
        title = pattern.format(place=rng.choice(PLACES)) + rng.choice(ADDITIONS)
        description = f"{title}. Phản ánh số {index} của {area.name}."
        recent = age < dt.timedelta(days=60)
        status = (
            rng.choice(statuses_open)
            if recent and rng.random() < 0.7
            else rng.choice(
                [IssueStatus.CLOSED, IssueStatus.CLOSED, IssueStatus.RESOLVED, IssueStatus.REJECTED]
            )
        )
        routed = status not in (IssueStatus.REPORTED, IssueStatus.VERIFIED, IssueStatus.REJECTED)
        routed_at = reported + dt.timedelta(hours=rng.randint(1, 48)) if routed else None
        answered = routed and status != IssueStatus.ROUTED
        rows.append(
            HotIssue(
                title=title,
                description=description,
                search_text=fold_vi(f"{title} {description}"),
                field=fields[field_code],
                area=area,
                reporting_unit=area if rng.random() < 0.8 else rng.choice(agencies),
                source=rng.choice(IssueSource.values),
                severity=rng.choices(IssueSeverity.values, weights=[80, 17, 3])[0],
                status=status,
                first_seen_on=reported.date(),
                reported_at=reported,
                routed_at=routed_at,
                responsible_unit=rng.choice(agencies) if routed else None,
                first_response_at=routed_at + dt.timedelta(hours=rng.randint(2, 200)) if answered else None,
                response_due_at=routed_at + dt.timedelta(days=5) if routed_at else None,
                ack_due_at=reported + dt.timedelta(days=2),
                resolution_due_at=reported + dt.timedelta(days=20),
            )
        )
    HotIssue.objects.bulk_create(rows, batch_size=2000)
    from django.db.models import F

    HotIssue.objects.update(cluster_root=F("id"))
    return {
        "department": department,
        "communes": communes,
        "specialist": specialist,
        "focal": focal,
        "field": fields["y_te"],
    }


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from khoagiao.opinion.choices import DigestKind
    from khoagiao.opinion.digests import digest_figures
    from khoagiao.opinion.documents import digest_docx
    from khoagiao.opinion.models import Digest
    from khoagiao.opinion.selectors import issue_list, response_statistics, similar_issues
    from khoagiao.opinion.similarity import SIMILARITY_THRESHOLD, similarity, text_profile
    from khoagiao.opinion.tests.similarity_pairs import PAIRS

    reset_database()
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    data = generate()
    generated_in = time.perf_counter() - began
    specialist, focal, department = data["specialist"], data["focal"], data["department"]
    drafts = [
        "Nhiều trẻ mầm non Sơn Hà nghi ngộ độc thực phẩm sau bữa ăn bán trú",
        "Phụ huynh phản ánh lạm thu đầu năm học trường THCS Ba Tơ",
        "Người dân bức xúc vì mùi hôi nhà máy chế biến Đức Phổ",
    ]
    counter = [0]

    def suggest_department() -> object:
        counter[0] += 1
        text_profile.cache_clear()  # every keystroke is a new draft: no warm cache for the draft
        return similar_issues(user=specialist, title=drafts[counter[0] % 3] + f" {counter[0]}")

    def suggest_commune() -> object:
        counter[0] += 1
        text_profile.cache_clear()
        return similar_issues(
            user=focal,
            title=drafts[0] + f" {counter[0]}",
            field_id=data["field"].pk,
            area=data["communes"][0],
        )

    department_client = Client()
    department_client.force_login(specialist)
    commune_client = Client()
    commune_client.force_login(focal)

    def fragment() -> object:
        counter[0] += 1
        text_profile.cache_clear()
        response = department_client.get(
            reverse("opinion:issue_similar"), {"title": drafts[1] + f" {counter[0]}"}
        )
        assert response.status_code == 200
        return response

    def page(client: Client, url: str, query: dict[str, Any] | None = None) -> Any:
        def run() -> object:
            response = client.get(url, query or {})
            assert response.status_code == 200, (url, response.status_code)
            return response

        return run

    today = timezone.localdate()
    month_end = today.replace(day=1) - dt.timedelta(days=1)
    month_start = month_end.replace(day=1)
    digest = Digest.objects.create(
        kind=DigestKind.MONTHLY,
        issuing_unit=department,
        period_start=month_start,
        period_end=month_end,
        title="Tình hình dư luận xã hội tháng",
    )

    def figures() -> object:
        return digest_figures(
            issuing_unit=department, kind=DigestKind.MONTHLY, start=month_start, end=month_end
        )

    def docx() -> object:
        return digest_docx(digest, figures(), draft=True)  # type: ignore[arg-type]

    found = similar_issues(user=specialist, title=drafts[0])
    measures = [
        ("Gợi ý trùng lặp — Ban, mọi địa bàn (`similar_issues`)", timed(suggest_department, REPEAT)),
        ("Gợi ý trùng lặp — xã, cùng lĩnh vực, địa bàn lân cận", timed(suggest_commune, REPEAT)),
        ("Gợi ý trùng lặp — mảnh htmx qua web (Ban)", timed(fragment, REPEAT)),
        (
            "Danh sách vấn đề (trang 1) — Ban",
            timed(page(department_client, reverse("opinion:issue_list")), REPEAT),
        ),
        (
            "Danh sách vấn đề, lọc từ khóa «ngo doc» — Ban",
            timed(
                page(department_client, reverse("opinion:issue_list"), {"q": "ngo doc", "status": "open"}),
                REPEAT,
            ),
        ),
        (
            "Danh sách vấn đề (trang 1) — xã",
            timed(page(commune_client, reverse("opinion:issue_list")), REPEAT),
        ),
        (
            "API danh sách `/api/v1/opinion/issues` — Ban",
            timed(page(department_client, "/api/v1/opinion/issues"), REPEAT),
        ),
        ("Số liệu báo cáo tháng (`digest_figures`)", timed(figures, REPEAT)),
        ("DOCX báo cáo tháng (số liệu + biểu đồ)", timed(docx, 5)),
        (
            "Thống kê thời gian trả lời 12 tháng",
            timed(lambda: response_statistics(user=specialist, since=today - dt.timedelta(days=365)), 5),
        ),
    ]
    total = issue_list(user=specialist).count()
    print(f"\n### {connection.vendor} — {total:,} vấn đề, tạo trong {generated_in:.1f} s\n")
    print(
        f"Gợi ý cho «{drafts[0]}»: {len(found)} vấn đề, điểm cao nhất {found[0].score if found else 0:.2f}\n"
    )
    print("| Thao tác | trung vị (ms) | lớn nhất (ms) |\n|---|---:|---:|")
    for label, (median, worst) in measures:
        print(f"| {label} | {median:.1f} | {worst:.1f} |")
    scored = [(similarity(a, b), same) for a, b, same in PAIRS]
    print(
        f"\nChất lượng gợi ý trên {len(PAIRS)} cặp có nhãn "
        f"({sum(1 for _, s in scored if s)} trùng, {sum(1 for _, s in scored if not s)} khác):\n"
    )
    print("| ngưỡng | precision | recall |\n|---:|---:|---:|")
    for threshold in (0.35, 0.40, SIMILARITY_THRESHOLD, 0.50, 0.55):
        predicted = [(score >= threshold, same) for score, same in scored]
        true_positive = sum(1 for p, s in predicted if p and s)
        precision = true_positive / max(1, sum(1 for p, _ in predicted if p))
        recall = true_positive / sum(1 for _, s in predicted if s)
        mark = " (đang dùng)" if threshold == SIMILARITY_THRESHOLD else ""
        print(f"| {threshold:.2f}{mark} | {precision:.2f} | {recall:.2f} |")


if __name__ == "__main__":
    main()
