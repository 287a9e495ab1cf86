"""Demo data of the opinion part (filled in by its feature)."""

from __future__ import annotations

from typing import Any


def seed_demo_opinion(*, actor: Any) -> str:
    """Load the demo opinion data (idempotent); return a one-line summary for the command's output, or ""."""
    return ""
