"""The sections of a template's draft version: the narrative outline a unit writes, kept in order."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from khoagiao.core.audit import audited_update
from khoagiao.core.errors import ValidationFailed
from khoagiao.orgs.models import Field

from ..models import TemplateSection, TemplateVersion
from .template_drafts import (
    Direction,
    _append,
    _clean_code,
    _clean_text,
    _delete_and_renumber,
    _draft_for_edit,
    _move_and_record,
    _same_code,
)

SECTION_AUDIT_FIELDS = (
    "version",
    "order",
    "code",
    "heading",
    "guidance",
    "is_required",
    "field",
    "is_public_opinion",
)


def _section_values(
    version: TemplateVersion,
    *,
    exclude_pk: int | None,
    code: str,
    heading: str,
    guidance: str,
    is_required: bool,
    field: Field | None,
    is_public_opinion: bool,
) -> dict[str, Any]:
    code = _clean_code(code)
    existing = _same_code(TemplateSection, version, code, exclude_pk)
    if existing is not None:
        raise ValidationFailed(
            _("Mã mục «%(code)s» trùng với mục «%(heading)s» của phiên bản này; hãy chọn mã khác.")
            % {"code": code, "heading": existing.heading},
            code="duplicate_code",
            details={"field": "code"},
        )
    return {
        "code": code,
        "heading": _clean_text(heading, field="heading", label=_("tiêu đề mục"), max_length=300),
        "guidance": (guidance or "").strip(),
        "is_required": bool(is_required),
        "field": field,
        "is_public_opinion": bool(is_public_opinion),
    }


@transaction.atomic
def section_create(
    *,
    actor: Any,
    version: TemplateVersion,
    code: str,
    heading: str,
    guidance: str = "",
    is_required: bool = True,
    field: Field | None = None,
    is_public_opinion: bool = False,
) -> TemplateSection:
    """Add a narrative section at the end of the draft's outline."""
    version = _draft_for_edit(actor, version)
    values = _section_values(
        version,
        exclude_pk=None,
        code=code,
        heading=heading,
        guidance=guidance,
        is_required=is_required,
        field=field,
        is_public_opinion=is_public_opinion,
    )
    return _append(
        actor=actor,
        model=TemplateSection,
        version=version,
        values=values,
        action="reporting.section_create",
        audit_fields=SECTION_AUDIT_FIELDS,
    )


@transaction.atomic
def section_update(
    *,
    actor: Any,
    section: TemplateSection,
    code: str,
    heading: str,
    guidance: str = "",
    is_required: bool = True,
    field: Field | None = None,
    is_public_opinion: bool = False,
) -> TemplateSection:
    version = _draft_for_edit(actor, section.version)
    section = TemplateSection.objects.get(pk=section.pk)
    values = _section_values(
        version,
        exclude_pk=section.pk,
        code=code,
        heading=heading,
        guidance=guidance,
        is_required=is_required,
        field=field,
        is_public_opinion=is_public_opinion,
    )
    audited_update(
        actor=actor,
        obj=section,
        action="reporting.section_update",
        changes=values,
        audit_fields=SECTION_AUDIT_FIELDS,
    )
    return section


@transaction.atomic
def section_delete(*, actor: Any, section: TemplateSection) -> None:
    version = _draft_for_edit(actor, section.version)
    _delete_and_renumber(
        actor=actor,
        item=section,
        version=version,
        action="reporting.section_delete",
        audit_fields=SECTION_AUDIT_FIELDS,
    )


@transaction.atomic
def section_move(*, actor: Any, section: TemplateSection, direction: Direction) -> TemplateSection:
    """Move a section one place up or down the outline (nothing happens at either end)."""
    version = _draft_for_edit(actor, section.version)
    return _move_and_record(
        actor=actor, item=section, version=version, direction=direction, action="reporting.section_move"
    )
