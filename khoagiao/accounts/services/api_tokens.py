"""Writes to API tokens: issuing them (by their owner or from the command line), revoking, authenticating."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.audit import audit_record
from khoagiao.core.errors import ValidationFailed
from khoagiao.core.permissions import require

from ..models import ApiToken, User
from ..permissions import can_edit_profile, can_manage_api_tokens

API_TOKEN_PREFIX = "kg_"


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
