"""Forms of the template and duty screens. They check types and sizes; the rules live in the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khoagiao.core.forms import BootstrapFormMixin, DateInput
from khoagiao.orgs.forms import CheckList, RadioList, tree_choices
from khoagiao.orgs.models import Unit
from khoagiao.orgs.selectors import field_list, unit_kind_list, unit_level_list

from .choices import (
    DeadlineRule,
    DutyFrequency,
    IndicatorAggregation,
    IndicatorValueType,
    RuleOperator,
    WindowRule,
)
from .models import Indicator, ReportingDuty, ReportTemplate, TemplateSection, ValidationRule
from .validation import format_number, parse_number_text

CODE_WIDGET_ATTRS = {"autocapitalize": "none", "spellcheck": "false", "autocomplete": "off"}


def _number_field(label: Any, help_text: Any = "") -> forms.CharField:
    """A number typed the Vietnamese way (1.234,5) or the machine way (1234.5)."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=40,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


def _parse_number(raw: str) -> Decimal | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return parse_number_text(raw)
    except (InvalidOperation, ValueError) as error:
        raise forms.ValidationError(
            _("«%(raw)s» không phải là số (ví dụ đúng: 100 hoặc 12,5)."), params={"raw": raw}
        ) from error


def _show_number(value: Decimal | None) -> str:
    return format_number(value) if value is not None else ""


def _style_checks(form: forms.Form) -> None:
    """Checkboxes and radios get Bootstrap's check classes (the mixin gives them `form-control`)."""
    for name, field in form.fields.items():
        if isinstance(field.widget, CheckList | RadioList):
            invalid = " is-invalid" if form.is_bound and name in form.errors else ""
            field.widget.attrs["class"] = "form-check-input" + invalid


def _parse_version(raw: str) -> dt.datetime | None:
    if not raw:
        return None
    try:
        return dt.datetime.fromisoformat(raw)
    except ValueError as error:
        raise forms.ValidationError(_("Trang sửa không hợp lệ; hãy tải lại trang.")) from error


# --- Templates --------------------------------------------------------------------------------------------------


class TemplateCreateForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Mã mẫu"),
        max_length=60,
        help_text=_(
            "Chữ cái không dấu, chữ số, dấu gạch ngang; không trùng mẫu khác. Ví dụ: bao-cao-quy-gd."
        ),
        widget=forms.TextInput(attrs=CODE_WIDGET_ATTRS),
    )
    name = forms.CharField(label=_("Tên mẫu báo cáo"), max_length=255)
    description = forms.CharField(
        label=_("Mô tả"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class TemplateEditForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Tên mẫu báo cáo"), max_length=255)
    description = forms.CharField(
        label=_("Mô tả"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    is_active = forms.BooleanField(
        label=_("Đang dùng (được chọn cho chế độ báo cáo mới)"), required=False, initial=True
    )

    def __init__(self, *args: Any, template: ReportTemplate, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {"name": template.name, "description": template.description, "is_active": template.is_active},
        )
        super().__init__(*args, **kwargs)


class PublishForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Ghi chú thay đổi"),
        required=False,
        max_length=300,
        help_text=_("Ví dụ: thêm chỉ tiêu về chuyển đổi số; bỏ mục V."),
    )


class SectionForm(BootstrapFormMixin, forms.Form):
    heading = forms.CharField(label=_("Tiêu đề mục"), max_length=300)
    code = forms.CharField(
        label=_("Mã mục"),
        max_length=40,
        help_text=_("Ngắn, không dấu, không trùng mục khác của mẫu. Ví dụ: ii-3."),
        widget=forms.TextInput(attrs=CODE_WIDGET_ATTRS),
    )
    guidance = forms.CharField(
        label=_("Hướng dẫn viết"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Đơn vị thấy hướng dẫn này ngay dưới tiêu đề khi soạn báo cáo."),
    )
    field = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=field_list(), required=False, empty_label=_("— Chung —")
    )
    is_required = forms.BooleanField(label=_("Bắt buộc viết"), required=False, initial=True)
    is_public_opinion = forms.BooleanField(
        label=_("Là mục dư luận xã hội (đoạn văn có thể chuyển thành vấn đề nóng)"), required=False
    )

    def __init__(self, *args: Any, section: TemplateSection | None = None, **kwargs: Any) -> None:
        if section is not None:
            kwargs.setdefault(
                "initial",
                {
                    "heading": section.heading,
                    "code": section.code,
                    "guidance": section.guidance,
                    "field": section.field_id,
                    "is_required": section.is_required,
                    "is_public_opinion": section.is_public_opinion,
                },
            )
        super().__init__(*args, **kwargs)
        field = self.fields["field"]
        assert isinstance(field, forms.ModelChoiceField)
        if section is not None and section.field_id:
            field.queryset = field_list(active_only=False).filter(is_active=True) | field_list(
                active_only=False
            ).filter(pk=section.field_id)

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "code": data["code"],
            "heading": data["heading"],
            "guidance": data["guidance"],
            "field": data["field"],
            "is_required": data["is_required"],
            "is_public_opinion": data["is_public_opinion"],
        }


class IndicatorForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Mã chỉ tiêu"),
        max_length=40,
        help_text=_("Dùng trong biểu Excel; không trùng chỉ tiêu khác của mẫu. Ví dụ: GD05."),
        widget=forms.TextInput(attrs=CODE_WIDGET_ATTRS),
    )
    name = forms.CharField(label=_("Tên chỉ tiêu"), max_length=300)
    value_type = forms.ChoiceField(label=_("Kiểu dữ liệu"), choices=IndicatorValueType.choices)
    choices = forms.CharField(
        label=_("Các lựa chọn"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Chỉ cho kiểu «Lựa chọn»: mỗi lựa chọn một dòng, ít nhất hai dòng."),
    )
    unit_of_measure = forms.CharField(
        label=_("Đơn vị tính"), required=False, max_length=40, help_text=_("Ví dụ: trường, lượt người, %.")
    )
    aggregation = forms.ChoiceField(
        label=_("Cách tổng hợp"),
        choices=IndicatorAggregation.choices,
        initial=IndicatorAggregation.SUM,
        help_text=_(
            "Khi Ban tổng hợp số liệu của các đơn vị. Chỉ tiêu không phải số: «Số mới nhất» hoặc «Không»."
        ),
    )
    min_value = _number_field(_("Giá trị nhỏ nhất"), _("Để trống nếu không giới hạn."))
    max_value = _number_field(_("Giá trị lớn nhất"), _("Để trống nếu không giới hạn."))
    field = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=field_list(), required=False, empty_label=_("— Chung —")
    )
    is_required = forms.BooleanField(label=_("Bắt buộc nhập"), required=False)
    is_cumulative = forms.BooleanField(
        label=_("Lũy kế từ đầu năm (số liệu tính từ đầu năm đến hết kỳ)"), required=False
    )
    guidance = forms.CharField(label=_("Hướng dẫn nhập"), required=False, max_length=300)

    def __init__(self, *args: Any, indicator: Indicator | None = None, **kwargs: Any) -> None:
        if indicator is not None:
            kwargs.setdefault(
                "initial",
                {
                    "code": indicator.code,
                    "name": indicator.name,
                    "value_type": indicator.value_type,
                    "choices": "\n".join(str(choice) for choice in indicator.choices or []),
                    "unit_of_measure": indicator.unit_of_measure,
                    "aggregation": indicator.aggregation,
                    "min_value": _show_number(indicator.min_value),
                    "max_value": _show_number(indicator.max_value),
                    "field": indicator.field_id,
                    "is_required": indicator.is_required,
                    "is_cumulative": indicator.is_cumulative,
                    "guidance": indicator.guidance,
                },
            )
        super().__init__(*args, **kwargs)
        field = self.fields["field"]
        assert isinstance(field, forms.ModelChoiceField)
        if indicator is not None and indicator.field_id:
            field.queryset = field_list(active_only=False).filter(is_active=True) | field_list(
                active_only=False
            ).filter(pk=indicator.field_id)

    def clean_min_value(self) -> Decimal | None:
        return _parse_number(self.cleaned_data.get("min_value", ""))

    def clean_max_value(self) -> Decimal | None:
        return _parse_number(self.cleaned_data.get("max_value", ""))

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "code": data["code"],
            "name": data["name"],
            "value_type": data["value_type"],
            "choices": [line for line in data["choices"].splitlines()],
            "unit_of_measure": data["unit_of_measure"],
            "aggregation": data["aggregation"],
            "min_value": data["min_value"],
            "max_value": data["max_value"],
            "field": data["field"],
            "is_required": data["is_required"],
            "is_cumulative": data["is_cumulative"],
            "guidance": data["guidance"],
        }


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} — {obj.name}"


OPERATOR_CHOICES = [
    (RuleOperator.LE.value, _("≤ nhỏ hơn hoặc bằng")),
    (RuleOperator.LT.value, _("< nhỏ hơn")),
    (RuleOperator.GE.value, _("≥ lớn hơn hoặc bằng")),
    (RuleOperator.GT.value, _("> lớn hơn")),
    (RuleOperator.EQ.value, _("= bằng")),
    (RuleOperator.NE.value, _("≠ khác")),
    (RuleOperator.BOTH_OR_NEITHER.value, _("cả hai hoặc không có (cùng nhập hoặc cùng để trống)")),
]


class RuleForm(BootstrapFormMixin, forms.Form):
    left = IndicatorChoiceField(
        label=_("Chỉ tiêu vế trái"), queryset=Indicator.objects.none(), empty_label=_("— Chọn chỉ tiêu —")
    )
    operator = forms.ChoiceField(label=_("Phép so sánh"), choices=OPERATOR_CHOICES)
    right = IndicatorChoiceField(
        label=_("Chỉ tiêu vế phải"),
        queryset=Indicator.objects.none(),
        required=False,
        empty_label=_("— So với hằng số —"),
    )
    right_constant = _number_field(
        _("Hoặc hằng số vế phải"), _("Chỉ khi không chọn chỉ tiêu vế phải. Ví dụ: 100.")
    )
    message = forms.CharField(
        label=_("Thông báo khi vi phạm"),
        required=False,
        max_length=300,
        help_text=_("Để trống: hệ thống tự nêu tên và giá trị các chỉ tiêu."),
    )

    def __init__(
        self, *args: Any, indicators: QuerySet[Indicator], rule: ValidationRule | None = None, **kwargs: Any
    ) -> None:
        if rule is not None:
            kwargs.setdefault(
                "initial",
                {
                    "left": rule.left_id,
                    "operator": rule.operator,
                    "right": rule.right_id,
                    "right_constant": _show_number(rule.right_constant),
                    "message": rule.message,
                },
            )
        super().__init__(*args, **kwargs)
        for name in ("left", "right"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = indicators

    def clean_right_constant(self) -> Decimal | None:
        return _parse_number(self.cleaned_data.get("right_constant", ""))

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "left": data["left"],
            "operator": data["operator"],
            "right": data["right"],
            "right_constant": data["right_constant"],
            "message": data["message"],
        }


# --- Duties -----------------------------------------------------------------------------------------------------


class DutyForm(BootstrapFormMixin, forms.Form):
    """Create a duty, or edit one (`duty` given)."""

    GROUPS = (
        (_("Thông tin chung"), ("name", "code", "template", "receiving_unit", "is_active")),
        (
            _("Kỳ báo cáo và hạn nộp"),
            (
                "frequency",
                "window_rule",
                "deadline_rule",
                "deadline_working_days",
                "deadline_fixed_day",
                "consolidated_deadline_working_days",
            ),
        ),
        (_("Đơn vị phải báo cáo"), ("unit_kinds", "unit_levels", "units")),
        (_("Duyệt, khóa và tạo kỳ trước"), ("requires_leader_approval", "lock_after_days", "periods_ahead")),
    )

    name = forms.CharField(label=_("Tên chế độ báo cáo"), max_length=255)
    code = forms.CharField(
        label=_("Mã chế độ"),
        max_length=60,
        help_text=_("Chữ cái không dấu, chữ số, dấu gạch ngang. Ví dụ: kg-quy."),
        widget=forms.TextInput(attrs=CODE_WIDGET_ATTRS),
    )
    template = forms.ModelChoiceField(
        label=_("Mẫu báo cáo"), queryset=ReportTemplate.objects.none(), empty_label=_("— Chọn mẫu —")
    )
    receiving_unit = forms.ModelChoiceField(label=_("Đơn vị nhận báo cáo"), queryset=Unit.objects.none())
    is_active = forms.BooleanField(
        label=_("Đang áp dụng (tự tạo kỳ báo cáo mới)"), required=False, initial=True
    )
    frequency = forms.ChoiceField(label=_("Tần suất"), choices=DutyFrequency.choices)
    window_rule = forms.ChoiceField(
        label=_("Thời gian chốt số liệu"), choices=WindowRule.choices, widget=RadioList
    )
    deadline_rule = forms.ChoiceField(
        label=_("Cách tính hạn nộp của đơn vị"), choices=DeadlineRule.choices, widget=RadioList
    )
    deadline_working_days = forms.IntegerField(
        label=_("Số ngày làm việc"),
        required=False,
        help_text=_(
            "Hạn nộp sau ngày chốt số liệu bấy nhiêu ngày làm việc; Nghị định 09 yêu cầu ít nhất 01 ngày. Không "
            "tính thứ Bảy, Chủ nhật, ngày lễ, Tết."
        ),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    deadline_fixed_day = forms.IntegerField(
        label=_("Ngày cố định trong tháng (1–31)"),
        required=False,
        help_text=_(
            "Ví dụ 18: hạn là ngày 18 đầu tiên sau ngày chốt; rơi vào ngày nghỉ thì lùi sang ngày làm việc kế tiếp."
        ),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    consolidated_deadline_working_days = forms.IntegerField(
        label=_("Hạn báo cáo tổng hợp của Ban (ngày làm việc sau hạn của đơn vị)"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    unit_kinds = forms.ModelMultipleChoiceField(
        label=_("Theo loại đơn vị"),
        queryset=unit_kind_list(),
        required=False,
        widget=CheckList,
        help_text=_("Mọi đơn vị thuộc các loại này, dưới đơn vị nhận báo cáo."),
    )
    unit_levels = forms.ModelMultipleChoiceField(
        label=_("Và theo cấp"),
        queryset=unit_level_list(),
        required=False,
        widget=CheckList,
        help_text=_(
            "Có chọn loại: chỉ các đơn vị vừa đúng loại vừa đúng cấp. Không chọn loại: mọi đơn vị của cấp."
        ),
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị chỉ định thêm"),
        queryset=Unit.objects.none(),
        required=False,
        widget=CheckList,
        help_text=_("Các đơn vị phải báo cáo ngoài những đơn vị chọn theo loại, cấp."),
    )
    requires_leader_approval = forms.BooleanField(
        label=_("Lãnh đạo đơn vị phải duyệt trước khi gửi"), required=False
    )
    lock_after_days = forms.IntegerField(
        label=_("Khóa nộp sau hạn (số ngày)"),
        required=False,
        help_text=_("Để trống: không khóa. Ban có thể cho từng đơn vị nộp sau khóa."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    periods_ahead = forms.IntegerField(
        label=_("Số kỳ tạo trước"),
        required=False,
        initial=2,
        help_text=_("Số kỳ sau kỳ hiện tại được tạo sẵn cùng danh sách báo cáo phải nộp."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        templates: QuerySet[ReportTemplate],
        receiving_units: QuerySet[Unit],
        units: QuerySet[Unit],
        duty: ReportingDuty | None = None,
        **kwargs: Any,
    ) -> None:
        self.duty = duty
        if duty is not None:
            kwargs["initial"] = {
                **{
                    "name": duty.name,
                    "code": duty.code,
                    "template": duty.template_id,
                    "receiving_unit": duty.receiving_unit_id,
                    "is_active": duty.is_active,
                    "frequency": duty.frequency,
                    "window_rule": duty.window_rule,
                    "deadline_rule": duty.deadline_rule,
                    "deadline_working_days": duty.deadline_working_days,
                    "deadline_fixed_day": duty.deadline_fixed_day,
                    "consolidated_deadline_working_days": duty.consolidated_deadline_working_days,
                    "unit_kinds": [kind.pk for kind in duty.unit_kinds.all()],
                    "unit_levels": [level.pk for level in duty.unit_levels.all()],
                    "units": [unit.pk for unit in duty.units.all()],
                    "requires_leader_approval": duty.requires_leader_approval,
                    "lock_after_days": duty.lock_after_days,
                    "periods_ahead": duty.periods_ahead,
                    "version": duty.updated_at.isoformat(),
                },
                **kwargs.get("initial", {}),
            }
        else:
            initial = {
                "window_rule": WindowRule.DECREE_09,
                "deadline_rule": DeadlineRule.WORKING_DAYS_AFTER,
                "frequency": DutyFrequency.QUARTER,
                "deadline_working_days": 2,
                "consolidated_deadline_working_days": 3,
                "periods_ahead": 2,
            }
            first_receiving = receiving_units.order_by("path").first()
            if first_receiving is not None:
                initial["receiving_unit"] = first_receiving.pk
            kwargs["initial"] = {**initial, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        if duty is None:
            del self.fields["is_active"]
            del self.fields["version"]
        template_field = self.fields["template"]
        assert isinstance(template_field, forms.ModelChoiceField)
        template_field.queryset = templates
        receiving_field = self.fields["receiving_unit"]
        assert isinstance(receiving_field, forms.ModelChoiceField)
        receiving_field.queryset = receiving_units
        receiving_field.choices = tree_choices(receiving_units)
        units_field = self.fields["units"]
        assert isinstance(units_field, forms.ModelMultipleChoiceField)
        units_field.queryset = units
        units_field.choices = tree_choices(units)
        _style_checks(self)

    def clean_version(self) -> dt.datetime | None:
        return _parse_version(self.cleaned_data.get("version") or "")

    def groups(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [
            (title, [self[name] for name in names if name in self.fields]) for title, names in self.GROUPS
        ]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        kwargs = {
            "code": data["code"],
            "name": data["name"],
            "template": data["template"],
            "receiving_unit": data["receiving_unit"],
            "frequency": data["frequency"],
            "window_rule": data["window_rule"],
            "deadline_rule": data["deadline_rule"],
            "deadline_working_days": data["deadline_working_days"],
            "deadline_fixed_day": data["deadline_fixed_day"],
            "consolidated_deadline_working_days": data["consolidated_deadline_working_days"],
            "units": list(data["units"]),
            "unit_kinds": list(data["unit_kinds"]),
            "unit_levels": list(data["unit_levels"]),
            "requires_leader_approval": data["requires_leader_approval"],
            "lock_after_days": data["lock_after_days"],
            "periods_ahead": data["periods_ahead"],
        }
        if self.duty is not None:
            kwargs["is_active"] = data["is_active"]
            kwargs["expected_updated_at"] = data.get("version")
        return kwargs


class GenerateForm(BootstrapFormMixin, forms.Form):
    since = forms.DateField(
        label=_("Tạo từ kỳ chứa ngày (không bắt buộc)"),
        required=False,
        widget=DateInput,
        help_text=_("Để trống: từ kỳ hiện tại. Chọn một ngày đã qua để bổ sung các kỳ trước."),
    )


class AdHocForm(BootstrapFormMixin, forms.Form):
    label = forms.CharField(
        label=_("Tên yêu cầu"),
        max_length=120,
        help_text=_("Ví dụ: Báo cáo nhanh tình hình dư luận về dịch sốt xuất huyết."),
    )
    window_start = forms.DateField(label=_("Số liệu tính từ ngày"), widget=DateInput)
    window_end = forms.DateField(label=_("Đến ngày (ngày chốt số liệu)"), widget=DateInput)
    deadline_day = forms.DateField(
        label=_("Hạn nộp"),
        widget=DateInput,
        help_text=_("Rơi vào ngày nghỉ thì lùi sang ngày làm việc kế tiếp; hạn tính đến 23:59 ngày đó."),
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Gửi riêng cho các đơn vị"),
        queryset=Unit.objects.none(),
        required=False,
        widget=CheckList,
        help_text=_("Để trống: gửi cho mọi đơn vị phải báo cáo theo chế độ."),
    )
    note = forms.CharField(
        label=_("Nội dung yêu cầu"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        today = timezone.localdate()
        kwargs.setdefault("initial", {"window_start": today.replace(day=1), "window_end": today})
        super().__init__(*args, **kwargs)
        units_field = self.fields["units"]
        assert isinstance(units_field, forms.ModelMultipleChoiceField)
        units_field.queryset = units
        units_field.choices = tree_choices(units)
        _style_checks(self)

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "label": data["label"],
            "window_start": data["window_start"],
            "window_end": data["window_end"],
            "deadline_day": data["deadline_day"],
            "units": list(data["units"]),
            "note": data["note"],
        }
