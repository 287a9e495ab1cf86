"""Writing the audit trail. Every service that writes calls `audit_record` inside its transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .context import current_ip
from .models import AuditEvent


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The values of `fields` on `obj`, as JSON (foreign keys as their ids)."""
    data = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            data[name] = sorted(getattr(obj, name).values_list("pk", flat=True)) if obj.pk else []
        elif field.is_relation:
            data[name] = getattr(obj, field.attname)  # type: ignore[union-attr]
        else:
            data[name] = _jsonable(getattr(obj, name))
    return data


def acting_user(actor: Any) -> Any:
    """The user to store as author of a row (created_by, uploaded_by…): None for the system or an anonymous actor."""
    return actor if getattr(actor, "is_authenticated", False) else None


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record one write. `action` is a stable dotted name such as "orgs.unit_create"."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_name=(actor.get_username() if is_user else "hệ thống")[:150],
        action=action,
        object_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        ip_address=current_ip.get(),
    )


def audited_update(
    *,
    actor: Any,
    obj: models.Model,
    action: str,
    changes: dict[str, Any],
    audit_fields: Iterable[str],
) -> models.Model:
    """Set `changes` on `obj`, save only those columns, and record the before/after of `audit_fields`."""
    fields = tuple(audit_fields)
    before = snapshot(obj, fields)
    for name, value in changes.items():
        setattr(obj, name, value)
    update_fields = list(changes)
    if any(field.name == "updated_at" for field in obj._meta.fields):
        update_fields.append("updated_at")
    obj.save(update_fields=update_fields)
    audit_record(actor=actor, action=action, obj=obj, before=before, after=snapshot(obj, fields))
    return obj
