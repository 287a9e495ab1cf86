"""Schemas of the reporting API for templates, duties and periods (the reference data of the regime).
No `from __future__ import annotations`: see the package's docstring."""

import datetime as dt
from typing import Any

from ninja import Field, Schema

from khoagiao.api.schemas import UnitRefSchema

from ..models import (
    Indicator,
    Period,
    ReportingDuty,
    ReportTemplate,
    TemplateSection,
    TemplateVersion,
    ValidationRule,
)
from .common import decimal_text

# --- Templates -------------------------------------------------------------------------------------------------


class VersionRefSchema(Schema):
    id: int
    number: int
    status: str = Field(..., description="`draft`, `published` hoặc `retired`.")
    status_label: str
    published_at: dt.datetime | None
    note: str

    @staticmethod
    def resolve_status_label(obj: TemplateVersion) -> str:
        return str(obj.get_status_display())


class TemplateSchema(Schema):
    id: int
    code: str
    name: str
    description: str
    is_active: bool
    versions: list[VersionRefSchema] = Field(..., description="Các phiên bản, mới nhất trước.")

    @staticmethod
    def resolve_versions(obj: ReportTemplate) -> list[TemplateVersion]:
        return list(obj.versions.all())


class SectionSchema(Schema):
    code: str
    order: int
    heading: str
    guidance: str
    is_required: bool
    field: str | None = Field(..., description="Mã lĩnh vực, nếu có.")
    is_public_opinion: bool

    @staticmethod
    def resolve_field(obj: TemplateSection) -> str | None:
        return obj.field.code if obj.field else None


class IndicatorSchema(Schema):
    code: str
    order: int
    name: str
    unit_of_measure: str
    value_type: str = Field(..., description="`integer`, `decimal`, `percent`, `boolean`, `choice`, `text`.")
    value_type_label: str
    choices: list[str]
    aggregation: str
    field: str | None = Field(..., description="Mã lĩnh vực, nếu có.")
    is_required: bool
    min_value: str | None = Field(..., description="Giá trị nhỏ nhất (số dạng chuỗi, dấu chấm thập phân).")
    max_value: str | None
    is_cumulative: bool = Field(..., description="Lũy kế từ đầu năm.")
    guidance: str

    @staticmethod
    def resolve_value_type_label(obj: Indicator) -> str:
        return str(obj.get_value_type_display())

    @staticmethod
    def resolve_choices(obj: Indicator) -> list[str]:
        return [str(choice) for choice in obj.choices]

    @staticmethod
    def resolve_field(obj: Indicator) -> str | None:
        return obj.field.code if obj.field else None

    @staticmethod
    def resolve_min_value(obj: Indicator) -> str | None:
        return decimal_text(obj.min_value)

    @staticmethod
    def resolve_max_value(obj: Indicator) -> str | None:
        return decimal_text(obj.max_value)


class RuleSchema(Schema):
    left: str = Field(..., description="Mã chỉ tiêu vế trái.")
    operator: str = Field(..., description="`le`, `lt`, `ge`, `gt`, `eq`, `ne`, `both_or_neither`.")
    operator_label: str
    right: str | None = Field(..., description="Mã chỉ tiêu vế phải, hoặc null khi so với hằng số.")
    right_constant: str | None
    message: str

    @staticmethod
    def resolve_left(obj: ValidationRule) -> str:
        return obj.left.code

    @staticmethod
    def resolve_operator_label(obj: ValidationRule) -> str:
        return str(obj.get_operator_display())

    @staticmethod
    def resolve_right(obj: ValidationRule) -> str | None:
        return obj.right.code if obj.right else None

    @staticmethod
    def resolve_right_constant(obj: ValidationRule) -> str | None:
        return decimal_text(obj.right_constant)


class VersionSchema(VersionRefSchema):
    sections: list[SectionSchema]
    indicators: list[IndicatorSchema]
    rules: list[RuleSchema]

    @staticmethod
    def resolve_sections(obj: TemplateVersion) -> list[TemplateSection]:
        return list(obj.sections.select_related("field").order_by("order"))

    @staticmethod
    def resolve_indicators(obj: TemplateVersion) -> list[Indicator]:
        return list(obj.indicators.select_related("field").order_by("order"))

    @staticmethod
    def resolve_rules(obj: TemplateVersion) -> list[ValidationRule]:
        return list(obj.rules.select_related("left", "right"))


class TemplateDetailSchema(TemplateSchema):
    version: VersionSchema | None = Field(
        ..., description="Phiên bản được hỏi (mặc định: phiên bản đang áp dụng, nếu chưa có thì bản nháp)."
    )


class TemplateFilters(Schema):
    q: str | None = Field(None, max_length=200, description="Tìm theo mã, tên; không phân biệt dấu.")


class TemplateDetailQuery(Schema):
    version: int | None = Field(None, ge=1, description="Số phiên bản; mặc định phiên bản đang áp dụng.")


# --- Duties and periods ----------------------------------------------------------------------------------------


class TemplateRefSchema(Schema):
    id: int
    code: str
    name: str


class DutySchema(Schema):
    id: int
    code: str
    name: str
    template: TemplateRefSchema
    receiving_unit: UnitRefSchema
    frequency: str = Field(
        ..., description="`month`, `quarter`, `half_year`, `nine_months`, `year`, `ad_hoc`."
    )
    frequency_label: str
    is_active: bool

    @staticmethod
    def resolve_frequency_label(obj: ReportingDuty) -> str:
        return str(obj.get_frequency_display())


class DutyDetailSchema(DutySchema):
    window_rule: str = Field(..., description="`decree_09` (15 – 14) hoặc `calendar` (tháng dương lịch).")
    window_rule_label: str
    deadline_rule: str = Field(..., description="`working_days_after` hoặc `fixed_day`.")
    deadline_rule_label: str
    deadline_working_days: int
    deadline_fixed_day: int | None
    consolidated_deadline_working_days: int
    units: list[UnitRefSchema] = Field(..., description="Đơn vị được chỉ định đích danh.")
    unit_kinds: list[str] = Field(..., description="Mã các loại đơn vị phải báo cáo.")
    unit_levels: list[str] = Field(..., description="Mã các cấp đơn vị phải báo cáo.")
    requires_leader_approval: bool
    lock_after_days: int | None
    periods_ahead: int

    @staticmethod
    def resolve_window_rule_label(obj: ReportingDuty) -> str:
        return str(obj.get_window_rule_display())

    @staticmethod
    def resolve_deadline_rule_label(obj: ReportingDuty) -> str:
        return str(obj.get_deadline_rule_display())

    @staticmethod
    def resolve_units(obj: ReportingDuty) -> list[Any]:
        return list(obj.units.order_by("path"))

    @staticmethod
    def resolve_unit_kinds(obj: ReportingDuty) -> list[str]:
        return sorted(obj.unit_kinds.values_list("code", flat=True))

    @staticmethod
    def resolve_unit_levels(obj: ReportingDuty) -> list[str]:
        return sorted(obj.unit_levels.values_list("code", flat=True))


class DutyFilters(Schema):
    q: str | None = Field(None, max_length=200, description="Tìm theo mã, tên; không phân biệt dấu.")
    is_active: bool | None = Field(
        None, description="Chỉ các chế độ đang (true) hoặc không còn (false) áp dụng."
    )


class PeriodSchema(Schema):
    id: int
    year: int
    number: int
    label: str
    window_start: dt.date = Field(..., description="Chốt số liệu từ ngày.")
    window_end: dt.date = Field(..., description="Chốt số liệu đến ngày.")
    deadline: dt.datetime = Field(..., description="Hạn nộp của đơn vị (giờ Việt Nam, cuối ngày).")
    consolidated_deadline: dt.datetime
    lock_at: dt.datetime | None
    template_version: int = Field(..., description="Số phiên bản mẫu báo cáo của kỳ.")
    is_ad_hoc: bool
    request_note: str
    expected: int = Field(..., description="Số báo cáo phải nộp (số đơn vị phải báo cáo trong kỳ).")

    @staticmethod
    def resolve_template_version(obj: Period) -> int:
        return obj.template_version.number

    @staticmethod
    def resolve_expected(obj: Period) -> int:
        return int(getattr(obj, "expected", 0))


class PeriodFilters(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="Chỉ các kỳ của năm này.")
