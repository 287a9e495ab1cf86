"""Forms of a unit's report: the draft (one field per section and per figure), the review actions, the filter
of the list and the attachment upload. Figures are plain text fields: the service parses them ("1.234,5") and
answers in Vietnamese, so a wrong figure is shown with the service's message and the typed text kept."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khoagiao.core.forms import BootstrapFormMixin, DateInput

from .choices import IndicatorValueType, SubmissionStatus
from .models import Indicator, TemplateSection
from .services.submissions import narrative_to_text

SECTION_PREFIX = "section-"
VALUE_PREFIX = "value-"


def section_field_name(section: TemplateSection) -> str:
    return f"{SECTION_PREFIX}{section.code}"


def value_field_name(indicator: Indicator) -> str:
    return f"{VALUE_PREFIX}{indicator.code}"


class SubmissionFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Tìm đơn vị"), required=False, max_length=200)
    duty: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Chế độ báo cáo"), required=False, queryset=None, empty_label=_("Tất cả")
    )
    period: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Kỳ báo cáo"), required=False, queryset=None, empty_label=_("Tất cả")
    )
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)

    def __init__(self, *args: Any, duties: Any, periods: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["duty"].queryset = duties  # type: ignore[attr-defined]
        self.fields["period"].queryset = periods  # type: ignore[attr-defined]
        self.fields["period"].label_from_instance = lambda period: f"{period.label} — {period.duty.name}"  # type: ignore[attr-defined]
        self.fields["status"].choices = [("", _("Tất cả")), *SubmissionStatus.choices]  # type: ignore[attr-defined]


class SubmissionDraftForm(BootstrapFormMixin, forms.Form):
    """The whole draft in one form: it works without JavaScript; with it, each field also autosaves."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(
        self,
        data: Any = None,
        *,
        sections: list[TemplateSection],
        indicators: list[Indicator],
        narrative: dict[str, str] | None = None,
        values: dict[str, str] | None = None,
        version: int = 0,
    ) -> None:
        narrative = narrative or {}
        values = values or {}
        initial: dict[str, Any] = {"version": version}
        super().__init__(data, initial=initial)
        self.sections = sections
        self.indicators = indicators
        for section in sections:
            name = section_field_name(section)
            self.fields[name] = forms.CharField(
                label=section.heading,
                required=False,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 6}),
            )
            self.initial[name] = narrative_to_text(narrative.get(section.code, ""))
        for indicator in indicators:
            name = value_field_name(indicator)
            self.fields[name] = self._figure_field(indicator)
            self.initial[name] = values.get(indicator.code, "")
        # BootstrapFormMixin styled the fields that existed when it ran; style the new ones too.
        for name, form_field in self.fields.items():
            widget = form_field.widget
            if name == "version":
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if css not in widget.attrs.get("class", ""):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    @staticmethod
    def _figure_field(indicator: Indicator) -> forms.Field:
        if indicator.value_type == IndicatorValueType.BOOLEAN:
            choices = [("", "—"), ("Có", _("Có")), ("Không", _("Không"))]
            return forms.CharField(label=indicator.name, required=False, widget=forms.Select(choices=choices))
        if indicator.value_type == IndicatorValueType.CHOICE:
            choices = [("", "—"), *[(str(c), str(c)) for c in indicator.choices]]
            return forms.CharField(label=indicator.name, required=False, widget=forms.Select(choices=choices))
        attrs = {"autocomplete": "off"}
        if indicator.value_type in {
            IndicatorValueType.INTEGER,
            IndicatorValueType.DECIMAL,
            IndicatorValueType.PERCENT,
        }:
            attrs["inputmode"] = (
                "numeric" if indicator.value_type == IndicatorValueType.INTEGER else "decimal"
            )
        return forms.CharField(
            label=indicator.name, required=False, max_length=500, widget=forms.TextInput(attrs)
        )

    def enable_autosave(self, url: str) -> dict[str, str]:
        """Each section and figure posts itself (htmx) when it changes; returns the id of each field's status
        line, where the answer ("Đã lưu lúc 14:05", or the figure's error) is shown."""
        status_ids = {}
        for index, name in enumerate(name for name in self.fields if name != "version"):
            status_id = f"kg-status-{index}"
            widget = self.fields[name].widget
            trigger = "change" if isinstance(widget, forms.Select) else "input changed delay:1500ms, change"
            widget.attrs.update(
                {
                    "hx-post": url,
                    "hx-trigger": trigger,
                    "hx-target": f"#{status_id}",
                    "hx-swap": "innerHTML",
                    "hx-params": f"version,{name}",
                    "aria-describedby": status_id,
                }
            )
            status_ids[name] = status_id
        return status_ids

    def narrative_data(self) -> dict[str, str]:
        return {
            section.code: self.cleaned_data.get(section_field_name(section), "") or ""
            for section in self.sections
        }

    def values_data(self) -> dict[str, str]:
        return {
            indicator.code: self.cleaned_data.get(value_field_name(indicator), "") or ""
            for indicator in self.indicators
        }

    def section_fields(self) -> list[tuple[TemplateSection, forms.BoundField]]:
        return [(section, self[section_field_name(section)]) for section in self.sections]

    def figure_field(self, indicator: Indicator) -> forms.BoundField:
        return self[value_field_name(indicator)]


class VersionForm(forms.Form):
    """Copy from last period and submit carry the version the page was opened on."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)


class CommentForm(BootstrapFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("Nội dung cần sửa"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("Đơn vị sẽ thấy nội dung này cùng báo cáo bị trả lại."),
    )


class LeaderReturnForm(CommentForm):
    comment = forms.CharField(
        label=_("Lý do trả lại cho đầu mối"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class AcceptForm(BootstrapFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("Ý kiến (không bắt buộc)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
    )


class ReopenForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Lý do mở lại"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("Báo cáo trở về đơn vị để sửa và gửi lại thành lần gửi mới."),
    )


class UnlockForm(BootstrapFormMixin, forms.Form):
    until = forms.DateField(
        label=_("Cho phép nộp đến hết ngày"),
        widget=DateInput(),
        help_text=_("Đơn vị được gửi báo cáo đến 23:59 của ngày này."),
    )
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)

    def clean_until(self) -> dt.date:
        until: dt.date = self.cleaned_data["until"]
        if until.year < 2000 or until.year > 2100:
            raise forms.ValidationError(_("Ngày không hợp lệ."))
        return until


class AttachmentForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Tệp đính kèm"),
        help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument, JPEG hoặc PNG; tối đa %(max)s mỗi tệp."),
    )

    def __init__(self, *args: Any, max_size_label: str = "20 MB", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = self.fields["file"].help_text % {"max": max_size_label}
        self.fields["file"].widget.attrs["accept"] = (
            ".pdf,.doc,.docx,.xls,.xlsx,.pptx,.odt,.ods,.jpg,.jpeg,.png"
        )
