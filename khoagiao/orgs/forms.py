"""Forms of the unit administration screens. They check types and sizes; the rules live in the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khoagiao.core.forms import BootstrapFormMixin, DateInput
from khoagiao.core.text import vi_sort_key

from .models import Unit
from .selectors import field_list, unit_kind_list, unit_level_list


class CheckList(forms.CheckboxSelectMultiple):
    """Checkboxes as Bootstrap `form-check` rows (Django's default markup has no classes to hang them on)."""

    template_name = "orgs/widgets/check_list.html"


class RadioList(forms.RadioSelect):
    template_name = "orgs/widgets/check_list.html"


def tree_choices(units: Iterable[Unit]) -> list[tuple[int, str]]:
    """(pk, label) in tree order, siblings in Vietnamese alphabetical order, each label indented by its level
    among the units given (one whose parent is not given is a root), so that a long list reads as a tree."""
    units = list(units)
    by_id = {unit.pk: unit for unit in units}
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        parent_id = unit.parent_id if unit.parent_id in by_id else None
        children.setdefault(parent_id, []).append(unit)
    choices: list[tuple[int, str]] = []

    def walk(parent_id: int | None, level: int) -> None:
        siblings = sorted(
            children.get(parent_id, []),
            key=lambda u: (u.valid_to is not None, u.kind.sort_order, vi_sort_key(u.name)),
        )
        for unit in siblings:
            label = "\u00a0\u00a0\u00a0" * level + ("└ " if level else "") + unit.name
            if unit.valid_to is not None:
                label += " " + str(_("(đã đóng %(date)s)") % {"date": unit.valid_to.strftime("%d/%m/%Y")})
            choices.append((unit.pk, label))
            walk(unit.pk, level + 1)

    walk(None, 0)
    return choices


class _SetupForm(forms.Form):
    """Adjusts its fields (querysets, required) before anything validates them.

    Listed after BootstrapFormMixin, whose __init__ reads `errors` and so validates a bound form at once:
    fields changed after that would be judged by their class defaults (an empty queryset refuses every unit).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_fields()

    def setup_fields(self) -> None:
        pass

    def _use_tree_order(self, name: str, queryset: QuerySet[Unit], *, empty_label: str | None = None) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset
        choices: list[tuple[Any, str]] = tree_choices(queryset.select_related("kind"))
        if empty_label is not None:
            choices.insert(0, ("", empty_label))
        field.choices = choices

    def _style_choice_lists(self) -> None:
        """Checkboxes and radios get Bootstrap's check classes (the mixin gives them `form-control`)."""
        for name, field in self.fields.items():
            if isinstance(field.widget, CheckList | RadioList):
                invalid = " is-invalid" if self.is_bound and name in self.errors else ""
                field.widget.attrs["class"] = "form-check-input" + invalid


class UnitForm(BootstrapFormMixin, _SetupForm):
    """Create a unit, or edit one (`unit` given): its details and its place in the tree."""

    parent = forms.ModelChoiceField(
        label=_("Đơn vị cấp trên"),
        queryset=Unit.objects.none(),
        required=True,
        help_text=_("Chọn đơn vị khác để chuyển đơn vị này (cùng các đơn vị trực thuộc) sang đó."),
    )
    code = forms.SlugField(
        label=_("Mã đơn vị"),
        max_length=60,
        help_text=_("Chữ cái không dấu, chữ số, dấu gạch ngang; không trùng đơn vị khác. Ví dụ: so-gddt."),
        widget=forms.TextInput(attrs={"autocapitalize": "none", "spellcheck": "false"}),
    )
    name = forms.CharField(label=_("Tên đơn vị"), max_length=255)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=120, required=False)
    document_symbol = forms.CharField(
        label=_("Ký hiệu văn bản"),
        max_length=40,
        required=False,
        help_text=_("Ví dụ: BTGDVTU trong «Số 12-BC/BTGDVTU»."),
    )
    kind = forms.ModelChoiceField(label=_("Loại đơn vị"), queryset=unit_kind_list())
    level = forms.ModelChoiceField(label=_("Cấp"), queryset=unit_level_list())
    work_fields = forms.ModelMultipleChoiceField(
        label=_("Lĩnh vực phụ trách"), queryset=field_list(), required=False, widget=CheckList
    )
    valid_from = forms.DateField(label=_("Hiệu lực từ ngày"), widget=DateInput)
    email = forms.EmailField(label=_("E-mail liên hệ"), max_length=254, required=False)
    phone = forms.CharField(
        label=_("Điện thoại"), max_length=40, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, user: Any, parents: QuerySet[Unit], unit: Unit | None = None, **kwargs: Any
    ):
        self.unit = unit
        self.user = user
        self.parents = parents
        if unit is not None:
            kwargs["initial"] = {
                "parent": unit.parent_id,
                "code": unit.code,
                "name": unit.name,
                "short_name": unit.short_name,
                "document_symbol": unit.document_symbol,
                "kind": unit.kind_id,
                "level": unit.level_id,
                "work_fields": [field.pk for field in unit.fields.all()],
                "valid_from": unit.valid_from,
                "email": unit.email,
                "phone": unit.phone,
                "version": unit.updated_at.isoformat(),
                **kwargs.get("initial", {}),
            }
        super().__init__(*args, **kwargs)
        self._style_choice_lists()

    def setup_fields(self) -> None:
        unit, user = self.unit, self.user
        if unit is None:
            self.fields["parent"].help_text = ""
            self.fields["valid_from"].initial = timezone.localdate()
            del self.fields["version"]
        else:
            # A field no longer in use stays offered to the units that still have it, so a save keeps it.
            work_fields = self.fields["work_fields"]
            assert isinstance(work_fields, forms.ModelMultipleChoiceField)
            work_fields.queryset = (
                field_list(active_only=False).filter(Q(is_active=True) | Q(units=unit)).distinct()
            )
        may_be_root = bool(getattr(user, "is_superuser", False)) or (
            unit is not None and unit.parent_id is None
        )
        self.fields["parent"].required = not may_be_root
        self._use_tree_order(
            "parent", self.parents, empty_label=str(_("— Không có (đơn vị gốc) —")) if may_be_root else "———"
        )

    def clean_version(self) -> dt.datetime | None:
        raw = self.cleaned_data.get("version") or ""
        if not raw:
            return None
        try:
            return dt.datetime.fromisoformat(raw)
        except ValueError as error:
            raise forms.ValidationError(_("Trang sửa không hợp lệ; hãy tải lại trang.")) from error

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "parent": data["parent"],
            "code": data["code"],
            "name": data["name"],
            "short_name": data["short_name"],
            "document_symbol": data["document_symbol"],
            "kind": data["kind"],
            "level": data["level"],
            "fields": list(data["work_fields"]),
            "valid_from": data["valid_from"],
            "email": data["email"],
            "phone": data["phone"],
        }


class UnitCloseForm(BootstrapFormMixin, forms.Form):
    valid_to = forms.DateField(
        label=_("Ngày đóng"),
        widget=DateInput,
        help_text=_(
            "Ngày cuối cùng đơn vị còn hoạt động; từ ngày hôm sau đơn vị không còn nhận nhiệm vụ, báo cáo."
        ),
    )
    reason = forms.CharField(
        label=_("Lý do đóng, căn cứ"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ví dụ: giải thể theo Quyết định số 123-QĐ/TU ngày 30/6/2025."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["valid_to"].initial = timezone.localdate()


class UnitMergeForm(BootstrapFormMixin, _SetupForm):
    EXISTING = "existing"
    NEW = "new"

    predecessors = forms.ModelMultipleChoiceField(
        label=_("Các đơn vị được hợp nhất"),
        queryset=Unit.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Chọn một hoặc nhiều đơn vị (giữ Ctrl hoặc ⌘ khi bấm để chọn nhiều trên máy tính)."),
    )
    date = forms.DateField(
        label=_("Ngày hợp nhất"),
        widget=DateInput,
        help_text=_(
            "Đơn vị kế thừa hoạt động từ ngày này; các đơn vị được hợp nhất kết thúc vào ngày hôm trước."
        ),
    )
    note = forms.CharField(
        label=_("Căn cứ, ghi chú"),
        max_length=300,
        required=False,
        help_text=_("Ví dụ: Quyết định số 45-QĐ/TU ngày 20/6/2025 của Ban Thường vụ Tỉnh ủy."),
    )
    successor_mode = forms.ChoiceField(
        label=_("Đơn vị kế thừa"),
        choices=[(EXISTING, _("Một đơn vị đã có")), (NEW, _("Thành lập đơn vị mới (khai báo ở phần dưới)"))],
        widget=RadioList,
        initial=EXISTING,
    )
    successor = forms.ModelChoiceField(
        label=_("Đơn vị kế thừa đã có"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_(
            "Các đơn vị trực thuộc và phân quyền người dùng của đơn vị được hợp nhất chuyển sang đây."
        ),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        self.units = units
        super().__init__(*args, **kwargs)
        self._style_choice_lists()

    def setup_fields(self) -> None:
        self.fields["date"].initial = timezone.localdate()
        self._use_tree_order("predecessors", self.units)
        self._use_tree_order("successor", self.units, empty_label="———")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("successor_mode") == self.EXISTING and not data.get("successor"):
            self.add_error("successor", _("Hãy chọn đơn vị kế thừa, hoặc chọn «Thành lập đơn vị mới»."))
        return data


class NewSuccessorForm(BootstrapFormMixin, _SetupForm):
    """The new successor of a merger; used only when the merger creates one. Valid from the merger's date."""

    parent = forms.ModelChoiceField(label=_("Đơn vị cấp trên"), queryset=Unit.objects.none())
    code = forms.SlugField(
        label=_("Mã đơn vị"),
        max_length=60,
        help_text=_("Chữ cái không dấu, chữ số, dấu gạch ngang; không trùng đơn vị khác."),
        widget=forms.TextInput(attrs={"autocapitalize": "none", "spellcheck": "false"}),
    )
    name = forms.CharField(label=_("Tên đơn vị"), max_length=255)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=120, required=False)
    document_symbol = forms.CharField(label=_("Ký hiệu văn bản"), max_length=40, required=False)
    kind = forms.ModelChoiceField(label=_("Loại đơn vị"), queryset=unit_kind_list())
    level = forms.ModelChoiceField(label=_("Cấp"), queryset=unit_level_list())
    work_fields = forms.ModelMultipleChoiceField(
        label=_("Lĩnh vực phụ trách"), queryset=field_list(), required=False, widget=CheckList
    )

    def __init__(self, *args: Any, parents: QuerySet[Unit], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "new")
        # Required only when the merger creates a unit: the browser must not block a merger into another.
        kwargs.setdefault("use_required_attribute", False)
        self.parents = parents
        super().__init__(*args, **kwargs)
        self._style_choice_lists()

    def setup_fields(self) -> None:
        self._use_tree_order("parent", self.parents, empty_label="———")

    @classmethod
    def initial_from(cls, data: Any) -> dict[str, Any]:
        """What the user typed into this form while it did not apply, to show it again untouched."""
        if data is None:
            return {}
        return {
            name: data.getlist(f"new-{name}") if name == "work_fields" else data.get(f"new-{name}")
            for name in cls.base_fields
        }

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        kwargs = {name: data[name] for name in ("parent", "code", "name", "short_name", "document_symbol")}
        return {**kwargs, "kind": data["kind"], "level": data["level"], "fields": list(data["work_fields"])}
