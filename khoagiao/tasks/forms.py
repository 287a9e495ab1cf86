"""The task screens' forms. They parse and keep what the user typed; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khoagiao.core.forms import BootstrapFormMixin, DateInput

from .choices import RecurrenceFrequency, TaskBucket, TaskPriority, TaskSourceKind, TaskStatus


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def set_choices(form: forms.BaseForm, name: str, *, queryset: Any = None, choices: Any = None) -> None:
    """Fill a choice field's options at run time (units and fields depend on the user)."""
    field: Any = form.fields[name]
    if queryset is not None:
        field.queryset = queryset
    if choices is not None:
        field.choices = choices


class DistinctIdsMixin:
    """Several forms share the task page: each gets its own element ids (the field names stay the same)."""

    id_prefix = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if self.id_prefix:
            kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name


class TaskFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Tìm"), required=False, max_length=200)
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=None, required=False, empty_label=_("Tất cả đơn vị"))
    field: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=None, required=False, empty_label=_("Tất cả")
    )
    source_kind = forms.ChoiceField(label=_("Nguồn"), required=False)
    source_id = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    bucket = forms.ChoiceField(label=_("Nhóm"), required=False)
    status = forms.ChoiceField(label=_("Tình trạng"), required=False)
    due_from = forms.DateField(label=_("Hạn từ ngày"), required=False, widget=DateInput())
    due_to = forms.DateField(label=_("đến ngày"), required=False, widget=DateInput())

    def __init__(self, *args: Any, units: Any, fields: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "unit", queryset=units)
        set_choices(self, "field", queryset=fields)
        everything = [("", _("Tất cả"))]
        set_choices(self, "source_kind", choices=everything + list(TaskSourceKind.choices))
        set_choices(self, "bucket", choices=everything + list(TaskBucket.choices))
        set_choices(self, "status", choices=everything + list(TaskStatus.choices))


class TaskAssignForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Tên nhiệm vụ"), max_length=500)
    description = forms.CharField(
        label=_("Nội dung, yêu cầu"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    lead_unit = UnitChoiceField(label=_("Đơn vị chủ trì"), queryset=None)
    coordinating_units = UnitMultipleChoiceField(
        label=_("Đơn vị phối hợp"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    assigned_on = forms.DateField(label=_("Ngày giao"), required=False, widget=DateInput())
    due_date = forms.DateField(
        label=_("Hạn hoàn thành"),
        widget=DateInput(),
        help_text=_("Hạn rơi vào ngày nghỉ được tính sang ngày làm việc kế tiếp."),
    )
    priority = forms.ChoiceField(label=_("Mức độ"), choices=TaskPriority.choices, initial=TaskPriority.NORMAL)
    field: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Lĩnh vực"), queryset=None, required=False)
    source_kind = forms.ChoiceField(
        label=_("Nguồn"), choices=TaskSourceKind.choices, initial=TaskSourceKind.NONE
    )
    source_label = forms.CharField(label=_("Căn cứ (văn bản, kết luận…)"), required=False, max_length=300)

    def __init__(self, *args: Any, units: Any, fields: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "lead_unit", queryset=units)
        set_choices(self, "coordinating_units", queryset=units)
        set_choices(self, "field", queryset=fields)


class TaskEditForm(BootstrapFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Tên nhiệm vụ"), max_length=500)
    description = forms.CharField(
        label=_("Nội dung, yêu cầu"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    lead_unit = UnitChoiceField(label=_("Đơn vị chủ trì"), queryset=None)
    coordinating_units = UnitMultipleChoiceField(
        label=_("Đơn vị phối hợp"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    due_date = forms.DateField(
        label=_("Hạn hoàn thành"),
        widget=DateInput(),
        help_text=_("Hạn ban đầu vẫn được lưu lại khi đổi hạn."),
    )
    priority = forms.ChoiceField(label=_("Mức độ"), choices=TaskPriority.choices)
    field: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Lĩnh vực"), queryset=None, required=False)

    def __init__(self, *args: Any, units: Any, fields: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "lead_unit", queryset=units)
        set_choices(self, "coordinating_units", queryset=units)
        set_choices(self, "field", queryset=fields)


class ProgressForm(DistinctIdsMixin, BootstrapFormMixin, forms.Form):
    id_prefix = "progress"
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(
        label=_("Nội dung tiến độ"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    percent = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100, required=False)
    attachments = MultipleFileField(label=_("Tệp đính kèm"), required=False)


class ReportDoneForm(DistinctIdsMixin, BootstrapFormMixin, forms.Form):
    id_prefix = "done"
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(
        label=_("Kết quả thực hiện"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    completed_on = forms.DateField(
        label=_("Ngày hoàn thành"),
        required=False,
        widget=DateInput(),
        help_text=_("Để trống nếu hoàn thành hôm nay."),
    )
    attachments = MultipleFileField(label=_("Tệp minh chứng"), required=False)


class NoteForm(DistinctIdsMixin, BootstrapFormMixin, forms.Form):
    id_prefix = "verify"
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(
        label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class ReasonForm(DistinctIdsMixin, BootstrapFormMixin, forms.Form):
    id_prefix = "reason"
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ExtensionRequestForm(DistinctIdsMixin, BootstrapFormMixin, forms.Form):
    id_prefix = "extension"
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    requested_due_date = forms.DateField(label=_("Hạn mới đề nghị"), widget=DateInput())
    reason = forms.CharField(
        label=_("Lý do xin gia hạn"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class ExtensionDecisionForm(DistinctIdsMixin, BootstrapFormMixin, forms.Form):
    id_prefix = "decision"
    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[("approve", _("Đồng ý gia hạn")), ("refuse", _("Không đồng ý"))],
        widget=forms.RadioSelect,
    )
    due_date = forms.DateField(label=_("Hạn mới (nếu khác hạn đề nghị)"), required=False, widget=DateInput())
    note = forms.CharField(
        label=_("Ý kiến của Ban"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].widget.attrs["class"] = "form-check-input"


class RecurrenceForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Tên nhiệm vụ"), max_length=500)
    description = forms.CharField(
        label=_("Nội dung, yêu cầu"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    lead_unit = UnitChoiceField(label=_("Đơn vị chủ trì"), queryset=None)
    coordinating_units = UnitMultipleChoiceField(
        label=_("Đơn vị phối hợp"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    frequency = forms.ChoiceField(label=_("Chu kỳ"), choices=RecurrenceFrequency.choices)
    due_day = forms.IntegerField(
        label=_("Ngày đến hạn trong tháng"),
        min_value=1,
        max_value=31,
        initial=25,
        help_text=_("Với nhiệm vụ hằng quý: ngày trong tháng cuối quý. Ngày 31 nghĩa là cuối tháng."),
    )
    due_month = forms.IntegerField(
        label=_("Tháng đến hạn (nhiệm vụ hằng năm)"), min_value=1, max_value=12, initial=12
    )
    lead_days = forms.IntegerField(label=_("Giao trước hạn (ngày)"), min_value=0, max_value=366, initial=20)
    starts_on = forms.DateField(label=_("Áp dụng từ ngày"), widget=DateInput())
    ends_on = forms.DateField(label=_("Đến ngày"), required=False, widget=DateInput())
    priority = forms.ChoiceField(label=_("Mức độ"), choices=TaskPriority.choices, initial=TaskPriority.NORMAL)
    field: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Lĩnh vực"), queryset=None, required=False)

    def __init__(self, *args: Any, units: Any, fields: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "lead_unit", queryset=units)
        set_choices(self, "coordinating_units", queryset=units)
        set_choices(self, "field", queryset=fields)
