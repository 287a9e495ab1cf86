"""Templates and their versions. A published version is frozen; changes go into the one draft version."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Literal

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.audit import audit_record, audited_update, snapshot
from khoagiao.core.errors import ValidationFailed
from khoagiao.core.permissions import require
from khoagiao.orgs.models import Field

from .. import default_template as default
from ..choices import (
    NUMERIC_TYPES,
    IndicatorAggregation,
    IndicatorValueType,
    RuleOperator,
    TemplateVersionStatus,
)
from ..models import Indicator, ReportTemplate, TemplateSection, TemplateVersion, ValidationRule
from ..permissions import can_manage_templates
from ..validation import format_number
from .periods import periods_apply_new_version


@transaction.atomic
def template_create(*, actor: Any, code: str, name: str, description: str = "") -> ReportTemplate:
    require(can_manage_templates(actor), _("Chỉ Ban mới quản lý mẫu báo cáo."))
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
# Every edit below locks the version row and refuses a version that is not the draft: a published version is
# what units are filling in, and it never changes under their feet.

TEMPLATE_AUDIT_FIELDS = ("code", "name", "description", "is_active")
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
INDICATOR_AUDIT_FIELDS = (
    "version",
    "order",
    "code",
    "name",
    "unit_of_measure",
    "value_type",
    "choices",
    "aggregation",
    "field",
    "is_required",
    "min_value",
    "max_value",
    "is_cumulative",
    "guidance",
)
RULE_AUDIT_FIELDS = ("version", "left", "operator", "right", "right_constant", "message")
CODE_PATTERN = re.compile(r"[A-Za-z0-9_-]+")
NON_NUMERIC_AGGREGATIONS = frozenset({IndicatorAggregation.LATEST, IndicatorAggregation.NONE})
MAX_CHOICE_LENGTH = 200
MAX_CHOICES = 50
NUMBER_LIMIT = Decimal("1e15")
Direction = Literal["up", "down"]


def _require_manage(actor: Any) -> None:
    require(can_manage_templates(actor), _("Chỉ Ban mới quản lý mẫu báo cáo."))


def _locked_draft(version: TemplateVersion) -> TemplateVersion:
    """The version row, locked for this transaction, if it is still the draft; else a clear refusal."""
    locked = TemplateVersion.objects.select_for_update().select_related("template").get(pk=version.pk)
    if locked.status != TemplateVersionStatus.DRAFT:
        raise ValidationFailed(
            _(
                "Phiên bản %(number)s của mẫu «%(template)s» đã ban hành nên không sửa được. Hãy bấm «Tạo "
                "phiên bản mới» để thay đổi; phiên bản mới áp dụng từ kỳ báo cáo chưa mở."
            )
            % {"number": locked.number, "template": locked.template.name},
            code="version_not_draft",
        )
    return locked


def _clean_text(value: str, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationFailed(_("Hãy nhập %(label)s.") % {"label": label}, details={"field": field})
    if len(text) > max_length:
        raise ValidationFailed(
            _("%(label)s dài tối đa %(max)d ký tự (đang có %(length)d).")
            % {"label": label[:1].upper() + label[1:], "max": max_length, "length": len(text)},
            details={"field": field},
        )
    return text


def _clean_code(code: str, *, max_length: int = 40, field: str = "code") -> str:
    code = (code or "").strip()
    if not code:
        raise ValidationFailed(_("Hãy nhập mã."), details={"field": field})
    if not CODE_PATTERN.fullmatch(code) or len(code) > max_length:
        raise ValidationFailed(
            _(
                "Mã «%(code)s» không hợp lệ: chỉ gồm chữ cái không dấu, chữ số, dấu gạch ngang hoặc gạch "
                "dưới, tối đa %(max)d ký tự."
            )
            % {"code": code, "max": max_length},
            details={"field": field},
        )
    return code


def _clean_number(value: Decimal | None, *, field: str, label: str) -> Decimal | None:
    if value is None:
        return None
    if not value.is_finite() or abs(value) >= NUMBER_LIMIT:
        raise ValidationFailed(_("%(label)s quá lớn.") % {"label": label}, details={"field": field})
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -4:
        raise ValidationFailed(
            _("%(label)s có tối đa 4 chữ số sau dấu phẩy.") % {"label": label}, details={"field": field}
        )
    return value


def _indicator_label(indicator: Indicator) -> str:
    return f"«{indicator.name}» ({indicator.code})"


def _renumber(items: list[Any]) -> None:
    """Orders 1, 2, 3 … in the given sequence, writing only the rows that changed."""
    changed = []
    for position, item in enumerate(items, start=1):
        if item.order != position:
            item.order = position
            changed.append(item)
    if changed:
        type(changed[0]).objects.bulk_update(changed, ["order"])


def _move(items: list[Any], item: Any, direction: Direction) -> bool:
    """Swap `item` with its neighbour; False when it is already first (up) or last (down)."""
    index = next(i for i, candidate in enumerate(items) if candidate.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if target < 0 or target >= len(items):
        return False
    items[index], items[target] = items[target], items[index]
    _renumber(items)
    return True


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
    _require_manage(actor)
    version = _locked_draft(version)
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


# --- Sections -------------------------------------------------------------------------------------------------


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
    same_code = version.sections.filter(code__iexact=code)
    existing = (same_code.exclude(pk=exclude_pk) if exclude_pk else same_code).first()
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
    _require_manage(actor)
    version = _locked_draft(version)
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
    order = (version.sections.aggregate(top=Max("order"))["top"] or 0) + 1
    section = TemplateSection.objects.create(version=version, order=order, **values)
    audit_record(
        actor=actor,
        action="reporting.section_create",
        obj=section,
        after=snapshot(section, SECTION_AUDIT_FIELDS),
    )
    return section


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
    _require_manage(actor)
    version = _locked_draft(section.version)
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
    _require_manage(actor)
    version = _locked_draft(section.version)
    audit_record(
        actor=actor,
        action="reporting.section_delete",
        obj=section,
        before=snapshot(section, SECTION_AUDIT_FIELDS),
    )
    section.delete()
    _renumber(list(version.sections.order_by("order", "pk")))


@transaction.atomic
def section_move(*, actor: Any, section: TemplateSection, direction: Direction) -> TemplateSection:
    """Move a section one place up or down the outline (nothing happens at either end)."""
    _require_manage(actor)
    version = _locked_draft(section.version)
    items = list(version.sections.order_by("order", "pk"))
    before = section.order
    if _move(items, section, direction):
        section.refresh_from_db()
        audit_record(
            actor=actor,
            action="reporting.section_move",
            obj=section,
            before={"order": before},
            after={"order": section.order},
        )
    return section


# --- Indicators -----------------------------------------------------------------------------------------------


def _clean_choices(value_type: str, choices: Iterable[str]) -> list[str]:
    if value_type != IndicatorValueType.CHOICE:
        return []
    cleaned: list[str] = []
    seen: set[str] = set()
    for raw in choices:
        choice = str(raw).strip()
        if not choice or choice.casefold() in seen:
            continue
        if len(choice) > MAX_CHOICE_LENGTH:
            raise ValidationFailed(
                _("Lựa chọn «%(choice)s…» dài quá %(max)d ký tự.")
                % {"choice": choice[:40], "max": MAX_CHOICE_LENGTH},
                details={"field": "choices"},
            )
        seen.add(choice.casefold())
        cleaned.append(choice)
    if len(cleaned) < 2:
        raise ValidationFailed(
            _("Chỉ tiêu kiểu «Lựa chọn» cần ít nhất hai lựa chọn, mỗi lựa chọn một dòng."),
            code="choices_missing",
            details={"field": "choices"},
        )
    if len(cleaned) > MAX_CHOICES:
        raise ValidationFailed(
            _("Tối đa %(max)d lựa chọn.") % {"max": MAX_CHOICES}, details={"field": "choices"}
        )
    return cleaned


def _indicator_values(
    version: TemplateVersion,
    *,
    exclude_pk: int | None,
    code: str,
    name: str,
    unit_of_measure: str,
    value_type: str,
    choices: Iterable[str],
    aggregation: str,
    field: Field | None,
    is_required: bool,
    min_value: Decimal | None,
    max_value: Decimal | None,
    is_cumulative: bool,
    guidance: str,
) -> dict[str, Any]:
    code = _clean_code(code)
    same_code = version.indicators.filter(code__iexact=code)
    existing = (same_code.exclude(pk=exclude_pk) if exclude_pk else same_code).first()
    if existing is not None:
        raise ValidationFailed(
            _(
                "Mã chỉ tiêu «%(code)s» trùng với chỉ tiêu %(existing)s của phiên bản này; mỗi chỉ tiêu cần một mã riêng."
            )
            % {"code": code, "existing": _indicator_label(existing)},
            code="duplicate_code",
            details={"field": "code"},
        )
    name = _clean_text(name, field="name", label=_("tên chỉ tiêu"), max_length=300)
    if value_type not in IndicatorValueType.values:
        raise ValidationFailed(_("Hãy chọn kiểu dữ liệu của chỉ tiêu."), details={"field": "value_type"})
    if aggregation not in IndicatorAggregation.values:
        raise ValidationFailed(_("Hãy chọn cách tổng hợp."), details={"field": "aggregation"})
    kind = IndicatorValueType(value_type)
    min_value = _clean_number(min_value, field="min_value", label=_("Giá trị nhỏ nhất"))
    max_value = _clean_number(max_value, field="max_value", label=_("Giá trị lớn nhất"))
    if kind not in NUMERIC_TYPES:
        if min_value is not None or max_value is not None:
            raise ValidationFailed(
                _("Giới hạn nhỏ nhất, lớn nhất chỉ dùng cho chỉ tiêu kiểu số; «%(type)s» không có giới hạn.")
                % {"type": kind.label},
                details={"field": "min_value" if min_value is not None else "max_value"},
            )
        if aggregation not in NON_NUMERIC_AGGREGATIONS:
            raise ValidationFailed(
                _(
                    "Chỉ tiêu kiểu «%(type)s» không cộng hay tính trung bình được; hãy chọn «%(latest)s» "
                    "hoặc «%(none)s»."
                )
                % {
                    "type": kind.label,
                    "latest": IndicatorAggregation.LATEST.label,
                    "none": IndicatorAggregation.NONE.label,
                },
                details={"field": "aggregation"},
            )
        if is_cumulative:
            raise ValidationFailed(
                _("Chỉ chỉ tiêu kiểu số mới lũy kế từ đầu năm được."), details={"field": "is_cumulative"}
            )
    if min_value is not None and max_value is not None and min_value > max_value:
        raise ValidationFailed(
            _("Giá trị nhỏ nhất (%(min)s) lớn hơn giá trị lớn nhất (%(max)s).")
            % {"min": format_number(min_value), "max": format_number(max_value)},
            code="bounds_inverted",
            details={"field": "max_value"},
        )
    return {
        "code": code,
        "name": name,
        "unit_of_measure": _clean_text(
            unit_of_measure, field="unit_of_measure", label=_("đơn vị tính"), max_length=40, required=False
        ),
        "value_type": kind.value,
        "choices": _clean_choices(kind, choices),
        "aggregation": aggregation,
        "field": field,
        "is_required": bool(is_required),
        "min_value": min_value,
        "max_value": max_value,
        "is_cumulative": bool(is_cumulative),
        "guidance": _clean_text(
            guidance, field="guidance", label=_("hướng dẫn nhập"), max_length=300, required=False
        ),
    }


def _comparison_rules(indicator: Indicator) -> list[ValidationRule]:
    return list(
        ValidationRule.objects.filter(Q(left=indicator) | Q(right=indicator))
        .exclude(operator=RuleOperator.BOTH_OR_NEITHER)
        .select_related("left", "right")
    )


@transaction.atomic
def indicator_create(
    *,
    actor: Any,
    version: TemplateVersion,
    code: str,
    name: str,
    value_type: str,
    unit_of_measure: str = "",
    choices: Iterable[str] = (),
    aggregation: str = IndicatorAggregation.SUM,
    field: Field | None = None,
    is_required: bool = False,
    min_value: Decimal | None = None,
    max_value: Decimal | None = None,
    is_cumulative: bool = False,
    guidance: str = "",
) -> Indicator:
    """Add a figure at the end of the draft's list."""
    _require_manage(actor)
    version = _locked_draft(version)
    values = _indicator_values(
        version,
        exclude_pk=None,
        code=code,
        name=name,
        unit_of_measure=unit_of_measure,
        value_type=value_type,
        choices=choices,
        aggregation=aggregation,
        field=field,
        is_required=is_required,
        min_value=min_value,
        max_value=max_value,
        is_cumulative=is_cumulative,
        guidance=guidance,
    )
    order = (version.indicators.aggregate(top=Max("order"))["top"] or 0) + 1
    indicator = Indicator.objects.create(version=version, order=order, **values)
    audit_record(
        actor=actor,
        action="reporting.indicator_create",
        obj=indicator,
        after=snapshot(indicator, INDICATOR_AUDIT_FIELDS),
    )
    return indicator


@transaction.atomic
def indicator_update(
    *,
    actor: Any,
    indicator: Indicator,
    code: str,
    name: str,
    value_type: str,
    unit_of_measure: str = "",
    choices: Iterable[str] = (),
    aggregation: str = IndicatorAggregation.SUM,
    field: Field | None = None,
    is_required: bool = False,
    min_value: Decimal | None = None,
    max_value: Decimal | None = None,
    is_cumulative: bool = False,
    guidance: str = "",
) -> Indicator:
    _require_manage(actor)
    version = _locked_draft(indicator.version)
    indicator = Indicator.objects.get(pk=indicator.pk)
    values = _indicator_values(
        version,
        exclude_pk=indicator.pk,
        code=code,
        name=name,
        unit_of_measure=unit_of_measure,
        value_type=value_type,
        choices=choices,
        aggregation=aggregation,
        field=field,
        is_required=is_required,
        min_value=min_value,
        max_value=max_value,
        is_cumulative=is_cumulative,
        guidance=guidance,
    )
    if values["value_type"] not in NUMERIC_TYPES:
        rules = _comparison_rules(indicator)
        if rules:
            raise ValidationFailed(
                _(
                    "Chỉ tiêu đang được so sánh trong quy tắc %(rules)s; kiểu «%(type)s» không so sánh được. "
                    "Hãy xóa hoặc sửa các quy tắc đó trước."
                )
                % {
                    "rules": ", ".join(f"«{rule}»" for rule in rules),
                    "type": IndicatorValueType(values["value_type"]).label,
                },
                details={"field": "value_type"},
            )
    audited_update(
        actor=actor,
        obj=indicator,
        action="reporting.indicator_update",
        changes=values,
        audit_fields=INDICATOR_AUDIT_FIELDS,
    )
    return indicator


@transaction.atomic
def indicator_delete(*, actor: Any, indicator: Indicator) -> None:
    """Remove a figure from the draft; refused while a rule uses it (deleting it would drop the rule too)."""
    _require_manage(actor)
    version = _locked_draft(indicator.version)
    rules = list(
        ValidationRule.objects.filter(Q(left=indicator) | Q(right=indicator)).select_related("left", "right")
    )
    if rules:
        raise ValidationFailed(
            _("Chỉ tiêu %(indicator)s đang dùng trong quy tắc %(rules)s; hãy xóa các quy tắc đó trước.")
            % {"indicator": _indicator_label(indicator), "rules": ", ".join(f"«{rule}»" for rule in rules)},
            code="indicator_in_use",
        )
    audit_record(
        actor=actor,
        action="reporting.indicator_delete",
        obj=indicator,
        before=snapshot(indicator, INDICATOR_AUDIT_FIELDS),
    )
    indicator.delete()
    _renumber(list(version.indicators.order_by("order", "pk")))


@transaction.atomic
def indicator_move(*, actor: Any, indicator: Indicator, direction: Direction) -> Indicator:
    _require_manage(actor)
    version = _locked_draft(indicator.version)
    items = list(version.indicators.order_by("order", "pk"))
    before = indicator.order
    if _move(items, indicator, direction):
        indicator.refresh_from_db()
        audit_record(
            actor=actor,
            action="reporting.indicator_move",
            obj=indicator,
            before={"order": before},
            after={"order": indicator.order},
        )
    return indicator


# --- Validation rules -----------------------------------------------------------------------------------------


def _rule_values(
    version: TemplateVersion,
    *,
    left: Indicator | None,
    operator: str,
    right: Indicator | None,
    right_constant: Decimal | None,
    message: str,
) -> dict[str, Any]:
    if left is None:
        raise ValidationFailed(_("Hãy chọn chỉ tiêu vế trái."), details={"field": "left"})
    for side, indicator in (("left", left), ("right", right)):
        if indicator is not None and indicator.version_id != version.pk:
            raise ValidationFailed(
                _("Chỉ tiêu %(indicator)s không thuộc phiên bản này.")
                % {"indicator": _indicator_label(indicator)},
                details={"field": side},
            )
    if operator not in RuleOperator.values:
        raise ValidationFailed(_("Hãy chọn phép so sánh."), details={"field": "operator"})
    if right is not None and right.pk == left.pk:
        raise ValidationFailed(
            _("Quy tắc không thể so sánh chỉ tiêu %(indicator)s với chính nó.")
            % {"indicator": _indicator_label(left)},
            code="rule_self",
            details={"field": "right"},
        )
    right_constant = _clean_number(right_constant, field="right_constant", label=_("Hằng số"))
    op = RuleOperator(operator)
    if op == RuleOperator.BOTH_OR_NEITHER:
        if right is None:
            raise ValidationFailed(
                _("Quy tắc «%(op)s» cần một chỉ tiêu ở vế phải.") % {"op": op.label},
                details={"field": "right"},
            )
        if right_constant is not None:
            raise ValidationFailed(
                _("Quy tắc «%(op)s» so hai chỉ tiêu với nhau, không so với hằng số; hãy bỏ hằng số.")
                % {"op": op.label},
                details={"field": "right_constant"},
            )
    else:
        if right is None and right_constant is None:
            raise ValidationFailed(
                _("Hãy chọn chỉ tiêu vế phải hoặc nhập một hằng số."), details={"field": "right"}
            )
        if right is not None and right_constant is not None:
            raise ValidationFailed(
                _("Vế phải là một chỉ tiêu hoặc một hằng số, không phải cả hai."),
                details={"field": "right_constant"},
            )
        for side, indicator in (("left", left), ("right", right)):
            if indicator is not None and indicator.value_type not in NUMERIC_TYPES:
                raise ValidationFailed(
                    _(
                        "Phép so sánh «%(op)s» chỉ dùng cho chỉ tiêu kiểu số; %(indicator)s có kiểu «%(type)s». "
                        "Với chỉ tiêu không phải số, hãy dùng «%(both)s»."
                    )
                    % {
                        "op": op.label,
                        "indicator": _indicator_label(indicator),
                        "type": IndicatorValueType(indicator.value_type).label,
                        "both": RuleOperator.BOTH_OR_NEITHER.label,
                    },
                    code="rule_not_numeric",
                    details={"field": side},
                )
    return {
        "left": left,
        "operator": op.value,
        "right": right,
        "right_constant": right_constant,
        "message": _clean_text(
            message, field="message", label=_("thông báo khi vi phạm"), max_length=300, required=False
        ),
    }


@transaction.atomic
def rule_create(
    *,
    actor: Any,
    version: TemplateVersion,
    left: Indicator | None,
    operator: str,
    right: Indicator | None = None,
    right_constant: Decimal | None = None,
    message: str = "",
) -> ValidationRule:
    """Add a rule between two figures (or a figure and a constant) that must hold before a submit."""
    _require_manage(actor)
    version = _locked_draft(version)
    values = _rule_values(
        version, left=left, operator=operator, right=right, right_constant=right_constant, message=message
    )
    rule = ValidationRule.objects.create(version=version, **values)
    audit_record(
        actor=actor, action="reporting.rule_create", obj=rule, after=snapshot(rule, RULE_AUDIT_FIELDS)
    )
    return rule


@transaction.atomic
def rule_update(
    *,
    actor: Any,
    rule: ValidationRule,
    left: Indicator | None,
    operator: str,
    right: Indicator | None = None,
    right_constant: Decimal | None = None,
    message: str = "",
) -> ValidationRule:
    _require_manage(actor)
    version = _locked_draft(rule.version)
    rule = ValidationRule.objects.get(pk=rule.pk)
    values = _rule_values(
        version, left=left, operator=operator, right=right, right_constant=right_constant, message=message
    )
    audited_update(
        actor=actor, obj=rule, action="reporting.rule_update", changes=values, audit_fields=RULE_AUDIT_FIELDS
    )
    return rule


@transaction.atomic
def rule_delete(*, actor: Any, rule: ValidationRule) -> None:
    _require_manage(actor)
    _locked_draft(rule.version)
    audit_record(
        actor=actor, action="reporting.rule_delete", obj=rule, before=snapshot(rule, RULE_AUDIT_FIELDS)
    )
    rule.delete()
