"""The writes to the tree: bad input is refused with a clear Vietnamese message and changes nothing; moves,
closures and mergers do what the domain expects (DESIGN.md §4, docs/foundation.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from khoagiao.accounts.choices import MembershipRole
from khoagiao.accounts.models import Membership, User
from khoagiao.core.errors import ConflictError, ValidationFailed
from khoagiao.core.models import AuditEvent
from khoagiao.core.permissions import user_scope
from khoagiao.core.testing import Cast, kinds_and_levels, make_field, make_unit
from khoagiao.orgs.models import Unit, UnitSuccession
from khoagiao.orgs.selectors import unit_descendants, unit_get, unit_tree
from khoagiao.orgs.services import unit_close, unit_create, unit_merge, unit_update

from .helpers import audit_actions, audit_change, tree_state

MERGER_DAY = dt.date(2025, 7, 1)


def refresh(*units: Unit) -> None:
    for unit in units:
        unit.refresh_from_db()


def new_unit_kwargs(cast: Cast, **overrides: object) -> dict[str, object]:
    kinds, levels = kinds_and_levels()
    values: dict[str, object] = {
        "parent": cast.department,
        "code": "so-khcn",
        "name": "Sở Khoa học và Công nghệ",
        "kind": kinds["agency"],
        "level": levels["province"],
        "valid_from": dt.date(2025, 3, 1),
    }
    return {**values, **overrides}


# --- Bad input: a clear message, nothing changed ------------------------------------------------------------


def test_moving_a_unit_under_its_own_descendant_is_refused(cast: Cast) -> None:
    school = make_unit("Trường Cao đẳng Y tế", parent=cast.education, code="cd-yte")
    before = tree_state()
    with pytest.raises(ValidationFailed) as caught:
        unit_update(actor=cast.admin, unit=cast.education, parent=school)
    assert caught.value.code == "unit_cycle"
    assert "Không thể chuyển «Sở Giáo dục và Đào tạo» vào dưới chính nó" in caught.value.message
    assert caught.value.details == {"field": "parent"}
    assert tree_state() == before


def test_moving_a_unit_under_itself_is_refused(cast: Cast) -> None:
    before = tree_state()
    with pytest.raises(ValidationFailed) as caught:
        unit_update(actor=cast.admin, unit=cast.health, parent=cast.health)
    assert caught.value.code == "unit_cycle"
    assert tree_state() == before


def test_merging_into_a_closed_unit_is_refused(cast: Cast) -> None:
    unit_close(actor=cast.admin, unit=cast.health, valid_to=dt.date(2025, 3, 31), reason="Giải thể")
    before = tree_state()
    with pytest.raises(ValidationFailed) as caught:
        unit_merge(actor=cast.admin, predecessors=[cast.commune_a], successor=cast.health, date=MERGER_DAY)
    assert caught.value.code == "successor_closed"
    assert caught.value.message == (
        "Không thể hợp nhất vào «Sở Y tế» vì đơn vị này không hoạt động vào ngày 01/07/2025."
    )
    assert tree_state() == before


def test_merging_a_unit_into_itself_is_refused(cast: Cast) -> None:
    before = tree_state()
    with pytest.raises(ValidationFailed) as caught:
        unit_merge(
            actor=cast.admin,
            predecessors=[cast.education, cast.health],
            successor=cast.education,
            date=MERGER_DAY,
        )
    assert caught.value.code == "merge_into_self"
    assert "không thể đồng thời là đơn vị được hợp nhất" in caught.value.message
    assert tree_state() == before


def test_closing_a_unit_that_still_has_open_children_is_refused(cast: Cast) -> None:
    before = tree_state()
    with pytest.raises(ValidationFailed) as caught:
        unit_close(actor=cast.admin, unit=cast.department, valid_to=dt.date(2025, 6, 30), reason="Sáp nhập")
    assert caught.value.code == "unit_has_open_children"
    assert caught.value.message.startswith("Còn 5 đơn vị trực thuộc hoạt động sau ngày 30/06/2025")
    assert "hãy đóng hoặc chuyển các đơn vị này trước" in caught.value.message
    assert tree_state() == before


def test_closing_a_unit_whose_children_closed_earlier_is_allowed(cast: Cast) -> None:
    branch = make_unit("Chi bộ thôn 1", parent=cast.commune_a, code="chi-bo-1", kind="party_committee")
    unit_close(actor=cast.admin, unit=branch, valid_to=dt.date(2025, 5, 31), reason="Giải thể chi bộ")
    unit_close(actor=cast.admin, unit=cast.commune_a, valid_to=dt.date(2025, 6, 30), reason="Sắp xếp lại")
    refresh(cast.commune_a)
    assert cast.commune_a.valid_to == dt.date(2025, 6, 30)
    assert cast.commune_a.closing_note == "Sắp xếp lại"
    assert audit_actions(prefix="orgs.unit_close") == ["orgs.unit_close", "orgs.unit_close"]


@pytest.mark.parametrize("code", ["so-yte", "SO-YTE", " so-yte "])
def test_creating_a_unit_with_a_code_already_used_is_refused(cast: Cast, code: str) -> None:
    before = tree_state()
    with pytest.raises(ValidationFailed) as caught:
        unit_create(actor=cast.admin, **new_unit_kwargs(cast, code=code))  # type: ignore[arg-type]
    assert caught.value.message == f"Mã đơn vị «{code.strip()}» đã được dùng cho đơn vị «Sở Y tế»."
    assert caught.value.details == {"field": "code"}
    assert tree_state() == before


def test_changing_a_code_to_one_already_used_is_refused(cast: Cast) -> None:
    before = tree_state()
    with pytest.raises(ValidationFailed) as caught:
        unit_update(actor=cast.admin, unit=cast.education, code="so-yte")
    assert "đã được dùng cho đơn vị «Sở Y tế»" in caught.value.message
    assert tree_state() == before


@pytest.mark.parametrize("name", ["", "   "])
def test_creating_a_unit_with_an_empty_name_is_refused(cast: Cast, name: str) -> None:
    before = tree_state()
    with pytest.raises(ValidationFailed) as caught:
        unit_create(actor=cast.admin, **new_unit_kwargs(cast, name=name))  # type: ignore[arg-type]
    assert caught.value.message == "Tên đơn vị không được để trống."
    assert caught.value.details == {"field": "name"}
    assert tree_state() == before


def test_renaming_a_unit_to_an_empty_name_is_refused(cast: Cast) -> None:
    before = tree_state()
    with pytest.raises(ValidationFailed, match="Tên đơn vị không được để trống."):
        unit_update(actor=cast.admin, unit=cast.health, name="  ")
    assert tree_state() == before


@pytest.mark.parametrize(
    ("overrides", "field", "expected"),
    [
        ({"code": ""}, "code", "Mã đơn vị không được để trống."),
        ({"code": "sở-y-tế"}, "code", "chỉ được gồm chữ cái không dấu"),
        ({"code": "so khcn"}, "code", "chỉ được gồm chữ cái không dấu"),
        ({"name": "Sở " * 100}, "name", "«Tên đơn vị» dài tối đa 255 ký tự"),
        ({"document_symbol": "X" * 41}, "document_symbol", "«Ký hiệu văn bản» dài tối đa 40 ký tự"),
        ({"email": "khong-phai-email"}, "email", "Địa chỉ e-mail «khong-phai-email» không hợp lệ."),
        ({"kind": None}, "kind", "Hãy chọn loại đơn vị."),
    ],
)
def test_creating_a_unit_with_malformed_input_is_refused_before_the_database(
    cast: Cast, overrides: dict[str, object], field: str, expected: str
) -> None:
    before = tree_state()
    with pytest.raises(ValidationFailed) as caught:
        unit_create(actor=cast.admin, **new_unit_kwargs(cast, **overrides))  # type: ignore[arg-type]
    assert expected in caught.value.message
    assert caught.value.details == {"field": field}
    assert tree_state() == before


def test_creating_a_unit_under_a_closed_parent_is_refused(cast: Cast) -> None:
    unit_close(actor=cast.admin, unit=cast.health, valid_to=dt.date(2025, 3, 31), reason="Giải thể")
    before = tree_state()
    with pytest.raises(ValidationFailed) as caught:
        unit_create(
            actor=cast.admin,
            **new_unit_kwargs(cast, parent=cast.health, valid_from=dt.date(2025, 1, 1)),  # type: ignore[arg-type]
        )
    assert caught.value.code == "parent_closed"
    assert "Đơn vị cấp trên «Sở Y tế»" in caught.value.message
    assert tree_state() == before


@pytest.mark.parametrize(
    ("valid_to", "reason", "expected"),
    [
        (
            dt.date(2019, 12, 31),
            "Giải thể",
            "Ngày đóng (31/12/2019) không được trước ngày đơn vị bắt đầu hoạt động",
        ),
        (dt.date(2025, 6, 30), "   ", "Hãy ghi lý do đóng đơn vị."),
        (dt.date(2025, 6, 30), "x" * 301, "Lý do đóng dài tối đa 300 ký tự"),
    ],
)
def test_closing_with_a_bad_date_or_reason_is_refused(
    cast: Cast, valid_to: dt.date, reason: str, expected: str
) -> None:
    before = tree_state()
    with pytest.raises(ValidationFailed) as caught:
        unit_close(actor=cast.admin, unit=cast.health, valid_to=valid_to, reason=reason)
    assert expected in caught.value.message
    assert tree_state() == before


def test_closing_a_closed_unit_again_is_refused(cast: Cast) -> None:
    unit_close(actor=cast.admin, unit=cast.health, valid_to=dt.date(2025, 3, 31), reason="Giải thể")
    before = tree_state()
    with pytest.raises(ValidationFailed, match="Đơn vị «Sở Y tế» đã đóng từ ngày 31/03/2025."):
        unit_close(actor=cast.admin, unit=cast.health, valid_to=dt.date(2025, 6, 30), reason="Lần nữa")
    assert tree_state() == before


def test_setting_a_closing_date_by_editing_still_checks_open_children(cast: Cast) -> None:
    before = tree_state()
    with pytest.raises(ValidationFailed) as caught:
        unit_update(actor=cast.admin, unit=cast.department, valid_to=dt.date(2025, 6, 30))
    assert caught.value.code == "unit_has_open_children"
    assert tree_state() == before


def test_reopening_a_unit_under_a_closed_parent_is_refused(cast: Cast) -> None:
    branch = make_unit("Chi bộ thôn 1", parent=cast.commune_a, code="chi-bo-1", kind="party_committee")
    unit_close(actor=cast.admin, unit=branch, valid_to=dt.date(2025, 5, 31), reason="Giải thể chi bộ")
    unit_close(actor=cast.admin, unit=cast.commune_a, valid_to=dt.date(2025, 6, 30), reason="Sắp xếp lại")
    before = tree_state()
    with pytest.raises(ValidationFailed) as caught:
        unit_update(actor=cast.admin, unit=branch, valid_to=None)
    assert caught.value.code == "parent_closed"
    assert tree_state() == before


def test_an_edit_over_someone_elses_newer_change_is_refused(cast: Cast) -> None:
    seen = Unit.objects.get(pk=cast.health.pk).updated_at
    unit_update(actor=cast.admin, unit=cast.health, short_name="SYT")
    before = tree_state()
    with pytest.raises(ConflictError) as caught:
        unit_update(actor=cast.admin, unit=cast.health, expected_updated_at=seen, name="Sở Y tế tỉnh")
    assert caught.value.code == "stale_edit"
    assert "vừa được người khác sửa" in caught.value.message
    assert tree_state() == before


def test_an_edit_with_the_current_version_is_saved(cast: Cast) -> None:
    seen = Unit.objects.get(pk=cast.health.pk).updated_at
    unit_update(actor=cast.admin, unit=cast.health, expected_updated_at=seen, name="Sở Y tế tỉnh")
    refresh(cast.health)
    assert cast.health.name == "Sở Y tế tỉnh"


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"predecessors": []}, "Hãy chọn ít nhất một đơn vị được hợp nhất."),
        ({"successor": None}, "Hãy chọn đơn vị kế thừa có sẵn hoặc khai báo đơn vị mới"),
        ({"note": "x" * 301}, "Căn cứ, ghi chú dài tối đa 300 ký tự"),
        ({"date": dt.date(2020, 1, 1)}, "không hoạt động vào ngày 31/12/2019 nên không thể hợp nhất"),
    ],
)
def test_a_merger_with_bad_input_is_refused(cast: Cast, kwargs: dict[str, object], expected: str) -> None:
    arguments: dict[str, object] = {
        "predecessors": [cast.commune_a],
        "successor": cast.commune_b,
        "date": MERGER_DAY,
        **kwargs,
    }
    before = tree_state()
    with pytest.raises(ValidationFailed) as caught:
        unit_merge(actor=cast.admin, **arguments)  # type: ignore[arg-type]
    assert expected in caught.value.message
    assert tree_state() == before


def test_a_merger_into_a_new_unit_placed_under_a_predecessor_is_refused(cast: Cast) -> None:
    new_successor = new_unit_kwargs(cast, parent=cast.education, code="so-gd-yt", name="Sở Giáo dục và Y tế")
    new_successor.pop("valid_from")
    before = tree_state()
    with pytest.raises(ValidationFailed) as caught:
        unit_merge(
            actor=cast.admin,
            predecessors=[cast.education, cast.health],
            new_successor=new_successor,
            date=MERGER_DAY,
        )
    assert caught.value.code == "unit_cycle"
    assert caught.value.details == {"field": "parent"}
    assert tree_state() == before


def test_a_merger_whose_new_unit_is_invalid_creates_nothing(cast: Cast) -> None:
    before = tree_state()
    kwargs = new_unit_kwargs(cast, code="so-yte")
    kwargs.pop("valid_from")
    with pytest.raises(ValidationFailed, match="Mã đơn vị «so-yte» đã được dùng"):
        unit_merge(actor=cast.admin, predecessors=[cast.education], new_successor=kwargs, date=MERGER_DAY)
    assert tree_state() == before


# --- Moves --------------------------------------------------------------------------------------------------


def test_moving_a_subtree_updates_every_descendants_path_and_depth(cast: Cast) -> None:
    school = make_unit("Trường Chính trị tỉnh", parent=cast.department, code="truong-ct")
    faculty = make_unit("Khoa Lý luận", parent=school, code="khoa-ll", kind="division")
    section = make_unit("Bộ môn Triết học", parent=faculty, code="bo-mon-th", kind="division")
    assert section.depth == 4

    unit_update(actor=cast.admin, unit=school, parent=cast.education)

    refresh(school, faculty, section, cast.education)
    assert school.parent == cast.education
    assert school.path == f"{cast.education.path}{school.pk}/"
    assert faculty.path == f"{school.path}{faculty.pk}/"
    assert section.path == f"{faculty.path}{section.pk}/"
    assert (school.depth, faculty.depth, section.depth) == (3, 4, 5)
    assert set(unit_descendants(cast.education)) == {school, faculty, section}
    assert not unit_descendants(cast.department).filter(
        path__startswith=f"{cast.department.path}{school.pk}/"
    )
    before, after = audit_change("orgs.unit_update", school)
    assert before["parent"] == cast.department.pk
    assert after["parent"] == cast.education.pk


def test_moving_a_subtree_up_shortens_the_descendants_paths(cast: Cast) -> None:
    faculty = make_unit("Khoa Y", parent=cast.education, code="khoa-y", kind="division")
    section = make_unit("Bộ môn Nhi", parent=faculty, code="bo-mon-nhi", kind="division")
    unit_update(actor=cast.admin, unit=faculty, parent=cast.province)
    refresh(faculty, section)
    assert faculty.path == f"/{cast.province.pk}/{faculty.pk}/"
    assert section.path == f"/{cast.province.pk}/{faculty.pk}/{section.pk}/"
    assert (faculty.depth, section.depth) == (1, 2)


def test_a_unit_can_move_under_a_parent_founded_after_it(cast: Cast) -> None:
    board = make_unit(
        "Ban Khoa giáo mới", parent=cast.department, code="ban-kg-moi", valid_from=dt.date(2025, 7, 1)
    )
    unit_update(actor=cast.admin, unit=cast.health, parent=board, moved_on=dt.date(2025, 7, 1))
    refresh(cast.health)
    assert cast.health.parent == board
    assert cast.health.valid_from == dt.date(2020, 1, 1)


def test_a_rename_keeps_the_folded_search_text_current(cast: Cast) -> None:
    unit_update(actor=cast.admin, unit=cast.health, name="Sở Y tế và Dân số")
    roots = unit_tree(user=cast.specialist, query="y te va dan so")
    assert [node.unit.name for node in roots[0].children] == ["Sở Y tế và Dân số"]


def test_editing_a_units_fields_records_them_in_the_audit(cast: Cast) -> None:
    health = make_field("y-te", "Y tế")
    population = make_field("dan-so", "Dân số")
    unit_update(actor=cast.admin, unit=cast.health, fields=[health, population])
    assert set(cast.health.fields.all()) == {health, population}
    before, after = audit_change("orgs.unit_update", cast.health)
    assert before["fields"] == []
    assert after["fields"] == sorted([health.pk, population.pk])


# --- Mergers ------------------------------------------------------------------------------------------------


@pytest.fixture
def merged(cast: Cast) -> dict[str, Unit]:
    """Two communes merged on 01/07/2025 into a new commune; An Bình had an open and a closed branch."""
    open_branch = make_unit("Chi bộ thôn Đông", parent=cast.commune_a, code="cb-dong", kind="party_committee")
    closed_branch = make_unit("Chi bộ thôn Tây", parent=cast.commune_a, code="cb-tay", kind="party_committee")
    unit_close(actor=cast.admin, unit=closed_branch, valid_to=dt.date(2024, 12, 31), reason="Sáp nhập thôn")
    AuditEvent.objects.all().delete()
    kinds, levels = kinds_and_levels()
    successor = unit_merge(
        actor=cast.admin,
        predecessors=[cast.commune_a, cast.commune_b],
        new_successor={
            "parent": cast.department,
            "code": "xa-an-son",
            "name": "Đảng ủy xã An Sơn",
            "kind": kinds["party_committee"],
            "level": levels["commune"],
        },
        date=MERGER_DAY,
        note="Nghị quyết 1234/NQ-UBTVQH15",
    )
    refresh(cast.commune_a, cast.commune_b, open_branch, closed_branch)
    return {"successor": successor, "open_branch": open_branch, "closed_branch": closed_branch}


def test_merged_units_close_the_day_before_the_merger(cast: Cast, merged: dict[str, Unit]) -> None:
    successor = merged["successor"]
    assert successor.valid_from == MERGER_DAY
    assert successor.valid_to is None
    for unit in (cast.commune_a, cast.commune_b):
        assert unit.valid_to == dt.date(2025, 6, 30)
        assert (
            unit.closing_note
            == "Hợp nhất vào Đảng ủy xã An Sơn từ ngày 01/07/2025 (Nghị quyết 1234/NQ-UBTVQH15)"
        )
        assert not unit.is_open_on(MERGER_DAY)
        assert unit.is_open_on(dt.date(2025, 6, 30))


def test_a_merger_records_one_succession_per_predecessor(cast: Cast, merged: dict[str, Unit]) -> None:
    links = UnitSuccession.objects.filter(successor=merged["successor"]).order_by("predecessor__code")
    assert [(link.predecessor, link.date, link.note) for link in links] == [
        (cast.commune_b, MERGER_DAY, "Nghị quyết 1234/NQ-UBTVQH15"),
        (cast.commune_a, MERGER_DAY, "Nghị quyết 1234/NQ-UBTVQH15"),
    ]
    assert links[0].created_by == cast.admin


def test_a_merger_moves_open_children_and_leaves_closed_ones(cast: Cast, merged: dict[str, Unit]) -> None:
    successor, open_branch, closed_branch = (
        merged["successor"],
        merged["open_branch"],
        merged["closed_branch"],
    )
    assert open_branch.parent == successor
    assert open_branch.path == f"{successor.path}{open_branch.pk}/"
    assert closed_branch.parent == cast.commune_a
    assert closed_branch.path.startswith(cast.commune_a.path)


def test_a_merger_moves_active_memberships_to_the_successor(cast: Cast, merged: dict[str, Unit]) -> None:
    successor = merged["successor"]
    for user in (cast.commune_a_focal, cast.commune_b_focal):
        old = Membership.objects.get(user=user, unit__in=[cast.commune_a, cast.commune_b])
        assert not old.is_active
        assert old.ended_at is not None
        new = Membership.objects.get(user=user, unit=successor)
        assert new.is_active
        assert new.role == MembershipRole.FOCAL_POINT


def test_a_merger_writes_audit_events(cast: Cast, merged: dict[str, Unit]) -> None:
    actions = audit_actions()
    assert actions.count("orgs.unit_create") == 1
    assert actions.count("orgs.unit_merge") == 2
    assert actions.count("orgs.succession_create") == 2
    assert actions.count("orgs.unit_update") == 1  # the open branch moved
    assert actions.count("accounts.membership_end") == 2
    assert actions.count("accounts.membership_create") == 2
    assert (
        AuditEvent.objects.get(action="orgs.unit_merge", object_id=str(cast.commune_a.pk)).actor == cast.admin
    )
    before, after = audit_change("orgs.unit_merge", cast.commune_a)
    assert before["valid_to"] is None
    assert after["valid_to"] == "2025-06-30"


def test_the_successors_people_see_the_predecessors_history(cast: Cast, merged: dict[str, Unit]) -> None:
    focal = User.objects.get(pk=cast.commune_a_focal.pk)  # a fresh object, as in the next request
    scope = user_scope(focal)
    successor = merged["successor"]
    for unit in (successor, cast.commune_a, cast.commune_b, merged["open_branch"], merged["closed_branch"]):
        assert scope.allows(unit.pk), unit.name
    for unit in (cast.education, cast.health, cast.department, cast.province):
        assert not scope.allows(unit.pk), unit.name
    assert unit_get(user=focal, pk=cast.commune_b.pk) == cast.commune_b


def test_a_merger_into_an_existing_unit_keeps_it_open(cast: Cast) -> None:
    successor = unit_merge(
        actor=cast.admin, predecessors=[cast.health], successor=cast.education, date=MERGER_DAY, note=""
    )
    refresh(cast.health, cast.education)
    assert successor == cast.education
    assert cast.education.valid_to is None
    assert cast.health.valid_to == dt.date(2025, 6, 30)
    assert cast.health.closing_note == "Hợp nhất vào Sở Giáo dục và Đào tạo từ ngày 01/07/2025"
    assert UnitSuccession.objects.filter(predecessor=cast.health, successor=cast.education).exists()


def test_a_long_note_on_a_merger_does_not_overflow_the_closing_note(cast: Cast) -> None:
    kinds, levels = kinds_and_levels()
    long_name = "Đảng ủy xã " + "Rất Dài " * 30
    successor = unit_merge(
        actor=cast.admin,
        predecessors=[cast.commune_a],
        new_successor={
            "parent": cast.department,
            "code": "xa-dai",
            "name": long_name.strip()[:255],
            "kind": kinds["party_committee"],
            "level": levels["commune"],
        },
        date=MERGER_DAY,
        note="n" * 300,
    )
    refresh(cast.commune_a)
    assert len(cast.commune_a.closing_note) == 300
    assert cast.commune_a.closing_note.startswith(f"Hợp nhất vào {successor.name[:50]}")


def test_a_unit_created_by_an_admin_is_audited_and_in_the_admins_tree(cast: Cast) -> None:
    unit = unit_create(actor=cast.admin, **new_unit_kwargs(cast, email=" khcn@example.vn "))  # type: ignore[arg-type]
    assert unit.path == f"{cast.department.path}{unit.pk}/"
    assert unit.depth == 2
    assert unit.email == "khcn@example.vn"
    assert AuditEvent.objects.get(action="orgs.unit_create", object_id=str(unit.pk)).actor == cast.admin
    assert audit_change("orgs.unit_create", unit)[1]["code"] == "so-khcn"
