"""The register of outgoing documents (sổ văn bản đi): numbering, issuing with the stored file, cancelling.

Every app that issues a numbered document (the consolidated report, a briefing's invitation and concluding
notice, the public-opinion digest) calls `document_issue` with a function that builds the DOCX once the number is
known; the number, the row and the file are written in one transaction. Calling it again for the same source and
role while its number stands is refused: a document is never numbered twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.audit import acting_user, audit_record
from khoagiao.core.documents import DocumentFormat, docx_to_pdf, number_text
from khoagiao.core.errors import ConflictError, ValidationFailed
from khoagiao.core.permissions import require
from khoagiao.core.text import fold_vi

from ..choices import OutgoingDocumentKind, OutgoingDocumentStatus
from ..models.register import DocumentCounter, OutgoingDocument
from ..permissions import can_cancel_document, can_issue_document

PARTY_UNIT_KINDS = {"party_committee", "party_board", "division", "leadership"}
_PLACE_PREFIX = re.compile(r"^(Tỉnh ủy|Thành ủy|UBND tỉnh|Tỉnh|Thành phố)\s+", re.IGNORECASE)
_BODY_PREFIX = re.compile(r"^(Tỉnh ủy|Thành ủy|Huyện ủy|Đảng ủy|UBND tỉnh)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class IssuerBodies:
    superior_body: str
    issuing_body: str
    document_format: str
    symbol: str
    place: str


def issuer_bodies(unit: Any, *, place: str = "") -> IssuerBodies:
    """The header texts of a unit's documents: its parent as superior body, its own name without the parent's
    name at the end ("Ban Tuyên giáo và Dân vận Tỉnh ủy Quảng Ngãi" under "Tỉnh ủy Quảng Ngãi" prints "BAN
    TUYÊN GIÁO VÀ DÂN VẬN"), the format by the kind of unit (Party bodies: HD 36; agencies: Decree 30), and
    the place: the province's name taken from the top of the tree ("Tỉnh ủy Quảng Ngãi" gives "Quảng Ngãi")."""
    parent = unit.parent
    name = unit.name
    superior = parent.name if parent is not None else ""
    # "… Tỉnh ủy Quảng Ngãi" or the short "… Tỉnh ủy" at the end of the name repeats the superior body.
    short = _BODY_PREFIX.match(superior)
    for repeated in (superior, short.group(1) if short else ""):
        if repeated and fold_vi(name).endswith(" " + fold_vi(repeated)):
            name = name[: len(name) - len(repeated)].strip()
            break
    document_format = DocumentFormat.PARTY if unit.kind.code in PARTY_UNIT_KINDS else DocumentFormat.STATE
    if not place:
        top = unit
        while top.parent is not None:
            top = top.parent
        place = _PLACE_PREFIX.sub("", top.name)
    return IssuerBodies(
        superior_body=superior,
        issuing_body=name,
        document_format=document_format,
        symbol=unit.document_symbol or unit.code.upper(),
        place=place,
    )


def _next_number(issuing_unit: Any, kind: str, year: int) -> int:
    DocumentCounter.objects.bulk_create(
        [DocumentCounter(issuing_unit=issuing_unit, kind=kind, year=year)], ignore_conflicts=True
    )
    counter = DocumentCounter.objects.select_for_update().get(issuing_unit=issuing_unit, kind=kind, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def document_for_source(source: models.Model, role: str = "") -> OutgoingDocument | None:
    """The standing (not cancelled) numbered document of a source, if any."""
    return (
        OutgoingDocument.objects.filter(
            source_type=ContentType.objects.get_for_model(source),
            source_id=source.pk,
            source_role=role,
            status=OutgoingDocumentStatus.ISSUED,
        )
        .select_related("issuing_unit")
        .first()
    )


def _refuse_second_number(source: models.Model | None, role: str) -> None:
    if source is None:
        return
    existing = document_for_source(source, role)
    if existing is not None:
        raise ConflictError(
            _("Văn bản này đã được cấp số %(symbol)s ngày %(date)s; không cấp số lần thứ hai.")
            % {"symbol": existing.symbol, "date": f"{existing.issued_on:%d/%m/%Y}"},
            code="already_numbered",
            details={"document": existing.pk},
        )


@transaction.atomic
def document_issue(
    *,
    actor: Any,
    issuing_unit: Any,
    kind: str,
    title: str,
    build: Callable[[OutgoingDocument], bytes],
    file_name: str,
    source: models.Model | None = None,
    source_role: str = "",
    issued_on: dt.date | None = None,
    signer_name: str = "",
    recipients: Sequence[str] = (),
    document_format: str | None = None,
) -> OutgoingDocument:
    """Take the next number for (issuing unit, kind, year), build the DOCX with it and store both.

    `build` receives the unsaved row, whose `number`, `symbol` and `issued_on` are set; it returns the DOCX bytes.
    If it raises, nothing is written and the number is not used.
    """
    require(
        can_issue_document(actor, issuing_unit),
        _("Chỉ cán bộ của Ban mới được cấp số và ban hành văn bản của đơn vị này."),
    )
    if kind not in OutgoingDocumentKind.values:
        raise ValidationFailed(_("Loại văn bản «%(kind)s» không có trong sổ.") % {"kind": kind}, code="kind")
    title = (title or "").strip()
    if not title:
        raise ValidationFailed(_("Văn bản cần có trích yếu."), code="title", details={"field": "title"})
    bodies = issuer_bodies(issuing_unit)
    document_format = document_format or bodies.document_format
    issued_on = issued_on or timezone.localdate()
    _refuse_second_number(source, source_role)
    number = _next_number(issuing_unit, kind, issued_on.year)
    # Checked again under the counter's lock: a colleague numbering the same source at the same moment has
    # committed by now (the lock waits for that), and their number is named instead of a constraint error.
    _refuse_second_number(source, source_role)
    document = OutgoingDocument(
        issuing_unit=issuing_unit,
        kind=kind,
        year=issued_on.year,
        number=number,
        symbol=number_text(document_format, number, kind, bodies.symbol),
        document_format=document_format,
        title=title[:500],
        issued_on=issued_on,
        signer_name=signer_name,
        recipients="\n".join(recipient.strip() for recipient in recipients if recipient.strip()),
        source_type=ContentType.objects.get_for_model(source) if source is not None else None,
        source_id=source.pk if source is not None else None,
        source_role=source_role,
        created_by=acting_user(actor),
    )
    content = build(document)
    document.sha256 = hashlib.sha256(content).hexdigest()
    document.file.save(file_name, ContentFile(content), save=False)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError as error:
        document.file.delete(save=False)
        raise ConflictError(
            _("Văn bản này vừa được người khác cấp số; hãy tải lại trang để xem số đã cấp."),
            code="already_numbered",
        ) from error
    audit_record(
        actor=actor,
        action="reporting.document_issue",
        obj=document,
        after={"symbol": document.symbol, "title": document.title, "sha256": document.sha256},
    )
    return document


@transaction.atomic
def document_cancel(*, actor: Any, document: OutgoingDocument, reason: str) -> OutgoingDocument:
    """Cancel a number: the row stays in the register with the reason; its file stays downloadable."""
    document = OutgoingDocument.objects.select_for_update().select_related("issuing_unit").get(pk=document.pk)
    require(can_cancel_document(actor, document), _("Chỉ cán bộ của Ban mới được hủy số văn bản."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(_("Hãy ghi lý do hủy số."), code="reason", details={"field": "reason"})
    if document.status == OutgoingDocumentStatus.CANCELLED:
        raise ConflictError(
            _("%(symbol)s đã bị hủy trước đó.") % {"symbol": document.symbol}, code="already_cancelled"
        )
    document.status = OutgoingDocumentStatus.CANCELLED
    document.cancel_reason = reason[:500]
    document.cancelled_at = timezone.now()
    document.cancelled_by = acting_user(actor)
    document.save(update_fields=["status", "cancel_reason", "cancelled_at", "cancelled_by", "updated_at"])
    audit_record(
        actor=actor,
        action="reporting.document_cancel",
        obj=document,
        before={"status": OutgoingDocumentStatus.ISSUED},
        after={"status": document.status, "reason": document.cancel_reason},
    )
    return document


def document_pdf(document: OutgoingDocument) -> bytes:
    """The PDF of an issued document, converted once from the stored DOCX and kept beside it."""
    if document.pdf_file:
        with document.pdf_file.open("rb") as stored:
            return stored.read()
    with document.file.open("rb") as stored:
        pdf = docx_to_pdf(stored.read())
    name = (document.file.name or "van-ban").rsplit("/", 1)[-1].rsplit(".", 1)[0] + ".pdf"
    document.pdf_file.save(name, ContentFile(pdf), save=False)
    OutgoingDocument.objects.filter(pk=document.pk).update(pdf_file=document.pdf_file.name)
    return pdf
