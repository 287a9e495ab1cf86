"""Writes of consolidated reports: start a draft, rebuild it after late reports, save the specialist's edits,
issue it (number, lock, store the DOCX, notify), open a correction as a new version, and build a large draft's
DOCX in a background job.

Permission: the department over the issuing unit (`can_build_consolidation`). An issued version never changes;
issuing twice is refused (here, and by the register's own guard).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.accounts.choices import MembershipRole
from khoagiao.core.audit import acting_user, audit_record
from khoagiao.core.errors import ConflictError, ValidationFailed
from khoagiao.core.notifications import notify
from khoagiao.core.permissions import require

from ..choices import OutgoingDocumentKind
from ..consolidation.narrative import paragraph_edit, sections_compile, sections_merge
from ..consolidation.permissions import can_build_consolidation
from ..models import ConsolidatedReport, ConsolidatedVersion, ConsolidationStatus, Period, SignerRole
from ..selectors_consolidation import consolidation_data
from .register import document_issue, issuer_bodies

# Above this many expected reports a draft's DOCX is built by a background job (the page shows progress).
LARGE_REPORT_UNITS = 150


def default_summary(period: Period) -> str:
    """'Quý III/2026' → 'kết quả công tác khoa giáo quý III năm 2026'."""
    label = re.sub(r"^(Quý|Tháng)\s+([IVX\d]+)/(\d{4})$", r"\1 \2 năm \3", period.label.strip())
    return f"kết quả công tác khoa giáo {label[:1].lower()}{label[1:]}"


def default_recipients(issuing_unit: Any) -> list[str]:
    bodies = issuer_bodies(issuing_unit)
    superior = bodies.superior_body
    recipients = ["Ban Tuyên giáo và Dân vận Trung ương (b/c)"]
    if superior:
        recipients.append(f"Thường trực {superior} (b/c)")
    recipients += ["Các đơn vị trong khối khoa giáo", f"Lưu Văn phòng {bodies.issuing_body}"]
    return recipients


def _require_build(actor: Any, issuing_unit: Any) -> None:
    require(
        can_build_consolidation(actor, issuing_unit),
        _("Chỉ cán bộ của Ban (lãnh đạo, chuyên viên) mới được lập báo cáo tổng hợp của đơn vị này."),
    )


def _require_draft(version: ConsolidatedVersion) -> None:
    if not version.is_draft:
        symbol = version.symbol
        raise ConflictError(
            _(
                "Phiên bản %(number)s đã được ban hành (%(symbol)s); không sửa được. Hãy mở phiên bản mới để đính chính."
            )
            % {"number": version.number, "symbol": symbol},
            code="already_issued",
        )


def _compile(version: ConsolidatedVersion) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    period = version.report.period
    figures, sources = consolidation_data(
        period=period,
        issuing_unit=version.report.issuing_unit,
        include_submitted=version.include_submitted,
        with_narrative=True,
    )
    sections = [
        (section.code, section.heading)
        for section in period.template_version.sections.order_by("order").only("code", "heading")
    ]
    return figures, sections_compile(sections, sources)


@transaction.atomic
def consolidation_start(
    *, actor: Any, period: Period, issuing_unit: Any, include_submitted: bool = False
) -> ConsolidatedVersion:
    """The report's draft: the existing one, or a new one compiled from the units' reports (a correction of an
    issued version starts from its text and options)."""
    _require_build(actor, issuing_unit)
    report, _created = ConsolidatedReport.objects.get_or_create(
        period=period, issuing_unit=issuing_unit, defaults={"created_by": acting_user(actor)}
    )
    report = (
        ConsolidatedReport.objects.select_for_update(of=("self",))
        .select_related("period__duty")
        .get(pk=report.pk)
    )
    draft = report.versions.filter(status=ConsolidationStatus.DRAFT).first()
    if draft is not None:
        return draft
    last = report.versions.order_by("-number").first()
    if last is not None:
        return _new_version_from(actor, last)
    version = ConsolidatedVersion(
        report=report,
        number=1,
        summary=default_summary(period),
        include_submitted=include_submitted,
        recipients="\n".join(default_recipients(issuing_unit)),
        created_by=acting_user(actor),
    )
    _figures, version.sections = _compile(version)
    version.built_at = timezone.now()
    version.save()
    audit_record(
        actor=actor,
        action="reporting.consolidation_start",
        obj=version,
        after={"period": period.pk, "issuing_unit": issuing_unit.pk, "include_submitted": include_submitted},
    )
    return version


def _new_version_from(actor: Any, source: ConsolidatedVersion) -> ConsolidatedVersion:
    number = (source.report.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = ConsolidatedVersion.objects.create(
        report=source.report,
        number=number,
        summary=source.summary,
        include_submitted=source.include_submitted,
        signer_role=source.signer_role,
        signer_name=source.signer_name,
        recipients=source.recipients,
        sections=source.sections,
        created_by=acting_user(actor),
    )
    _figures, fresh = _compile(version)
    version.sections, version.changes = sections_merge(version.sections, fresh)
    version.built_at = timezone.now()
    version.save(update_fields=["sections", "changes", "built_at", "updated_at"])
    audit_record(
        actor=actor,
        action="reporting.consolidation_new_version",
        obj=version,
        after={"from_version": source.number, "number": number},
    )
    return version


@transaction.atomic
def consolidation_new_version(*, actor: Any, version: ConsolidatedVersion) -> ConsolidatedVersion:
    """A correction: a new draft from an issued version (the issued one stays, with its number). When a draft
    is already open it is returned."""
    report = ConsolidatedReport.objects.select_for_update(of=("self",)).get(pk=version.report_id)
    _require_build(actor, report.issuing_unit)
    draft = report.versions.filter(status=ConsolidationStatus.DRAFT).first()
    if draft is not None:
        return draft
    latest = report.versions.order_by("-number").first()
    return _new_version_from(actor, latest or version)


@transaction.atomic
def consolidation_rebuild(*, actor: Any, version: ConsolidatedVersion) -> ConsolidatedVersion:
    """Gather the units' reports again (a late report, one returned or accepted since): unedited paragraphs
    follow their units, edited ones are kept; the change list says what moved."""
    version = (
        ConsolidatedVersion.objects.select_for_update(of=("self",))
        .select_related("report__period", "report__issuing_unit")
        .get(pk=version.pk)
    )
    _require_build(actor, version.report.issuing_unit)
    _require_draft(version)
    _figures, fresh = _compile(version)
    version.sections, version.changes = sections_merge(version.sections, fresh)
    version.built_at = timezone.now()
    version.preview_state, version.preview_error = "", ""
    version.save(
        update_fields=["sections", "changes", "built_at", "preview_state", "preview_error", "updated_at"]
    )
    audit_record(
        actor=actor,
        action="reporting.consolidation_rebuild",
        obj=version,
        after={"changes": len(version.changes)},
    )
    return version


@transaction.atomic
def consolidation_save(
    *,
    actor: Any,
    version: ConsolidatedVersion,
    summary: str,
    include_submitted: bool,
    signer_role: str,
    signer_name: str,
    recipients: list[str],
    paragraphs: dict[tuple[str, str], str] | None = None,
    removed: set[tuple[str, str]] | None = None,
    new_paragraphs: dict[str, str] | None = None,
) -> ConsolidatedVersion:
    """Save the draft's options and texts. `paragraphs` maps (section code, paragraph key) to the typed text;
    `removed` lists paragraphs to drop; `new_paragraphs` adds the specialist's own text at a section's end.
    Changing `include_submitted` gathers the reports again (edits kept)."""
    version = (
        ConsolidatedVersion.objects.select_for_update(of=("self",))
        .select_related("report__period", "report__issuing_unit")
        .get(pk=version.pk)
    )
    _require_build(actor, version.report.issuing_unit)
    _require_draft(version)
    summary = (summary or "").strip()
    problems = {}
    if not summary:
        problems["summary"] = _("Hãy ghi trích yếu của báo cáo.")
    if signer_role not in SignerRole.values:
        problems["signer_role"] = _("Hãy chọn người ký.")
    if problems:
        raise ValidationFailed(next(iter(problems.values())), code="invalid", details={"fields": problems})
    before = {"summary": version.summary, "include_submitted": version.include_submitted}
    paragraphs, removed, new_paragraphs = paragraphs or {}, removed or set(), new_paragraphs or {}
    sections = []
    for section in version.sections:
        kept = []
        for paragraph in section["paragraphs"]:
            key = (section["code"], paragraph["key"])
            if key in removed:
                continue
            if key in paragraphs:
                paragraph = paragraph_edit(paragraph, paragraphs[key])
            kept.append(paragraph)
        extra = (new_paragraphs.get(section["code"]) or "").replace("\r\n", "\n").strip()
        if extra:
            count = sum(1 for p in kept if not p.get("unit_id")) + 1
            while any(p["key"] == f"n{count}" for p in kept):
                count += 1
            kept.append({"key": f"n{count}", "text": extra, "unit_id": None, "unit_name": "", "edited": True})
        sections.append({**section, "paragraphs": kept})
    version.sections = sections
    version.summary = summary[:300]
    version.signer_role = signer_role
    version.signer_name = (signer_name or "").strip()[:150]
    version.recipients = "\n".join(line.strip() for line in recipients if line.strip())
    rebuild = include_submitted != version.include_submitted
    version.include_submitted = include_submitted
    version.preview_state, version.preview_error = "", ""
    version.save()
    audit_record(
        actor=actor,
        action="reporting.consolidation_save",
        obj=version,
        before=before,
        after={"summary": version.summary, "include_submitted": include_submitted},
    )
    if rebuild:
        return consolidation_rebuild(actor=actor, version=version)
    return version


def _notify_issued(version: ConsolidatedVersion) -> int:
    """Tell the leadership viewers over the issuing unit and the focal points and leaders of the units in the
    report that it was issued (once each)."""
    from khoagiao.accounts.models import Membership

    unit = version.report.issuing_unit
    url = reverse("reporting:consolidation_detail", args=[version.pk])
    symbol = version.symbol
    title = _("Đã ban hành báo cáo tổng hợp %(symbol)s") % {"symbol": symbol}
    body = _("Báo cáo %(summary)s của %(unit)s.") % {"summary": version.summary, "unit": unit.name}
    memberships = Membership.objects.filter(is_active=True).filter(
        unit__path__in=unit.ancestor_paths(), role__in=[MembershipRole.VIEWER]
    ) | Membership.objects.filter(
        is_active=True,
        unit_id__in=version.figures.get("unit_ids", []),
        role__in=[MembershipRole.FOCAL_POINT, MembershipRole.UNIT_LEADER],
    )
    sent = 0
    for user in {
        membership.user for membership in memberships.select_related("user") if membership.user.is_active
    }:
        if notify(
            user,
            kind="consolidation_issued",
            title=title,
            body=body,
            url=url,
            dedupe_key=f"consolidation-issued-{version.pk}-{user.pk}",
        ):
            sent += 1
    return sent


@transaction.atomic
def consolidation_issue(
    *, actor: Any, version: ConsolidatedVersion, issued_on: dt.date | None = None
) -> ConsolidatedVersion:
    """Number the draft in the register (kind BC), freeze its figures and text, store the DOCX exactly as issued
    and tell the recipients. A version is issued once."""
    from ..documents_consolidation import consolidation_docx

    version = (
        ConsolidatedVersion.objects.select_for_update(of=("self",))
        .select_related(
            "report__period__duty", "report__issuing_unit__kind", "report__issuing_unit__parent", "document"
        )
        .get(pk=version.pk)
    )
    _require_build(actor, version.report.issuing_unit)
    _require_draft(version)
    if not version.signer_name.strip():
        raise ValidationFailed(
            _("Hãy ghi họ tên người ký trước khi cấp số và ban hành."),
            code="signer_name",
            details={"field": "signer_name"},
        )
    if not version.recipient_list:
        raise ValidationFailed(
            _("Hãy ghi nơi nhận trước khi cấp số và ban hành."),
            code="recipients",
            details={"field": "recipients"},
        )
    figures, _sources = consolidation_data(
        period=version.report.period,
        issuing_unit=version.report.issuing_unit,
        include_submitted=version.include_submitted,
    )
    document = document_issue(
        actor=actor,
        issuing_unit=version.report.issuing_unit,
        kind=OutgoingDocumentKind.BC,
        title=f"Báo cáo {version.summary}",
        build=lambda row: consolidation_docx(version, figures, number=row.number, issued_on=row.issued_on),
        file_name=f"bao-cao-tong-hop-{version.report.period.duty.code}-{version.report.period_id}-v{version.number}.docx",
        source=version,
        issued_on=issued_on,
        signer_name=version.signer_name,
        recipients=version.recipient_list,
    )
    version.status = ConsolidationStatus.ISSUED
    version.figures = figures
    version.document = document
    version.issued_at = timezone.now()
    version.issued_by = acting_user(actor)
    version.save(update_fields=["status", "figures", "document", "issued_at", "issued_by", "updated_at"])
    audit_record(
        actor=actor,
        action="reporting.consolidation_issue",
        obj=version,
        before={"status": ConsolidationStatus.DRAFT},
        after={"status": version.status, "document": document.symbol},
    )
    _notify_issued(version)
    return version


# --- A draft's DOCX, built in the background when the report is large -------------------------------------------


def consolidation_preview_needs_job(figures: dict[str, Any]) -> bool:
    return figures["completeness"]["expected"] > LARGE_REPORT_UNITS


@transaction.atomic
def consolidation_preview_request(*, actor: Any, version: ConsolidatedVersion) -> ConsolidatedVersion:
    """Queue the background build of the draft's DOCX (the page shows its progress)."""
    from ..jobs import build_consolidation_preview

    _require_build(actor, version.report.issuing_unit)
    _require_draft(version)
    ConsolidatedVersion.objects.filter(pk=version.pk).update(preview_state="queued", preview_error="")
    transaction.on_commit(lambda: build_consolidation_preview.enqueue(version.pk))
    version.preview_state = "queued"
    return version


def consolidation_preview_build(version_id: int) -> str:
    """The job's work: build the draft's DOCX and keep it on the version. Returns the final state."""
    from ..documents_consolidation import consolidation_docx

    version = ConsolidatedVersion.objects.select_related("report__period__duty", "report__issuing_unit").get(
        pk=version_id
    )
    if not version.is_draft:
        return "skipped"
    ConsolidatedVersion.objects.filter(pk=version_id).update(preview_state="running")
    try:
        figures, _sources = consolidation_data(
            period=version.report.period,
            issuing_unit=version.report.issuing_unit,
            include_submitted=version.include_submitted,
        )
        content = consolidation_docx(version, figures, draft=True)
    except Exception as error:
        ConsolidatedVersion.objects.filter(pk=version_id).update(
            preview_state="failed", preview_error=str(error)[:500]
        )
        return "failed"
    version.preview_file.save(
        f"du-thao-{version.report_id}-v{version.number}.docx", ContentFile(content), save=False
    )
    ConsolidatedVersion.objects.filter(pk=version_id).update(
        preview_file=version.preview_file.name, preview_state="done", preview_error=""
    )
    return "done"
