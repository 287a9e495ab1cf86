from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from khoagiao.core.errors import ApplicationError
from khoagiao.core.forms import BootstrapFormMixin, add_application_error

from .forms import LoginForm, PasswordChangeForm, PasswordResetRequestForm
from .services import (
    login_success_record,
    password_change,
    password_reset_complete_record,
    password_reset_request,
)


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    if request.user.is_authenticated:
        return redirect(next_url or "core:home")
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.user_cache)
        login_success_record(user=form.user_cache)
        return redirect(next_url or "core:home")
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("Bạn đã đăng xuất."))
    return redirect("accounts:login")


@login_required
@sensitive_post_parameters()
def password_change_view(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            password_change(
                user=request.user,  # type: ignore[arg-type]
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            update_session_auth_hash(request, request.user)  # type: ignore[arg-type]
            messages.success(request, _("Đã đổi mật khẩu."))
            return redirect("core:home")
    return render(request, "accounts/password_change.html", {"form": form})


def password_reset_view(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            password_reset_request(
                identifier=form.cleaned_data["identifier"], base_url=request.build_absolute_uri("/")
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            return redirect("accounts:password_reset_done")
    return render(request, "accounts/password_reset.html", {"form": form})


class _SetPasswordForm(BootstrapFormMixin, SetPasswordForm):
    pass


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = _SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        password_reset_complete_record(user=form.user)
        return response
