"""Demo data of the consolidated report: for the department (btgdvtu), the report of an earlier quarter issued
and numbered, and a draft of the last closed quarter with one paragraph already edited by the specialist."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from khoagiao.accounts.models import User
from khoagiao.orgs.models import Unit
from khoagiao.reporting.models import ConsolidatedVersion, ConsolidationStatus, Period, SignerRole
from khoagiao.reporting.services.consolidation import (
    consolidation_issue,
    consolidation_save,
    consolidation_start,
)

SIGNER = "Nguyễn Thị Hồng Hạnh"  # Phó Trưởng Ban (khoagiao/demo/province.py)
OPENING = (
    "Nhìn chung, tình hình tư tưởng trong đội ngũ cán bộ, nhà giáo, thầy thuốc, trí thức trên địa bàn tỉnh ổn "
    "định; các cấp ủy, ngành đã chủ động nắm bắt và định hướng dư luận xã hội về những vấn đề được quan tâm."
)


def _prepare(actor: User, period: Period, department: Unit) -> ConsolidatedVersion:
    version = consolidation_start(actor=actor, period=period, issuing_unit=department)
    first = next((section for section in version.sections if section["paragraphs"]), None)
    return consolidation_save(
        actor=actor,
        version=version,
        summary=version.summary,
        include_submitted=False,
        signer_role=SignerRole.DEPUTY,
        signer_name=SIGNER,
        recipients=version.recipient_list,
        new_paragraphs={first["code"]: OPENING} if first else {},
    )


def seed_demo_consolidation(*, actor: Any) -> str:
    """Load the demo consolidation data (idempotent); return a one-line summary for the command's output."""
    department = Unit.objects.filter(code="btgdvtu").first()
    specialist = User.objects.filter(username="chuyenvien").first()
    if department is None or specialist is None:
        return ""
    closed = list(
        Period.objects.filter(duty__receiving_unit=department, is_ad_hoc=False, deadline__lt=timezone.now())
        .select_related("duty")
        .order_by("-window_end")[:2]
    )
    if not closed:
        return ""
    issued_label = ""
    if len(closed) == 2:
        earlier = closed[1]
        done = ConsolidatedVersion.objects.filter(
            report__period=earlier, report__issuing_unit=department, status=ConsolidationStatus.ISSUED
        ).first()
        if done is None:
            version = _prepare(specialist, earlier, department)
            done = consolidation_issue(
                actor=specialist,
                version=version,
                issued_on=timezone.localtime(earlier.consolidated_deadline).date(),
            )
        issued_label = f"đã ban hành {done.symbol} ({earlier.label}), "
    latest = closed[0]
    if not ConsolidatedVersion.objects.filter(
        report__period=latest, report__issuing_unit=department
    ).exists():
        _prepare(specialist, latest, department)
    return f"Báo cáo tổng hợp: {issued_label}bản nháp {latest.label}."
