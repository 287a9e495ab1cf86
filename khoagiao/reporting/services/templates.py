"""Templates and their versions. A published version is frozen; changes go into the one draft version."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.audit import audit_record, snapshot
from khoagiao.core.errors import ValidationFailed
from khoagiao.core.permissions import require
from khoagiao.orgs.models import Field

from .. import default_template as default
from ..choices import TemplateVersionStatus
from ..models import Indicator, ReportTemplate, TemplateSection, TemplateVersion, ValidationRule
from ..permissions import can_manage_templates
from .periods import periods_apply_new_version


@transaction.atomic
def template_create(*, actor: Any, code: str, name: str, description: str = "") -> ReportTemplate:
    require(can_manage_templates(actor), _("Chỉ Ban mới quản lý mẫu báo cáo."))
    if not name.strip():
        raise ValidationFailed(_("Tên mẫu báo cáo không được để trống."), details={"field": "name"})
    if ReportTemplate.objects.filter(code__iexact=code).exists():
        raise ValidationFailed(
            _("Mã mẫu «%(code)s» đã được dùng.") % {"code": code}, details={"field": "code"}
        )
    template = ReportTemplate.objects.create(
        code=code,
        name=name.strip(),
        description=description,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
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
    require(can_manage_templates(actor), _("Chỉ Ban mới quản lý mẫu báo cáo."))
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
