"""Forms of the foundation's administration screens: audit filter, working-day corrections."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import BootstrapFormMixin, DateInput

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# ISO first (what <input type="date"> sends), then the Vietnamese day/month/year; never the US month/day.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
DATE_ERRORS = {"invalid": _("Ngày không hợp lệ (ví dụ 30/02 không tồn tại). Nhập theo dạng ngày/tháng/năm.")}


def date_field(label: StrOrPromise, *, required: bool) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        input_formats=DATE_INPUT_FORMATS,
        error_messages=DATE_ERRORS,
    )


class AuditFilterForm(BootstrapFormMixin, forms.Form):
    actor = forms.CharField(label=_("Người thực hiện"), required=False, max_length=150)
    object = forms.CharField(label=_("Đối tượng (tên hoặc mã)"), required=False, max_length=300)
    action = forms.CharField(
        label=_("Hành động"),
        required=False,
        max_length=80,
        help_text=_("Phần đầu của mã hành động, ví dụ «orgs.» hoặc «accounts.user_»."),
    )
    date_from = date_field(_("Từ ngày"), required=False)
    date_to = date_field(_("Đến ngày"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("«Đến ngày» phải sau hoặc bằng «Từ ngày»."))
        return cleaned


class CalendarDayKind:
    DAY_OFF = "off"
    WORKING_DAY = "work"
    CHOICES = [(DAY_OFF, _("Ngày nghỉ")), (WORKING_DAY, _("Ngày làm việc (làm bù)"))]


class CalendarDayForm(BootstrapFormMixin, forms.Form):
    date = date_field(_("Ngày"), required=True)
    kind = forms.ChoiceField(
        label=_("Điều chỉnh thành"),
        choices=CalendarDayKind.CHOICES,
        help_text=_(
            "Ngày nghỉ: thêm ngày nghỉ theo quyết định của Chính phủ (ví dụ nghỉ thêm dịp Tết). "
            "Ngày làm việc: thứ Bảy hoặc Chủ nhật phải đi làm bù."
        ),
    )
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=200,
        help_text=_("Bắt buộc với ngày nghỉ: lý do và văn bản quyết định."),
    )

    @property
    def is_working_day(self) -> bool:
        return self.cleaned_data["kind"] == CalendarDayKind.WORKING_DAY
