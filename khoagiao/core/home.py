"""What awaits a user on their home page. Feature apps register providers; the foundation has none yet."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class WaitingItem:
    title: str
    url: str
    due_label: str = ""
    is_overdue: bool = False


WaitingProvider = Callable[[Any], list[WaitingItem]]
_PROVIDERS: list[WaitingProvider] = []


def register_waiting_provider(provider: WaitingProvider) -> WaitingProvider:
    _PROVIDERS.append(provider)
    return provider


def waiting_items_for(user: Any) -> list[WaitingItem]:
    items: list[WaitingItem] = []
    for provider in _PROVIDERS:
        items.extend(provider(user))
    return items
