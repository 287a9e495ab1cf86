"""Small helpers shared by the accounts tests."""

from __future__ import annotations

from typing import Any

from django.contrib.messages import get_messages

from khoagiao.core.models import AuditEvent


def messages_of(response: Any) -> list[str]:
    """The flash messages added while answering `response` (earlier, unshown ones left out)."""
    storage: Any = get_messages(response.wsgi_request)
    return [str(message) for message in storage._queued_messages]


def audit_actions(obj: Any = None, *, action_prefix: str = "accounts.") -> list[str]:
    """Audit actions recorded on `obj` (or on anything, when None), oldest first."""
    events = AuditEvent.objects.filter(action__startswith=action_prefix)
    if obj is not None:
        events = events.filter(object_id=str(obj.pk))
    return list(events.order_by("created_at", "id").values_list("action", flat=True))


def last_audit(action: str) -> AuditEvent:
    event = AuditEvent.objects.filter(action=action).order_by("-created_at", "-id").first()
    assert event is not None, f"no AuditEvent {action}"
    return event


def before_of(event: AuditEvent) -> dict[str, Any]:
    assert isinstance(event.before, dict)
    return event.before


def after_of(event: AuditEvent) -> dict[str, Any]:
    assert isinstance(event.after, dict)
    return event.after


def form_errors(response: Any, form_name: str = "form") -> dict[str, list[str]]:
    form = response.context[form_name]
    return {field or "__all__": [str(e) for e in errors] for field, errors in form.errors.items()}
