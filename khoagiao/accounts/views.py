from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from khoagiao.core.errors import ApplicationError
from khoagiao.core.forms import BootstrapFormMixin, add_application_error
from khoagiao.core.pagination import paginate
from khoagiao.core.permissions import require

from .forms import (
    ApiTokenForm,
    LoginForm,
    MembershipForm,
    PasswordChangeForm,
    PasswordResetRequestForm,
    ProfileForm,
    UserCreateForm,
    UserEditForm,
)
from .models import User
from .permissions import can_manage_user, can_manage_users
from .selectors import (
    api_token_get,
    api_token_list,
    membership_get,
    membership_list,
    membership_list_for_user,
    membership_outside_scope_count,
    user_get,
    user_list,
)
from .services import (
    api_token_create,
    api_token_revoke,
    login_success_record,
    membership_create,
    membership_end,
    password_change,
    password_reset_complete,
    password_reset_request,
    user_create,
    user_send_password_link,
    user_set_active,
    user_update,
)

# --- Login, logout, passwords -------------------------------------------------------------------------------


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

    def form_valid(self, form: Any) -> HttpResponse:
        # The service sets the password (not the form's save()), so the write is audited in one transaction.
        try:
            password_reset_complete(user=form.user, password=form.cleaned_data["new_password1"])
        except ApplicationError as error:
            add_application_error(form, error)
            return self.form_invalid(form)
        self.request.session.pop(auth_views.INTERNAL_RESET_SESSION_TOKEN, None)
        return HttpResponseRedirect(self.get_success_url())


# --- Profile and API tokens ---------------------------------------------------------------------------------


def _profile_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {
        "memberships": membership_list_for_user(request.user),
        "tokens": api_token_list(user=request.user),
        "profile_form": ProfileForm(initial=_profile_initial(request.user)),
        "token_form": ApiTokenForm(),
        **extra,
    }


def _profile_initial(user: Any) -> dict[str, Any]:
    return {name: getattr(user, name) for name in ("full_name", "email", "phone", "position")}


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ProfileForm(data=request.POST)
        if form.is_valid():
            user = request.user
            changes = {
                name: value for name, value in form.cleaned_data.items() if value != getattr(user, name)
            }
            if not changes:
                messages.info(request, _("Không có thay đổi nào để lưu."))
                return redirect("accounts:profile")
            try:
                user_update(actor=user, user=user, **changes)  # type: ignore[arg-type]
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(request, _("Đã lưu thông tin cá nhân."))
                return redirect("accounts:profile")
        return render(request, "accounts/profile.html", _profile_context(request, profile_form=form))
    return render(request, "accounts/profile.html", _profile_context(request))


@login_required
@require_POST
@never_cache
def api_token_create_view(request: HttpRequest) -> HttpResponse:
    # The raw token is in this response only: it is never stored, so it cannot be shown again later.
    form = ApiTokenForm(data=request.POST)
    if form.is_valid():
        try:
            token, raw = api_token_create(
                actor=request.user,
                user=request.user,  # type: ignore[arg-type]
                name=form.cleaned_data["name"],
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            example_url = request.build_absolute_uri(reverse("api-1.0.0:me"))
            context = {"token": token, "raw": raw, "example_url": example_url}
            return render(request, "accounts/api_token_created.html", context)
    return render(request, "accounts/profile.html", _profile_context(request, token_form=form))


@login_required
@require_POST
def api_token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = api_token_revoke(actor=request.user, token=api_token_get(user=request.user, pk=pk))
    messages.success(request, _("Đã thu hồi mã truy cập «%(name)s».") % {"name": token.name})
    return redirect("accounts:profile")


# --- User administration ------------------------------------------------------------------------------------


def _require_admin(request: HttpRequest) -> None:
    require(can_manage_users(request.user), _("Chỉ quản trị viên mới được quản lý người dùng."))


@login_required
def user_list_view(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    query = request.GET.get("q", "").strip()
    page_obj = paginate(request, user_list(actor=request.user, query=query))
    return render(request, "accounts/user_list.html", {"page_obj": page_obj, "query": query})


@login_required
@sensitive_post_parameters("password", "password_confirm")
def user_create_view(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    form = UserCreateForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = user_create(
                actor=request.user,
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                position=data["position"],
                password=data["password"] or None,
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            if data["password"]:
                messages.success(request, _("Đã tạo tài khoản «%(user)s».") % {"user": user.username})
            elif user.email:
                messages.warning(
                    request,
                    _(
                        "Đã tạo tài khoản «%(user)s». Tài khoản chưa có mật khẩu: hãy bấm «Gửi liên kết "
                        "đặt mật khẩu» để người dùng tự đặt mật khẩu qua e-mail."
                    )
                    % {"user": user.username},
                )
            else:
                messages.warning(
                    request,
                    _(
                        "Đã tạo tài khoản «%(user)s». Tài khoản chưa có mật khẩu và chưa có e-mail: hãy "
                        "bổ sung e-mail rồi bấm «Gửi liên kết đặt mật khẩu» để người dùng tự đặt mật khẩu."
                    )
                    % {"user": user.username},
                )
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "editing": None})


def _user_detail_context(request: HttpRequest, user: User, **extra: Any) -> dict[str, Any]:
    return {
        "subject": user,
        "memberships": membership_list(actor=request.user, user=user),
        "outside_count": membership_outside_scope_count(actor=request.user, user=user),
        "can_manage": can_manage_user(request.user, user),
        "is_self": request.user.pk == user.pk,
        "membership_form": MembershipForm(actor=request.user),
        **extra,
    }


@login_required
def user_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    user = user_get(actor=request.user, pk=pk)
    return render(request, "accounts/user_detail.html", _user_detail_context(request, user))


@login_required
def user_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    user = user_get(actor=request.user, pk=pk)
    fields = ("username", "full_name", "email", "phone", "position")
    form = UserEditForm(data=request.POST or None, initial={name: getattr(user, name) for name in fields})
    if request.method == "POST" and form.is_valid():
        changes = {name: value for name, value in form.cleaned_data.items() if value != getattr(user, name)}
        if not changes:
            messages.info(request, _("Không có thay đổi nào để lưu."))
            return redirect("accounts:user_detail", pk=user.pk)
        try:
            user_update(actor=request.user, user=user, **changes)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Đã lưu thông tin tài khoản «%(user)s».") % {"user": user.username})
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "editing": user})


@login_required
@require_POST
def user_lock_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    user = user_set_active(actor=request.user, user=user_get(actor=request.user, pk=pk), is_active=False)
    messages.success(
        request,
        _("Đã khóa tài khoản «%(user)s»: người dùng không đăng nhập và không dùng API được nữa.")
        % {"user": user.username},
    )
    return redirect("accounts:user_detail", pk=user.pk)


@login_required
@require_POST
def user_unlock_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    user = user_set_active(actor=request.user, user=user_get(actor=request.user, pk=pk), is_active=True)
    messages.success(request, _("Đã mở khóa tài khoản «%(user)s».") % {"user": user.username})
    return redirect("accounts:user_detail", pk=user.pk)


@login_required
@require_POST
def user_password_link_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    user = user_send_password_link(
        actor=request.user, user=user_get(actor=request.user, pk=pk), base_url=request.build_absolute_uri("/")
    )
    messages.success(
        request, _("Đã gửi liên kết đặt mật khẩu tới %(email)s (hiệu lực 24 giờ).") % {"email": user.email}
    )
    return redirect("accounts:user_detail", pk=user.pk)


@login_required
@require_POST
def membership_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    user = user_get(actor=request.user, pk=pk)
    form = MembershipForm(data=request.POST, actor=request.user)
    if form.is_valid():
        try:
            membership = membership_create(
                actor=request.user, user=user, unit=form.cleaned_data["unit"], role=form.cleaned_data["role"]
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(
                request,
                _("Đã giao vai trò «%(role)s» tại «%(unit)s».")
                % {"role": membership.get_role_display(), "unit": membership.unit.name},
            )
            return redirect("accounts:user_detail", pk=user.pk)
    return render(
        request, "accounts/user_detail.html", _user_detail_context(request, user, membership_form=form)
    )


@login_required
@require_POST
def membership_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    membership = membership_end(actor=request.user, membership=membership_get(actor=request.user, pk=pk))
    messages.success(
        request,
        _("Đã kết thúc vai trò «%(role)s» của %(user)s tại «%(unit)s».")
        % {"role": membership.get_role_display(), "user": membership.user, "unit": membership.unit.name},
    )
    return redirect("accounts:user_detail", pk=membership.user_id)
