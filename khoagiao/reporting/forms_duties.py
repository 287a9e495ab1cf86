"""Forms of the duty screens: a duty, the periods generated on demand, and ad hoc requests. They check types
and sizes; the rules live in the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khoagiao.core.forms import BootstrapFormMixin, DateInput
from khoagiao.orgs.forms import CheckList, RadioList, tree_choices
from khoagiao.orgs.models import Unit
from khoagiao.orgs.selectors import unit_kind_list, unit_level_list

from .choices import DeadlineRule, DutyFrequency, WindowRule
from .forms_templates import CODE_WIDGET_ATTRS
from .models import ReportingDuty, ReportTemplate


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


def _unit_tree(form: forms.Form, name: str, units: QuerySet[Unit]) -> None:
    """A multiple choice of units, offered as the tree under the units given."""
    units_field = form.fields[name]
    assert isinstance(units_field, forms.ModelMultipleChoiceField)
    units_field.queryset = units
    units_field.choices = tree_choices(units)


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
        _unit_tree(self, "units", units)
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
        _unit_tree(self, "units", units)
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
