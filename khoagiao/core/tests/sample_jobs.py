"""Jobs used by the tests: module-level, as the queue needs an importable path."""

from __future__ import annotations

from django_tasks import task

from khoagiao.core.audit import audit_record

CALLS: list[str] = []
FAILING = {"on": True}


@task()
def count_call(label: str = "") -> str:
    CALLS.append(label)
    return label


@task()
def write_marker(text: str) -> str:
    """Leaves a trace in the database, so a test sees that the worker really ran it."""
    audit_record(actor=None, action="tests.marker", after={"text": text})
    return text.upper()


@task()
def fail_while_broken(number: int, *, reason: str) -> int:
    if FAILING["on"]:
        raise RuntimeError(f"hỏng: {reason}")
    audit_record(actor=None, action="tests.repaired", after={"number": number, "reason": reason})
    return number * 2
