"""The registry of documents: create and change a document, its successor, its review rule, its attachments.

A document is identified by symbol, date and issuer together. A successor that would make a loop
(A → B → … → A) is refused. A review rule is a number of years after the document's date; a rule that does
not fall after the document's date (zero or negative years), or a final review not after the interim one, is
refused. Attachments are checked by their content (`core.uploads`).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from typing import IO, Any

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.audit import acting_user, audit_record, snapshot
from khoagiao.core.errors import ConflictError, ValidationFailed
from khoagiao.core.permissions import require
from khoagiao.core.uploads import OLE_TYPES, clean_upload_name, file_sha256, upload_check

from ..choices import DirectiveIssuer, DirectiveKind, DirectiveValidity
from ..milestones import MAX_REVIEW_YEARS, default_review_years
from ..models import Directive, DirectiveAttachment
from ..permissions import can_edit_registry
from .milestones import milestones_sync

DIRECTIVE_AUDIT_FIELDS = (
    "kind",
    "number",
    "symbol",
    "issued_on",
    "issuer",
    "issuer_detail",
    "title",
    "fields",
    "validity",
    "successor",
    "interim_review_years",
    "final_review_years",
)
MAX_ATTACHMENTS = 10
USE_DEFAULT = object()


def _require_edit(actor: Any) -> None:
    if actor is not None:
        require(
            can_edit_registry(actor), _("Chỉ Ban Tuyên giáo và Dân vận và quản trị viên mới sửa sổ văn bản.")
        )


def _identity_text(symbol: str, issued_on: dt.date, issuer: str) -> str:
    return _("%(symbol)s ngày %(day)s của %(issuer)s") % {
        "symbol": symbol,
        "day": f"{issued_on:%d/%m/%Y}",
        "issuer": DirectiveIssuer(issuer).label,
    }


def check_review_rule(
    *, issued_on: dt.date, interim_years: int | None, final_years: int | None
) -> tuple[int | None, int | None]:
    """Refuse a rule that does not fall after the document's date, or a final review not after the interim."""
    for years, label, field in (
        (interim_years, _("Mốc sơ kết"), "interim_review_years"),
        (final_years, _("Mốc tổng kết"), "final_review_years"),
    ):
        if years is None:
            continue
        if years <= 0:
            raise ValidationFailed(
                _(
                    "%(label)s «%(years)s năm» rơi vào trước hoặc đúng ngày ban hành văn bản (%(day)s); hãy nhập "
                    "số năm từ 1 trở lên."
                )
                % {"label": label, "years": years, "day": f"{issued_on:%d/%m/%Y}"},
                code="rule_before_document",
                details={"field": field},
            )
        if years > MAX_REVIEW_YEARS:
            raise ValidationFailed(
                _("%(label)s tối đa %(max)d năm sau ngày ban hành.")
                % {"label": label, "max": MAX_REVIEW_YEARS},
                code="rule_too_far",
                details={"field": field},
            )
    if interim_years and final_years and final_years <= interim_years:
        raise ValidationFailed(
            _("Mốc tổng kết (%(final)d năm) phải sau mốc sơ kết (%(interim)d năm).")
            % {"final": final_years, "interim": interim_years},
            code="rule_order",
            details={"field": "final_review_years"},
        )
    return interim_years, final_years


def _clean(
    *,
    kind: str,
    symbol: str,
    issued_on: dt.date | None,
    issuer: str,
    title: str,
    validity: str,
    exclude_pk: int | None,
) -> dict[str, Any]:
    symbol = " ".join((symbol or "").split())
    title = (title or "").strip()
    if kind not in DirectiveKind.values:
        raise ValidationFailed(_("Hãy chọn loại văn bản."), details={"field": "kind"})
    if issuer not in DirectiveIssuer.values:
        raise ValidationFailed(_("Hãy chọn cơ quan ban hành."), details={"field": "issuer"})
    if not symbol:
        raise ValidationFailed(
            _("Hãy nhập số, ký hiệu của văn bản (ví dụ 20-CT/TW)."), details={"field": "symbol"}
        )
    if len(symbol) > 60:
        raise ValidationFailed(_("Số, ký hiệu dài quá 60 ký tự."), details={"field": "symbol"})
    if issued_on is None:
        raise ValidationFailed(_("Hãy nhập ngày ban hành."), details={"field": "issued_on"})
    if issued_on > timezone.localdate():
        raise ValidationFailed(
            _("Ngày ban hành %(day)s còn ở tương lai.") % {"day": f"{issued_on:%d/%m/%Y}"},
            details={"field": "issued_on"},
        )
    if not title:
        raise ValidationFailed(_("Hãy nhập trích yếu của văn bản."), details={"field": "title"})
    if validity not in DirectiveValidity.values:
        raise ValidationFailed(_("Hiệu lực không hợp lệ."), details={"field": "validity"})
    duplicate = Directive.objects.filter(symbol__iexact=symbol, issued_on=issued_on, issuer=issuer)
    if exclude_pk is not None:
        duplicate = duplicate.exclude(pk=exclude_pk)
    if duplicate.exists():
        raise ValidationFailed(
            _(
                "Văn bản %(identity)s đã có trong sổ văn bản. Một văn bản được xác định bởi số ký hiệu, ngày "
                "ban hành và cơ quan ban hành; hãy mở văn bản đã có thay vì nhập lại."
            )
            % {"identity": _identity_text(symbol, issued_on, issuer)},
            code="duplicate",
            details={"field": "symbol", "existing": duplicate.values_list("pk", flat=True).first()},
        )
    return {
        "kind": kind,
        "symbol": symbol,
        "issued_on": issued_on,
        "issuer": issuer,
        "title": title,
        "validity": validity,
    }


@transaction.atomic
def directive_create(
    *,
    actor: Any,
    kind: str,
    symbol: str,
    issued_on: dt.date | None,
    issuer: str,
    title: str,
    number: int | None = None,
    issuer_detail: str = "",
    fields: Iterable[Any] = (),
    validity: str = DirectiveValidity.IN_FORCE,
    interim_review_years: Any = USE_DEFAULT,
    final_review_years: Any = USE_DEFAULT,
    source_note: str = "",
) -> Directive:
    """Add a document to the registry, with its review milestones (by the kind's default rule unless given).
    `actor=None` is the platform itself (loading the shipped documents)."""
    _require_edit(actor)
    cleaned = _clean(
        kind=kind,
        symbol=symbol,
        issued_on=issued_on,
        issuer=issuer,
        title=title,
        validity=validity,
        exclude_pk=None,
    )
    default_interim, default_final = default_review_years(kind)
    interim = default_interim if interim_review_years is USE_DEFAULT else interim_review_years
    final = default_final if final_review_years is USE_DEFAULT else final_review_years
    check_review_rule(issued_on=cleaned["issued_on"], interim_years=interim, final_years=final)
    directive = Directive(
        **cleaned,
        number=number,
        issuer_detail=(issuer_detail or "").strip()[:200],
        interim_review_years=interim,
        final_review_years=final,
        source_note=(source_note or "")[:200],
        created_by=acting_user(actor),
    )
    directive.save()
    directive.fields.set(list(fields))
    directive.save(update_fields=["search_text"])
    milestones_sync(directive)
    audit_record(
        actor=actor,
        action="directives.directive_create",
        obj=directive,
        after=snapshot(directive, DIRECTIVE_AUDIT_FIELDS),
    )
    return directive


@transaction.atomic
def directive_update(
    *,
    actor: Any,
    directive: Directive,
    kind: str,
    symbol: str,
    issued_on: dt.date | None,
    issuer: str,
    title: str,
    number: int | None = None,
    issuer_detail: str = "",
    fields: Iterable[Any] = (),
    validity: str = DirectiveValidity.IN_FORCE,
    interim_review_years: int | None = None,
    final_review_years: int | None = None,
    expected_updated_at: dt.datetime | None = None,
) -> Directive:
    """Change a document. Its milestones follow a new date or rule, except a milestone already opened."""
    _require_edit(actor)
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    if expected_updated_at is not None and directive.updated_at != expected_updated_at:
        raise ConflictError(
            _(
                "Văn bản vừa được người khác sửa sau khi bạn mở trang; hãy mở lại trang. Những gì bạn nhập chưa được lưu."
            ),
            code="stale",
        )
    cleaned = _clean(
        kind=kind,
        symbol=symbol,
        issued_on=issued_on,
        issuer=issuer,
        title=title,
        validity=validity,
        exclude_pk=directive.pk,
    )
    check_review_rule(
        issued_on=cleaned["issued_on"], interim_years=interim_review_years, final_years=final_review_years
    )
    before = snapshot(directive, DIRECTIVE_AUDIT_FIELDS)
    for name, value in cleaned.items():
        setattr(directive, name, value)
    directive.number = number
    directive.issuer_detail = (issuer_detail or "").strip()[:200]
    directive.interim_review_years = interim_review_years
    directive.final_review_years = final_review_years
    directive.fields.set(list(fields))
    directive.save()
    milestones_sync(directive)
    audit_record(
        actor=actor,
        action="directives.directive_update",
        obj=directive,
        before=before,
        after=snapshot(directive, DIRECTIVE_AUDIT_FIELDS),
    )
    return directive


@transaction.atomic
def directive_set_review_rule(
    *, actor: Any, directive: Directive, interim_review_years: int | None, final_review_years: int | None
) -> Directive:
    """Change only the review rule (e.g. a final review after 15 years instead of 10)."""
    _require_edit(actor)
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    check_review_rule(
        issued_on=directive.issued_on, interim_years=interim_review_years, final_years=final_review_years
    )
    before = snapshot(directive, ("interim_review_years", "final_review_years"))
    directive.interim_review_years = interim_review_years
    directive.final_review_years = final_review_years
    directive.save(update_fields=["interim_review_years", "final_review_years", "updated_at"])
    milestones_sync(directive)
    audit_record(
        actor=actor,
        action="directives.directive_set_review_rule",
        obj=directive,
        before=before,
        after=snapshot(directive, ("interim_review_years", "final_review_years")),
    )
    return directive


def _chain_text(chain: list[Directive]) -> str:
    return " → ".join(item.symbol for item in chain)


@transaction.atomic
def directive_set_successor(
    *, actor: Any, directive: Directive, successor: Directive | None, mark_replaced: bool = True
) -> Directive:
    """Link the document that continues or replaces this one (or remove the link with `successor=None`)."""
    _require_edit(actor)
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    if successor is not None:
        if successor.pk == directive.pk:
            raise ValidationFailed(
                _("Một văn bản không thể là văn bản tiếp nối của chính nó."),
                code="successor_loop",
                details={"field": "successor"},
            )
        chain = [directive, successor]
        current = successor
        seen = {directive.pk, successor.pk}
        while current.successor_id is not None:
            current = Directive.objects.get(pk=current.successor_id)
            chain.append(current)
            if current.pk in seen:
                raise ValidationFailed(
                    _(
                        "Không thể đặt %(successor)s là văn bản tiếp nối của %(directive)s: chuỗi tiếp nối sẽ "
                        "quay vòng (%(chain)s)."
                    )
                    % {
                        "successor": successor.symbol,
                        "directive": directive.symbol,
                        "chain": _chain_text(chain),
                    },
                    code="successor_loop",
                    details={"field": "successor"},
                )
            seen.add(current.pk)
        if successor.issued_on < directive.issued_on:
            raise ValidationFailed(
                _(
                    "Văn bản tiếp nối %(successor)s (ngày %(day)s) ban hành trước %(directive)s; hãy kiểm tra lại."
                )
                % {
                    "successor": successor.symbol,
                    "day": f"{successor.issued_on:%d/%m/%Y}",
                    "directive": directive.symbol,
                },
                code="successor_earlier",
                details={"field": "successor"},
            )
    before = snapshot(directive, ("successor", "validity"))
    directive.successor = successor
    if successor is not None and mark_replaced:
        directive.validity = DirectiveValidity.REPLACED
    elif successor is None and directive.validity == DirectiveValidity.REPLACED:
        directive.validity = DirectiveValidity.IN_FORCE
    directive.save(update_fields=["successor", "validity", "updated_at"])
    audit_record(
        actor=actor,
        action="directives.directive_set_successor",
        obj=directive,
        before=before,
        after=snapshot(directive, ("successor", "validity")),
    )
    return directive


@transaction.atomic
def directive_attachment_add(*, actor: Any, directive: Directive, file: Any) -> DirectiveAttachment:
    """Attach the document's file (PDF, DOCX, scan). A file that is not what its name claims is refused."""
    _require_edit(actor)
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    name = clean_upload_name(getattr(file, "name", ""))
    if directive.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationFailed(
            _("Mỗi văn bản có tối đa %(max)d tệp đính kèm.") % {"max": MAX_ATTACHMENTS},
            code="too_many_files",
            details={"field": "file"},
        )
    size = int(getattr(file, "size", 0) or 0)
    stream: IO[bytes] = file.file if hasattr(file, "file") and file.file is not None else file
    kind = upload_check(name=name, size=size, stream=stream)
    attachment = DirectiveAttachment(
        directive=directive,
        name=name,
        size=size,
        content_type=OLE_TYPES.get(os.path.splitext(name)[1].lower(), kind.content_type),
        sha256=file_sha256(stream),
        uploaded_by=acting_user(actor),
    )
    stream.seek(0)
    attachment.file.save(name, File(stream, name=name), save=False)
    attachment.save()
    audit_record(
        actor=actor,
        action="directives.attachment_add",
        obj=directive,
        after={"attachment": attachment.pk, "name": name, "size": size, "sha256": attachment.sha256},
    )
    return attachment
