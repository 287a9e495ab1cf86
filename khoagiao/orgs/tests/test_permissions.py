"""Who sees which units, and who may change the tree (DESIGN.md §6): the selectors scope, the services
refuse."""

from __future__ import annotations

import datetime as dt

import pytest

from khoagiao.accounts.choices import MembershipRole
from khoagiao.core.errors import NotFoundError, PermissionDeniedError
from khoagiao.core.testing import Cast, kinds_and_levels, make_unit, make_user
from khoagiao.orgs.permissions import can_manage_unit, can_manage_units
from khoagiao.orgs.selectors import unit_get, unit_list, unit_manageable_list, unit_tree
from khoagiao.orgs.services import unit_close, unit_create, unit_merge, unit_update

from .helpers import tree_state

NON_ADMINS = [
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


def test_a_commune_focal_point_sees_only_its_commune(cast: Cast) -> None:
    user = cast.commune_a_focal
    assert list(unit_list(user=user)) == [cast.commune_a]
    assert [node.unit for node in unit_tree(user=user)] == [cast.commune_a]
    assert unit_get(user=user, pk=cast.commune_a.pk) == cast.commune_a


def test_a_commune_focal_point_never_sees_the_other_commune(cast: Cast) -> None:
    user = cast.commune_a_focal
    assert not unit_list(user=user).filter(pk=cast.commune_b.pk).exists()
    assert unit_list(user=user, query="bac son").count() == 0
    assert unit_tree(user=user, query="Bắc Sơn") == []
    with pytest.raises(NotFoundError) as caught:
        unit_get(user=user, pk=cast.commune_b.pk)
    assert caught.value.message == "Không tìm thấy đơn vị, hoặc bạn không có quyền xem đơn vị này."


def test_a_department_specialist_sees_the_whole_bloc(cast: Cast) -> None:
    bloc = {cast.department, cast.division, cast.education, cast.health, cast.commune_a, cast.commune_b}
    assert set(unit_list(user=cast.specialist)) == bloc
    roots = unit_tree(user=cast.specialist)
    assert [node.unit for node in roots] == [cast.department]
    assert {node.unit for node in roots[0].children} == bloc - {cast.department}


def test_the_tree_search_folds_vietnamese_marks(cast: Cast) -> None:
    roots = unit_tree(user=cast.specialist, query="so giao duc")
    assert [node.unit for node in roots] == [cast.department]
    assert not roots[0].matches
    assert [(node.unit, node.matches) for node in roots[0].children] == [(cast.education, True)]


def test_the_tree_can_leave_out_closed_units(cast: Cast) -> None:
    unit_close(actor=cast.admin, unit=cast.health, valid_to=dt.date(2025, 3, 31), reason="Giải thể")
    with_closed = {node.unit for node in unit_tree(user=cast.specialist)[0].children}
    without = {node.unit for node in unit_tree(user=cast.specialist, include_closed=False)[0].children}
    assert cast.health in with_closed
    assert cast.health not in without
    # Closed units come last among their siblings.
    assert unit_tree(user=cast.specialist)[0].children[-1].unit == cast.health


def test_the_leadership_viewer_sees_everything_read_only(cast: Cast) -> None:
    assert unit_list(user=cast.viewer).count() == 7
    assert not can_manage_units(cast.viewer)
    assert not can_manage_unit(cast.viewer, cast.education)


def test_an_outsider_sees_no_unit(cast: Cast) -> None:
    assert unit_list(user=cast.outsider).count() == 0
    assert unit_tree(user=cast.outsider) == []


@pytest.mark.parametrize("role", NON_ADMINS)
def test_a_non_admin_is_refused_by_every_tree_service(cast: Cast, role: str) -> None:
    user = getattr(cast, role)
    kinds, levels = kinds_and_levels()
    assert not can_manage_units(user)
    assert unit_manageable_list(user=user).count() == 0
    before = tree_state()
    attempts = [
        lambda: unit_create(
            actor=user,
            parent=cast.department,
            code="so-moi",
            name="Sở mới",
            kind=kinds["agency"],
            level=levels["province"],
            valid_from=dt.date(2025, 1, 1),
        ),
        lambda: unit_update(actor=user, unit=cast.commune_a, name="Tên khác"),
        lambda: unit_update(actor=user, unit=cast.commune_a, parent=cast.commune_b),
        lambda: unit_close(actor=user, unit=cast.commune_a, valid_to=dt.date(2025, 6, 30), reason="Thử"),
        lambda: unit_merge(
            actor=user, predecessors=[cast.commune_a], successor=cast.commune_b, date=dt.date(2025, 7, 1)
        ),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDeniedError) as caught:
            attempt()
        assert caught.value.message.startswith("Bạn không có quyền")
    assert tree_state() == before


def test_an_admin_of_one_unit_manages_only_its_subtree(cast: Cast) -> None:
    school = make_unit("Trường Cao đẳng Sư phạm", parent=cast.education, code="cdsp")
    admin = make_user("quantri.sogd", role=MembershipRole.ADMIN, unit=cast.education)
    assert set(unit_manageable_list(user=admin)) == {cast.education, school}
    assert can_manage_unit(admin, school)
    assert not can_manage_unit(admin, cast.health)
    assert not can_manage_unit(admin, cast.department)
    before = tree_state()
    with pytest.raises(PermissionDeniedError, match="Bạn không có quyền quản trị đơn vị «Sở Y tế»"):
        unit_update(actor=admin, unit=cast.health, name="Sở Y tế tỉnh")
    with pytest.raises(PermissionDeniedError, match="đơn vị cấp trên mới «Sở Y tế»"):
        unit_update(actor=admin, unit=school, parent=cast.health)
    with pytest.raises(PermissionDeniedError):
        unit_merge(actor=admin, predecessors=[school], successor=cast.health, date=dt.date(2025, 7, 1))
    assert tree_state() == before
    unit_update(actor=admin, unit=school, short_name="CĐSP")
    school.refresh_from_db()
    assert school.short_name == "CĐSP"


def test_only_a_superuser_creates_a_root_unit(cast: Cast) -> None:
    kinds, levels = kinds_and_levels()
    before = tree_state()
    with pytest.raises(PermissionDeniedError, match="Chỉ quản trị cấp cao nhất"):
        unit_create(
            actor=cast.admin,
            parent=None,
            code="tinh-uy-2",
            name="Tỉnh ủy khác",
            kind=kinds["party_committee"],
            level=levels["province"],
            valid_from=dt.date(2025, 1, 1),
        )
    assert tree_state() == before


def test_the_province_admin_manages_every_unit(cast: Cast) -> None:
    assert can_manage_units(cast.admin)
    assert unit_manageable_list(user=cast.admin).count() == 7
    unit_close(actor=cast.admin, unit=cast.health, valid_to=dt.date(2025, 3, 31), reason="Giải thể")
    assert cast.health not in unit_manageable_list(user=cast.admin, open_only=True)
