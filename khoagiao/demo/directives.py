"""Demo data of the directives part (filled in by its feature)."""

from __future__ import annotations

from typing import Any


def seed_demo_directives(*, actor: Any) -> str:
    """Load the demo directives data (idempotent); return a one-line summary for the command's output, or ""."""
    return ""
