"""Demo data of the tasks part (filled in by its feature)."""

from __future__ import annotations

from typing import Any


def seed_demo_tasks(*, actor: Any) -> str:
    """Load the demo tasks data (idempotent); return a one-line summary for the command's output, or ""."""
    return ""
