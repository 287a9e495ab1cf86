"""The apps' entries in the main navigation. Each app registers a provider in its AppConfig.ready(); the
provider returns the (label, url) pairs the user may see, and the order number places them in the menu."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

NavProvider = Callable[[Any], list[tuple[str, str]]]
_PROVIDERS: list[tuple[int, NavProvider]] = []


def register_nav_provider(order: int, provider: NavProvider) -> None:
    if all(existing is not provider for _order, existing in _PROVIDERS):
        _PROVIDERS.append((order, provider))
        _PROVIDERS.sort(key=lambda pair: pair[0])


def nav_items_for(user: Any) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    for _order, provider in _PROVIDERS:
        items.extend(provider(user))
    return items
