"""The unit screens through the Django test client: what each role sees, what each form changes, and that bad
input comes back on the form with the message and everything the user typed."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from khoagiao.accounts.models import Membership
from khoagiao.core.testing import Cast, kinds_and_levels, make_field, make_unit
from khoagiao.orgs.models import Unit, UnitSuccession
from khoagiao.orgs.services import unit_close

from .helpers import form_errors, messages_of, tree_state
from .test_permissions import NON_ADMINS

TREE_URL = reverse("orgs:unit_tree")
CREATE_URL = reverse("orgs:unit_create")
MERGE_URL = reverse("orgs:unit_merge")


@pytest.fixture
def admin_client(client: Client, cast: Cast) -> Client:
    client.force_login(cast.admin)
    return client


def as_user(client: Client, user: object) -> Client:
    client.force_login(user)  # type: ignore[arg-type]
    return client


def unit_data(cast: Cast, **overrides: object) -> dict[str, object]:
    kinds, levels = kinds_and_levels()
    data: dict[str, object] = {
        "parent": cast.department.pk,
        "code": "so-khcn",
        "name": "Sở Khoa học và Công nghệ",
        "short_name": "Sở KH&CN",
        "document_symbol": "SKHCN",
        "kind": kinds["agency"].pk,
        "level": levels["province"].pk,
        "valid_from": "2025-03-01",
        "email": "skhcn@example.vn",
        "phone": "0255 3822 123",
    }
    return {**data, **overrides}


def edit_data(unit: Unit, **overrides: object) -> dict[str, object]:
    unit.refresh_from_db()
    data: dict[str, object] = {
        "parent": unit.parent_id or "",
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "document_symbol": unit.document_symbol,
        "kind": unit.kind_id,
        "level": unit.level_id,
        "work_fields": [field.pk for field in unit.fields.all()],
        "valid_from": unit.valid_from.isoformat(),
        "email": unit.email,
        "phone": unit.phone,
        "version": unit.updated_at.isoformat(),
    }
    return {**data, **overrides}


# --- The tree and the detail page ---------------------------------------------------------------------------


def test_the_tree_shows_the_admin_the_buttons_to_change_it(admin_client: Client, cast: Cast) -> None:
    response = admin_client.get(TREE_URL)
    assert response.status_code == 200
    assert response.context["can_manage"] is True
    html = response.content.decode()
    assert f'href="{CREATE_URL}"' in html
    assert f'href="{MERGE_URL}"' in html
    assert "Sở Giáo dục và Đào tạo" in html


def test_the_tree_is_read_only_for_a_specialist(client: Client, cast: Cast) -> None:
    response = as_user(client, cast.specialist).get(TREE_URL)
    assert response.status_code == 200
    assert response.context["can_manage"] is False
    html = response.content.decode()
    assert CREATE_URL not in html
    assert MERGE_URL not in html
    assert "Đảng ủy xã An Bình" in html
    assert "Tỉnh ủy Thử Nghiệm" not in html


def test_the_tree_search_ignores_vietnamese_marks(client: Client, cast: Cast) -> None:
    response = as_user(client, cast.specialist).get(TREE_URL, {"q": "so giao duc"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sở Giáo dục và Đào tạo</a></mark>" in html
    assert "Sở Y tế" not in html


def test_the_tree_search_says_when_nothing_matches(client: Client, cast: Cast) -> None:
    response = as_user(client, cast.specialist).get(TREE_URL, {"q": "không có đơn vị này"})
    assert "Không có đơn vị nào khớp với «không có đơn vị này»." in response.content.decode()


def test_the_tree_greys_closed_units_with_their_date_and_can_hide_them(client: Client, cast: Cast) -> None:
    unit_close(actor=cast.admin, unit=cast.health, valid_to=dt.date(2025, 3, 31), reason="Giải thể")
    as_user(client, cast.specialist)
    html = client.get(TREE_URL).content.decode()
    assert 'class="kg-leaf kg-closed"' in html
    assert "Đã đóng 31/03/2025" in html
    assert "Sở Y tế" in html
    hidden = client.get(TREE_URL, {"hide_closed": "1"})
    assert hidden.context["hide_closed"] is True
    assert "Sở Y tế" not in hidden.content.decode()
    assert 'name="hide_closed" value="1" id="unit-hide-closed" checked' in hidden.content.decode()


def test_the_tree_of_a_commune_focal_point_holds_only_its_commune(client: Client, cast: Cast) -> None:
    html = as_user(client, cast.commune_a_focal).get(TREE_URL).content.decode()
    assert "Đảng ủy xã An Bình" in html
    assert "Bắc Sơn" not in html
    assert "Sở Y tế" not in html


def test_the_detail_page_offers_the_admin_every_action(admin_client: Client, cast: Cast) -> None:
    response = admin_client.get(reverse("orgs:unit_detail", args=[cast.education.pk]))
    assert response.status_code == 200
    assert response.context["can_manage"] is True
    html = response.content.decode()
    assert reverse("orgs:unit_edit", args=[cast.education.pk]) in html
    assert reverse("orgs:unit_close", args=[cast.education.pk]) in html
    assert f"{CREATE_URL}?parent={cast.education.pk}" in html
    assert f"{MERGE_URL}?successor={cast.education.pk}" in html


def test_the_detail_page_is_read_only_for_the_units_own_people(client: Client, cast: Cast) -> None:
    response = as_user(client, cast.education_leader).get(
        reverse("orgs:unit_detail", args=[cast.education.pk])
    )
    assert response.status_code == 200
    assert response.context["can_manage"] is False
    html = response.content.decode()
    assert reverse("orgs:unit_edit", args=[cast.education.pk]) not in html
    assert reverse("orgs:unit_close", args=[cast.education.pk]) not in html


def test_a_unit_outside_the_scope_is_answered_with_a_message(client: Client, cast: Cast) -> None:
    response = as_user(client, cast.commune_a_focal).get(
        reverse("orgs:unit_detail", args=[cast.commune_b.pk])
    )
    assert response.status_code == 302
    assert messages_of(response) == ["Không tìm thấy đơn vị, hoặc bạn không có quyền xem đơn vị này."]


def test_the_detail_page_shows_the_merger_history(admin_client: Client, cast: Cast) -> None:
    admin_client.post(
        MERGE_URL,
        {
            "predecessors": [cast.commune_a.pk, cast.commune_b.pk],
            "successor_mode": "existing",
            "successor": cast.health.pk,
            "date": "2025-07-01",
        },
    )
    html = admin_client.get(reverse("orgs:unit_detail", args=[cast.health.pk])).content.decode()
    assert "Hình thành từ hợp nhất" in html
    assert "Đảng ủy xã An Bình" in html
    old = admin_client.get(reverse("orgs:unit_detail", args=[cast.commune_a.pk])).content.decode()
    assert "Đã hợp nhất vào" in old
    assert "Đã đóng từ 30/06/2025" in old


# --- Creating -----------------------------------------------------------------------------------------------


def test_the_create_form_preselects_the_parent_from_the_link(admin_client: Client, cast: Cast) -> None:
    response = admin_client.get(CREATE_URL, {"parent": cast.education.pk})
    assert response.status_code == 200
    form = response.context["form"]
    assert form["parent"].value() == cast.education.pk
    html = response.content.decode()
    assert f'<option value="{cast.education.pk}" selected>' in html
    assert 'type="date" name="valid_from"' in html


def test_the_create_form_offers_fields_as_checkboxes(admin_client: Client, cast: Cast) -> None:
    field = make_field("khcn", "Khoa học và công nghệ")
    html = admin_client.get(CREATE_URL).content.decode()
    assert f'type="checkbox" name="work_fields" value="{field.pk}"' in html
    assert 'class="form-check-input"' in html


def test_the_create_form_offers_only_open_units_as_parents(admin_client: Client, cast: Cast) -> None:
    unit_close(actor=cast.admin, unit=cast.health, valid_to=dt.date(2025, 3, 31), reason="Giải thể")
    form = admin_client.get(CREATE_URL).context["form"]
    offered = {pk for pk, _label in form.fields["parent"].choices if pk}
    assert cast.education.pk in offered
    assert cast.health.pk not in offered


def test_creating_a_unit_saves_it_and_shows_it(admin_client: Client, cast: Cast) -> None:
    field = make_field("khcn", "Khoa học và công nghệ")
    response = admin_client.post(CREATE_URL, unit_data(cast, work_fields=[field.pk]))
    unit = Unit.objects.get(code="so-khcn")
    assert response.status_code == 302
    assert response["Location"] == reverse("orgs:unit_detail", args=[unit.pk])
    assert messages_of(response) == ["Đã thêm đơn vị «Sở Khoa học và Công nghệ»."]
    assert unit.parent == cast.department
    assert unit.short_name == "Sở KH&CN"
    assert unit.valid_from == dt.date(2025, 3, 1)
    assert list(unit.fields.all()) == [field]
    assert unit.created_by == cast.admin


def test_creating_a_unit_with_a_used_code_keeps_the_input(admin_client: Client, cast: Cast) -> None:
    before = tree_state()
    response = admin_client.post(CREATE_URL, unit_data(cast, code="so-yte", name="Sở Y tế mới thành lập"))
    assert response.status_code == 200
    assert form_errors(response) == {"code": ["Mã đơn vị «so-yte» đã được dùng cho đơn vị «Sở Y tế»."]}
    html = response.content.decode()
    assert "Mã đơn vị «so-yte» đã được dùng cho đơn vị «Sở Y tế»." in html
    assert 'value="Sở Y tế mới thành lập"' in html
    assert 'value="skhcn@example.vn"' in html
    assert 'value="2025-03-01"' in html
    assert tree_state() == before


def test_creating_a_unit_with_an_empty_name_keeps_the_input(admin_client: Client, cast: Cast) -> None:
    before = tree_state()
    response = admin_client.post(CREATE_URL, unit_data(cast, name="   "))
    assert response.status_code == 200
    assert "name" in form_errors(response)
    assert 'value="so-khcn"' in response.content.decode()
    assert tree_state() == before


def test_creating_a_unit_under_a_parent_the_admin_does_not_manage_is_refused(
    client: Client, cast: Cast
) -> None:
    from khoagiao.accounts.choices import MembershipRole
    from khoagiao.core.testing import make_user

    admin = make_user("quantri.sogd", role=MembershipRole.ADMIN, unit=cast.education)
    before = tree_state()
    response = as_user(client, admin).post(CREATE_URL, unit_data(cast, parent=cast.health.pk))
    assert response.status_code == 200
    assert "parent" in form_errors(response)
    assert tree_state() == before


# --- Editing ------------------------------------------------------------------------------------------------


def test_the_edit_form_shows_the_units_values(admin_client: Client, cast: Cast) -> None:
    response = admin_client.get(reverse("orgs:unit_edit", args=[cast.health.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="so-yte"' in html
    assert 'value="Sở Y tế"' in html
    assert f'<option value="{cast.department.pk}" selected>' in html
    offered = {pk for pk, _label in response.context["form"].fields["parent"].choices if pk}
    assert cast.health.pk not in offered


def test_editing_a_unit_renames_and_moves_it(admin_client: Client, cast: Cast) -> None:
    branch = make_unit("Trung tâm Kiểm soát bệnh tật", parent=cast.health, code="cdc")
    url = reverse("orgs:unit_edit", args=[cast.health.pk])
    response = admin_client.post(
        url, edit_data(cast.health, name="Sở Y tế tỉnh Thử Nghiệm", parent=cast.education.pk)
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("orgs:unit_detail", args=[cast.health.pk])
    assert messages_of(response) == ["Đã lưu đơn vị «Sở Y tế tỉnh Thử Nghiệm»."]
    cast.health.refresh_from_db()
    branch.refresh_from_db()
    assert cast.health.name == "Sở Y tế tỉnh Thử Nghiệm"
    assert cast.health.parent == cast.education
    assert branch.path == f"{cast.education.path}{cast.health.pk}/{branch.pk}/"


def test_editing_a_unit_does_not_offer_its_own_subtree_as_parent(admin_client: Client, cast: Cast) -> None:
    branch = make_unit("Trung tâm Kiểm soát bệnh tật", parent=cast.health, code="cdc")
    before = tree_state()
    response = admin_client.post(
        reverse("orgs:unit_edit", args=[cast.health.pk]), edit_data(cast.health, parent=branch.pk)
    )
    assert response.status_code == 200
    assert "parent" in form_errors(response)
    assert tree_state() == before


def test_editing_with_a_used_code_shows_the_message_and_keeps_the_input(
    admin_client: Client, cast: Cast
) -> None:
    before = tree_state()
    response = admin_client.post(
        reverse("orgs:unit_edit", args=[cast.health.pk]),
        edit_data(cast.health, code="so-gddt", name="Sở Y tế đổi tên"),
    )
    assert response.status_code == 200
    assert form_errors(response) == {
        "code": ["Mã đơn vị «so-gddt» đã được dùng cho đơn vị «Sở Giáo dục và Đào tạo»."]
    }
    assert 'value="Sở Y tế đổi tên"' in response.content.decode()
    assert tree_state() == before


def test_a_second_edit_from_an_old_page_is_refused(admin_client: Client, cast: Cast) -> None:
    url = reverse("orgs:unit_edit", args=[cast.health.pk])
    stale = edit_data(cast.health, name="Sở Y tế (bản cũ)")
    assert admin_client.post(url, edit_data(cast.health, short_name="SYT")).status_code == 302
    before = tree_state()
    response = admin_client.post(url, stale)
    assert response.status_code == 200
    assert "vừa được người khác sửa" in form_errors(response)["__all__"][0]
    assert 'value="Sở Y tế (bản cũ)"' in response.content.decode()
    assert tree_state() == before


def test_the_province_root_can_be_edited_without_a_parent(admin_client: Client, cast: Cast) -> None:
    url = reverse("orgs:unit_edit", args=[cast.province.pk])
    response = admin_client.post(url, edit_data(cast.province, short_name="TU"))
    assert response.status_code == 302
    cast.province.refresh_from_db()
    assert cast.province.short_name == "TU"
    assert cast.province.parent is None


# --- Closing ------------------------------------------------------------------------------------------------


def test_the_close_page_asks_for_confirmation(admin_client: Client, cast: Cast) -> None:
    response = admin_client.get(reverse("orgs:unit_close", args=[cast.health.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-kg-confirm="Đóng đơn vị «Sở Y tế»?' in html
    assert 'name="reason"' in html


def test_the_close_page_lists_the_open_children_to_deal_with_first(admin_client: Client, cast: Cast) -> None:
    response = admin_client.get(reverse("orgs:unit_close", args=[cast.department.pk]))
    html = response.content.decode()
    assert "Đơn vị còn 5 đơn vị trực thuộc đang hoạt động" in html
    assert reverse("orgs:unit_detail", args=[cast.education.pk]) in html


def test_closing_a_unit_sets_its_last_day_and_reason(admin_client: Client, cast: Cast) -> None:
    response = admin_client.post(
        reverse("orgs:unit_close", args=[cast.health.pk]),
        {"valid_to": "2025-06-30", "reason": "Hợp nhất theo Quyết định 12-QĐ/TU"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("orgs:unit_detail", args=[cast.health.pk])
    assert messages_of(response) == ["Đã đóng đơn vị «Sở Y tế»."]
    cast.health.refresh_from_db()
    assert cast.health.valid_to == dt.date(2025, 6, 30)
    assert cast.health.closing_note == "Hợp nhất theo Quyết định 12-QĐ/TU"


def test_closing_a_unit_with_open_children_shows_the_message_and_keeps_the_input(
    admin_client: Client, cast: Cast
) -> None:
    before = tree_state()
    response = admin_client.post(
        reverse("orgs:unit_close", args=[cast.department.pk]),
        {"valid_to": "2025-06-30", "reason": "Sáp nhập hai ban"},
    )
    assert response.status_code == 200
    errors = form_errors(response)["__all__"]
    assert errors[0].startswith("Còn 5 đơn vị trực thuộc hoạt động sau ngày 30/06/2025")
    html = response.content.decode()
    assert "Sáp nhập hai ban</textarea>" in html
    assert 'value="2025-06-30"' in html
    assert tree_state() == before


def test_closing_with_an_impossible_date_is_refused_on_the_form(admin_client: Client, cast: Cast) -> None:
    before = tree_state()
    response = admin_client.post(
        reverse("orgs:unit_close", args=[cast.health.pk]), {"valid_to": "2025-02-30", "reason": "Giải thể"}
    )
    assert response.status_code == 200
    assert "valid_to" in form_errors(response)
    assert tree_state() == before


# --- Merging ------------------------------------------------------------------------------------------------


def test_the_merge_form_preselects_the_successor_from_the_link(admin_client: Client, cast: Cast) -> None:
    response = admin_client.get(MERGE_URL, {"successor": cast.education.pk})
    assert response.status_code == 200
    assert response.context["form"]["successor"].value() == cast.education.pk
    html = response.content.decode()
    assert f'<option value="{cast.education.pk}" selected>' in html
    assert 'name="predecessors"' in html
    assert 'name="new-code"' in html
    # The new successor's fields must not stop the browser from submitting a merger into an existing unit.
    assert not re.search(r'name="new-[^"]+"[^>]* required', html)
    assert 'type="radio" name="successor_mode" value="existing"' in html


def test_merging_into_an_existing_unit(admin_client: Client, cast: Cast) -> None:
    response = admin_client.post(
        MERGE_URL,
        {
            "predecessors": [cast.commune_a.pk, cast.commune_b.pk],
            "successor_mode": "existing",
            "successor": cast.health.pk,
            "date": "2025-07-01",
            "note": "Quyết định 45-QĐ/TU",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("orgs:unit_detail", args=[cast.health.pk])
    assert messages_of(response) == ["Đã hợp nhất 2 đơn vị vào «Sở Y tế»."]
    for unit in (cast.commune_a, cast.commune_b):
        unit.refresh_from_db()
        assert unit.valid_to == dt.date(2025, 6, 30)
    assert UnitSuccession.objects.filter(successor=cast.health).count() == 2
    assert Membership.objects.get(user=cast.commune_a_focal, is_active=True).unit == cast.health


def test_merging_into_a_new_unit(admin_client: Client, cast: Cast) -> None:
    kinds, levels = kinds_and_levels()
    response = admin_client.post(
        MERGE_URL,
        {
            "predecessors": [cast.commune_a.pk, cast.commune_b.pk],
            "successor_mode": "new",
            "date": "2025-07-01",
            "new-parent": cast.department.pk,
            "new-code": "xa-an-son",
            "new-name": "Đảng ủy xã An Sơn",
            "new-kind": kinds["party_committee"].pk,
            "new-level": levels["commune"].pk,
        },
    )
    successor = Unit.objects.get(code="xa-an-son")
    assert response.status_code == 302
    assert response["Location"] == reverse("orgs:unit_detail", args=[successor.pk])
    assert successor.valid_from == dt.date(2025, 7, 1)
    assert successor.parent == cast.department
    assert set(UnitSuccession.objects.filter(successor=successor).values_list("predecessor", flat=True)) == {
        cast.commune_a.pk,
        cast.commune_b.pk,
    }


def test_merging_a_unit_into_itself_shows_the_message_and_keeps_the_input(
    admin_client: Client, cast: Cast
) -> None:
    before = tree_state()
    response = admin_client.post(
        MERGE_URL,
        {
            "predecessors": [cast.education.pk, cast.health.pk],
            "successor_mode": "existing",
            "successor": cast.education.pk,
            "date": "2025-07-01",
            "note": "Quyết định 45-QĐ/TU",
        },
    )
    assert response.status_code == 200
    assert form_errors(response) == {
        "successor": ["Đơn vị kế thừa «Sở Giáo dục và Đào tạo» không thể đồng thời là đơn vị được hợp nhất."]
    }
    html = response.content.decode()
    assert 'value="Quyết định 45-QĐ/TU"' in html
    assert f'<option value="{cast.health.pk}" selected>' in html
    assert tree_state() == before


def test_merging_without_choosing_a_successor_is_refused_on_the_form(
    admin_client: Client, cast: Cast
) -> None:
    before = tree_state()
    response = admin_client.post(
        MERGE_URL, {"predecessors": [cast.health.pk], "successor_mode": "existing", "date": "2025-07-01"}
    )
    assert response.status_code == 200
    assert form_errors(response) == {
        "successor": ["Hãy chọn đơn vị kế thừa, hoặc chọn «Thành lập đơn vị mới»."]
    }
    assert tree_state() == before


def test_a_new_successor_with_a_used_code_keeps_both_forms_input(admin_client: Client, cast: Cast) -> None:
    kinds, levels = kinds_and_levels()
    before = tree_state()
    response = admin_client.post(
        MERGE_URL,
        {
            "predecessors": [cast.commune_a.pk, cast.commune_b.pk],
            "successor_mode": "new",
            "date": "2025-07-01",
            "note": "Nghị quyết 1234",
            "new-parent": cast.department.pk,
            "new-code": "so-yte",
            "new-name": "Đảng ủy xã An Sơn",
            "new-kind": kinds["party_committee"].pk,
            "new-level": levels["commune"].pk,
        },
    )
    assert response.status_code == 200
    assert form_errors(response, "new_form") == {
        "code": ["Mã đơn vị «so-yte» đã được dùng cho đơn vị «Sở Y tế»."]
    }
    html = response.content.decode()
    assert 'value="Đảng ủy xã An Sơn"' in html
    assert 'value="Nghị quyết 1234"' in html
    assert response.context["form"]["successor_mode"].value() == "new"
    assert 'value="new" class="form-check-input" required id="id_successor_mode_1" checked' in html
    assert tree_state() == before


def test_a_new_successor_left_incomplete_is_refused_on_the_form(admin_client: Client, cast: Cast) -> None:
    before = tree_state()
    response = admin_client.post(
        MERGE_URL,
        {
            "predecessors": [cast.commune_a.pk],
            "successor_mode": "new",
            "date": "2025-07-01",
            "new-name": "Xã mới",
        },
    )
    assert response.status_code == 200
    assert {"parent", "code", "kind", "level"} <= set(form_errors(response, "new_form"))
    assert 'value="Xã mới"' in response.content.decode()
    assert tree_state() == before


def test_the_new_successor_form_is_ignored_when_merging_into_an_existing_unit(
    admin_client: Client, cast: Cast
) -> None:
    response = admin_client.post(
        MERGE_URL,
        {
            "predecessors": [cast.commune_a.pk],
            "successor_mode": "existing",
            "successor": cast.commune_b.pk,
            "date": "2025-07-01",
            "new-name": "Bỏ qua",
        },
    )
    assert response.status_code == 302
    assert not Unit.objects.filter(name="Bỏ qua").exists()


# --- Refusals -----------------------------------------------------------------------------------------------


def admin_requests(cast: Cast) -> list[tuple[str, str, dict[str, object]]]:
    kinds, levels = kinds_and_levels()
    return [
        ("get", CREATE_URL, {}),
        ("post", CREATE_URL, unit_data(cast, parent=cast.commune_a.pk)),
        ("get", MERGE_URL, {}),
        (
            "post",
            MERGE_URL,
            {
                "predecessors": [cast.commune_a.pk],
                "successor_mode": "existing",
                "successor": cast.commune_b.pk,
                "date": "2025-07-01",
            },
        ),
        ("get", reverse("orgs:unit_edit", args=[cast.commune_a.pk]), {}),
        (
            "post",
            reverse("orgs:unit_edit", args=[cast.commune_a.pk]),
            edit_data(cast.commune_a, name="Đổi tên"),
        ),
        ("get", reverse("orgs:unit_close", args=[cast.commune_a.pk]), {}),
        (
            "post",
            reverse("orgs:unit_close", args=[cast.commune_a.pk]),
            {"valid_to": "2025-06-30", "reason": "x"},
        ),
    ]


@pytest.mark.parametrize("role", NON_ADMINS)
def test_a_non_admin_is_refused_every_admin_screen_with_a_message(
    client: Client, cast: Cast, role: str
) -> None:
    as_user(client, getattr(cast, role))
    before = tree_state()
    for method, url, data in admin_requests(cast):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, (method, url)
        (message,) = messages_of(response)
        assert message.startswith(("Chỉ quản trị viên", "Bạn không có quyền", "Không tìm thấy đơn vị")), (
            message
        )
    assert tree_state() == before


def test_a_non_admin_is_sent_back_to_the_page_they_came_from(client: Client, cast: Cast) -> None:
    detail = reverse("orgs:unit_detail", args=[cast.education.pk])
    response = as_user(client, cast.specialist).get(
        reverse("orgs:unit_edit", args=[cast.education.pk]), HTTP_REFERER=f"http://testserver{detail}"
    )
    assert response.status_code == 302
    assert response["Location"] == f"http://testserver{detail}"
    assert messages_of(response) == ["Bạn không có quyền quản trị đơn vị «Sở Giáo dục và Đào tạo»."]


def test_an_anonymous_visitor_is_sent_to_the_login_page(client: Client, cast: Cast) -> None:
    for url in (TREE_URL, CREATE_URL, MERGE_URL, reverse("orgs:unit_edit", args=[cast.health.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_other_methods_are_not_allowed(admin_client: Client, cast: Cast) -> None:
    assert admin_client.post(TREE_URL).status_code == 405
    assert admin_client.delete(reverse("orgs:unit_edit", args=[cast.health.pk])).status_code == 405


def test_a_missing_unit_is_a_message_not_an_error(admin_client: Client, cast: Cast) -> None:
    response = admin_client.get(reverse("orgs:unit_edit", args=[999999]))
    assert response.status_code == 302
    assert messages_of(response) == ["Không tìm thấy đơn vị, hoặc bạn không có quyền xem đơn vị này."]


@pytest.mark.parametrize("value", ["abc", "-1", "999999", ""])
def test_a_bad_preselection_in_the_link_is_ignored(admin_client: Client, cast: Cast, value: str) -> None:
    assert admin_client.get(CREATE_URL, {"parent": value}).status_code == 200
    assert admin_client.get(MERGE_URL, {"successor": value, "predecessor": value}).status_code == 200
