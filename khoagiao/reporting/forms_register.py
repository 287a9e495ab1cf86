"""Forms of the register screens: the filters (GET, nothing written) and the reason of a cancelled number."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khoagiao.core.forms import BootstrapFormMixin

from .choices import OutgoingDocumentKind, OutgoingDocumentStatus
from .selectors_register import RegisterFilters


class RegisterFilterForm(BootstrapFormMixin, forms.Form):
    """The unit and year choices come from the register itself (`set_options`); a malformed filter is ignored
    rather than refused: this form only reads."""

    q = forms.CharField(label=_("Tìm số, ký hiệu hoặc trích yếu"), required=False, max_length=200)
    unit = forms.IntegerField(label=_("Đơn vị ban hành"), required=False, widget=forms.Select)
    kind = forms.ChoiceField(
        label=_("Loại văn bản"), required=False, choices=[("", _("Mọi loại")), *OutgoingDocumentKind.choices]
    )
    year = forms.IntegerField(label=_("Năm"), required=False, widget=forms.Select)
    status = forms.ChoiceField(
        label=_("Tình trạng"),
        required=False,
        choices=[("", _("Mọi tình trạng")), *OutgoingDocumentStatus.choices],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"
        self.fields["q"].widget.attrs["placeholder"] = _("Ví dụ: 12-BC, quý I, giấy mời")

    def set_options(self, units: list[Any], years: list[int]) -> None:
        self.fields["unit"].widget.choices = [
            ("", _("Mọi đơn vị")),
            *((unit.pk, unit.name) for unit in units),
        ]
        self.fields["year"].widget.choices = [("", _("Mọi năm")), *((year, str(year)) for year in years)]

    def filters(self) -> RegisterFilters:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return RegisterFilters(
            unit=data.get("unit"),
            kind=data.get("kind") or "",
            year=data.get("year"),
            status=data.get("status") or "",
            q=data.get("q") or "",
        )


class DocumentCancelForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Lý do hủy số"),
        max_length=500,
        error_messages={"required": _("Hãy ghi lý do hủy số.")},
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bắt buộc. Số đã hủy vẫn ở trong sổ cùng lý do này và không được cấp lại."),
    )

    def clean_reason(self) -> str:
        reason = (self.cleaned_data.get("reason") or "").strip()
        if not reason:
            raise forms.ValidationError(_("Hãy ghi lý do hủy số."))
        return reason
