"""Demo data of the consolidation part (filled in by its feature)."""

from __future__ import annotations

from typing import Any


def seed_demo_consolidation(*, actor: Any) -> str:
    """Load the demo consolidation data (idempotent); return a one-line summary for the command's output, or ""."""
    return ""
