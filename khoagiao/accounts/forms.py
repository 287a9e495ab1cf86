from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from khoagiao.core.errors import ApplicationError
from khoagiao.core.forms import BootstrapFormMixin
from khoagiao.core.middleware import client_ip

from .choices import MembershipRole
from .selectors import membership_unit_choices
from .services import login_failure_record, login_throttle_check


class LoginForm(BootstrapFormMixin, forms.Form):
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}
        ),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.user_cache: Any = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        username, password = cleaned.get("username"), cleaned.get("password")
        if not username or not password:
            return cleaned
        ip_address = client_ip(self.request)
        try:
            login_throttle_check(username=username, ip_address=ip_address)
        except ApplicationError as error:
            raise forms.ValidationError(error.message, code=error.code) from error
        user = authenticate(self.request, username=username, password=password)
        if user is None:
            login_failure_record(username=username, ip_address=ip_address)
            raise forms.ValidationError(
                _(
                    "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đã bị khóa. "
                    "Lưu ý chữ hoa và chữ thường."
                ),
                code="invalid_login",
            )
        self.user_cache = user
        return cleaned


class PasswordResetRequestForm(BootstrapFormMixin, forms.Form):
    identifier = forms.CharField(
        label=_("Tên đăng nhập hoặc e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocapitalize": "none", "autocomplete": "username"}),
    )


class PasswordChangeForm(BootstrapFormMixin, forms.Form):
    old_password = forms.CharField(
        label=_("Mật khẩu hiện tại"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password1 = forms.CharField(
        label=_("Mật khẩu mới"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Ít nhất 10 ký tự, không quá phổ biến, không chỉ gồm chữ số."),
    )
    new_password2 = forms.CharField(
        label=_("Nhập lại mật khẩu mới"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("new_password1") and cleaned.get("new_password1") != cleaned.get("new_password2"):
            self.add_error("new_password2", _("Hai lần nhập mật khẩu mới không khớp nhau."))
        return cleaned


# --- Administration and profile ---------------------------------------------------------------------------


class ProfileForm(BootstrapFormMixin, forms.Form):
    """The contact details a user keeps current themselves."""

    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Dùng để nhận thông báo và liên kết đặt lại mật khẩu."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autocapitalize": "none"}),
    )
    phone = forms.CharField(
        label=_("Điện thoại"), max_length=40, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    position = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)


class UserEditForm(ProfileForm):
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        help_text=_("Chữ không dấu, chữ số và các ký tự @ . + - _; không có dấu cách."),
        widget=forms.TextInput(attrs={"autocapitalize": "none", "autocomplete": "off"}),
    )
    field_order = ["username", "full_name", "email", "phone", "position"]


class UserCreateForm(UserEditForm):
    password = forms.CharField(
        label=_("Mật khẩu ban đầu"),
        strip=False,
        required=False,
        help_text=_(
            "Không bắt buộc. Để trống thì tài khoản chưa đăng nhập được cho tới khi người dùng "
            "tự đặt mật khẩu qua liên kết gửi tới e-mail."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_confirm = forms.CharField(
        label=_("Nhập lại mật khẩu ban đầu"),
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("password") != cleaned.get("password_confirm"):
            self.add_error("password_confirm", _("Hai lần nhập mật khẩu không khớp nhau."))
        return cleaned


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        # Indent by depth so the tree shows in a plain <select>, which works on every phone.
        return "\u2003" * obj.depth + obj.name


class _MembershipFields(forms.Form):
    unit = UnitChoiceField(
        label=_("Đơn vị"),
        queryset=None,
        empty_label=_("— Chọn đơn vị —"),
        error_messages={
            # The same words as the service's refusal, which the API and other callers meet.
            "required": _("Hãy chọn đơn vị cho phân quyền: vai trò luôn gắn với một đơn vị."),
            "invalid_choice": _("Hãy chọn một đơn vị đang hoạt động trong phạm vi bạn quản trị."),
        },
    )
    # No role is preselected: the first one is the administrator's, too powerful to be given by accident.
    role = forms.ChoiceField(
        label=_("Vai trò"),
        choices=[("", _("— Chọn vai trò —")), *MembershipRole.choices],
        error_messages={
            "required": _("Hãy chọn vai trò."),
            "invalid_choice": _("Hãy chọn một vai trò trong danh sách."),
        },
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = membership_unit_choices(actor=actor)  # type: ignore[attr-defined]


class MembershipForm(BootstrapFormMixin, _MembershipFields):
    """A role in a unit. The unit choices are set before BootstrapFormMixin, which validates a bound form."""


class ApiTokenForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Tên gợi nhớ"),
        max_length=100,
        help_text=_("Ví dụ: «Bảng tính tổng hợp của phòng» — để sau này biết mã nào dùng ở đâu."),
    )
