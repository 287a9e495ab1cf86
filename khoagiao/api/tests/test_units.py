"""Units through the API: the same scope as the screens, filters, pagination, detail and the tree."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from khoagiao.core.testing import make_field, make_unit, root_user
from khoagiao.orgs.services import unit_close, unit_merge, unit_update

from .conftest import ApiClient, assert_error_shape


def ids(response):
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def department_subtree(cast):
    return {
        cast.department.pk,
        cast.division.pk,
        cast.education.pk,
        cast.health.pk,
        cast.commune_a.pk,
        cast.commune_b.pk,
    }


# --- Scope --------------------------------------------------------------------------------------------------


def test_commune_focal_point_lists_only_its_own_subtree(cast):
    hamlet = make_unit("Chi bộ thôn Đông", parent=cast.commune_a, code="thon-dong", level="commune")
    assert ids(ApiClient(cast.commune_a_focal).get("/units")) == {cast.commune_a.pk, hamlet.pk}


def test_specialist_lists_the_whole_department_subtree(cast):
    response = ApiClient(cast.specialist).get("/units")
    assert ids(response) == department_subtree(cast)
    assert response.json()["count"] == 6


def test_user_without_membership_sees_no_unit(cast):
    client = ApiClient(cast.outsider)
    assert ids(client.get("/units")) == set()
    assert client.get("/units/tree").json() == []


def test_unit_of_another_commune_is_not_found(cast):
    response = ApiClient(cast.commune_a_focal).get(f"/units/{cast.commune_b.pk}")
    body = assert_error_shape(response, 404, "not_found")
    assert "Đảng ủy phường Bắc Sơn" not in response.content.decode()
    assert body["details"] == {}


def test_hidden_unit_and_missing_unit_get_the_same_answer(cast):
    client = ApiClient(cast.commune_a_focal)
    hidden = client.get(f"/units/{cast.commune_b.pk}")
    missing = client.get("/units/987654")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_malformed_unit_id_is_a_404_in_the_error_shape(cast):
    assert_error_shape(ApiClient(cast.specialist).get("/units/abc"), 404, "not_found")


def test_unknown_api_path_is_a_404_in_the_error_shape(cast):
    assert_error_shape(ApiClient(cast.specialist).get("/khong-co"), 404, "not_found")


def test_specialist_sees_a_commune_in_detail(cast):
    response = ApiClient(cast.specialist).get(f"/units/{cast.commune_b.pk}")
    assert response.status_code == 200
    assert response.json()["name"] == "Đảng ủy phường Bắc Sơn"


def test_successor_unit_people_see_the_merged_units_history(cast):
    merged = unit_merge(
        actor=root_user(),
        predecessors=[cast.commune_b],
        successor=cast.commune_a,
        date=dt.date(2025, 7, 1),
        note="Nghị quyết sáp nhập",
    )
    assert merged.pk == cast.commune_a.pk
    response = ApiClient(cast.commune_a_focal).get(f"/units/{cast.commune_b.pk}")
    assert response.status_code == 200
    assert response.json()["is_open"] is False


# --- Detail -------------------------------------------------------------------------------------------------


def test_unit_detail_has_parent_fields_kind_level_and_contacts(cast):
    education = make_field("giao-duc", "Giáo dục và đào tạo")
    health = make_field("y-te", "Y tế")
    unit_update(actor=root_user(), unit=cast.education, fields=[education, health], email="sogd@example.vn")
    body = ApiClient(cast.education_focal).get(f"/units/{cast.education.pk}").json()
    assert body["id"] == cast.education.pk
    assert body["code"] == "so-gddt"
    assert body["name"] == "Sở Giáo dục và Đào tạo"
    assert body["parent"] == {
        "id": cast.department.pk,
        "code": "btgdv",
        "name": "Ban Tuyên giáo và Dân vận Tỉnh ủy",
    }
    assert body["parent_id"] == cast.department.pk
    assert body["kind"] == {"code": "agency", "name": "Sở, ngành"}
    assert body["level"] == {"code": "province", "name": "Cấp tỉnh", "rank": 1}
    assert {field["code"] for field in body["fields"]} == {"giao-duc", "y-te"}
    assert body["email"] == "sogd@example.vn"
    assert body["valid_from"] == "2020-01-01"
    assert body["valid_to"] is None
    assert body["is_open"] is True
    assert body["predecessors"] == [] and body["successors"] == []


def test_unit_detail_lists_predecessors_and_successors(cast):
    unit_merge(
        actor=root_user(),
        predecessors=[cast.commune_a, cast.commune_b],
        new_successor={
            "parent": cast.department,
            "code": "xa-moi",
            "name": "Đảng ủy xã Hòa Bình",
            "kind": cast.commune_a.kind,
            "level": cast.commune_a.level,
        },
        date=dt.date(2025, 7, 1),
        note="Sắp xếp đơn vị hành chính",
    )
    client = ApiClient(cast.specialist)
    successor_id = next(item["id"] for item in client.get("/units", q="hoa binh").json()["items"])
    successor = client.get(f"/units/{successor_id}").json()
    assert {link["unit"]["id"] for link in successor["predecessors"]} == {
        cast.commune_a.pk,
        cast.commune_b.pk,
    }
    assert {link["date"] for link in successor["predecessors"]} == {"2025-07-01"}
    assert successor["predecessors"][0]["note"] == "Sắp xếp đơn vị hành chính"
    old = client.get(f"/units/{cast.commune_a.pk}").json()
    assert old["successors"] == [
        {
            "unit": {"id": successor_id, "code": "xa-moi", "name": "Đảng ủy xã Hòa Bình"},
            "date": "2025-07-01",
            "note": "Sắp xếp đơn vị hành chính",
        }
    ]
    assert old["valid_to"] == "2025-06-30"
    assert "Hợp nhất vào" in old["closing_note"]


# --- Filters and pagination ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("an binh", {"commune_a"}),  # without diacritics
        ("AN BÌNH", {"commune_a"}),  # with them, in capitals
        ("so y te", {"health"}),
        ("BTGDVTU", {"department"}),  # the document symbol
        ("dang uy", {"commune_a", "commune_b"}),  # đ folds to d
        ("khong co don vi nay", set()),
    ],
)
def test_units_search_is_folded(cast, query, expected):
    response = ApiClient(cast.specialist).get("/units", q=query)
    assert ids(response) == {getattr(cast, name).pk for name in expected}


def test_units_filter_by_kind_and_level(cast):
    client = ApiClient(cast.specialist)
    assert ids(client.get("/units", kind="agency")) == {cast.education.pk, cast.health.pk}
    assert ids(client.get("/units", level="commune")) == {cast.commune_a.pk, cast.commune_b.pk}
    assert ids(client.get("/units", kind="party_committee", level="commune", q="bac son")) == {
        cast.commune_b.pk
    }


def test_units_filter_by_open_on(cast):
    unit_close(actor=root_user(), unit=cast.health, valid_to=dt.date(2024, 12, 31), reason="Giải thể")
    young = make_unit("Sở Khoa học", parent=cast.department, code="so-kh", valid_from=dt.date(2025, 3, 1))
    client = ApiClient(cast.specialist)
    assert ids(client.get("/units", open_on="2024-06-01")) == department_subtree(cast)
    assert ids(client.get("/units", open_on="2025-06-01")) == department_subtree(cast) - {cast.health.pk} | {
        young.pk
    }
    assert ids(client.get("/units")) == department_subtree(cast) | {young.pk}


def test_unknown_kind_or_level_is_a_validation_error(cast):
    client = ApiClient(cast.specialist)
    body = assert_error_shape(client.get("/units", kind="khong-co"), 422, "validation_failed")
    assert body["details"]["errors"][0]["loc"] == ["query", "kind"]
    assert "khong-co" in body["details"]["errors"][0]["msg"]
    body = assert_error_shape(client.get("/units", level="huyen-xa"), 422, "validation_failed")
    assert body["details"]["errors"][0]["loc"] == ["query", "level"]


@pytest.mark.parametrize(
    "params", [{"open_on": "31/12/2025"}, {"open_on": "2025-02-30"}, {"page": "0"}, {"page_size": "x"}]
)
def test_malformed_query_is_a_422_in_the_error_shape(cast, params):
    body = assert_error_shape(ApiClient(cast.specialist).get("/units", **params), 422, "validation_failed")
    assert body["message"] == "Dữ liệu gửi lên không hợp lệ."
    assert body["details"]["errors"][0]["loc"][-1] == next(iter(params))


def test_units_are_paginated(cast):
    client = ApiClient(cast.specialist)
    first = client.get("/units", page_size=4).json()
    second = client.get("/units", page_size=4, page=2).json()
    assert (first["count"], first["page"], first["page_size"], len(first["items"])) == (6, 1, 4, 4)
    assert (second["count"], second["page"], len(second["items"])) == (6, 2, 2)
    assert {i["id"] for i in first["items"]} | {i["id"] for i in second["items"]} == department_subtree(cast)
    assert client.get("/units", page=9).json()["items"] == []


def test_units_page_size_is_capped(cast):
    assert ApiClient(cast.specialist).get("/units", page_size=100000).json()["page_size"] == 100


def test_units_list_items_are_in_tree_order_with_kind_and_level(cast):
    items = ApiClient(cast.specialist).get("/units").json()["items"]
    assert items[0]["id"] == cast.department.pk and items[0]["depth"] == 1
    assert items[0]["parent_id"] == cast.province.pk
    assert all(item["depth"] == 2 for item in items[1:])
    assert {"code", "name", "rank"} == set(items[0]["level"])


# --- Tree ---------------------------------------------------------------------------------------------------


def test_tree_of_the_specialist_is_the_department_with_its_units(cast):
    tree = ApiClient(cast.specialist).get("/units/tree").json()
    assert [node["unit"]["id"] for node in tree] == [cast.department.pk]
    children = tree[0]["children"]
    assert {node["unit"]["id"] for node in children} == department_subtree(cast) - {cast.department.pk}
    assert all(node["children"] == [] and node["matches"] for node in children)


def test_tree_siblings_follow_level_then_kind_then_vietnamese_order(cast):
    tree = ApiClient(cast.specialist, via="session").get("/units/tree").json()
    names = [node["unit"]["name"] for node in tree[0]["children"]]
    # provincial units first: the division (kind order 30), then agencies (40); then the communes; each
    # group in Vietnamese alphabetical order ("Đảng ủy phường" before "Đảng ủy xã")
    assert names == [
        "Phòng Khoa giáo",
        "Sở Giáo dục và Đào tạo",
        "Sở Y tế",
        "Đảng ủy phường Bắc Sơn",
        "Đảng ủy xã An Bình",
    ]


def test_tree_of_a_commune_focal_point_is_its_commune(cast):
    hamlet = make_unit("Chi bộ thôn Đông", parent=cast.commune_a, code="thon-dong", level="commune")
    tree = ApiClient(cast.commune_a_focal).get("/units/tree").json()
    assert [node["unit"]["id"] for node in tree] == [cast.commune_a.pk]
    assert [node["unit"]["id"] for node in tree[0]["children"]] == [hamlet.pk]


def test_tree_search_keeps_the_ancestors_of_matches(cast):
    tree = ApiClient(cast.specialist).get("/units/tree", q="y te").json()
    assert len(tree) == 1
    department = tree[0]
    assert department["unit"]["id"] == cast.department.pk and department["matches"] is False
    assert [(n["unit"]["id"], n["matches"]) for n in department["children"]] == [(cast.health.pk, True)]


def test_tree_can_leave_out_closed_units(cast):
    unit_close(actor=root_user(), unit=cast.health, valid_to=dt.date(2024, 12, 31), reason="Giải thể")
    client = ApiClient(cast.specialist)
    with_closed = {n["unit"]["id"] for n in client.get("/units/tree").json()[0]["children"]}
    without = {
        n["unit"]["id"] for n in client.get("/units/tree", include_closed="false").json()[0]["children"]
    }
    assert with_closed - without == {cast.health.pk}


# --- Every role ---------------------------------------------------------------------------------------------


def test_every_role_sees_in_detail_exactly_the_units_it_lists(cast):
    every_unit = [cast.province, cast.department, cast.division, cast.education, cast.health, cast.commune_a]
    every_unit.append(cast.commune_b)
    for user in cast.all_users():
        client = ApiClient(user)
        listed = ids(client.get("/units", page_size=100))
        tree = client.get("/units/tree").json()
        in_tree = set()
        stack = list(tree)
        while stack:
            node = stack.pop()
            in_tree.add(node["unit"]["id"])
            stack.extend(node["children"])
        assert in_tree == listed, user.username
        for unit in every_unit:
            status = client.get(f"/units/{unit.pk}").status_code
            assert status == (200 if unit.pk in listed else 404), (user.username, unit.name, status)
    assert ids(ApiClient(cast.viewer).get("/units")) == {u.pk for u in every_unit}
    assert ids(ApiClient(cast.education_focal).get("/units")) == {cast.education.pk}


def test_units_list_needs_no_extra_query_per_unit(cast):
    client = ApiClient(cast.specialist)
    client.get("/units")  # the token's first use writes last_used_at; count the steady state
    with CaptureQueriesContext(connection) as few:
        client.get("/units")
    for number in range(10):
        make_unit(f"Hội {number}", parent=cast.department, code=f"hoi-{number}", kind="association")
    with CaptureQueriesContext(connection) as many:
        assert client.get("/units").json()["count"] == 16
    assert len(many) == len(few)
