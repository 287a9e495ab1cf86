"""Writes to accounts: users, memberships, API tokens, login throttling and password reset."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from khoagiao.core.audit import audit_record, audited_update, snapshot
from khoagiao.core.errors import RateLimitedError, ValidationFailed
from khoagiao.core.permissions import forget_scope, require

from .choices import MembershipRole
from .models import ApiToken, LoginFailure, Membership, User
from .permissions import (
    can_edit_profile,
    can_manage_api_tokens,
    can_manage_memberships_of_unit,
    can_manage_user,
    can_manage_users,
)

USER_AUDIT_FIELDS = ("username", "full_name", "email", "phone", "position", "is_active")
PROFILE_FIELDS = frozenset({"full_name", "email", "phone", "position"})
ADMIN_EDIT_FIELDS = PROFILE_FIELDS | {"username"}
MEMBERSHIP_AUDIT_FIELDS = ("user", "unit", "role", "is_active", "ended_at")
API_TOKEN_PREFIX = "kg_"


# --- Users -------------------------------------------------------------------------------------------------


def _validate_password(password: str, user: User, *, field: str = "password") -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationFailed(
            " ".join(error.messages), code="weak_password", details={"field": field}
        ) from error


def _check_username(username: str, *, exclude_pk: int | None = None) -> None:
    if not username:
        raise ValidationFailed(_("Tên đăng nhập không được để trống."), details={"field": "username"})
    try:
        User.username_validator(username)
    except ValidationError as error:
        raise ValidationFailed(
            _("Tên đăng nhập chỉ gồm chữ, chữ số và các ký tự @ . + - _ (không có dấu cách)."),
            details={"field": "username"},
        ) from error
    clash = User.objects.filter(username__iexact=username)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationFailed(
            _("Tên đăng nhập «%(username)s» đã có người dùng.") % {"username": username},
            code="username_taken",
            details={"field": "username"},
        )


def _check_full_name(full_name: str) -> None:
    if not full_name.strip():
        raise ValidationFailed(_("Họ và tên không được để trống."), details={"field": "full_name"})


def _check_email(email: str) -> None:
    if not email:
        return
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationFailed(
            _("Địa chỉ e-mail «%(email)s» không hợp lệ.") % {"email": email}, details={"field": "email"}
        ) from error


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
    """Create an account. Without a password it cannot log in until its owner sets one from a reset link."""
    require(can_manage_users(actor))
    username = username.strip()
    email = email.strip()
    _check_username(username)
    _check_full_name(full_name)
    _check_email(email)
    user = User(
        username=username,
        full_name=full_name.strip(),
        email=email,
        phone=phone.strip(),
        position=position.strip(),
    )
    if password:
        _validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    after = {**snapshot(user, USER_AUDIT_FIELDS), "has_password": bool(password)}
    audit_record(actor=actor, action="accounts.user_create", obj=user, after=after)
    return user


@transaction.atomic
def user_update(*, actor: Any, user: User, **changes: Any) -> User:
    """Change an account's details: an administrator (also the username), or the user on their own profile."""
    is_admin = can_manage_user(actor, user)
    require(is_admin or can_edit_profile(actor, user))
    allowed = ADMIN_EDIT_FIELDS if is_admin else PROFILE_FIELDS
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationFailed(
            _("Không thể sửa trường: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    changes = {name: value.strip() if isinstance(value, str) else value for name, value in changes.items()}
    if "username" in changes:
        _check_username(changes["username"], exclude_pk=user.pk)
    if "full_name" in changes:
        _check_full_name(changes["full_name"])
    if "email" in changes:
        _check_email(changes["email"])
    before = snapshot(user, USER_AUDIT_FIELDS)
    for name, value in changes.items():
        setattr(user, name, value)
    user.save()
    after = snapshot(user, USER_AUDIT_FIELDS)
    action = "accounts.user_update" if actor.pk != user.pk else "accounts.profile_update"
    audit_record(actor=actor, action=action, obj=user, before=before, after=after)
    return user


@transaction.atomic
def user_set_active(*, actor: Any, user: User, is_active: bool) -> User:
    """Lock (is_active=False) or unlock an account. A locked one can neither log in nor use its API tokens."""
    require(can_manage_user(actor, user))
    user = User.objects.select_for_update().get(pk=user.pk)
    if not is_active and actor.pk == user.pk:
        raise ValidationFailed(_("Bạn không thể tự khóa tài khoản của mình."), code="lock_self")
    if user.is_active == is_active:
        message = _("Tài khoản «%(user)s» đang mở.") if is_active else _("Tài khoản «%(user)s» đã bị khóa.")
        raise ValidationFailed(message % {"user": user.username}, code="no_change")
    before = snapshot(user, USER_AUDIT_FIELDS)
    user.is_active = is_active
    user.save(update_fields=["is_active"])
    action = "accounts.user_unlock" if is_active else "accounts.user_lock"
    audit_record(actor=actor, action=action, obj=user, before=before, after=snapshot(user, USER_AUDIT_FIELDS))
    return user


@transaction.atomic
def user_set_password(*, actor: Any, user: User, password: str) -> User:
    """An administrator sets a user's password (e.g. a first password), or a user changes their own."""
    require(can_manage_user(actor, user) or can_edit_profile(actor, user))
    _validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=actor, action="accounts.password_set", obj=user)
    return user


@transaction.atomic
def password_change(*, user: User, old_password: str, new_password: str) -> User:
    if not user.check_password(old_password):
        raise ValidationFailed(
            _("Mật khẩu hiện tại không đúng."), code="wrong_password", details={"field": "old_password"}
        )
    if old_password == new_password:
        raise ValidationFailed(
            _("Mật khẩu mới phải khác mật khẩu hiện tại."),
            code="same_password",
            details={"field": "new_password1"},
        )
    _validate_password(new_password, user, field="new_password1")
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit_record(actor=user, action="accounts.password_change", obj=user)
    return user


# --- Memberships -------------------------------------------------------------------------------------------


@transaction.atomic
def membership_create(*, actor: Any, user: User, unit: Any, role: str) -> Membership:
    if unit is None:
        raise ValidationFailed(
            _("Hãy chọn đơn vị cho phân quyền: vai trò luôn gắn với một đơn vị."),
            code="unit_required",
            details={"field": "unit"},
        )
    require(
        can_manage_memberships_of_unit(actor, unit),
        _("Bạn không có quyền phân quyền trong đơn vị «%(unit)s».") % {"unit": unit},
    )
    if role not in MembershipRole.values:
        raise ValidationFailed(_("Hãy chọn một vai trò trong danh sách."), details={"field": "role"})
    if unit.valid_to is not None and unit.valid_to < timezone.localdate():
        raise ValidationFailed(
            _("Đơn vị «%(unit)s» đã đóng; không thể phân quyền mới tại đơn vị này.") % {"unit": unit.name},
            code="unit_closed",
            details={"field": "unit"},
        )
    duplicate = ValidationFailed(
        _("%(user)s đã có vai trò «%(role)s» tại «%(unit)s».")
        % {"user": user, "role": MembershipRole(role).label, "unit": unit.name},
        code="membership_exists",
    )
    if Membership.objects.filter(user=user, unit=unit, role=role, is_active=True).exists():
        raise duplicate
    try:
        # A savepoint: two administrators adding the same role at once meet the unique constraint, not a 500.
        with transaction.atomic():
            membership = Membership.objects.create(
                user=user,
                unit=unit,
                role=role,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError as error:
        raise duplicate from error
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
    membership = Membership.objects.select_for_update().select_related("user", "unit").get(pk=membership.pk)
    if not membership.is_active:
        raise ValidationFailed(_("Phân quyền này đã kết thúc trước đó."), code="membership_ended")
    audited_update(
        actor=actor,
        obj=membership,
        action="accounts.membership_end",
        changes={"is_active": False, "ended_at": timezone.now()},
        audit_fields=MEMBERSHIP_AUDIT_FIELDS,
    )
    forget_scope(membership.user)
    return membership


@transaction.atomic
def membership_transfer(*, actor: Any, from_unit: Any, to_unit: Any) -> int:
    """Move the active memberships of a merged unit to its successor (used by the merge of units)."""
    moved = 0
    memberships = Membership.objects.filter(unit=from_unit, is_active=True).select_related("user", "unit")
    for membership in memberships:
        membership_end(actor=actor, membership=membership)
        already = Membership.objects.filter(
            user=membership.user, unit=to_unit, role=membership.role, is_active=True
        ).exists()
        if not already:
            membership_create(actor=actor, user=membership.user, unit=to_unit, role=membership.role)
        moved += 1
    return moved


# --- API tokens --------------------------------------------------------------------------------------------


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _api_token_make(*, user: User, name: str) -> tuple[ApiToken, str]:
    name = name.strip()
    if not name:
        raise ValidationFailed(_("Hãy đặt tên gợi nhớ cho mã truy cập."), details={"field": "name"})
    if not user.is_active:
        raise ValidationFailed(
            _("Tài khoản «%(user)s» đang bị khóa nên không thể cấp mã truy cập.") % {"user": user.username},
            code="user_inactive",
        )
    raw = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name[:100], prefix=raw[:10], key_hash=_hash_token(raw))
    return token, raw


@transaction.atomic
def api_token_create(*, actor: Any, user: User, name: str) -> tuple[ApiToken, str]:
    """Make a token for `user`; returns the row and the raw token, never stored and shown only once.

    Only for oneself: a token made by someone else would let him act as `user` (operators use the command).
    """
    require(can_edit_profile(actor, user), _("Chỉ chính người dùng mới tạo được mã truy cập của mình."))
    token, raw = _api_token_make(user=user, name=name)
    audit_record(
        actor=actor,
        action="accounts.api_token_create",
        obj=token,
        after={"name": token.name, "prefix": token.prefix, "user": user.pk},
    )
    return token, raw


@transaction.atomic
def api_token_issue(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Make a token from the server's command line (`manage.py create_api_token`): the actor is the system."""
    token, raw = _api_token_make(user=user, name=name)
    audit_record(
        actor=None,
        action="accounts.api_token_create",
        obj=token,
        after={
            "name": token.name,
            "prefix": token.prefix,
            "user": user.pk,
            "via": "manage.py create_api_token",
        },
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    require(can_manage_api_tokens(actor, token.user))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise ValidationFailed(
            _("Mã truy cập «%(name)s» đã bị thu hồi trước đó.") % {"name": token.name}, code="token_revoked"
        )
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action="accounts.api_token_revoke",
        obj=token,
        before={"revoked_at": None},
        after={"revoked_at": token.revoked_at},
    )
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


def _window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)


def _minutes_until_unlocked(failures: QuerySet[LoginFailure], limit: int) -> int | None:
    """None when fewer than `limit` failures lie in the window; else the whole minutes until that is so again.

    The lock lifts when the `limit`-th newest failure leaves the sliding window.
    """
    newest = list(
        failures.filter(created_at__gte=timezone.now() - _window())
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:limit]
    )
    if len(newest) < limit:
        return None
    remaining = (newest[-1] + _window() - timezone.now()).total_seconds()
    return max(1, math.ceil(remaining / 60))


def login_throttle_check(*, username: str, ip_address: str | None) -> None:
    """Refuse a login attempt when the account or the address failed too often in the window."""
    key = username.strip().casefold()
    if key:
        minutes = _minutes_until_unlocked(
            LoginFailure.objects.filter(username=key), settings.LOGIN_FAILURES_PER_ACCOUNT
        )
        if minutes is not None:
            raise RateLimitedError(
                _(
                    "Tài khoản này tạm bị khóa đăng nhập do nhập sai mật khẩu nhiều lần. "
                    "Vui lòng thử lại sau %(minutes)d phút, hoặc dùng chức năng «Quên mật khẩu», "
                    "hoặc liên hệ quản trị viên."
                )
                % {"minutes": minutes},
                code="login_locked_account",
                details={"retry_after_minutes": minutes},
            )
    if ip_address:
        minutes = _minutes_until_unlocked(
            LoginFailure.objects.filter(ip_address=ip_address), settings.LOGIN_FAILURES_PER_ADDRESS
        )
        if minutes is not None:
            raise RateLimitedError(
                _("Có quá nhiều lần đăng nhập sai từ địa chỉ này. Vui lòng thử lại sau %(minutes)d phút.")
                % {"minutes": minutes},
                code="login_locked_address",
                details={"retry_after_minutes": minutes},
            )


@transaction.atomic
def login_failure_record(*, username: str, ip_address: str | None) -> None:
    failure = LoginFailure.objects.create(username=username.strip().casefold()[:150], ip_address=ip_address)
    audit_record(
        actor=None, action="accounts.login_failed", obj=failure, after={"username": failure.username}
    )


@transaction.atomic
def login_success_record(*, user: User) -> None:
    LoginFailure.objects.filter(username=user.get_username().casefold()).delete()
    audit_record(actor=user, action="accounts.login", obj=user)


def login_failures_prune(*, older_than: dt.timedelta = dt.timedelta(days=1)) -> int:
    deleted, _count = LoginFailure.objects.filter(created_at__lt=timezone.now() - older_than).delete()
    return deleted


# --- Password reset ----------------------------------------------------------------------------------------


def _send_reset_link(*, user: User, base_url: str, sent_by: Any = None) -> None:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = base_url.rstrip("/") + reverse(
        "accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token}
    )
    context = {"user": user, "link": link, "sent_by": sent_by, "has_password": user.has_usable_password()}
    body = render_to_string("accounts/email/password_reset.txt", context)
    send_mail(_("Đặt mật khẩu — Hệ thống điều phối khối Khoa giáo"), body, None, [user.email])


def password_reset_request(*, identifier: str, base_url: str) -> User | None:
    """Send a reset link to the account named by a username or an e-mail address.

    An unknown identifier sends nothing and says nothing more than a known one would (no account probing);
    an account without an e-mail address gets a clear message, since no link can reach it.
    """
    identifier = identifier.strip()
    if not identifier:
        raise ValidationFailed(
            _("Hãy nhập tên đăng nhập hoặc địa chỉ e-mail."), details={"field": "identifier"}
        )
    user = (
        User.objects.filter(username__iexact=identifier, is_active=True).first()
        or User.objects.filter(email__iexact=identifier, is_active=True).first()
    )
    if user is None:
        return None
    if not user.email:
        raise ValidationFailed(
            _(
                "Tài khoản này chưa có địa chỉ e-mail nên không thể gửi liên kết đặt lại mật khẩu. "
                "Vui lòng liên hệ quản trị viên để được cấp lại mật khẩu."
            ),
            code="reset_no_email",
        )
    _send_reset_link(user=user, base_url=base_url)
    audit_record(actor=None, action="accounts.password_reset_request", obj=user)
    return user


@transaction.atomic
def user_send_password_link(*, actor: Any, user: User, base_url: str) -> User:
    """An administrator sends a user the link to set a (first or new) password."""
    require(can_manage_user(actor, user))
    if not user.is_active:
        raise ValidationFailed(
            _("Tài khoản «%(user)s» đang bị khóa; hãy mở khóa trước khi gửi liên kết.")
            % {"user": user.username},
            code="user_inactive",
        )
    if not user.email:
        raise ValidationFailed(
            _("Tài khoản «%(user)s» chưa có địa chỉ e-mail; hãy bổ sung e-mail trước khi gửi liên kết.")
            % {"user": user.username},
            code="reset_no_email",
        )
    audit_record(actor=actor, action="accounts.password_link_send", obj=user, after={"email": user.email})
    _send_reset_link(user=user, base_url=base_url, sent_by=actor)
    return user


@transaction.atomic
def password_reset_complete(*, user: User, password: str) -> User:
    """Set the password chosen through a valid reset link, and lift any login lock of the account."""
    _validate_password(password, user, field="new_password1")
    user.set_password(password)
    user.save(update_fields=["password"])
    LoginFailure.objects.filter(username=user.get_username().casefold()).delete()
    audit_record(actor=user, action="accounts.password_reset_complete", obj=user)
    return user
