from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from khoagiao.directives.choices import DirectiveIssuer, DirectiveKind
from khoagiao.directives.services.plans import plan_create
from khoagiao.directives.services.registry import directive_create
from khoagiao.orgs.models import Field


@pytest.fixture
def make_directive(cast: Any):
    def make(**overrides: Any):
        values: dict[str, Any] = {
            "kind": DirectiveKind.DIRECTIVE,
            "symbol": "20-CT/TW",
            "issued_on": dt.date(2012, 11, 5),
            "issuer": DirectiveIssuer.POLITBURO,
            "title": "Về tăng cường sự lãnh đạo của Đảng đối với công tác chăm sóc, giáo dục và bảo vệ trẻ em",
        }
        values.update(overrides)
        return directive_create(actor=cast.specialist, **values)

    return make


@pytest.fixture
def make_plan(cast: Any):
    def make(directive: Any, **overrides: Any):
        values: dict[str, Any] = {
            "symbol": "75-KH/TU",
            "issued_on": directive.issued_on + dt.timedelta(days=90),
            "title": "Kế hoạch thực hiện",
            "owner_unit": cast.department,
            "lead_unit": cast.health,
            "coordinating_units": [cast.education, cast.commune_a],
        }
        values.update(overrides)
        return plan_create(actor=cast.specialist, directive=directive, **values)

    return make


@pytest.fixture
def fields(db: Any) -> dict[str, Field]:
    from khoagiao.core.testing import make_field
    from khoagiao.demo.province import FIELDS

    return {code: make_field(code, name) for code, name in FIELDS}
