"""The demo's consolidated reports: one issued for an earlier quarter, a draft for the last closed one."""

from __future__ import annotations

import io
import os

import docx
import pytest

from khoagiao.demo.consolidation import seed_demo_consolidation
from khoagiao.demo.reporting import seed_demo_reporting
from khoagiao.demo.seeding import seed_demo_province, system_actor
from khoagiao.reporting.models import ConsolidatedVersion

pytestmark = pytest.mark.django_db


def test_demo_has_an_issued_report_and_a_draft() -> None:
    seed_demo_province()
    seed_demo_reporting(actor=system_actor())
    summary = seed_demo_consolidation(actor=system_actor())
    assert summary.startswith("Báo cáo tổng hợp: đã ban hành Số 1-BC/BTGDVTU")
    issued = ConsolidatedVersion.objects.get(status="issued")
    draft = ConsolidatedVersion.objects.get(status="draft")
    assert issued.report.period.window_end < draft.report.period.window_end
    assert issued.report.issuing_unit.code == "btgdvtu"
    assert issued.figures["completeness"]["counted"] > 0
    assert issued.document is not None
    with issued.document.file.open("rb") as stored:
        data = stored.read()
    paragraphs = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert "K/T TRƯỞNG BAN" in "\n".join(
        p.text
        for t in docx.Document(io.BytesIO(data)).tables
        for row in t.rows
        for c in row.cells
        for p in c.paragraphs
    )
    assert "BÁO CÁO" in paragraphs
    if os.environ.get("KHOAGIAO_SAVE_DEMO_DOCX"):
        with open(os.environ["KHOAGIAO_SAVE_DEMO_DOCX"], "wb") as out:
            out.write(data)
    # Idempotent: nothing more the second time.
    assert seed_demo_consolidation(actor=system_actor()) == summary
    assert ConsolidatedVersion.objects.count() == 2
