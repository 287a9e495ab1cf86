"""Filters of the completeness board and of a unit's report history (GET forms: nothing is written)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khoagiao.core.forms import BootstrapFormMixin

from .selectors_board import BOARD_STATES


class BoardFilterForm(BootstrapFormMixin, forms.Form):
    """The choices of periods, kinds and levels come from the board itself (`set_options`), so parsing costs no
    query; an id that is not one of the duty's is simply not found and the default applies."""

    period_from = forms.IntegerField(label=_("Từ kỳ"), required=False, widget=forms.Select)
    period_to = forms.IntegerField(label=_("Đến kỳ"), required=False, widget=forms.Select)
    kind = forms.IntegerField(label=_("Loại đơn vị"), required=False, widget=forms.Select)
    level = forms.IntegerField(label=_("Cấp"), required=False, widget=forms.Select)
    state = forms.ChoiceField(
        label=_("Có ô ở trạng thái"),
        required=False,
        choices=[
            ("", _("Tất cả")),
            *((key, label) for key, label, _css in BOARD_STATES if key != "not_expected"),
        ],
    )
    q = forms.CharField(label=_("Tìm đơn vị"), required=False, max_length=200)
    group = forms.ChoiceField(
        label=_("Nhóm theo"),
        required=False,
        choices=[("kind", _("Loại đơn vị")), ("level", _("Cấp")), ("none", _("Không nhóm"))],
    )
    sort = forms.ChoiceField(
        label=_("Sắp xếp"),
        required=False,
        choices=[
            ("name", _("Tên đơn vị (A–Z)")),
            ("on_time_rate", _("Tỷ lệ đúng hạn (thấp trước)")),
            ("submission_rate", _("Tỷ lệ nộp (thấp trước)")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = _("Tên đơn vị, có dấu hoặc không dấu")
        self.fields["q"].widget.input_type = "search"

    def filters(self) -> dict[str, Any]:
        """The valid filters (a malformed one is ignored rather than refused: this form only reads)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "period_from": data.get("period_from"),
            "period_to": data.get("period_to"),
            "kind": data.get("kind"),
            "level": data.get("level"),
            "state": data.get("state") or None,
            "query": (data.get("q") or "").strip(),
            "group": data.get("group") or "kind",
            "sort": data.get("sort") or "name",
        }

    def set_options(self, board: Any) -> None:
        every = [("", _("Tất cả"))]
        periods = [(p.pk, p.label) for p in board.all_periods]
        self.fields["period_from"].widget.choices = periods
        self.fields["period_to"].widget.choices = periods
        self.fields["kind"].widget.choices = every + [(k.pk, k.name) for k in board.kinds]
        self.fields["level"].widget.choices = every + [(lv.pk, lv.name) for lv in board.levels]


class HistoryFilterForm(BootstrapFormMixin, forms.Form):
    duty = forms.IntegerField(label=_("Chế độ báo cáo"), required=False, widget=forms.Select)
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2100)

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"duty": data.get("duty"), "year": data.get("year")}

    def set_duties(self, duties: list[Any]) -> None:
        self.fields["duty"].widget.choices = [("", _("Tất cả")), *((d.pk, d.name) for d in duties)]
