"""Forms of the directives screens. They check types and sizes; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khoagiao.core.forms import BootstrapFormMixin, DateInput
from khoagiao.core.permissions import user_scope
from khoagiao.orgs.forms import CheckList, tree_choices
from khoagiao.orgs.models import Field, Unit

from .choices import AgreementKind, DirectiveIssuer, DirectiveKind, DirectiveValidity, ItemFrequency, PlanKind
from .models import Directive
from .permissions import DEPARTMENT


def department_owner_units(user: Any) -> QuerySet[Unit]:
    """The units whose plans and agreements the user may keep: those of the user's department memberships."""
    from khoagiao.accounts.selectors import membership_units_for_user

    if getattr(user, "is_superuser", False):
        return Unit.objects.filter(valid_to__isnull=True, kind__code="party_board")
    return Unit.objects.filter(pk__in=[unit.pk for unit in membership_units_for_user(user, roles=DEPARTMENT)])


def department_units(user: Any) -> QuerySet[Unit]:
    """Open units under the user's department (lead and coordinating units of plans, parties of agreements)."""
    today = timezone.localdate()
    units = Unit.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today)).select_related("parent")
    if getattr(user, "is_superuser", False):
        return units
    return units.filter(pk__in=user_scope(user, DEPARTMENT).unit_ids)


def _checks(form: forms.Form, name: str, units: QuerySet[Unit]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelMultipleChoiceField)
    field.queryset = units
    field.choices = tree_choices(units)
    field.widget.attrs["class"] = "form-check-input"


class DirectiveForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=DirectiveKind.choices)
    number = forms.IntegerField(label=_("Số"), required=False, min_value=0)
    symbol = forms.CharField(label=_("Số, ký hiệu"), max_length=60, help_text=_("Ví dụ: 20-CT/TW, 38/NQ-CP."))
    issued_on = forms.DateField(label=_("Ngày ban hành"), widget=DateInput())
    issuer = forms.ChoiceField(label=_("Cơ quan ban hành"), choices=DirectiveIssuer.choices)
    issuer_detail = forms.CharField(label=_("Ghi rõ cơ quan, khóa"), max_length=200, required=False)
    title = forms.CharField(label=_("Trích yếu"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    fields_ = forms.ModelMultipleChoiceField(
        label=_("Lĩnh vực"), queryset=Field.objects.none(), required=False, widget=CheckList
    )
    validity = forms.ChoiceField(label=_("Hiệu lực"), choices=DirectiveValidity.choices)
    interim_review_years = forms.IntegerField(
        label=_("Sơ kết sau (năm)"),
        required=False,
        help_text=_("Để trống: không sơ kết. Mặc định theo loại văn bản."),
    )
    final_review_years = forms.IntegerField(
        label=_("Tổng kết sau (năm)"), required=False, help_text=_("Ví dụ 10 hoặc 15 năm.")
    )
    file = forms.FileField(label=_("Tệp văn bản (PDF, DOCX, ảnh chụp)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fields_"].queryset = Field.objects.filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["fields_"].widget.attrs["class"] = "form-check-input"


class ReviewRuleForm(BootstrapFormMixin, forms.Form):
    interim_review_years = forms.IntegerField(label=_("Sơ kết sau (năm)"), required=False)
    final_review_years = forms.IntegerField(label=_("Tổng kết sau (năm)"), required=False)


class SuccessorForm(BootstrapFormMixin, forms.Form):
    successor = forms.ModelChoiceField(
        label=_("Văn bản tiếp nối, thay thế"),
        queryset=Directive.objects.none(),
        required=False,
        help_text=_("Để trống để gỡ liên kết."),
    )

    def __init__(self, *args: Any, directive: Directive, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["successor"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Directive.objects.exclude(pk=directive.pk).order_by("-issued_on")


class AttachmentForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label=_("Tệp văn bản"))


class PlanForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=PlanKind.choices)
    symbol = forms.CharField(label=_("Số, ký hiệu"), max_length=60, help_text=_("Ví dụ: 35-KH/TU."))
    issued_on = forms.DateField(label=_("Ngày ban hành"), widget=DateInput())
    issuer = forms.ChoiceField(
        label=_("Cơ quan ban hành"),
        choices=DirectiveIssuer.choices,
        initial=DirectiveIssuer.PROVINCIAL_STANDING,
    )
    title = forms.CharField(label=_("Trích yếu"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    owner_unit = forms.ModelChoiceField(
        label=_("Cơ quan theo dõi (nhận báo cáo)"), queryset=Unit.objects.none()
    )
    lead_unit = forms.ModelChoiceField(label=_("Đơn vị chủ trì"), queryset=Unit.objects.none())
    coordinating_units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị phối hợp"), queryset=Unit.objects.none(), required=False, widget=CheckList
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owners = department_owner_units(user)
        units = department_units(user).exclude(pk__in=owners.values("pk"))
        self.fields["owner_unit"].queryset = owners  # type: ignore[attr-defined]
        if owners.count() == 1:
            self.fields["owner_unit"].initial = owners.first()
        self.fields["lead_unit"].queryset = units  # type: ignore[attr-defined]
        _checks(self, "coordinating_units", units)


class PlanItemForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Nhiệm vụ"), max_length=500)
    description = forms.CharField(
        label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    lead_unit = forms.ModelChoiceField(
        label=_("Đơn vị chủ trì"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Để trống: đơn vị chủ trì của kế hoạch."),
    )
    coordinating_units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị phối hợp"), queryset=Unit.objects.none(), required=False, widget=CheckList
    )
    due_on = forms.DateField(label=_("Hạn hoàn thành"), widget=DateInput())

    def __init__(self, *args: Any, user: Any, plan: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = department_units(user).exclude(pk=plan.owner_unit_id)
        self.fields["lead_unit"].queryset = units  # type: ignore[attr-defined]
        _checks(self, "coordinating_units", units)


class MilestoneDoneForm(BootstrapFormMixin, forms.Form):
    reviewed_on = forms.DateField(label=_("Ngày sơ kết, tổng kết"), widget=DateInput())
    note = forms.CharField(label=_("Ghi chú (số báo cáo, hội nghị…)"), max_length=500, required=False)


class AgreementForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=AgreementKind.choices)
    title = forms.CharField(label=_("Tên"), max_length=500)
    symbol = forms.CharField(label=_("Số, ký hiệu"), max_length=60, required=False)
    signed_on = forms.DateField(label=_("Ngày ký"), widget=DateInput())
    start_year = forms.IntegerField(label=_("Từ năm"), min_value=1990, max_value=2100)
    end_year = forms.IntegerField(label=_("Đến năm"), min_value=1990, max_value=2100)
    document = forms.ModelChoiceField(
        label=_("Văn bản đã ký (trong sổ văn bản)"), queryset=Directive.objects.none(), required=False
    )
    owner_unit = forms.ModelChoiceField(label=_("Cơ quan theo dõi"), queryset=Unit.objects.none())
    parties = forms.ModelMultipleChoiceField(
        label=_("Các bên"), queryset=Unit.objects.none(), widget=CheckList
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owners = department_owner_units(user)
        self.fields["owner_unit"].queryset = owners  # type: ignore[attr-defined]
        if owners.count() == 1:
            self.fields["owner_unit"].initial = owners.first()
        self.fields["document"].queryset = Directive.objects.order_by("-issued_on")  # type: ignore[attr-defined]
        _checks(self, "parties", department_units(user).exclude(pk__in=owners.values("pk")))


class AgreementItemForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Nội dung phối hợp"), max_length=500)
    frequency = forms.ChoiceField(label=_("Tần suất"), choices=ItemFrequency.choices)
    lead_unit = forms.ModelChoiceField(label=_("Bên chủ trì"), queryset=Unit.objects.none())
    coordinating_units = forms.ModelMultipleChoiceField(
        label=_("Bên phối hợp"), queryset=Unit.objects.none(), required=False, widget=CheckList
    )

    def __init__(self, *args: Any, agreement: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(
            Q(pk=agreement.owner_unit_id) | Q(pk__in=agreement.parties.values("pk"))
        ).select_related("parent")
        self.fields["lead_unit"].queryset = units  # type: ignore[attr-defined]
        _checks(self, "coordinating_units", units)


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=1990, max_value=2100)
