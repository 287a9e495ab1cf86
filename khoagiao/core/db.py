"""Database helpers that make SQLite and PostgreSQL behave the same for Vietnamese text."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.backends.signals import connection_created
from django.db.models import Expression, F
from django.db.models.functions import Collate
from django.dispatch import receiver

from .text import vi_sort_key

SQLITE_VI_COLLATION = "vi"
POSTGRES_VI_COLLATION = "vi-VN-x-icu"


def _compare_vi(left: str, right: str) -> int:
    left_key, right_key = vi_sort_key(left), vi_sort_key(right)
    return (left_key > right_key) - (left_key < right_key)


@receiver(connection_created)
def register_sqlite_vietnamese(sender: Any, connection: Any, **kwargs: Any) -> None:
    # SQLite orders by code point (Ân after Zung); a registered collation gives it the Vietnamese alphabet.
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_VI_COLLATION, _compare_vi)


def vi_collate(field: str | Expression) -> Collate:
    """An ORDER BY expression in Vietnamese alphabetical order on either database."""
    expression = F(field) if isinstance(field, str) else field
    collation = POSTGRES_VI_COLLATION if connection.vendor == "postgresql" else SQLITE_VI_COLLATION
    return Collate(expression, collation)
