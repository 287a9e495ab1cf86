"""Giving and ending roles (memberships) from the user screens and through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from khoagiao.accounts.choices import MembershipRole
from khoagiao.accounts.models import Membership, User
from khoagiao.accounts.services import membership_create, membership_end
from khoagiao.core.errors import PermissionDeniedError, ValidationFailed
from khoagiao.core.permissions import user_scope
from khoagiao.core.testing import Cast, make_unit, make_user, root_user
from khoagiao.orgs.services import unit_close

from .helpers import after_of, audit_actions, before_of, form_errors, last_audit, messages_of

FOCAL = MembershipRole.FOCAL_POINT


@pytest.fixture
def admin_client(client: Client, cast: Cast) -> Client:
    client.force_login(cast.admin)
    return client


def add_url(user: User) -> str:
    return reverse("accounts:membership_create", args=[user.pk])


def test_admin_gives_a_role_in_a_unit_and_it_is_audited(admin_client: Client, cast: Cast) -> None:
    response = admin_client.post(add_url(cast.outsider), {"unit": cast.health.pk, "role": FOCAL})

    assert response["Location"] == reverse("accounts:user_detail", args=[cast.outsider.pk])
    assert messages_of(response) == ["Đã giao vai trò «Đầu mối đơn vị» tại «Sở Y tế»."]
    membership = Membership.objects.get(user=cast.outsider)
    assert (membership.unit, membership.role, membership.is_active) == (cast.health, FOCAL, True)
    assert membership.created_by == cast.admin
    event = last_audit("accounts.membership_create")
    assert event.actor == cast.admin
    assert event.after == {
        "user": cast.outsider.pk,
        "unit": cast.health.pk,
        "role": FOCAL,
        "is_active": True,
        "ended_at": None,
    }
    assert user_scope(cast.outsider).allows(cast.health.pk)


def test_the_unit_choices_are_the_open_units_the_admin_manages(client: Client, cast: Cast) -> None:
    commune_admin = make_user("quantri.anbinh", role=MembershipRole.ADMIN, unit=cast.commune_a)
    hamlet = make_unit("Chi bộ thôn 1", parent=cast.commune_a, code="thon-1", level="commune")
    closed = make_unit("Chi bộ thôn 2", parent=cast.commune_a, code="thon-2", level="commune")
    unit_close(
        actor=root_user(),
        unit=closed,
        valid_to=timezone.localdate() - dt.timedelta(days=1),
        reason="Sáp nhập",
    )
    client.force_login(commune_admin)

    form = client.get(reverse("accounts:user_detail", args=[cast.outsider.pk])).context["membership_form"]

    assert list(form.fields["unit"].queryset) == [cast.commune_a, hamlet]


def test_a_role_without_a_unit_gives_a_clear_message(admin_client: Client, cast: Cast) -> None:
    response = admin_client.post(add_url(cast.outsider), {"unit": "", "role": FOCAL})

    assert response.status_code == 200
    assert form_errors(response, "membership_form")["unit"] == [
        "Hãy chọn đơn vị cho phân quyền: vai trò luôn gắn với một đơn vị."
    ]
    assert 'value="focal_point" selected' in response.content.decode()
    assert not Membership.objects.filter(user=cast.outsider).exists()

    with pytest.raises(ValidationFailed, match="Hãy chọn đơn vị"):
        membership_create(actor=cast.admin, user=cast.outsider, unit=None, role=FOCAL)


def test_a_duplicate_role_is_refused(admin_client: Client, cast: Cast) -> None:
    response = admin_client.post(add_url(cast.education_focal), {"unit": cast.education.pk, "role": FOCAL})

    assert response.status_code == 200
    assert form_errors(response, "membership_form")["__all__"] == [
        "Daumoi Sogd đã có vai trò «Đầu mối đơn vị» tại «Sở Giáo dục và Đào tạo»."
    ]
    assert Membership.objects.filter(user=cast.education_focal).count() == 1
    assert audit_actions(action_prefix="accounts.membership") == []


def test_another_role_in_the_same_unit_is_allowed(admin_client: Client, cast: Cast) -> None:
    admin_client.post(
        add_url(cast.education_focal), {"unit": cast.education.pk, "role": MembershipRole.REPORTER}
    )

    roles = set(Membership.objects.filter(user=cast.education_focal).values_list("role", flat=True))
    assert roles == {FOCAL, MembershipRole.REPORTER}


def test_a_role_in_a_closed_unit_is_refused(admin_client: Client, cast: Cast) -> None:
    unit_close(
        actor=cast.admin,
        unit=cast.commune_b,
        valid_to=timezone.localdate() - dt.timedelta(days=1),
        reason="Sáp nhập",
    )
    cast.commune_b.refresh_from_db()

    response = admin_client.post(add_url(cast.outsider), {"unit": cast.commune_b.pk, "role": FOCAL})

    assert form_errors(response, "membership_form")["unit"] == [
        "Hãy chọn một đơn vị đang hoạt động trong phạm vi bạn quản trị."
    ]
    with pytest.raises(ValidationFailed, match="Đảng ủy phường Bắc Sơn» đã đóng") as refusal:
        membership_create(actor=cast.admin, user=cast.outsider, unit=cast.commune_b, role=FOCAL)
    assert refusal.value.code == "unit_closed"
    assert not Membership.objects.filter(user=cast.outsider).exists()


def test_a_unit_closing_today_still_takes_roles(cast: Cast) -> None:
    unit_close(actor=cast.admin, unit=cast.commune_b, valid_to=timezone.localdate(), reason="Sáp nhập")
    cast.commune_b.refresh_from_db()

    membership = membership_create(actor=cast.admin, user=cast.outsider, unit=cast.commune_b, role=FOCAL)

    assert membership.is_active


def test_a_role_outside_the_admin_subtree_is_refused(client: Client, cast: Cast) -> None:
    commune_admin = make_user("quantri.anbinh", role=MembershipRole.ADMIN, unit=cast.commune_a)
    client.force_login(commune_admin)

    response = client.post(add_url(cast.outsider), {"unit": cast.health.pk, "role": MembershipRole.ADMIN})

    assert form_errors(response, "membership_form")["unit"]
    with pytest.raises(PermissionDeniedError, match="Sở Y tế"):
        membership_create(
            actor=commune_admin, user=cast.outsider, unit=cast.health, role=MembershipRole.ADMIN
        )
    assert not Membership.objects.filter(user=cast.outsider).exists()


def test_no_role_is_preselected(admin_client: Client, cast: Cast) -> None:
    page = admin_client.get(reverse("accounts:user_detail", args=[cast.outsider.pk])).content.decode()
    assert '<option value="" selected>— Chọn vai trò —</option>' in page

    response = admin_client.post(add_url(cast.outsider), {"unit": cast.health.pk, "role": ""})

    assert form_errors(response, "membership_form")["role"] == ["Hãy chọn vai trò."]
    assert not Membership.objects.filter(user=cast.outsider).exists()


def test_an_unknown_role_is_refused(admin_client: Client, cast: Cast) -> None:
    response = admin_client.post(add_url(cast.outsider), {"unit": cast.health.pk, "role": "god"})

    assert form_errors(response, "membership_form")["role"] == ["Hãy chọn một vai trò trong danh sách."]
    with pytest.raises(ValidationFailed):
        membership_create(actor=cast.admin, user=cast.outsider, unit=cast.health, role="god")


def test_admin_ends_a_role_and_the_user_loses_its_scope(admin_client: Client, cast: Cast) -> None:
    membership = Membership.objects.get(user=cast.education_focal)
    assert user_scope(cast.education_focal).allows(cast.education.pk)

    response = admin_client.post(reverse("accounts:membership_end", args=[membership.pk]))

    assert response["Location"] == reverse("accounts:user_detail", args=[cast.education_focal.pk])
    membership.refresh_from_db()
    assert membership.is_active is False
    assert membership.ended_at is not None
    event = last_audit("accounts.membership_end")
    assert (event.actor, before_of(event)["is_active"], after_of(event)["is_active"]) == (
        cast.admin,
        True,
        False,
    )
    focal = type(cast.education_focal).objects.get(pk=cast.education_focal.pk)
    assert not user_scope(focal).allows(cast.education.pk)
    # The ended role stays in the history on the user's page.
    detail = admin_client.get(
        reverse("accounts:user_detail", args=[cast.education_focal.pk])
    ).content.decode()
    assert "đã kết thúc" in detail


def test_ending_an_ended_role_is_refused(admin_client: Client, cast: Cast) -> None:
    membership = Membership.objects.get(user=cast.education_focal)
    admin_client.post(reverse("accounts:membership_end", args=[membership.pk]))

    response = admin_client.post(reverse("accounts:membership_end", args=[membership.pk]))

    assert messages_of(response) == ["Phân quyền này đã kết thúc trước đó."]
    assert audit_actions(membership) == ["accounts.membership_end"]


def test_an_ended_role_can_be_given_again(cast: Cast) -> None:
    membership = Membership.objects.get(user=cast.education_focal)
    membership_end(actor=cast.admin, membership=membership)

    again = membership_create(actor=cast.admin, user=cast.education_focal, unit=cast.education, role=FOCAL)

    assert again.pk != membership.pk
    assert Membership.objects.filter(user=cast.education_focal).count() == 2


def test_a_commune_admin_cannot_end_a_role_outside_his_commune(client: Client, cast: Cast) -> None:
    commune_admin = make_user("quantri.anbinh", role=MembershipRole.ADMIN, unit=cast.commune_a)
    membership = Membership.objects.get(user=cast.education_focal)
    client.force_login(commune_admin)

    response = client.post(reverse("accounts:membership_end", args=[membership.pk]))

    assert "ngoài phạm vi của bạn" in messages_of(response)[0]
    with pytest.raises(PermissionDeniedError):
        membership_end(actor=commune_admin, membership=membership)
    membership.refresh_from_db()
    assert membership.is_active
