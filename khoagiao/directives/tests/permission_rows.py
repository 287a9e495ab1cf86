"""The registry, plan, review and agreement screens in the permission matrix
(khoagiao/core/tests/test_permission_matrix.py).

Objects: a directive in the registry with an attached file and its review milestones (not opened); the
province's implementation plan of it, kept by the department, led by the education agency with commune A
coordinating; a coordination agreement kept by the department with the education agency and commune A as
parties, and one item."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.urls import reverse

from khoagiao.core.testing import Cast
from khoagiao.core.testing_matrix import DEPARTMENT, EVERYONE, Row

# The registry (and a milestone's page) is read by every active user with a membership, whatever the role.
REGISTRY_READERS = EVERYONE - {"outsider"}
# Registry editors: the department and the platform's administrators (a commune's administrator is not one).
REGISTRY_EDITORS = frozenset({"admin", "leader", "specialist"})
# The upcoming reviews: the department, the platform's administrators and leadership viewers.
REVIEW_READERS = REGISTRY_EDITORS | {"viewer"}
# A plan or agreement owned by the department: staff roles over the owner unit (province administrator,
# viewer, department), and the unit roles whose scope holds a unit concerned (the reporter at the department,
# the education agency, commune A's focal point). Commune A's administrator is neither (administrator is not a
# unit-reader role), commune B is not concerned.
OWNED_READERS = frozenset(
    {
        "admin",
        "viewer",
        "leader",
        "specialist",
        "reporter",
        "education_leader",
        "education_focal",
        "commune_a_focal",
    }
)


def directive_objects(cast: Cast) -> dict[str, Any]:
    cached: dict[str, Any] | None = getattr(cast, "_directives", None)
    if cached is None:
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.utils import timezone

        from khoagiao.directives.choices import DirectiveIssuer, DirectiveKind, ItemFrequency
        from khoagiao.directives.services.agreements import agreement_create, agreement_item_create
        from khoagiao.directives.services.plans import plan_create
        from khoagiao.directives.services.registry import directive_attachment_add, directive_create

        today = timezone.localdate()
        directive = directive_create(
            actor=cast.specialist,
            kind=DirectiveKind.DIRECTIVE,
            symbol="20-CT/TW",
            issued_on=dt.date(2022, 11, 5),
            issuer=DirectiveIssuer.POLITBURO,
            title="Về tăng cường sự lãnh đạo của Đảng đối với công tác chăm sóc, giáo dục và bảo vệ trẻ em",
            interim_review_years=5,
            final_review_years=10,
        )
        attachment = directive_attachment_add(
            actor=cast.specialist, directive=directive, file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 demo")
        )
        plan = plan_create(
            actor=cast.specialist,
            directive=directive,
            symbol="75-KH/TU",
            issued_on=dt.date(2023, 2, 1),
            title="Kế hoạch thực hiện",
            owner_unit=cast.department,
            lead_unit=cast.education,
            coordinating_units=[cast.commune_a],
        )
        agreement = agreement_create(
            actor=cast.specialist,
            title="Quy chế phối hợp công tác khoa giáo",
            signed_on=dt.date(today.year, 1, 10),
            start_year=today.year,
            end_year=today.year + 2,
            owner_unit=cast.department,
            parties=[cast.education, cast.commune_a],
        )
        agreement_item_create(
            actor=cast.specialist,
            agreement=agreement,
            title="Trao đổi thông tin",
            lead_unit=cast.education,
            frequency=ItemFrequency.YEAR,
        )
        cached = {
            "directive": directive,
            "attachment": attachment,
            "plan": plan,
            "milestone": directive.milestones.order_by("due_on").first(),
            "agreement": agreement,
        }
        setattr(cast, "_directives", cached)  # noqa: B010  (a per-test cache on the cast)
    return cached


def _url(name: str, key: str) -> Callable[[Cast], str]:
    return lambda cast: reverse(name, args=[directive_objects(cast)[key].pk])


def _plain(name: str) -> Callable[[Cast], str]:
    return lambda cast: reverse(name)


PAGES = [
    # The registry.
    Row("directives:directive_list", _plain("directives:directive_list"), REGISTRY_READERS),
    Row("directives:directive_detail", _url("directives:directive_detail", "directive"), REGISTRY_READERS),
    Row(
        "directives:directive_attachment_download",
        _url("directives:directive_attachment_download", "attachment"),
        REGISTRY_READERS,
    ),
    Row("directives:directive_create", _plain("directives:directive_create"), REGISTRY_EDITORS),
    Row("directives:directive_edit", _url("directives:directive_edit", "directive"), REGISTRY_EDITORS),
    Row(
        "directives:directive_review_rule",
        _url("directives:directive_review_rule", "directive"),
        REGISTRY_EDITORS,
    ),
    Row(
        "directives:directive_successor",
        _url("directives:directive_successor", "directive"),
        REGISTRY_EDITORS,
    ),
    # Plans: created by the department (any department member; the owner unit is checked on saving).
    Row("directives:plan_create", _url("directives:plan_create", "directive"), DEPARTMENT),
    Row("directives:plan_detail", _url("directives:plan_detail", "plan"), OWNED_READERS),
    # Reviews.
    Row("directives:review_list", _plain("directives:review_list"), REVIEW_READERS),
    Row("directives:milestone_detail", _url("directives:milestone_detail", "milestone"), REGISTRY_READERS),
    # Coordination agreements.
    Row("directives:agreement_list", _plain("directives:agreement_list"), REGISTRY_READERS),
    Row("directives:agreement_create", _plain("directives:agreement_create"), DEPARTMENT),
    Row("directives:agreement_detail", _url("directives:agreement_detail", "agreement"), OWNED_READERS),
    Row(
        "directives:agreement_evaluation",
        _url("directives:agreement_evaluation", "agreement"),
        OWNED_READERS,
    ),
]

ACTIONS = [
    Row("directives:directive_create", _plain("directives:directive_create"), REGISTRY_EDITORS, "post"),
    Row(
        "directives:directive_edit",
        _url("directives:directive_edit", "directive"),
        REGISTRY_EDITORS,
        "post",
    ),
    Row(
        "directives:directive_review_rule",
        _url("directives:directive_review_rule", "directive"),
        REGISTRY_EDITORS,
        "post",
    ),
    Row(
        "directives:directive_successor",
        _url("directives:directive_successor", "directive"),
        REGISTRY_EDITORS,
        "post",
    ),
    Row(
        "directives:directive_attachment_add",
        _url("directives:directive_attachment_add", "directive"),
        REGISTRY_EDITORS,
        "post",
    ),
    # Plans, milestones and agreements: the department over the owner unit (not administrators).
    Row("directives:plan_create", _url("directives:plan_create", "directive"), DEPARTMENT, "post"),
    Row("directives:plan_detail", _url("directives:plan_detail", "plan"), DEPARTMENT, "post"),
    Row("directives:milestone_open", _url("directives:milestone_open", "milestone"), DEPARTMENT, "post"),
    Row("directives:milestone_done", _url("directives:milestone_done", "milestone"), DEPARTMENT, "post"),
    Row("directives:agreement_create", _plain("directives:agreement_create"), DEPARTMENT, "post"),
    Row(
        "directives:agreement_detail",
        _url("directives:agreement_detail", "agreement"),
        DEPARTMENT,
        "post",
    ),
    Row(
        "directives:agreement_generate",
        _url("directives:agreement_generate", "agreement"),
        DEPARTMENT,
        "post",
    ),
]
