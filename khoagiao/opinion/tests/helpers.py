"""Test helpers of the public-opinion app."""

from __future__ import annotations

from typing import Any

from khoagiao.core.testing import make_field
from khoagiao.opinion.services import issue_report


def field_health() -> Any:
    return make_field("y-te", "Y tế")


def field_education() -> Any:
    return make_field("giao-duc", "Giáo dục")


def report(
    cast: Any, *, actor: Any = None, unit: Any = None, title: str = "Phản ánh về giá sữa tăng", **extra: Any
):
    return issue_report(
        actor=actor or cast.commune_a_focal,
        reporting_unit=unit or cast.commune_a,
        title=title,
        **extra,
    )
