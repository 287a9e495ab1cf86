"""The caller's own account, and the shared list of fields."""

from khoagiao.accounts.choices import MembershipRole
from khoagiao.accounts.models import Membership
from khoagiao.core.testing import make_field
from khoagiao.orgs.models import Field

from .conftest import ApiClient


def test_me_describes_the_caller_and_their_memberships(cast):
    body = ApiClient(cast.commune_a_focal).get("/me").json()
    assert body["id"] == cast.commune_a_focal.pk
    assert body["username"] == "daumoi.anbinh"
    assert body["full_name"] == cast.commune_a_focal.full_name
    assert body["is_superuser"] is False
    assert len(body["memberships"]) == 1
    membership = body["memberships"][0]
    assert membership["unit"] == {"id": cast.commune_a.pk, "code": "xa-an-binh", "name": "Đảng ủy xã An Bình"}
    assert membership["role"] == "focal_point"
    assert membership["role_label"] == "Đầu mối đơn vị"


def test_me_by_session_lists_every_active_membership(cast):
    Membership.objects.create(user=cast.specialist, unit=cast.education, role=MembershipRole.VIEWER)
    Membership.objects.create(
        user=cast.specialist, unit=cast.health, role=MembershipRole.REPORTER, is_active=False
    )
    body = ApiClient(cast.specialist, via="session").get("/me").json()
    assert {(m["unit"]["id"], m["role"], m["role_label"]) for m in body["memberships"]} == {
        (cast.department.pk, "dept_specialist", "Chuyên viên Ban"),
        (cast.education.pk, "viewer", "Lãnh đạo Tỉnh ủy (chỉ xem)"),
    }


def test_me_of_a_user_without_membership_has_none(cast):
    body = ApiClient(cast.outsider).get("/me").json()
    assert body["username"] == "khachvanglai"
    assert body["memberships"] == []


def test_fields_lists_the_active_fields_in_order(cast):
    make_field("y-te", "Y tế")
    make_field("giao-duc", "Giáo dục và đào tạo")
    Field.objects.filter(code="y-te").update(sort_order=5)
    Field.objects.create(code="cu", name="Lĩnh vực cũ", is_active=False)
    body = ApiClient(cast.commune_b_focal).get("/fields").json()
    assert [(f["code"], f["name"], f["is_active"]) for f in body] == [
        ("y-te", "Y tế", True),
        ("giao-duc", "Giáo dục và đào tạo", True),
    ]
    assert set(body[0]) == {"id", "code", "name", "is_active"}


def test_fields_can_include_inactive_ones(cast):
    make_field("giao-duc", "Giáo dục và đào tạo")
    Field.objects.create(code="cu", name="Lĩnh vực cũ", is_active=False)
    codes = {f["code"] for f in ApiClient(cast.specialist).get("/fields", include_inactive="true").json()}
    assert codes == {"giao-duc", "cu"}
