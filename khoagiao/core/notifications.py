"""In-app notifications and their e-mail copies: the writes (`notify`, mark read, preferences) and the reads.

A notification is created once per `dedupe_key`: a reminder job may run any number of times (or two workers at
once) and each reminder still reaches each person once. The e-mail copy goes out after the notification row is
committed, to users who asked for e-mail and have an address; `emailed_at` records that it went. E-mail is sent
at most once: a failed send is logged and leaves `emailed_at` empty, it is not retried (the in-app notification
is the record; a retry loop could repeat a mail the server had in fact accepted).

Marking a notification read is not audited: it is the reader's own inbox state, not a business write, it
changes nothing anyone else sees, and `read_at` already records when. Changing the e-mail preference is
audited like any change to an account.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .audit import audited_update
from .errors import NotFoundError
from .models import Notification
from .permissions import require

logger = logging.getLogger(__name__)

TITLE_MAX = Notification._meta.get_field("title").max_length or 300
URL_MAX = Notification._meta.get_field("url").max_length or 500
PREFERENCE_AUDIT_FIELDS = ("notify_by_email",)


# --- Rules --------------------------------------------------------------------------------------------------


def can_read_notification(user: Any, notification: Notification) -> bool:
    """A notification belongs to its addressee alone."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and notification.user_id == user.pk
    )


def wants_email(user: Any) -> bool:
    return bool(user.is_active and user.notify_by_email and user.email)


# --- Reads --------------------------------------------------------------------------------------------------


def notification_list(*, user: Any, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's own notifications, unread first, newest first within each group."""
    queryset = Notification.objects.filter(user=user)
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    return queryset.order_by(F("read_at").asc(nulls_first=True), "-created_at", "-id")


def notification_unread_count(*, user: Any) -> int:
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notification_get(*, user: Any, pk: int) -> Notification:
    notification = Notification.objects.filter(user=user, pk=pk).first()
    if notification is None:
        raise NotFoundError(_("Không tìm thấy thông báo này."))
    return notification


# --- E-mail -------------------------------------------------------------------------------------------------


def _absolute(url: str) -> str:
    """A link that works from a mail client: the site's address (setting KHOAGIAO_BASE_URL) before the path."""
    base = getattr(settings, "KHOAGIAO_BASE_URL", "") or ""
    if not url or url.startswith(("http://", "https://")) or not base:
        return url
    return base.rstrip("/") + url


def _email_text(notifications: Sequence[Notification]) -> tuple[str, str]:
    footer = _(
        "Thư này được gửi tự động từ Hệ thống điều phối khối Khoa giáo. Bạn có thể tắt nhận thông báo qua "
        "e-mail trong mục «Cài đặt thông báo»; thông báo vẫn hiện trong hệ thống."
    )
    if len(notifications) == 1:
        only = notifications[0]
        parts = [only.body or only.title]
        if only.url:
            parts.append(_("Xem chi tiết: %(url)s") % {"url": _absolute(only.url)})
        parts.append(footer)
        return only.title, "\n\n".join(parts)
    subject = ngettext(
        "Bạn có %(count)d thông báo mới", "Bạn có %(count)d thông báo mới", len(notifications)
    ) % {"count": len(notifications)}
    items = []
    for number, notification in enumerate(notifications, start=1):
        lines = [f"{number}. {notification.title}"]
        if notification.body:
            lines.append(f"   {notification.body}")
        if notification.url:
            lines.append("   " + _("Xem chi tiết: %(url)s") % {"url": _absolute(notification.url)})
        items.append("\n".join(lines))
    return subject, "\n\n".join([*items, footer])


def notifications_email(user: Any, notifications: Sequence[Notification]) -> bool:
    """Send one e-mail carrying `notifications` (one, or a digest of several) and stamp `emailed_at`.

    Call it once the rows are committed. Returns whether a mail went out; a failure is logged, never raised, so
    one bad address cannot stop a reminder run.
    """
    pending = [notification for notification in notifications if notification.emailed_at is None]
    if not pending or not wants_email(user):
        return False
    subject, body = _email_text(pending)
    try:
        send_mail(subject[:200], body, None, [user.email])
    except Exception:
        logger.exception("notification e-mail failed", extra={"user_id": user.pk, "count": len(pending)})
        return False
    now = timezone.now()
    Notification.objects.filter(pk__in=[notification.pk for notification in pending]).update(emailed_at=now)
    for notification in pending:
        notification.emailed_at = now
    return True


def notifications_email_after_commit(user: Any, notifications: Sequence[Notification]) -> None:
    """Queue `notifications_email` for when the current transaction commits (at once outside a transaction)."""
    if notifications and wants_email(user):
        batch = list(notifications)
        transaction.on_commit(lambda: notifications_email(user, batch), robust=True)


# --- Writes -------------------------------------------------------------------------------------------------


def notify(
    user: Any,
    *,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    dedupe_key: str | None = None,
    email: bool = True,
) -> Notification | None:
    """Tell `user` something, once per `dedupe_key`: returns the new notification, or None when a notification
    with that key already exists (then nothing is created and nothing is mailed).

    With `email=False` the caller takes over the e-mail copy (a reminder run sends one digest per person with
    `notifications_email`); otherwise it goes out after commit when the user wants e-mail and has an address.
    """
    if dedupe_key and Notification.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user,
                kind=kind,
                title=title[:TITLE_MAX],
                body=body,
                url=url[:URL_MAX],
                dedupe_key=dedupe_key or None,
            )
    except IntegrityError:
        # Another run created the same key between the check and the insert: it is theirs to send.
        return None
    if email:
        notifications_email_after_commit(user, [notification])
    return notification


def notification_mark_read(*, user: Any, notification: Notification) -> Notification:
    """Mark one of the user's own notifications read (idempotent; the first reading time stays)."""
    require(can_read_notification(user, notification))
    if notification.read_at is None:
        now = timezone.now()
        updated = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        if updated:
            notification.read_at = now
        else:
            notification.refresh_from_db(fields=["read_at"])
    return notification


def notification_mark_all_read(*, user: Any) -> int:
    """Mark all the user's unread notifications read; returns how many changed."""
    require(bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active))
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def notification_preferences_update(*, actor: Any, notify_by_email: bool) -> bool:
    """A user chooses whether notifications also come by e-mail (their own account only). Audited.

    Returns whether anything changed."""
    require(bool(actor is not None and getattr(actor, "is_authenticated", False) and actor.is_active))
    if actor.notify_by_email == notify_by_email:
        return False
    audited_update(
        actor=actor,
        obj=actor,
        action="core.notification_preferences_update",
        changes={"notify_by_email": notify_by_email},
        audit_fields=PREFERENCE_AUDIT_FIELDS,
    )
    return True
