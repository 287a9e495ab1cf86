from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from khoagiao.core.errors import ApplicationError
from khoagiao.core.forms import BootstrapFormMixin
from khoagiao.core.middleware import client_ip

from .services import login_failure_record, login_throttle_check


class LoginForm(BootstrapFormMixin, forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150, widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}))
    password = forms.CharField(label=_("Mật khẩu"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

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
                _("Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đã bị khóa. Lưu ý chữ hoa và chữ thường."),
                code="invalid_login",
            )
        self.user_cache = user
        return cleaned


class PasswordResetRequestForm(BootstrapFormMixin, forms.Form):
    identifier = forms.CharField(label=_("Tên đăng nhập hoặc e-mail"), max_length=254)


class PasswordChangeForm(BootstrapFormMixin, forms.Form):
    old_password = forms.CharField(label=_("Mật khẩu hiện tại"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    new_password1 = forms.CharField(label=_("Mật khẩu mới"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), help_text=_("Ít nhất 10 ký tự, không quá phổ biến, không chỉ gồm chữ số."))
    new_password2 = forms.CharField(label=_("Nhập lại mật khẩu mới"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("new_password1") and cleaned.get("new_password1") != cleaned.get("new_password2"):
            self.add_error("new_password2", _("Hai lần nhập mật khẩu mới không khớp nhau."))
        return cleaned
