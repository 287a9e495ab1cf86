"""Forms of the template screens: templates, their versions, sections, indicators and rules (duty forms are
in `forms_duties`). They check types and sizes; the rules live in the services."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from khoagiao.core.forms import BootstrapFormMixin
from khoagiao.orgs.selectors import field_list

from .choices import IndicatorAggregation, IndicatorValueType, RuleOperator
from .models import Indicator, ReportTemplate, TemplateSection, ValidationRule
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


def _keep_current_field(form: forms.Form, field_id: int | None) -> None:
    """The field (lĩnh vực) choices are the active ones, plus the one already chosen if it has been retired."""
    field = form.fields["field"]
    assert isinstance(field, forms.ModelChoiceField)
    if field_id:
        field.queryset = field_list(active_only=False).filter(is_active=True) | field_list(
            active_only=False
        ).filter(pk=field_id)


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
        _keep_current_field(self, section.field_id if section is not None else None)

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
        _keep_current_field(self, indicator.field_id if indicator is not None else None)

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
