"""Writes to user accounts: creating and changing them, locking them, and setting or changing passwords."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from khoagiao.core.audit import audit_record, snapshot
from khoagiao.core.errors import ValidationFailed
from khoagiao.core.permissions import require

from ..models import User
from ..permissions import can_edit_profile, can_manage_user, can_manage_users

USER_AUDIT_FIELDS = ("username", "full_name", "email", "phone", "position", "is_active")
PROFILE_FIELDS = frozenset({"full_name", "email", "phone", "position"})
ADMIN_EDIT_FIELDS = PROFILE_FIELDS | {"username"}


def _validate_password(password: str, user: User, *, field: str = "password") -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationFailed(
            " ".join(error.messages), code="weak_password", details={"field": field}
        ) from error


def _store_password(user: User, password: str, *, field: str = "password") -> None:
    """Validate `password` for `user`, then set and save it."""
    _validate_password(password, user, field=field)
    user.set_password(password)
    user.save(update_fields=["password"])


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
    _store_password(user, password)
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
    _store_password(user, new_password, field="new_password1")
    audit_record(actor=user, action="accounts.password_change", obj=user)
    return user
