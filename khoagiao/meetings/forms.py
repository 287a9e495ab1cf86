"""Forms of the briefing screens. They check types and sizes; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from khoagiao.accounts.models import User
from khoagiao.core.forms import BootstrapFormMixin, DateInput
from khoagiao.orgs.forms import CheckList, tree_choices
from khoagiao.orgs.models import Unit
from khoagiao.reporting.models import Period

from .choices import BriefingKind, OpinionKind


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class BriefingForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Tên hội nghị"), max_length=300)
    kind = forms.ChoiceField(label=_("Loại giao ban"), choices=BriefingKind.choices)
    organising_unit = UnitChoiceField(label=_("Đơn vị tổ chức"), queryset=Unit.objects.none())
    date = forms.DateField(label=_("Ngày họp"), widget=DateInput())
    start_time = forms.TimeField(label=_("Giờ bắt đầu"), widget=TimeInput())
    place = forms.CharField(label=_("Địa điểm"), max_length=300)
    chair_name = forms.CharField(label=_("Người chủ trì"), max_length=150)
    chair_title = forms.CharField(label=_("Chức vụ người chủ trì"), max_length=200, required=False)
    secretary = forms.ModelChoiceField(label=_("Thư ký"), queryset=User.objects.none(), required=False)
    proposal_cutoff = forms.DateField(
        label=_("Hạn đơn vị đề xuất nội dung"), widget=DateInput(), required=False
    )
    period = forms.ModelChoiceField(
        label=_("Kỳ báo cáo (để gắn báo cáo tổng hợp)"), queryset=Period.objects.none(), required=False
    )
    notes = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    invited_units = forms.ModelMultipleChoiceField(
        label=_("Thành phần mời"),
        queryset=Unit.objects.none(),
        required=False,
        widget=CheckList,
        help_text=_("Mặc định: các đơn vị trực thuộc đơn vị tổ chức (khối), trừ các phòng của Ban."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        organising_units: QuerySet[Unit],
        invitable_units: QuerySet[Unit],
        secretaries: QuerySet[User],
        periods: QuerySet[Period],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organising_unit"].queryset = organising_units  # type: ignore[attr-defined]
        self.fields["secretary"].queryset = secretaries  # type: ignore[attr-defined]
        self.fields["period"].queryset = periods  # type: ignore[attr-defined]
        invited = self.fields["invited_units"]
        assert isinstance(invited, forms.ModelMultipleChoiceField)
        invited.queryset = invitable_units
        invited.choices = tree_choices(invitable_units)
        invited.widget.attrs["class"] = "form-check-input"


class ReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class AgendaItemForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Nội dung"), max_length=500)
    presenter_unit = UnitChoiceField(
        label=_("Đơn vị trình bày"), queryset=Unit.objects.none(), required=False
    )
    duration_minutes = forms.IntegerField(
        label=_("Thời lượng (phút)"), min_value=1, max_value=600, initial=15
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["presenter_unit"].queryset = units  # type: ignore[attr-defined]


class AgendaDocumentForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label=_("Tài liệu"))


class ProposalForm(BootstrapFormMixin, forms.Form):
    unit = UnitChoiceField(label=_("Đơn vị đề xuất"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("Nội dung đề xuất"), max_length=500)
    description = forms.CharField(
        label=_("Thuyết minh"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class ProposalDecisionForm(BootstrapFormMixin, forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("Đưa vào chương trình")), ("decline", _("Không đưa vào"))]
    )
    note = forms.CharField(label=_("Ý kiến của Ban"), max_length=500, required=False)


class AttendanceResponseForm(BootstrapFormMixin, forms.Form):
    attend = forms.TypedChoiceField(
        label=_("Trả lời"),
        choices=[("yes", _("Đơn vị dự")), ("no", _("Xin vắng"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="yes",
    )
    attendees = forms.CharField(
        label=_("Người dự (họ tên, chức vụ — mỗi người một dòng)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    reason = forms.CharField(label=_("Lý do xin vắng"), max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attend"].widget.attrs["class"] = "form-check-input"


class AttendanceRecordForm(BootstrapFormMixin, forms.Form):
    present = forms.TypedChoiceField(
        choices=[("yes", _("Có mặt")), ("no", _("Vắng"))], coerce=lambda value: value == "yes"
    )
    actual_attendees = forms.CharField(
        label=_("Người dự thực tế"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class OpinionForm(BootstrapFormMixin, forms.Form):
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    kind = forms.ChoiceField(label=_("Loại"), choices=OpinionKind.choices)
    content = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class ConclusionForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(label=_("Nội dung kết luận"), widget=forms.Textarea(attrs={"rows": 3}))
    lead_unit = UnitChoiceField(label=_("Đơn vị chủ trì"), queryset=Unit.objects.none(), required=False)
    due_date = forms.DateField(label=_("Thời hạn"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = units  # type: ignore[attr-defined]


class ConclusionTaskForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Tên nhiệm vụ"), max_length=500, required=False)
    lead_unit = UnitChoiceField(label=_("Đơn vị chủ trì"), queryset=Unit.objects.none(), required=False)
    coordinating_units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị phối hợp"), queryset=Unit.objects.none(), required=False
    )
    due_date = forms.DateField(label=_("Hạn hoàn thành"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["coordinating_units"].queryset = units  # type: ignore[attr-defined]
