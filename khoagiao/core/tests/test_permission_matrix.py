"""Every URL of the project, tried as every role (DESIGN.md §6).

The table below names each URL, how to build it from the cast, and who may open it. A URL added to the project
without a row here fails `test_every_url_of_the_project_is_in_the_matrix`, so the matrix cannot silently fall
behind. "Refused" means: not a 200, never a 500, and for state-changing URLs nothing changed.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from khoagiao.accounts.choices import MembershipRole
from khoagiao.accounts.models import Membership
from khoagiao.accounts.services import api_token_create
from khoagiao.core.models import AuditEvent
from khoagiao.core.testing import Cast, make_user

pytestmark = pytest.mark.django_db

ROLES = [
    "admin",
    "commune_admin",
    "viewer",
    "leader",
    "specialist",
    "reporter",
    "education_leader",
    "education_focal",
    "commune_a_focal",
    "commune_b_focal",
    "outsider",
]
EVERYONE = frozenset(ROLES)
ADMINS = frozenset({"admin"})
BLOC = frozenset({"admin", "viewer", "leader", "specialist", "reporter"})


@dataclass(frozen=True)
class Row:
    name: str
    url: Callable[[Cast], str]
    allowed: frozenset[str]
    method: str = "get"


def _unit_url(name: str, attr: str) -> Callable[[Cast], str]:
    return lambda cast: reverse(name, args=[getattr(cast, attr).pk])


def _user_url(name: str) -> Callable[[Cast], str]:
    return lambda cast: reverse(name, args=[cast.commune_b_focal.pk])


PAGES = [
    Row("core:home", lambda c: reverse("core:home"), EVERYONE),
    Row("orgs:unit_tree", lambda c: reverse("orgs:unit_tree"), EVERYONE),
    Row(
        "orgs:unit_detail",
        _unit_url("orgs:unit_detail", "commune_a"),
        BLOC | {"commune_admin", "commune_a_focal"},
    ),
    Row("orgs:unit_create", lambda c: reverse("orgs:unit_create"), ADMINS | {"commune_admin"}),
    Row("orgs:unit_edit", _unit_url("orgs:unit_edit", "commune_a"), ADMINS | {"commune_admin"}),
    Row("orgs:unit_close", _unit_url("orgs:unit_close", "commune_a"), ADMINS | {"commune_admin"}),
    Row("orgs:unit_merge", lambda c: reverse("orgs:unit_merge"), ADMINS | {"commune_admin"}),
    Row("accounts:profile", lambda c: reverse("accounts:profile"), EVERYONE),
    Row("accounts:password_change", lambda c: reverse("accounts:password_change"), EVERYONE),
    Row("accounts:user_list", lambda c: reverse("accounts:user_list"), ADMINS | {"commune_admin"}),
    Row("accounts:user_create", lambda c: reverse("accounts:user_create"), ADMINS | {"commune_admin"}),
    Row("accounts:user_detail", _user_url("accounts:user_detail"), ADMINS),
    Row("accounts:user_edit", _user_url("accounts:user_edit"), ADMINS),
    Row("core:audit_list", lambda c: reverse("core:audit_list"), ADMINS),
    Row("core:job_list", lambda c: reverse("core:job_list"), ADMINS),
    Row("core:calendar", lambda c: reverse("core:calendar"), ADMINS),
]

# State-changing URLs (POST only); refused roles must leave no trace in the audit trail.
ACTIONS = [
    Row("accounts:user_lock", _user_url("accounts:user_lock"), ADMINS, "post"),
    Row("accounts:user_unlock", _user_url("accounts:user_unlock"), ADMINS, "post"),
    Row("accounts:user_password_link", _user_url("accounts:user_password_link"), ADMINS, "post"),
    Row("accounts:membership_create", _user_url("accounts:membership_create"), ADMINS, "post"),
    Row(
        "accounts:membership_end",
        lambda c: reverse("accounts:membership_end", args=[c.commune_b_focal.memberships.get().pk]),
        ADMINS,
        "post",
    ),
    Row("core:job_retry", lambda c: reverse("core:job_retry", args=[uuid.uuid4()]), ADMINS, "post"),
    Row(
        "core:calendar_day_remove",
        lambda c: reverse("core:calendar_day_remove", args=[999999]),
        ADMINS,
        "post",
    ),
]

# Public or self-service URLs that need no role, and API routes (tried in test_api_routes_as_every_role).
NOT_ROLE_BOUND = {
    "healthz",
    "set_language",
    "accounts:login",
    "accounts:logout",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:api_token_create",
    "accounts:api_token_revoke",
}


def _all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names


@pytest.fixture
def people(cast: Cast) -> dict[str, Any]:
    commune_admin = make_user("quantri.anbinh")
    Membership.objects.create(user=commune_admin, unit=cast.commune_a, role=MembershipRole.ADMIN)
    return {role: (commune_admin if role == "commune_admin" else getattr(cast, role)) for role in ROLES}


def test_every_url_of_the_project_is_in_the_matrix():
    covered = {row.name for row in PAGES + ACTIONS} | NOT_ROLE_BOUND
    web_names = {name for name in _all_url_names() if not name.startswith("api-")}
    assert web_names - covered == set(), "add these URLs to the permission matrix"


@pytest.mark.parametrize("row", PAGES, ids=lambda row: row.name)
def test_pages_as_every_role(row: Row, cast: Cast, people: dict[str, Any], client: Any) -> None:
    url = row.url(cast)
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/tai-khoan/dang-nhap/" in anonymous["Location"]
    for role, user in people.items():
        client.force_login(user)
        response = client.get(url)
        if role in row.allowed:
            assert response.status_code == 200, (
                f"{row.name} should open for {role}, got {response.status_code}"
            )
        else:
            assert response.status_code in {302, 403, 404}, (
                f"{row.name} must refuse {role}, got {response.status_code}"
            )
        client.logout()


@pytest.mark.parametrize("row", ACTIONS, ids=lambda row: row.name)
def test_actions_are_refused_to_every_other_role(
    row: Row, cast: Cast, people: dict[str, Any], client: Any
) -> None:
    url = row.url(cast)
    for role, user in people.items():
        if role in row.allowed:
            continue
        before = AuditEvent.objects.count()
        client.force_login(user)
        response = client.post(url, {"unit": cast.commune_b.pk, "role": MembershipRole.ADMIN})
        assert response.status_code in {302, 403, 404}, (
            f"{row.name} must refuse {role}, got {response.status_code}"
        )
        assert AuditEvent.objects.count() == before, f"{row.name} wrote something for {role}"
        client.logout()
    assert cast.commune_b_focal.memberships.filter(is_active=True).count() == 1
    cast.commune_b_focal.refresh_from_db()
    assert cast.commune_b_focal.is_active


def test_api_routes_as_every_role(cast: Cast, people: dict[str, Any], client: Any) -> None:
    expectations = {
        "/api/v1/me": EVERYONE,
        "/api/v1/fields": EVERYONE,
        "/api/v1/units": EVERYONE,
        "/api/v1/units/tree": EVERYONE,
        f"/api/v1/units/{cast.commune_a.pk}": BLOC | {"commune_admin", "commune_a_focal"},
        f"/api/v1/units/{cast.education.pk}": BLOC | {"education_leader", "education_focal"},
    }
    for path in expectations:
        assert client.get(path).status_code == 401
    for role, user in people.items():
        _, token = api_token_create(actor=user, user=user, name="matrix")
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        for path, allowed in expectations.items():
            response = client.get(path, **headers)
            expected = 200 if role in allowed else 404
            assert response.status_code == expected, f"{path} as {role}: {response.status_code}"
        unit_ids = {
            item["id"] for item in client.get("/api/v1/units?page_size=100", **headers).json()["items"]
        }
        assert (cast.commune_b.pk in unit_ids) == (role in BLOC | {"commune_b_focal"}), role
