"""Demo data of the meetings part (filled in by its feature)."""

from __future__ import annotations

from typing import Any


def seed_demo_meetings(*, actor: Any) -> str:
    """Load the demo meetings data (idempotent); return a one-line summary for the command's output, or ""."""
    return ""
