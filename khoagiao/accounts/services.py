"""Writes to accounts: users, memberships, API tokens, login throttling and password reset."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from khoagiao.core.audit import audit_record, snapshot
from khoagiao.core.errors import RateLimitedError, ValidationFailed
from khoagiao.core.permissions import forget_scope, require

from .choices import MembershipRole
from .models import ApiToken, LoginFailure, Membership, User
from .permissions import can_manage_memberships_of_unit, can_manage_users

USER_AUDIT_FIELDS = ("username", "full_name", "email", "phone", "position", "is_active")
MEMBERSHIP_AUDIT_FIELDS = ("user", "unit", "role", "is_active", "ended_at")
API_TOKEN_PREFIX = "kg_"


def _validate_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationFailed(" ".join(error.messages), code="weak_password", details={"field": "password"}) from error


def _check_username_free(username: str, *, exclude_pk: int | None = None) -> None:
    clash = User.objects.filter(username__iexact=username)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationFailed(f"Tên đăng nhập «{username}» đã có người dùng.", details={"field": "username"})


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    full_name: str,
    email: str = "",
    phone: str = "",
    position: str = "",
    password: str | None = None,
) -> User:
    require(can_manage_users(actor))
    username = username.strip()
    if not username:
        raise ValidationFailed("Tên đăng nhập không được để trống.", details={"field": "username"})
    if not full_name.strip():
        raise ValidationFailed("Họ và tên không được để trống.", details={"field": "full_name"})
    _check_username_free(username)
    user = User(username=username, full_name=full_name.strip(), email=email.strip(), phone=phone, position=position)
    if password:
        _validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit_record(actor=actor, action="accounts.user_create", obj=user, after=snapshot(user, USER_AUDIT_FIELDS))
    return user


@transaction.atomic
def user_update(*, actor: Any, user: User, **changes: Any) -> User:
    require(can_manage_users(actor) or actor.pk == user.pk)
    allowed = set(USER_AUDIT_FIELDS) if can_manage_users(actor) else {"full_name", "email", "phone", "position"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationFailed(f"Không thể sửa trường: {', '.join(sorted(unknown))}.")
    if "username" in changes:
        _check_username_free(changes["username"], exclude_pk=user.pk)
    if "full_name" in changes and not str(changes["full_name"]).strip():
        raise ValidationFailed("Họ và tên không được để trống.", details={"field": "full_name"})
    if changes.get("is_active") is False and actor.pk == user.pk:
        raise ValidationFailed("Bạn không thể tự khóa tài khoản của mình.")
    before = snapshot(user, USER_AUDIT_FIELDS)
    for name, value in changes.items():
        setattr(user, name, value.strip() if isinstance(value, str) else value)
    user.save()
    audit_record(
        actor=actor, action="accounts.user_update", obj=user, before=before, after=snapshot(user, USER_AUDIT_FIELDS)
    )
    return user


@transaction.atomic
def user_set_password(*, actor: Any, user: User, password: str) -> User:
    """An administrator sets a user's password (e.g. a first password), or a user changes their own."""
    require(can_manage_users(actor) or actor.pk == user.pk)
    _validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=actor, action="accounts.password_set", obj=user)
    return user


@transaction.atomic
def password_change(*, user: User, old_password: str, new_password: str) -> User:
    if not user.check_password(old_password):
        raise ValidationFailed("Mật khẩu hiện tại không đúng.", code="wrong_password", details={"field": "old_password"})
    if old_password == new_password:
        raise ValidationFailed("Mật khẩu mới phải khác mật khẩu hiện tại.", details={"field": "new_password1"})
    _validate_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit_record(actor=user, action="accounts.password_change", obj=user)
    return user


# --- Memberships -------------------------------------------------------------------------------------------


@transaction.atomic
def membership_create(*, actor: Any, user: User, unit: Any, role: str) -> Membership:
    if unit is None:
        raise ValidationFailed("Hãy chọn đơn vị cho phân quyền.", code="unit_required", details={"field": "unit"})
    require(can_manage_memberships_of_unit(actor, unit), f"Bạn không có quyền phân quyền trong đơn vị «{unit}».")
    if role not in MembershipRole.values:
        raise ValidationFailed("Vai trò không hợp lệ.", details={"field": "role"})
    if unit.valid_to is not None and unit.valid_to < timezone.localdate():
        raise ValidationFailed(f"Đơn vị «{unit.name}» đã đóng; không thể phân quyền mới.", code="unit_closed")
    if Membership.objects.filter(user=user, unit=unit, role=role, is_active=True).exists():
        raise ValidationFailed(
            f"{user} đã có vai trò «{MembershipRole(role).label}» tại «{unit.name}».", code="membership_exists"
        )
    membership = Membership.objects.create(
        user=user, unit=unit, role=role, created_by=actor if getattr(actor, "is_authenticated", False) else None
    )
    audit_record(
        actor=actor,
        action="accounts.membership_create",
        obj=membership,
        after=snapshot(membership, MEMBERSHIP_AUDIT_FIELDS),
    )
    forget_scope(user)
    return membership


@transaction.atomic
def membership_end(*, actor: Any, membership: Membership) -> Membership:
    require(can_manage_memberships_of_unit(actor, membership.unit))
    if not membership.is_active:
        raise ValidationFailed("Phân quyền này đã kết thúc.", code="membership_ended")
    before = snapshot(membership, MEMBERSHIP_AUDIT_FIELDS)
    membership.is_active = False
    membership.ended_at = timezone.now()
    membership.save(update_fields=["is_active", "ended_at", "updated_at"])
    audit_record(
        actor=actor,
        action="accounts.membership_end",
        obj=membership,
        before=before,
        after=snapshot(membership, MEMBERSHIP_AUDIT_FIELDS),
    )
    forget_scope(membership.user)
    return membership


@transaction.atomic
def membership_transfer(*, actor: Any, from_unit: Any, to_unit: Any) -> int:
    """Move the active memberships of a merged unit to its successor (used by the merge of units)."""
    moved = 0
    for membership in Membership.objects.filter(unit=from_unit, is_active=True).select_related("user", "unit"):
        membership_end(actor=actor, membership=membership)
        if not Membership.objects.filter(user=membership.user, unit=to_unit, role=membership.role, is_active=True).exists():
            membership_create(actor=actor, user=membership.user, unit=to_unit, role=membership.role)
        moved += 1
    return moved


# --- API tokens --------------------------------------------------------------------------------------------


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, actor: Any, user: User, name: str) -> tuple[ApiToken, str]:
    """Make a token for `user`; returns the row and the raw token, which is never stored and shown only once."""
    require(actor.pk == user.pk or can_manage_users(actor))
    name = name.strip()
    if not name:
        raise ValidationFailed("Hãy đặt tên gợi nhớ cho mã truy cập.", details={"field": "name"})
    raw = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name[:100], prefix=raw[:10], key_hash=_hash_token(raw))
    audit_record(actor=actor, action="accounts.api_token_create", obj=token, after={"name": token.name, "user": user.pk})
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    require(actor.pk == token.user_id or can_manage_users(actor))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="accounts.api_token_revoke", obj=token)
    return token


def api_token_authenticate(raw: str) -> User | None:
    """The active user a raw bearer token belongs to, or None."""
    if not raw or not raw.startswith(API_TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Write the last use at most once a minute: a busy client must not turn every read into a write.
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


# --- Login throttling --------------------------------------------------------------------------------------


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)


def login_throttle_check(*, username: str, ip_address: str | None) -> None:
    """Refuse a login attempt when the account or the address failed too often in the window."""
    since = _window_start()
    key = username.strip().casefold()
    if key and LoginFailure.objects.filter(username=key, created_at__gte=since).count() >= settings.LOGIN_FAILURES_PER_ACCOUNT:
        raise RateLimitedError(
            f"Tài khoản này tạm bị khóa đăng nhập do nhập sai mật khẩu nhiều lần. "
            f"Vui lòng thử lại sau {settings.LOGIN_FAILURE_WINDOW_MINUTES} phút hoặc liên hệ quản trị viên.",
            code="login_locked_account",
        )
    if ip_address and (
        LoginFailure.objects.filter(ip_address=ip_address, created_at__gte=since).count()
        >= settings.LOGIN_FAILURES_PER_ADDRESS
    ):
        raise RateLimitedError(
            f"Có quá nhiều lần đăng nhập sai từ địa chỉ này. Vui lòng thử lại sau "
            f"{settings.LOGIN_FAILURE_WINDOW_MINUTES} phút.",
            code="login_locked_address",
        )


@transaction.atomic
def login_failure_record(*, username: str, ip_address: str | None) -> None:
    failure = LoginFailure.objects.create(username=username.strip().casefold()[:150], ip_address=ip_address)
    audit_record(actor=None, action="accounts.login_failed", obj=failure, after={"username": failure.username})


@transaction.atomic
def login_success_record(*, user: User) -> None:
    LoginFailure.objects.filter(username=user.get_username().casefold()).delete()
    audit_record(actor=user, action="accounts.login", obj=user)


def login_failures_prune(*, older_than: dt.timedelta = dt.timedelta(days=1)) -> int:
    deleted, _ = LoginFailure.objects.filter(created_at__lt=timezone.now() - older_than).delete()
    return deleted


# --- Password reset ----------------------------------------------------------------------------------------


def password_reset_request(*, identifier: str, base_url: str) -> User | None:
    """Send a reset link to the account named by a username or an e-mail address.

    An unknown identifier sends nothing and says nothing more than a known one would (no account probing);
    an account without an e-mail address gets a clear message, since no link can reach it.
    """
    identifier = identifier.strip()
    if not identifier:
        raise ValidationFailed("Hãy nhập tên đăng nhập hoặc địa chỉ e-mail.", details={"field": "identifier"})
    user = (
        User.objects.filter(username__iexact=identifier, is_active=True).first()
        or User.objects.filter(email__iexact=identifier, is_active=True).first()
    )
    if user is None:
        return None
    if not user.email:
        raise ValidationFailed(
            "Tài khoản này chưa có địa chỉ e-mail nên không thể gửi liên kết đặt lại mật khẩu. "
            "Vui lòng liên hệ quản trị viên để được cấp lại mật khẩu.",
            code="reset_no_email",
        )
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = base_url.rstrip("/") + reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    body = render_to_string("accounts/email/password_reset.txt", {"user": user, "link": link})
    send_mail("Đặt lại mật khẩu — Hệ thống Khoa giáo", body, None, [user.email])
    audit_record(actor=None, action="accounts.password_reset_request", obj=user)
    return user


@transaction.atomic
def password_reset_complete_record(*, user: User) -> None:
    """Django's confirm view has set the new password; keep the trace and lift any login lock."""
    LoginFailure.objects.filter(username=user.get_username().casefold()).delete()
    audit_record(actor=user, action="accounts.password_reset_complete", obj=user)
