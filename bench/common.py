"""What every benchmark shares: a fresh database, a timer, and a fast builder of units with their paths."""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def reset_database() -> None:
    """Drop and recreate the benchmark's own database (the SQLite file, or the PostgreSQL database)."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db['NAME']}{suffix}").unlink(missing_ok=True)
    else:
        import psycopg

        name = db["NAME"]
        with psycopg.connect(
            host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')


def timed(function: Callable[[], object], repeat: int = 15) -> tuple[float, float]:
    """Median and maximum wall time in milliseconds over `repeat` runs after one warm-up."""
    function()
    samples = []
    for _ in range(repeat):
        begin = time.perf_counter()
        function()
        samples.append((time.perf_counter() - begin) * 1000)
    return statistics.median(samples), max(samples)


def unit_builder(kinds: dict[str, Any], levels: dict[str, Any], valid_from: dt.date) -> Callable[..., Any]:
    """A function making unsaved units with ids and materialised paths, for one bulk_create."""
    from khoagiao.core.text import fold_vi
    from khoagiao.orgs.models import Unit

    next_id = [0]

    def build(parent: Unit | None, code: str, name: str, kind: str, level: str) -> Unit:
        next_id[0] += 1
        unit = Unit(
            id=next_id[0],
            parent=parent,
            code=code,
            name=name,
            kind=kinds[kind],
            level=levels[level],
            valid_from=valid_from,
        )
        unit.path = f"{parent.path if parent else '/'}{unit.id}/"
        unit.depth = unit.path.count("/") - 2
        unit.search_text = fold_vi(f"{name} {code}")
        return unit

    return build
