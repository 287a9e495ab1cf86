"""Logging in: throttling after failed attempts, recording failures and successes, and resetting a password
through an e-mailed link."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from khoagiao.core.audit import audit_record
from khoagiao.core.errors import RateLimitedError, ValidationFailed
from khoagiao.core.permissions import require

from ..models import LoginFailure, User
from ..permissions import can_manage_user
from .users import _store_password

# --- Login throttling --------------------------------------------------------------------------------------


def _clear_login_failures(user: User) -> None:
    """Forget the failed logins of `user`'s account, which lifts its login lock."""
    LoginFailure.objects.filter(username=user.get_username().casefold()).delete()


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
    _clear_login_failures(user)
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
    _store_password(user, password, field="new_password1")
    _clear_login_failures(user)
    audit_record(actor=user, action="accounts.password_reset_complete", obj=user)
    return user
