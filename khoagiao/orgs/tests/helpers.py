"""Small helpers shared by the orgs tests."""

from __future__ import annotations

from typing import Any

from django.contrib.messages import get_messages

from khoagiao.accounts.models import Membership
from khoagiao.core.models import AuditEvent
from khoagiao.orgs.models import Unit, UnitSuccession


def tree_state() -> dict[str, Any]:
    """Everything a refused write must leave as it was: units, successions, memberships, the audit trail."""
    return {
        "units": list(
            Unit.objects.order_by("pk").values_list(
                "pk", "parent_id", "path", "depth", "code", "name", "valid_from", "valid_to", "closing_note"
            )
        ),
        "successions": UnitSuccession.objects.count(),
        "memberships": list(
            Membership.objects.order_by("pk").values_list("pk", "unit_id", "role", "is_active")
        ),
        "audit_events": AuditEvent.objects.count(),
    }


def messages_of(response: Any) -> list[str]:
    """The flash messages added while answering `response` (a test client's response)."""
    storage = get_messages(response.wsgi_request)
    return [str(message) for message in storage._queued_messages]  # type: ignore[union-attr]


def audit_actions(*, prefix: str = "") -> list[str]:
    events = AuditEvent.objects.filter(action__startswith=prefix).order_by("created_at", "id")
    return list(events.values_list("action", flat=True))


def form_errors(response: Any, form_name: str = "form") -> dict[str, list[str]]:
    form = response.context[form_name]
    return {field or "__all__": [str(e) for e in errors] for field, errors in form.errors.items()}


def audit_change(action: str, obj: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The before and after of the one `action` recorded on `obj`."""
    event = AuditEvent.objects.get(action=action, object_id=str(obj.pk))
    return event.before or {}, event.after or {}
