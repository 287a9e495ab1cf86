"""The personal calendar feed's secret token: created on first use, reset on request (the old address stops
working at once)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from khoagiao.core.audit import audit_record

from ..models import CalendarFeedToken
from ..models.feeds import new_feed_token


def feed_token_for(user: Any) -> CalendarFeedToken:
    token, _created = CalendarFeedToken.objects.get_or_create(user=user)
    return token


@transaction.atomic
def feed_token_reset(*, actor: Any) -> CalendarFeedToken:
    token = feed_token_for(actor)
    token.token = new_feed_token()
    token.save(update_fields=["token", "created_at"])
    audit_record(actor=actor, action="meetings.feed_token_reset", obj=token)
    return token
