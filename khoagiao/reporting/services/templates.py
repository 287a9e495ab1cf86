"""Templates and their versions. A published version is frozen; changes go into the one draft version.

This module is the templates' lifecycle: create, start a draft, publish, discard, install the default. The draft's
parts are edited in `template_sections`, `template_indicators` and `template_rules` (on the shared ground of
`template_drafts`); their functions are re-exported here, so callers import every template service from here.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.audit import acting_user, audit_record, audited_update, snapshot
from khoagiao.core.errors import ValidationFailed
from khoagiao.core.permissions import require
from khoagiao.orgs.models import Field

from .. import default_template as default
from ..choices import IndicatorValueType, TemplateVersionStatus
from ..models import Indicator, ReportTemplate, TemplateSection, TemplateVersion, ValidationRule
from ..permissions import can_manage_templates
from .periods import periods_apply_new_version
from .template_drafts import (
    Direction,
    _clean_code,
    _clean_text,
    _draft_for_edit,
    _indicator_label,
    _require_manage,
)
from .template_indicators import indicator_create, indicator_delete, indicator_move, indicator_update
from .template_rules import rule_create, rule_delete, rule_update
from .template_sections import section_create, section_delete, section_move, section_update

__all__ = [
    "TEMPLATE_AUDIT_FIELDS",
    "Direction",
    "indicator_create",
    "indicator_delete",
    "indicator_move",
    "indicator_update",
    "rule_create",
    "rule_delete",
    "rule_update",
    "section_create",
    "section_delete",
    "section_move",
    "section_update",
    "template_create",
    "template_draft",
    "template_install_default",
    "template_update",
    "version_discard",
    "version_publish",
    "version_start_draft",
]

TEMPLATE_AUDIT_FIELDS = ("code", "name", "description", "is_active")


@transaction.atomic
def template_create(*, actor: Any, code: str, name: str, description: str = "") -> ReportTemplate:
    _require_manage(actor)
    code = _clean_code(code, max_length=60)
    if not name.strip():
        raise ValidationFailed(_("Tên mẫu báo cáo không được để trống."), details={"field": "name"})
    name = _clean_text(name, field="name", label=_("tên mẫu báo cáo"), max_length=255)
    if ReportTemplate.objects.filter(code__iexact=code).exists():
        raise ValidationFailed(
            _("Mã mẫu «%(code)s» đã được dùng.") % {"code": code}, details={"field": "code"}
        )
    template = ReportTemplate.objects.create(
        code=code,
        name=name,
        description=(description or "").strip(),
        created_by=acting_user(actor),
    )
    TemplateVersion.objects.create(template=template, number=1)
    audit_record(
        actor=actor,
        action="reporting.template_create",
        obj=template,
        after=snapshot(template, ("code", "name")),
    )
    return template


def template_draft(template: ReportTemplate) -> TemplateVersion | None:
    return template.versions.filter(status=TemplateVersionStatus.DRAFT).first()


@transaction.atomic
def version_start_draft(*, actor: Any, template: ReportTemplate) -> TemplateVersion:
    """The draft to edit: the existing one, or a copy of the newest version (sections, indicators, rules)."""
    _require_manage(actor)
    draft = template_draft(template)
    if draft is not None:
        return draft
    latest = template.versions.order_by("-number").first()
    draft = TemplateVersion.objects.create(template=template, number=(latest.number + 1) if latest else 1)
    if latest is not None:
        indicator_map: dict[int, Indicator] = {}
        for section in latest.sections.all():
            section.pk, section.version = None, draft
            section.save()
        for indicator in latest.indicators.all():
            old_pk = indicator.pk
            indicator.pk, indicator.version = None, draft
            indicator.save()
            indicator_map[old_pk] = indicator
        for rule in latest.rules.all():
            ValidationRule.objects.create(
                version=draft,
                left=indicator_map[rule.left_id],
                operator=rule.operator,
                right=indicator_map.get(rule.right_id) if rule.right_id else None,
                right_constant=rule.right_constant,
                message=rule.message,
            )
    audit_record(
        actor=actor, action="reporting.version_start_draft", obj=draft, after={"number": draft.number}
    )
    return draft


@transaction.atomic
def version_publish(*, actor: Any, version: TemplateVersion, note: str = "") -> TemplateVersion:
    """Freeze the draft and make it the version of the periods that have not opened yet."""
    require(can_manage_templates(actor), _("Chỉ Ban mới ban hành mẫu báo cáo."))
    version = TemplateVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != TemplateVersionStatus.DRAFT:
        raise ValidationFailed(_("Phiên bản này đã được ban hành."), code="already_published")
    if not version.sections.exists() and not version.indicators.exists():
        raise ValidationFailed(
            _("Mẫu chưa có mục nào hay chỉ tiêu nào; chưa thể ban hành."), code="empty_version"
        )
    for indicator in version.indicators.filter(value_type=IndicatorValueType.CHOICE):
        if len(indicator.choices or []) < 2:
            raise ValidationFailed(
                _("Chỉ tiêu %(indicator)s kiểu «Lựa chọn» chưa có đủ các lựa chọn; chưa thể ban hành.")
                % {"indicator": _indicator_label(indicator)},
                code="choices_missing",
            )
    TemplateVersion.objects.filter(template=version.template, status=TemplateVersionStatus.PUBLISHED).update(
        status=TemplateVersionStatus.RETIRED
    )
    version.status = TemplateVersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.note = note.strip()[:300]
    version.save(update_fields=["status", "published_at", "note", "updated_at"])
    moved = periods_apply_new_version(version=version)
    audit_record(
        actor=actor,
        action="reporting.version_publish",
        obj=version,
        after={"number": version.number, "periods_moved": moved},
    )
    return version


@transaction.atomic
def template_install_default(*, actor: Any) -> ReportTemplate:
    """The default outline for units' periodic reports, published as version 1 (idempotent)."""
    existing = ReportTemplate.objects.filter(code=default.TEMPLATE_CODE).first()
    if existing is not None:
        return existing
    template = template_create(actor=actor, code=default.TEMPLATE_CODE, name=default.TEMPLATE_NAME)
    version = template.versions.get()
    fields = {field.code: field for field in Field.objects.all()}
    for order, (code, heading, guidance, required, field, opinion) in enumerate(default.SECTIONS, start=1):
        TemplateSection.objects.create(
            version=version,
            order=order,
            code=code.lower().replace(".", "-"),
            heading=heading,
            guidance=guidance,
            is_required=required,
            field=fields.get(field) if field else None,
            is_public_opinion=opinion,
        )
    indicators = {}
    for order, (code, name, uom, kind, aggregation, field, required, low, high, cumulative) in enumerate(
        default.INDICATORS, start=1
    ):
        indicators[code] = Indicator.objects.create(
            version=version,
            order=order,
            code=code,
            name=name,
            unit_of_measure=uom,
            value_type=kind,
            aggregation=aggregation,
            field=fields.get(field) if field else None,
            is_required=required,
            min_value=low,
            max_value=high,
            is_cumulative=cumulative,
            choices=default.CHOICES.get(code, []),
        )
    for left, operator, right, constant, message in default.RULES:
        ValidationRule.objects.create(
            version=version,
            left=indicators[left],
            operator=operator,
            right=indicators[right] if right else None,
            right_constant=constant,
            message=message,
        )
    version_publish(actor=actor, version=version, note="Phiên bản đầu tiên")
    return template


# --- Editing a template and its draft version ----------------------------------------------------------------
# Every edit of a version goes through `_draft_for_edit`: it locks the version row and refuses a version that is
# not the draft.


@transaction.atomic
def template_update(
    *, actor: Any, template: ReportTemplate, name: str, description: str = "", is_active: bool = True
) -> ReportTemplate:
    """Rename or describe a template, or stop offering it for new duties (its duties keep running)."""
    _require_manage(actor)
    name = _clean_text(name, field="name", label=_("tên mẫu báo cáo"), max_length=255)
    template = ReportTemplate.objects.select_for_update().get(pk=template.pk)
    audited_update(
        actor=actor,
        obj=template,
        action="reporting.template_update",
        changes={"name": name, "description": (description or "").strip(), "is_active": is_active},
        audit_fields=TEMPLATE_AUDIT_FIELDS,
    )
    return template


@transaction.atomic
def version_discard(*, actor: Any, version: TemplateVersion) -> None:
    """Throw away a draft that is not wanted (with its sections, indicators and rules). Published versions stay."""
    version = _draft_for_edit(actor, version)
    audit_record(
        actor=actor,
        action="reporting.version_discard",
        obj=version,
        before={
            "number": version.number,
            "sections": list(version.sections.values_list("code", flat=True)),
            "indicators": list(version.indicators.values_list("code", flat=True)),
            "rules": version.rules.count(),
        },
    )
    version.delete()
