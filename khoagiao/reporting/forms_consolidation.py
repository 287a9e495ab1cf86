"""Forms of the consolidated report: start one for a period, and the draft's options. The narrative's
paragraphs are dynamic fields named `p|<section>|<key>`, `rm|<section>|<key>` and `new|<section>`, read by
`paragraph_input`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khoagiao.core.forms import BootstrapFormMixin

from .models import SignerRole


class ConsolidationStartForm(BootstrapFormMixin, forms.Form):
    period = forms.TypedChoiceField(label=_("Kỳ báo cáo"), coerce=int)
    include_submitted = forms.BooleanField(
        label=_("Tính cả báo cáo đã gửi nhưng chưa tiếp nhận (được đánh dấu)"), required=False
    )

    def __init__(self, *args: Any, periods: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.periods = {period.pk: period for period in periods}
        field = self.fields["period"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(period.pk, f"{period.duty.name} — {period.label}") for period in periods]


class ConsolidationOptionsForm(BootstrapFormMixin, forms.Form):
    summary = forms.CharField(
        label=_("Trích yếu (sau chữ «BÁO CÁO»)"),
        max_length=300,
        help_text=_("Ví dụ: kết quả công tác khoa giáo quý III năm 2026"),
    )
    include_submitted = forms.BooleanField(
        label=_("Tính cả báo cáo đã gửi nhưng chưa tiếp nhận (được đánh dấu *)"), required=False
    )
    signer_role = forms.ChoiceField(label=_("Người ký"), choices=SignerRole.choices)
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=150, required=False)
    recipients = forms.CharField(
        label=_("Nơi nhận (mỗi dòng một nơi)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )

    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("recipients", "").splitlines() if line.strip()]


def paragraph_input(
    data: Any,
) -> tuple[dict[tuple[str, str], str], set[tuple[str, str]], dict[str, str]]:
    """The typed paragraphs, the ones to remove and the new ones, from the POSTed fields."""
    paragraphs: dict[tuple[str, str], str] = {}
    removed: set[tuple[str, str]] = set()
    new: dict[str, str] = {}
    for name, value in data.items():
        parts = name.split("|")
        if parts[0] == "p" and len(parts) == 3:
            paragraphs[(parts[1], parts[2])] = value
        elif parts[0] == "rm" and len(parts) == 3 and value:
            removed.add((parts[1], parts[2]))
        elif parts[0] == "new" and len(parts) == 2:
            new[parts[1]] = value
    return paragraphs, removed, new
