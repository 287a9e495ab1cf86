"""The digest «Tình hình dư luận xã hội»: figures against hand counts, read back from the issued DOCX."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path
from typing import Any

import docx
import pytest
from django.utils import timezone

from khoagiao.core.errors import ConflictError, PermissionDeniedError
from khoagiao.opinion.choices import DigestKind, IssueSeverity, IssueSource
from khoagiao.opinion.digests import default_window, digest_figures
from khoagiao.opinion.services import issue_merge
from khoagiao.opinion.services.digests import digest_create, digest_issue, digest_update
from khoagiao.reporting.services.register import document_for_source

from .helpers import field_education, field_health, report

pytestmark = pytest.mark.django_db
TZ = timezone.get_default_timezone()


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=TZ)


@pytest.fixture
def week(cast):
    health, education = field_health(), field_education()
    a = report(
        cast,
        title="Giá sữa học đường tăng",
        field=health,
        severity=IssueSeverity.HOT,
        source=IssueSource.PRESS,
        reported_at=at(9, 8),
    )
    report(
        cast,
        title="Trạm y tế thiếu bác sĩ trực",
        field=health,
        source=IssueSource.SOCIAL,
        reported_at=at(11, 9),
    )
    report(
        cast,
        actor=cast.commune_b_focal,
        unit=cast.commune_b,
        title="Bạo lực học đường",
        field=education,
        severity=IssueSeverity.CRITICAL,
        source=IssueSource.HOTLINE,
        reported_at=at(15, 23, 30),
    )
    duplicate = report(
        cast,
        actor=cast.commune_b_focal,
        unit=cast.commune_b,
        title="Sữa học đường tăng giá",
        field=health,
        source=IssueSource.PRESS,
        reported_at=at(12, 10),
    )
    issue_merge(actor=cast.specialist, issue=duplicate, into=a)
    report(cast, title="Sau kỳ", reported_at=at(16, 0, 30))
    report(cast, title="Trước kỳ", reported_at=at(8, 23, 59))
    return a


def table_rows(document: Any, first_header: str, second_header: str) -> list[list[str]]:
    for table in document.tables:
        header = [cell.text.strip() for cell in table.rows[0].cells]
        if header[:2] == [first_header, second_header]:
            return [[cell.text.strip() for cell in row.cells] for row in table.rows[1:]]
    raise AssertionError(f"no table {first_header}/{second_header}")


def test_figures_match_hand_counts(cast, week):
    figures = digest_figures(
        issuing_unit=cast.department,
        kind=DigestKind.WEEKLY,
        start=dt.date(2026, 11, 9),
        end=dt.date(2026, 11, 15),
    )
    assert (figures.issues, figures.reports) == (3, 4)
    assert figures.by_field == [("Y tế", 2), ("Giáo dục", 1)]
    assert figures.by_severity == [("Bình thường", 1), ("Nóng", 1), ("Đặc biệt nghiêm trọng", 1)]
    assert figures.by_source == [("Báo chí", 1), ("Mạng xã hội", 1), ("Đường dây nóng", 1)]
    assert figures.by_area == [("Đảng ủy xã An Bình", 2), ("Đảng ủy phường Bắc Sơn", 1)]
    assert [title for title in (i.title for i in figures.notable)] == [
        "Bạo lực học đường",
        "Giá sữa học đường tăng",
    ]
    assert figures.trend[-1] == ("09/11", 3)
    assert figures.trend[-2] == ("02/11", 1)
    assert len(figures.trend) == 8


def test_issued_docx_carries_number_figures_and_edited_text(cast, week):
    digest = digest_create(
        actor=cast.specialist,
        issuing_unit=cast.department,
        kind=DigestKind.WEEKLY,
        period_start=dt.date(2026, 11, 9),
        period_end=dt.date(2026, 11, 15),
    )
    digest_update(
        actor=cast.specialist,
        digest=digest,
        title=digest.title,
        overview="Tình hình ổn định.",
        assessment="Dư luận quan tâm an toàn thực phẩm.",
        recommendations="Tăng cường kiểm tra.",
        signer_name="Nguyễn Văn A",
        signer_is_deputy=True,
    )
    document = digest_issue(actor=cast.leader, digest=digest, issued_on=dt.date(2026, 11, 17))
    assert document.symbol == "Số 1-BC/BTGDVTU"
    assert document_for_source(digest, "digest") == document
    content = document.file.read()
    if os.environ.get("KG_SHOTS"):  # keep the file to look at it (rendered to PDF and PNG by hand)
        Path(os.environ["KG_SHOTS"]).mkdir(parents=True, exist_ok=True)
        (Path(os.environ["KG_SHOTS"]) / "opinion-digest.docx").write_bytes(content)
    parsed = docx.Document(io.BytesIO(content))
    text = "\n".join(p.text for p in parsed.paragraphs) + "\n".join(
        cell.text for table in parsed.tables for row in table.rows for cell in row.cells
    )
    assert "Số 1-BC/BTGDVTU" in text
    assert "ngày 17 tháng 11 năm 2026" in text
    assert "từ ngày 09/11/2026 đến ngày 15/11/2026" in text
    assert "nắm bắt 3 vấn đề dư luận xã hội (từ 4 lượt phản ánh" in text
    assert "Dư luận quan tâm an toàn thực phẩm." in text and "Tăng cường kiểm tra." in text
    assert "PHÓ TRƯỞNG BAN" in text and "Nguyễn Văn A" in text
    assert table_rows(parsed, "TT", "Lĩnh vực") == [
        ["1", "Y tế", "2"],
        ["2", "Giáo dục", "1"],
        ["", "Tổng số", "3"],
    ]
    assert table_rows(parsed, "TT", "Mức độ")[-1] == ["", "Tổng số", "3"]
    assert table_rows(parsed, "TT", "Nguồn")[0] == ["1", "Báo chí", "1"]
    notable = table_rows(parsed, "TT", "Vấn đề")
    assert [row[1] for row in notable] == ["Bạo lực học đường", "Giá sữa học đường tăng"]
    assert notable[0][3] == "Đặc biệt nghiêm trọng"
    with pytest.raises(ConflictError):
        digest_issue(actor=cast.leader, digest=digest)


def test_digest_rules(cast):
    with pytest.raises(PermissionDeniedError):
        digest_create(actor=cast.commune_a_focal, issuing_unit=cast.department, kind=DigestKind.MONTHLY)
    digest_create(actor=cast.specialist, issuing_unit=cast.department, kind=DigestKind.MONTHLY)
    with pytest.raises(ConflictError):
        digest_create(actor=cast.specialist, issuing_unit=cast.department, kind=DigestKind.MONTHLY)
    assert default_window(DigestKind.WEEKLY, dt.date(2026, 11, 22)) == (
        dt.date(2026, 11, 9),
        dt.date(2026, 11, 15),
    )
    assert default_window(DigestKind.MONTHLY, dt.date(2026, 3, 5)) == (
        dt.date(2026, 2, 1),
        dt.date(2026, 2, 28),
    )
