"""Preparing, editing and issuing the digest «Tình hình dư luận xã hội»."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.audit import audit_record, snapshot
from khoagiao.core.errors import ConflictError, ValidationFailed
from khoagiao.core.permissions import require, user_roles_over

from ..choices import DigestKind
from ..digests import default_window, digest_figures
from ..documents import DEFAULT_RECIPIENTS, digest_docx, digest_summary
from ..models import Digest
from ..permissions import DEPARTMENT
from .common import clean_text_field

DIGEST_FIELDS = ("title", "overview", "assessment", "recommendations", "signer_name", "signer_is_deputy")
TEXT_MAX = 50_000


def _may_manage(actor: Any, unit: Any) -> bool:
    return bool(getattr(actor, "is_superuser", False) or DEPARTMENT & user_roles_over(actor, unit))


@transaction.atomic
def digest_create(
    *,
    actor: Any,
    issuing_unit: Any,
    kind: str,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
) -> Digest:
    require(_may_manage(actor, issuing_unit), _("Chỉ Ban mới lập báo cáo tình hình dư luận xã hội."))
    if kind not in DigestKind.values:
        raise ValidationFailed(
            _("Loại báo cáo không hợp lệ."), code="invalid_kind", details={"field": "kind"}
        )
    if period_start is None or period_end is None:
        period_start, period_end = default_window(kind, timezone.localdate())
    if period_end < period_start:
        raise ValidationFailed(
            _("Ngày kết thúc trước ngày bắt đầu."), code="invalid_range", details={"field": "period_end"}
        )
    if (period_end - period_start).days > 92:
        raise ValidationFailed(
            _("Một báo cáo định kỳ bao quát tối đa 3 tháng."),
            code="invalid_range",
            details={"field": "period_end"},
        )
    figures = digest_figures(issuing_unit=issuing_unit, kind=kind, start=period_start, end=period_end)
    digest = Digest(kind=kind, issuing_unit=issuing_unit, period_start=period_start, period_end=period_end)
    digest.title = digest_summary(digest)[0].upper() + digest_summary(digest)[1:]
    digest.overview = (
        f"Tình hình dư luận xã hội trên địa bàn cơ bản ổn định; trong kỳ ghi nhận {figures.issues} vấn đề, "
        f"trong đó {sum(c for n, c in figures.by_severity if n != 'Bình thường')} vấn đề nóng hoặc đặc biệt "
        "nghiêm trọng."
    )
    try:
        with transaction.atomic():
            digest.save()
    except IntegrityError as error:
        raise ConflictError(
            _("Đã có báo cáo %(kind)s bắt đầu ngày %(day)s; hãy mở báo cáo đó.")
            % {"kind": DigestKind(kind).label.lower(), "day": f"{period_start:%d/%m/%Y}"},
            code="duplicate_digest",
        ) from error
    audit_record(
        actor=actor, action="opinion.digest_create", obj=digest, after=snapshot(digest, DIGEST_FIELDS)
    )
    return digest


@transaction.atomic
def digest_update(
    *,
    actor: Any,
    digest: Digest,
    title: str,
    overview: str,
    assessment: str,
    recommendations: str,
    signer_name: str = "",
    signer_is_deputy: bool = False,
) -> Digest:
    digest = Digest.objects.select_for_update().select_related("issuing_unit").get(pk=digest.pk)
    require(_may_manage(actor, digest.issuing_unit), _("Chỉ Ban mới sửa báo cáo tình hình dư luận xã hội."))
    if digest.issued_at is not None:
        raise ValidationFailed(_("Báo cáo đã ban hành, không sửa được nữa."), code="issued")
    before = snapshot(digest, DIGEST_FIELDS)
    digest.title = clean_text_field(title, field="title", label=_("trích yếu"), max_length=300, required=True)
    digest.overview = clean_text_field(
        overview, field="overview", label=_("tình hình chung"), max_length=TEXT_MAX, required=False
    )
    digest.assessment = clean_text_field(
        assessment, field="assessment", label=_("nhận định"), max_length=TEXT_MAX, required=False
    )
    digest.recommendations = clean_text_field(
        recommendations, field="recommendations", label=_("đề xuất"), max_length=TEXT_MAX, required=False
    )
    digest.signer_name = (signer_name or "").strip()[:150]
    digest.signer_is_deputy = bool(signer_is_deputy)
    digest.save()
    audit_record(
        actor=actor,
        action="opinion.digest_update",
        obj=digest,
        before=before,
        after=snapshot(digest, DIGEST_FIELDS),
    )
    return digest


@transaction.atomic
def digest_issue(*, actor: Any, digest: Digest, issued_on: dt.date | None = None) -> Any:
    """Number the digest in the register (kind BC) and store its DOCX; figures are frozen in the file."""
    from khoagiao.reporting.choices import OutgoingDocumentKind
    from khoagiao.reporting.services.register import document_issue

    digest = Digest.objects.select_for_update().select_related("issuing_unit").get(pk=digest.pk)
    require(
        _may_manage(actor, digest.issuing_unit), _("Chỉ Ban mới ban hành báo cáo tình hình dư luận xã hội.")
    )
    if digest.issued_at is not None:
        raise ConflictError(_("Báo cáo này đã được ban hành."), code="already_issued")
    figures = digest_figures(
        issuing_unit=digest.issuing_unit, kind=digest.kind, start=digest.period_start, end=digest.period_end
    )
    document = document_issue(
        actor=actor,
        issuing_unit=digest.issuing_unit,
        kind=OutgoingDocumentKind.BC,
        title=digest.title,
        build=lambda row: digest_docx(digest, figures, number=row.number, issued_on=row.issued_on),
        file_name=f"bao-cao-du-luan-{digest.period_start:%Y%m%d}-{digest.period_end:%Y%m%d}.docx",
        source=digest,
        source_role="digest",
        issued_on=issued_on,
        signer_name=digest.signer_name,
        recipients=list(DEFAULT_RECIPIENTS),
    )
    digest.issued_at = timezone.now()
    digest.save(update_fields=["issued_at", "updated_at"])
    audit_record(
        actor=actor,
        action="opinion.digest_issue",
        obj=digest,
        after={"document": document.pk, "symbol": document.symbol},
    )
    return document
