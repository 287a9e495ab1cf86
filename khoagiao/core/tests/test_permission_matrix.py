"""Every URL of the project, tried as every role (DESIGN.md §6).

The table below names each URL, how to build it from the cast, and who may open it. A URL added to the project
without a row here fails `test_every_url_of_the_project_is_in_the_matrix`, so the matrix cannot silently fall
behind. "Refused" means: not a 200, never a 500, and for state-changing URLs nothing changed.
"""

from __future__ import annotations

import importlib
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from khoagiao.accounts.choices import MembershipRole
from khoagiao.accounts.models import Membership
from khoagiao.accounts.services import api_token_create
from khoagiao.core.models import AuditEvent
from khoagiao.core.testing import Cast, make_user
from khoagiao.core.testing_matrix import (
    ADMINS,
    BLOC,
    BLOC_READERS,
    DEPARTMENT,
    EDUCATION,
    EVERYONE,
    READERS_A,
    ROLES,
    ROW_MODULES,
    TEMPLATE_KEEPERS,
    Row,
    reporting_objects,
)

pytestmark = pytest.mark.django_db


def _rep(name: str, key: str, **kwargs: Any) -> Callable[[Cast], str]:
    return lambda cast: reverse(name, args=[reporting_objects(cast)[key].pk], kwargs=kwargs or None)


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
    Row("notifications:list", lambda c: reverse("notifications:list"), EVERYONE),
    Row("notifications:preferences", lambda c: reverse("notifications:preferences"), EVERYONE),
    # Reporting: the unit's report and its history.
    Row("reporting:submission_list", lambda c: reverse("reporting:submission_list"), EVERYONE),
    Row("reporting:submission_detail", _rep("reporting:submission_detail", "sent"), READERS_A),
    Row("reporting:submission_value_history", _rep("reporting:submission_value_history", "sent"), READERS_A),
    Row(
        "reporting:submission_revision",
        lambda c: reverse("reporting:submission_revision", args=[reporting_objects(c)["sent"].pk, 1]),
        READERS_A,
    ),
    Row("reporting:attachment_download", _rep("reporting:attachment_download", "attachment"), READERS_A),
    Row("reporting:submission_unlock", _rep("reporting:submission_unlock", "sent"), DEPARTMENT),
    Row("reporting:excel_download", _rep("reporting:excel_download", "draft"), EDUCATION),
    Row("reporting:excel_upload", _rep("reporting:excel_upload", "draft"), EDUCATION),
    # Completeness and timeliness.
    Row("reporting:board_list", lambda c: reverse("reporting:board_list"), EVERYONE),
    Row("reporting:board", _rep("reporting:board", "duty"), BLOC_READERS),
    Row("reporting:board_export", _rep("reporting:board_export", "duty"), BLOC_READERS),
    # A unit's history (states and timeliness, no content) is open to everyone with the unit in scope.
    Row(
        "reporting:unit_history",
        _unit_url("reporting:unit_history", "commune_a"),
        READERS_A | {"admin", "commune_admin"},
    ),
    # Templates and duties: the department (and platform administrators).
    Row("reporting:template_list", lambda c: reverse("reporting:template_list"), TEMPLATE_KEEPERS),
    Row("reporting:template_create", lambda c: reverse("reporting:template_create"), TEMPLATE_KEEPERS),
    Row("reporting:template_detail", _rep("reporting:template_detail", "template"), TEMPLATE_KEEPERS),
    Row("reporting:template_edit", _rep("reporting:template_edit", "template"), TEMPLATE_KEEPERS),
    Row("reporting:version_detail", _rep("reporting:version_detail", "version"), TEMPLATE_KEEPERS),
    Row("reporting:version_publish", _rep("reporting:version_publish", "version"), TEMPLATE_KEEPERS),
    Row("reporting:section_create", _rep("reporting:section_create", "version"), TEMPLATE_KEEPERS),
    Row("reporting:section_edit", _rep("reporting:section_edit", "section"), TEMPLATE_KEEPERS),
    Row("reporting:indicator_create", _rep("reporting:indicator_create", "version"), TEMPLATE_KEEPERS),
    Row("reporting:indicator_edit", _rep("reporting:indicator_edit", "indicator"), TEMPLATE_KEEPERS),
    Row("reporting:rule_create", _rep("reporting:rule_create", "version"), TEMPLATE_KEEPERS),
    Row("reporting:rule_edit", _rep("reporting:rule_edit", "rule"), TEMPLATE_KEEPERS),
    Row("reporting:duty_list", lambda c: reverse("reporting:duty_list"), DEPARTMENT),
    Row("reporting:duty_create", lambda c: reverse("reporting:duty_create"), DEPARTMENT),
    Row("reporting:duty_units_preview", lambda c: reverse("reporting:duty_units_preview"), DEPARTMENT),
    Row("reporting:duty_detail", _rep("reporting:duty_detail", "duty"), DEPARTMENT),
    Row("reporting:duty_edit", _rep("reporting:duty_edit", "duty"), DEPARTMENT),
    Row("reporting:duty_ad_hoc", _rep("reporting:duty_ad_hoc", "duty"), DEPARTMENT),
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
    # The unit's own people act on their draft; the department reviews what was sent.
    Row("reporting:submission_save", _rep("reporting:submission_save", "draft"), EDUCATION, "post"),
    Row("reporting:submission_autosave", _rep("reporting:submission_autosave", "draft"), EDUCATION, "post"),
    Row(
        "reporting:submission_copy_from_last",
        _rep("reporting:submission_copy_from_last", "draft"),
        EDUCATION,
        "post",
    ),
    Row("reporting:submission_submit", _rep("reporting:submission_submit", "draft"), EDUCATION, "post"),
    Row("reporting:attachment_add", _rep("reporting:attachment_add", "draft"), EDUCATION, "post"),
    Row("reporting:excel_apply", _rep("reporting:excel_apply", "draft"), EDUCATION, "post"),
    Row("reporting:excel_cancel", _rep("reporting:excel_cancel", "draft"), EDUCATION, "post"),
    Row(
        "reporting:attachment_remove", _rep("reporting:attachment_remove", "attachment"), frozenset(), "post"
    ),
    Row("reporting:submission_approve", _rep("reporting:submission_approve", "sent"), frozenset(), "post"),
    Row(
        "reporting:submission_leader_return",
        _rep("reporting:submission_leader_return", "sent"),
        frozenset(),
        "post",
    ),
    Row("reporting:submission_accept", _rep("reporting:submission_accept", "sent"), DEPARTMENT, "post"),
    Row("reporting:submission_return", _rep("reporting:submission_return", "sent"), DEPARTMENT, "post"),
    Row("reporting:submission_reopen", _rep("reporting:submission_reopen", "sent"), DEPARTMENT, "post"),
    Row("reporting:version_start", _rep("reporting:version_start", "template"), TEMPLATE_KEEPERS, "post"),
    Row("reporting:version_discard", _rep("reporting:version_discard", "version"), TEMPLATE_KEEPERS, "post"),
    Row("reporting:section_delete", _rep("reporting:section_delete", "section"), TEMPLATE_KEEPERS, "post"),
    Row("reporting:section_move", _rep("reporting:section_move", "section"), TEMPLATE_KEEPERS, "post"),
    Row(
        "reporting:indicator_delete",
        _rep("reporting:indicator_delete", "indicator"),
        TEMPLATE_KEEPERS,
        "post",
    ),
    Row("reporting:indicator_move", _rep("reporting:indicator_move", "indicator"), TEMPLATE_KEEPERS, "post"),
    Row("reporting:rule_delete", _rep("reporting:rule_delete", "rule"), TEMPLATE_KEEPERS, "post"),
    Row("reporting:duty_generate", _rep("reporting:duty_generate", "duty"), DEPARTMENT, "post"),
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
    # A user's own notifications only (refusal across users is tested in core/tests/test_notifications.py).
    "notifications:open",
    "notifications:mark_read",
    "notifications:mark_all_read",
}


def _gather_app_rows() -> None:
    """Add each app's rows (khoagiao/<app>/tests/permission_rows.py) to the tables above."""
    for module_name in ROW_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        PAGES.extend(getattr(module, "PAGES", []))
        ACTIONS.extend(getattr(module, "ACTIONS", []))
        NOT_ROLE_BOUND.update(getattr(module, "NOT_ROLE_BOUND", set()))


_gather_app_rows()


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
        # 409: the action exists for this role but not in the object's state (e.g. removing a sent file).
        assert response.status_code in {302, 403, 404, 409}, (
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
        f"/api/v1/reporting/submissions/{reporting_objects(cast)['sent'].pk}": READERS_A,
        f"/api/v1/reporting/submissions/{reporting_objects(cast)['draft'].pk}": EDUCATION,
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
