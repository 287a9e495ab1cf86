"""Forms of the public-opinion screens. They parse input only; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khoagiao.core.forms import BootstrapFormMixin, DateInput
from khoagiao.orgs.models import Field, Unit

from .choices import DigestKind, IssueSeverity, IssueSource, LeadershipBody, MessageKind, OrientationAudience
from .models.issues import DESCRIPTION_MAX, TITLE_MAX


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return "\u00a0\u00a0" * max(0, obj.depth - 1) + obj.name


def open_units() -> Any:
    today = timezone.localdate()
    return Unit.objects.filter(valid_from__lte=today).exclude(valid_to__lt=today).order_by("path")


class IssueForm(BootstrapFormMixin, forms.Form):
    """The quick capture: only the title is required (the unit is preselected); the rest can wait for triage.
    Limits are checked by the service (a long text is refused with its length, nothing is lost)."""

    title = forms.CharField(label=_("Vấn đề (tiêu đề ngắn)"), max_length=TITLE_MAX * 4)
    description = forms.CharField(
        label=_("Nội dung, diễn biến"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=DESCRIPTION_MAX * 4,
    )
    reporting_unit = UnitChoiceField(label=_("Đơn vị báo cáo"), queryset=Unit.objects.none())
    area = UnitChoiceField(
        label=_("Địa bàn phát sinh"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Để trống nếu phát sinh ngay tại đơn vị báo cáo."),
    )
    field = forms.ModelChoiceField(label=_("Lĩnh vực"), queryset=Field.objects.none(), required=False)
    source = forms.ChoiceField(
        label=_("Nguồn thông tin"), choices=IssueSource.choices, initial=IssueSource.OTHER
    )
    severity = forms.ChoiceField(
        label=_("Mức độ (đề xuất)"), choices=IssueSeverity.choices, initial=IssueSeverity.NORMAL
    )
    first_seen_on = forms.DateField(label=_("Phát hiện ngày"), required=False, widget=DateInput())
    links = forms.CharField(
        label=_("Đường dẫn bài báo, bài đăng"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "https://…"}),
        help_text=_("Mỗi dòng một đường dẫn."),
    )
    attachments = MultipleFileField(label=_("Tệp, ảnh đính kèm"))

    def __init__(self, *args: Any, reporting_units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reporting_unit"].queryset = (  # type: ignore[attr-defined]
            reporting_units if reporting_units is not None else Unit.objects.none()
        )
        self.fields["area"].queryset = open_units()  # type: ignore[attr-defined]
        self.fields["field"].queryset = Field.objects.filter(is_active=True).order_by("sort_order", "name")  # type: ignore[attr-defined]
        self.fields["title"].widget.attrs.update(
            {"autocomplete": "off", "data-similar": "1", "enterkeyhint": "next"}
        )
        self.fields["description"].widget.attrs["data-similar"] = "1"


class IssueEditForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Tiêu đề"), max_length=TITLE_MAX * 4)
    description = forms.CharField(
        label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    links = forms.CharField(
        label=_("Đường dẫn (mỗi dòng một)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(label=_("Lý do sửa"), required=False, max_length=300)


class VerifyForm(BootstrapFormMixin, forms.Form):
    severity = forms.ChoiceField(label=_("Mức độ"), choices=IssueSeverity.choices)
    field = forms.ModelChoiceField(label=_("Lĩnh vực"), queryset=Field.objects.none(), required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = Field.objects.filter(is_active=True).order_by("sort_order", "name")  # type: ignore[attr-defined]


class RouteForm(BootstrapFormMixin, forms.Form):
    responsible_unit = UnitChoiceField(
        label=_("Đơn vị xử lý"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Để trống để theo bảng phân luồng."),
    )
    severity = forms.ChoiceField(
        label=_("Mức độ"), choices=[("", "—"), *IssueSeverity.choices], required=False
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = open_units()  # type: ignore[attr-defined]


class ReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ResolveForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Kết quả giải quyết"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConfirmForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MessageForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=MessageKind.choices)
    body = forms.CharField(label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    audiences = forms.MultipleChoiceField(
        label=_("Gửi tới (định hướng)"),
        choices=OrientationAudience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    addressed_unit = UnitChoiceField(
        label=_("Đơn vị giải trình"), queryset=Unit.objects.none(), required=False
    )
    attachments = MultipleFileField(label=_("Tệp đính kèm"))

    def __init__(self, *args: Any, kinds: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].choices = kinds  # type: ignore[attr-defined]
        self.fields["addressed_unit"].queryset = open_units()  # type: ignore[attr-defined]
        self.fields["audiences"].widget.attrs["class"] = "form-check-input"


class MergeForm(BootstrapFormMixin, forms.Form):
    into = forms.IntegerField(label=_("Gộp vào vấn đề số"), min_value=1)


class EscalateForm(BootstrapFormMixin, forms.Form):
    body = forms.ChoiceField(label=_("Báo cáo lên"), choices=LeadershipBody.choices)
    summary = forms.CharField(label=_("Tóm tắt"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    recommendation = forms.CharField(
        label=_("Đề xuất, kiến nghị"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class TaskForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Nhiệm vụ"), max_length=500)
    lead_unit = UnitChoiceField(label=_("Đơn vị chủ trì"), queryset=Unit.objects.none())
    due_date = forms.DateField(label=_("Hạn hoàn thành"), required=False, widget=DateInput())
    description = forms.CharField(
        label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = open_units()  # type: ignore[attr-defined]


class RoutingRuleForm(BootstrapFormMixin, forms.Form):
    field = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Field.objects.none(), required=False, empty_label=_("(mọi lĩnh vực)")
    )
    area = UnitChoiceField(label=_("Địa bàn"), queryset=Unit.objects.none())
    responsible_unit = UnitChoiceField(label=_("Đơn vị xử lý"), queryset=Unit.objects.none())
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = Field.objects.filter(is_active=True).order_by("sort_order", "name")  # type: ignore[attr-defined]
        self.fields["area"].queryset = open_units()  # type: ignore[attr-defined]
        self.fields["responsible_unit"].queryset = open_units()  # type: ignore[attr-defined]


class DigestCreateForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=DigestKind.choices)
    period_start = forms.DateField(label=_("Từ ngày"), required=False, widget=DateInput())
    period_end = forms.DateField(label=_("Đến ngày"), required=False, widget=DateInput())


class DigestEditForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Trích yếu"), max_length=1200)
    overview = forms.CharField(
        label=_("Tình hình chung"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    assessment = forms.CharField(
        label=_("Nhận định, đánh giá"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    recommendations = forms.CharField(
        label=_("Đề xuất, kiến nghị"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    signer_name = forms.CharField(label=_("Người ký"), required=False, max_length=150)
    signer_is_deputy = forms.BooleanField(label=_("Phó Trưởng ban ký thay"), required=False)


class IssueFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Tìm"), required=False)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    severity = forms.ChoiceField(
        label=_("Mức độ"), required=False, choices=[("", _("Mọi mức độ")), *IssueSeverity.choices]
    )
    source = forms.ChoiceField(
        label=_("Nguồn"), required=False, choices=[("", _("Mọi nguồn")), *IssueSource.choices]
    )
    field = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Field.objects.none(), required=False, empty_label=_("Mọi lĩnh vực")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .choices import IssueStatus

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            ("", _("Mọi trạng thái")),
            ("open", _("Đang xử lý")),
            *IssueStatus.choices,
        ]
        self.fields["field"].queryset = Field.objects.filter(is_active=True).order_by("sort_order", "name")  # type: ignore[attr-defined]
