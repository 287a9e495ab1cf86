"""Report templates: the services that edit a draft version (and refuse a published one), and the screens."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from khoagiao.core.errors import PermissionDeniedError, ValidationFailed
from khoagiao.core.models import AuditEvent
from khoagiao.core.testing import Cast, root_user
from khoagiao.reporting.choices import TemplateVersionStatus
from khoagiao.reporting.models import (
    Indicator,
    ReportTemplate,
    TemplateSection,
    TemplateVersion,
    ValidationRule,
)
from khoagiao.reporting.services import templates as services
from khoagiao.reporting.services.templates import template_install_default

from .factories import make_duty

pytestmark = pytest.mark.django_db


def version_state(version: TemplateVersion) -> dict[str, Any]:
    """Everything a refused edit must leave as it was."""
    return {
        "status": TemplateVersion.objects.get(pk=version.pk).status,
        "sections": list(version.sections.order_by("pk").values_list("pk", "order", "code", "heading")),
        "indicators": list(
            version.indicators.order_by("pk").values_list(
                "pk", "order", "code", "name", "value_type", "choices", "min_value", "max_value"
            )
        ),
        "rules": list(
            version.rules.order_by("pk").values_list(
                "pk", "left_id", "operator", "right_id", "right_constant"
            )
        ),
        "audit": AuditEvent.objects.count(),
    }


@pytest.fixture
def draft(cast: Cast) -> TemplateVersion:
    """A new template's draft with two sections, a few indicators and one rule."""
    template = services.template_create(actor=cast.specialist, code="bao-cao-gd", name="Báo cáo giáo dục")
    version = template.versions.get()
    services.section_create(actor=cast.specialist, version=version, code="i", heading="I. Tình hình chung")
    services.section_create(actor=cast.specialist, version=version, code="ii", heading="II. Kết quả")
    services.indicator_create(
        actor=cast.specialist, version=version, code="GD01", name="Tổng số trường", value_type="integer"
    )
    services.indicator_create(
        actor=cast.specialist, version=version, code="GD02", name="Số trường đạt chuẩn", value_type="integer"
    )
    services.indicator_create(
        actor=cast.specialist,
        version=version,
        code="GD09",
        name="Đánh giá chung",
        value_type="choice",
        choices=["Tốt", "Khá"],
        aggregation="none",
    )
    services.rule_create(
        actor=cast.specialist,
        version=version,
        left=version.indicators.get(code="GD02"),
        operator="le",
        right=version.indicators.get(code="GD01"),
    )
    return version


@pytest.fixture
def published(cast: Cast) -> TemplateVersion:
    template = template_install_default(actor=root_user())
    return template.versions.get(status=TemplateVersionStatus.PUBLISHED)


def ind(version: TemplateVersion, code: str) -> Indicator:
    return version.indicators.get(code=code)


def messages_of(response: Any) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- Services: templates and versions ---------------------------------------------------------------------------


def test_template_create_makes_a_draft_version_and_is_audited(cast: Cast):
    template = services.template_create(actor=cast.specialist, code="mau-moi", name="  Mẫu mới  ")
    assert template.name == "Mẫu mới"
    version = template.versions.get()
    assert (version.number, version.status) == (1, TemplateVersionStatus.DRAFT)
    assert AuditEvent.objects.filter(action="reporting.template_create", object_id=str(template.pk)).exists()


@pytest.mark.parametrize("code", ["mẫu có dấu", "a b", ""])
def test_template_create_refuses_a_bad_code(cast: Cast, code: str):
    with pytest.raises(ValidationFailed) as error:
        services.template_create(actor=cast.specialist, code=code, name="Mẫu")
    assert error.value.details["field"] == "code"
    assert not ReportTemplate.objects.exists()


def test_template_create_refuses_a_code_in_use_whatever_its_case(cast: Cast, draft: TemplateVersion):
    with pytest.raises(ValidationFailed, match="BAO-CAO-GD"):
        services.template_create(actor=cast.specialist, code="BAO-CAO-GD", name="Khác")
    assert ReportTemplate.objects.count() == 1


@pytest.mark.parametrize(
    "who", ["education_focal", "commune_a_focal", "education_leader", "viewer", "outsider"]
)
def test_people_outside_the_department_cannot_manage_templates(cast: Cast, draft: TemplateVersion, who: str):
    actor = getattr(cast, who)
    before = version_state(draft)
    attempts = [
        lambda: services.template_create(actor=actor, code="x", name="X"),
        lambda: services.template_update(actor=actor, template=draft.template, name="X"),
        lambda: services.section_create(actor=actor, version=draft, code="iii", heading="III"),
        lambda: services.section_move(actor=actor, section=draft.sections.get(code="i"), direction="down"),
        lambda: services.indicator_create(
            actor=actor, version=draft, code="X1", name="X", value_type="integer"
        ),
        lambda: services.indicator_delete(actor=actor, indicator=ind(draft, "GD09")),
        lambda: services.rule_delete(actor=actor, rule=draft.rules.get()),
        lambda: services.version_publish(actor=actor, version=draft),
        lambda: services.version_discard(actor=actor, version=draft),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDeniedError):
            attempt()
    assert version_state(draft) == before


def test_template_update_renames_and_retires_a_template(cast: Cast, draft: TemplateVersion):
    services.template_update(
        actor=cast.leader, template=draft.template, name="Báo cáo GD-ĐT", description="Mô tả", is_active=False
    )
    template = ReportTemplate.objects.get(pk=draft.template_id)
    assert (template.name, template.description, template.is_active) == ("Báo cáo GD-ĐT", "Mô tả", False)
    event = AuditEvent.objects.get(action="reporting.template_update")
    assert (event.before or {})["name"] == "Báo cáo giáo dục" and (event.after or {})["is_active"] is False


def test_publish_freezes_the_draft_and_a_new_version_copies_it(cast: Cast, draft: TemplateVersion):
    services.version_publish(actor=cast.specialist, version=draft, note="Lần đầu")
    draft.refresh_from_db()
    assert draft.status == TemplateVersionStatus.PUBLISHED and draft.published_at is not None
    second = services.version_start_draft(actor=cast.specialist, template=draft.template)
    assert second.number == 2 and second.status == TemplateVersionStatus.DRAFT
    assert list(second.sections.values_list("code", flat=True)) == ["i", "ii"]
    assert list(second.indicators.values_list("code", flat=True)) == ["GD01", "GD02", "GD09"]
    rule = second.rules.get()
    assert (rule.left.version_id, rule.right.version_id) == (second.pk, second.pk)  # type: ignore[union-attr]
    # Asking again gives the same draft, not a third version.
    assert services.version_start_draft(actor=cast.specialist, template=draft.template) == second
    services.version_publish(actor=cast.specialist, version=second)
    draft.refresh_from_db()
    assert draft.status == TemplateVersionStatus.RETIRED


def test_publish_refuses_an_empty_draft(cast: Cast):
    template = services.template_create(actor=cast.specialist, code="rong", name="Rỗng")
    with pytest.raises(ValidationFailed, match="chưa có mục nào"):
        services.version_publish(actor=cast.specialist, version=template.versions.get())
    assert template.versions.get().status == TemplateVersionStatus.DRAFT


def test_discarding_a_draft_removes_it_with_its_content(cast: Cast, published: TemplateVersion):
    draft = services.version_start_draft(actor=cast.specialist, template=published.template)
    services.version_discard(actor=cast.specialist, version=draft)
    assert not TemplateVersion.objects.filter(pk=draft.pk).exists()
    assert not Indicator.objects.filter(version_id=draft.pk).exists()
    assert published.indicators.count() > 0
    assert AuditEvent.objects.filter(action="reporting.version_discard").exists()
    with pytest.raises(ValidationFailed):
        services.version_discard(actor=cast.specialist, version=published)


# --- A published version is never edited ------------------------------------------------------------------------


def test_every_edit_of_a_published_version_is_refused_with_a_clear_message(
    cast: Cast, published: TemplateVersion
):
    before = version_state(published)
    section = published.sections.first()
    indicator = published.indicators.first()
    rule = published.rules.first()
    assert section and indicator and rule
    attempts = [
        lambda: services.section_create(actor=cast.specialist, version=published, code="vi", heading="VI"),
        lambda: services.section_update(actor=cast.specialist, section=section, code="x", heading="X"),
        lambda: services.section_delete(actor=cast.specialist, section=section),
        lambda: services.section_move(actor=cast.specialist, section=section, direction="down"),
        lambda: services.indicator_create(
            actor=cast.specialist, version=published, code="ZZ", name="Z", value_type="integer"
        ),
        lambda: services.indicator_update(
            actor=cast.specialist, indicator=indicator, code="ZZ", name="Z", value_type="integer"
        ),
        lambda: services.indicator_delete(
            actor=cast.specialist, indicator=published.indicators.get(code="DL02")
        ),
        lambda: services.indicator_move(actor=cast.specialist, indicator=indicator, direction="down"),
        lambda: services.rule_create(
            actor=cast.specialist, version=published, left=indicator, operator="ge", right_constant=Decimal(0)
        ),
        lambda: services.rule_update(
            actor=cast.specialist, rule=rule, left=rule.left, operator="ge", right_constant=Decimal(0)
        ),
        lambda: services.rule_delete(actor=cast.specialist, rule=rule),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationFailed) as error:
            attempt()
        assert error.value.code == "version_not_draft"
        assert "đã ban hành" in error.value.message and "phiên bản mới" in error.value.message
    assert version_state(published) == before


# --- Sections -------------------------------------------------------------------------------------------------


def test_sections_are_added_at_the_end_edited_moved_and_removed_with_an_audit_trail(
    cast: Cast, draft: TemplateVersion
):
    third = services.section_create(
        actor=cast.specialist,
        version=draft,
        code="iii",
        heading="III. Phương hướng",
        guidance="Nhiệm vụ kỳ tới",
        is_required=False,
    )
    assert third.order == 3
    services.section_move(actor=cast.specialist, section=third, direction="up")
    assert list(draft.sections.order_by("order").values_list("code", flat=True)) == ["i", "iii", "ii"]
    # At either end nothing moves and nothing is recorded.
    events = AuditEvent.objects.count()
    services.section_move(actor=cast.specialist, section=draft.sections.get(code="i"), direction="up")
    assert AuditEvent.objects.count() == events
    services.section_update(
        actor=cast.specialist, section=third, code="iii", heading="III. Phương hướng kỳ tới", is_required=True
    )
    third.refresh_from_db()
    assert third.heading == "III. Phương hướng kỳ tới" and third.is_required
    services.section_delete(actor=cast.specialist, section=draft.sections.get(code="i"))
    assert list(draft.sections.order_by("order").values_list("code", "order")) == [("iii", 1), ("ii", 2)]
    actions = list(
        AuditEvent.objects.filter(action__startswith="reporting.section_").values_list("action", flat=True)
    )
    for action in ("section_create", "section_move", "section_update", "section_delete"):
        assert f"reporting.{action}" in actions


def test_a_duplicate_section_code_is_refused_and_nothing_changes(cast: Cast, draft: TemplateVersion):
    before = version_state(draft)
    with pytest.raises(ValidationFailed, match="«II» trùng với mục «II. Kết quả»") as error:
        services.section_create(actor=cast.specialist, version=draft, code="II", heading="Trùng")
    assert error.value.details == {"field": "code"}
    with pytest.raises(ValidationFailed):
        services.section_update(
            actor=cast.specialist, section=draft.sections.get(code="i"), code="ii", heading="X"
        )
    with pytest.raises(ValidationFailed, match="tiêu đề"):
        services.section_create(actor=cast.specialist, version=draft, code="iv", heading="   ")
    assert version_state(draft) == before


# --- Indicators -----------------------------------------------------------------------------------------------


def test_an_indicator_keeps_every_attribute(cast: Cast, draft: TemplateVersion):
    from khoagiao.core.testing import make_field

    field = make_field("giao_duc", "Giáo dục và đào tạo")
    indicator = services.indicator_create(
        actor=cast.specialist,
        version=draft,
        code="GD03",
        name="Tỷ lệ tốt nghiệp THPT",
        value_type="percent",
        unit_of_measure="%",
        aggregation="average",
        field=field,
        is_required=True,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        is_cumulative=False,
        guidance="Theo số liệu của Sở",
    )
    indicator.refresh_from_db()
    assert (indicator.order, indicator.field, indicator.aggregation, indicator.max_value) == (
        4,
        field,
        "average",
        Decimal("100"),
    )
    event = AuditEvent.objects.get(action="reporting.indicator_create", object_id=str(indicator.pk))
    assert (event.after or {})["code"] == "GD03" and (event.after or {})["max_value"] == "100"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"code": "gd01"}, "code", "GD01"),
        (
            {"min_value": Decimal(10), "max_value": Decimal(5)},
            "max_value",
            "nhỏ nhất (10) lớn hơn giá trị lớn nhất (5)",
        ),
        ({"value_type": "choice", "aggregation": "none"}, "choices", "ít nhất hai lựa chọn"),
        (
            {"value_type": "choice", "aggregation": "none", "choices": ["Có", " có ", ""]},
            "choices",
            "hai lựa chọn",
        ),
        ({"value_type": "text", "aggregation": "none", "max_value": Decimal(5)}, "max_value", "kiểu số"),
        ({"value_type": "boolean", "aggregation": "sum"}, "aggregation", "Có/Không"),
        ({"value_type": "text", "aggregation": "latest", "is_cumulative": True}, "is_cumulative", "lũy kế"),
        ({"value_type": "money"}, "value_type", "kiểu dữ liệu"),
        ({"name": ""}, "name", "tên chỉ tiêu"),
        ({"min_value": Decimal("0.12345")}, "min_value", "4 chữ số"),
    ],
)
def test_bad_indicators_are_refused_naming_the_problem(
    cast: Cast, draft: TemplateVersion, changes, field, message
):
    before = version_state(draft)
    kwargs: dict[str, Any] = {"code": "GD05", "name": "Số giáo viên", "value_type": "integer", **changes}
    with pytest.raises(ValidationFailed, match=re.escape(message)) as error:
        services.indicator_create(actor=cast.specialist, version=draft, **kwargs)
    assert error.value.details["field"] == field
    assert version_state(draft) == before


def test_a_choice_indicator_stores_clean_distinct_choices(cast: Cast, draft: TemplateVersion):
    indicator = services.indicator_create(
        actor=cast.specialist,
        version=draft,
        code="DL02",
        name="Mức độ dư luận",
        value_type="choice",
        aggregation="latest",
        choices=[" Ổn định ", "", "Phức tạp", "ổn định"],
    )
    assert indicator.choices == ["Ổn định", "Phức tạp"]
    # Switching to a number drops the choices.
    services.indicator_update(
        actor=cast.specialist,
        indicator=indicator,
        code="DL02",
        name="Số vụ",
        value_type="integer",
        choices=["x"],
    )
    indicator.refresh_from_db()
    assert indicator.choices == [] and indicator.value_type == "integer"


def test_an_indicator_used_by_a_rule_cannot_be_deleted_or_turned_into_text(
    cast: Cast, draft: TemplateVersion
):
    before = version_state(draft)
    with pytest.raises(ValidationFailed, match="GD02") as error:
        services.indicator_delete(actor=cast.specialist, indicator=ind(draft, "GD01"))
    assert "quy tắc" in error.value.message
    with pytest.raises(ValidationFailed, match="quy tắc") as error:
        services.indicator_update(
            actor=cast.specialist,
            indicator=ind(draft, "GD01"),
            code="GD01",
            name="Tổng số trường",
            value_type="text",
            aggregation="none",
        )
    assert error.value.details == {"field": "value_type"}
    assert version_state(draft) == before


def test_indicators_move_and_renumber_after_a_delete(cast: Cast, draft: TemplateVersion):
    services.indicator_move(actor=cast.specialist, indicator=ind(draft, "GD09"), direction="up")
    assert list(draft.indicators.order_by("order").values_list("code", flat=True)) == ["GD01", "GD09", "GD02"]
    services.indicator_delete(actor=cast.specialist, indicator=ind(draft, "GD09"))
    assert list(draft.indicators.order_by("order").values_list("code", "order")) == [("GD01", 1), ("GD02", 2)]
    assert AuditEvent.objects.filter(action="reporting.indicator_delete").exists()


# --- Rules ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "operator", "right", "constant", "field", "message"),
    [
        ("GD01", "le", "GD01", None, "right", "với chính nó"),
        ("GD09", "le", "GD01", None, "left", "chỉ dùng cho chỉ tiêu kiểu số"),
        ("GD01", "gt", "GD09", None, "right", "«Lựa chọn»"),
        ("GD01", "eq", None, None, "right", "hằng số"),
        ("GD01", "le", "GD02", Decimal(3), "right_constant", "không phải cả hai"),
        ("GD01", "both_or_neither", None, None, "right", "cần một chỉ tiêu"),
        ("GD01", "both_or_neither", "GD02", Decimal(1), "right_constant", "bỏ hằng số"),
        (None, "le", "GD02", None, "left", "vế trái"),
        ("GD01", "approx", "GD02", None, "operator", "phép so sánh"),
    ],
)
def test_bad_rules_are_refused_naming_the_problem(
    cast: Cast, draft: TemplateVersion, left, operator, right, constant, field, message
):
    before = version_state(draft)
    with pytest.raises(ValidationFailed, match=re.escape(message)) as error:
        services.rule_create(
            actor=cast.specialist,
            version=draft,
            left=ind(draft, left) if left else None,
            operator=operator,
            right=ind(draft, right) if right else None,
            right_constant=constant,
        )
    assert error.value.details["field"] == field
    assert version_state(draft) == before


def test_a_rule_cannot_use_an_indicator_of_another_version(cast: Cast, draft: TemplateVersion, published):
    with pytest.raises(ValidationFailed, match="không thuộc phiên bản"):
        services.rule_create(
            actor=cast.specialist,
            version=draft,
            left=ind(draft, "GD01"),
            operator="ge",
            right=published.indicators.first(),
        )


def test_good_rules_are_created_updated_and_deleted(cast: Cast, draft: TemplateVersion):
    both = services.rule_create(
        actor=cast.specialist,
        version=draft,
        left=ind(draft, "GD09"),
        operator="both_or_neither",
        right=ind(draft, "GD01"),
        message="Nhập cả hai",
    )
    bound = services.rule_create(
        actor=cast.specialist,
        version=draft,
        left=ind(draft, "GD01"),
        operator="le",
        right_constant=Decimal(500),
    )
    assert (bound.right, bound.right_constant) == (None, Decimal(500))
    services.rule_update(
        actor=cast.specialist, rule=bound, left=ind(draft, "GD01"), operator="lt", right_constant=Decimal(400)
    )
    bound.refresh_from_db()
    assert (bound.operator, bound.right_constant) == ("lt", Decimal(400))
    services.rule_delete(actor=cast.specialist, rule=both)
    assert not ValidationRule.objects.filter(pk=both.pk).exists()
    assert {"reporting.rule_create", "reporting.rule_update", "reporting.rule_delete"} <= set(
        AuditEvent.objects.values_list("action", flat=True)
    )


# --- Screens --------------------------------------------------------------------------------------------------


@pytest.fixture
def specialist(client: Client, cast: Cast) -> Client:
    client.force_login(cast.specialist)
    return client


def test_the_template_list_shows_versions_and_the_duties_using_them(specialist: Client, cast: Cast):
    duty = make_duty(cast)
    response = specialist.get(reverse("reporting:template_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert duty.template.name in html and duty.name in html
    assert "Đang áp dụng" in html
    response = specialist.get(reverse("reporting:template_list"), {"q": "dinh ky khoa giao"})
    assert duty.template.name in response.content.decode()
    response = specialist.get(reverse("reporting:template_list"), {"q": "khong co mau nay"})
    assert duty.template.name not in response.content.decode()


@pytest.mark.parametrize("who", ["education_focal", "commune_b_focal", "viewer", "reporter"])
def test_the_template_screens_refuse_people_outside_the_department(
    client: Client, cast: Cast, published: TemplateVersion, who: str
):
    client.force_login(getattr(cast, who))
    for url in (
        reverse("reporting:template_list"),
        reverse("reporting:template_detail", args=[published.template_id]),
        reverse("reporting:version_detail", args=[published.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
    response = client.post(reverse("reporting:version_start", args=[published.template_id]))
    assert response.status_code == 302
    assert published.template.versions.count() == 1


def test_creating_a_template_opens_its_draft(specialist: Client):
    response = specialist.post(
        reverse("reporting:template_create"),
        {"code": "bao-cao-yte", "name": "Báo cáo y tế", "description": ""},
    )
    template = ReportTemplate.objects.get(code="bao-cao-yte")
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:version_detail", args=[template.versions.get().pk])
    page = specialist.get(response["Location"]).content.decode()
    assert "Thêm mục" in page and "Ban hành phiên bản này" in page


def test_a_bad_template_code_comes_back_on_the_form_with_the_input(specialist: Client):
    response = specialist.post(
        reverse("reporting:template_create"),
        {"code": "mẫu y tế", "name": "Báo cáo y tế", "description": "Ghi"},
    )
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    html = response.content.decode()
    assert 'value="Báo cáo y tế"' in html and "không hợp lệ" in html
    assert not ReportTemplate.objects.exists()


def test_a_published_version_is_read_only_on_screen(specialist: Client, published: TemplateVersion):
    url = reverse("reporting:version_detail", args=[published.pk])
    html = specialist.get(url).content.decode()
    assert "chỉ để xem" in html
    assert reverse("reporting:section_create", args=[published.pk]) not in html
    assert reverse("reporting:indicator_create", args=[published.pk]) not in html
    assert "Tạo phiên bản mới để sửa" in html
    # Typing the editing address anyway: sent back with the reason, nothing changed.
    before = version_state(published)
    response = specialist.post(
        reverse("reporting:section_create", args=[published.pk]), {"code": "vi", "heading": "VI. Khác"}
    )
    assert response.status_code == 302 and response["Location"] == url
    assert any("đã ban hành" in message for message in messages_of(response))
    response = specialist.get(reverse("reporting:indicator_edit", args=[published.indicators.first().pk]))  # type: ignore[union-attr]
    assert response.status_code == 302
    assert version_state(published) == before


def test_start_a_new_version_from_the_screen_then_edit_and_publish_it(
    specialist: Client, cast: Cast, published: TemplateVersion
):
    response = specialist.post(reverse("reporting:version_start", args=[published.template_id]))
    draft = published.template.versions.get(status=TemplateVersionStatus.DRAFT)
    assert response["Location"] == reverse("reporting:version_detail", args=[draft.pk])
    response = specialist.post(
        reverse("reporting:indicator_create", args=[draft.pk]),
        {
            "code": "CD01",
            "name": "Số thủ tục hành chính số hóa",
            "value_type": "integer",
            "aggregation": "sum",
            "min_value": "0",
            "max_value": "1.000",
            "unit_of_measure": "thủ tục",
        },
    )
    assert response.status_code == 302
    created = draft.indicators.get(code="CD01")
    assert created.max_value == Decimal(1000) and created.order == draft.indicators.count()
    page = specialist.get(reverse("reporting:version_publish", args=[draft.pk])).content.decode()
    assert "chưa mở sẽ dùng phiên bản này" in page
    response = specialist.post(reverse("reporting:version_publish", args=[draft.pk]), {"note": "Thêm CD01"})
    assert response.status_code == 302
    draft.refresh_from_db()
    published.refresh_from_db()
    assert (draft.status, draft.note, published.status) == ("published", "Thêm CD01", "retired")


def test_bad_indicator_input_comes_back_on_the_form_with_everything_typed(
    specialist: Client, draft: TemplateVersion
):
    before = version_state(draft)
    data = {
        "code": "GD05",
        "name": "Số giáo viên đạt chuẩn",
        "value_type": "integer",
        "aggregation": "sum",
        "min_value": "50",
        "max_value": "10",
        "guidance": "Tính đến cuối kỳ",
    }
    response = specialist.post(reverse("reporting:indicator_create", args=[draft.pk]), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "max_value" in errors and "lớn hơn giá trị lớn nhất" in errors["max_value"][0]
    html = response.content.decode()
    assert 'value="Số giáo viên đạt chuẩn"' in html and 'value="Tính đến cuối kỳ"' in html
    response = specialist.post(
        reverse("reporting:indicator_create", args=[draft.pk]), {**data, "min_value": "mười", "max_value": ""}
    )
    assert "không phải là số" in response.context["form"].errors["min_value"][0]
    response = specialist.post(
        reverse("reporting:indicator_create", args=[draft.pk]),
        {**data, "value_type": "choice", "aggregation": "none", "min_value": "", "max_value": ""},
    )
    assert "ít nhất hai lựa chọn" in response.context["form"].errors["choices"][0]
    assert version_state(draft) == before


def test_choices_are_typed_one_per_line(specialist: Client, draft: TemplateVersion):
    response = specialist.post(
        reverse("reporting:indicator_create", args=[draft.pk]),
        {
            "code": "DL02",
            "name": "Dư luận",
            "value_type": "choice",
            "aggregation": "none",
            "choices": "Ổn định\r\nPhức tạp\r\n",
        },
    )
    assert response.status_code == 302
    assert draft.indicators.get(code="DL02").choices == ["Ổn định", "Phức tạp"]
    edit = specialist.get(reverse("reporting:indicator_edit", args=[draft.indicators.get(code="DL02").pk]))
    assert "Ổn định\nPhức tạp" in edit.content.decode()


def test_a_rule_comparing_an_indicator_with_itself_is_refused_on_the_form(
    specialist: Client, draft: TemplateVersion
):
    gd01 = ind(draft, "GD01")
    response = specialist.post(
        reverse("reporting:rule_create", args=[draft.pk]),
        {"left": gd01.pk, "operator": "le", "right": gd01.pk, "right_constant": "", "message": "Sai"},
    )
    assert response.status_code == 200
    assert "với chính nó" in response.context["form"].errors["right"][0]
    response = specialist.post(
        reverse("reporting:rule_create", args=[draft.pk]),
        {"left": gd01.pk, "operator": "le", "right": "", "right_constant": "1.000,5", "message": ""},
    )
    assert response.status_code == 302
    assert draft.rules.get(right__isnull=True).right_constant == Decimal("1000.5")


def test_sections_move_and_delete_from_the_editor(specialist: Client, draft: TemplateVersion):
    second = draft.sections.get(code="ii")
    response = specialist.post(reverse("reporting:section_move", args=[second.pk]), {"direction": "up"})
    assert response.status_code == 302 and response["Location"].endswith(f"#muc-{second.pk}")
    assert list(draft.sections.order_by("order").values_list("code", flat=True)) == ["ii", "i"]
    response = specialist.post(reverse("reporting:section_delete", args=[second.pk]))
    assert list(draft.sections.values_list("code", flat=True)) == ["i"]
    response = specialist.post(
        reverse("reporting:section_edit", args=[draft.sections.get().pk]), {"code": "i", "heading": ""}
    )
    assert response.status_code == 200 and "heading" in response.context["form"].errors


def test_deleting_an_indicator_in_use_shows_why_and_keeps_it(specialist: Client, draft: TemplateVersion):
    gd01 = ind(draft, "GD01")
    response = specialist.post(reverse("reporting:indicator_delete", args=[gd01.pk]))
    assert response.status_code == 302
    assert any("quy tắc" in message for message in messages_of(response))
    assert Indicator.objects.filter(pk=gd01.pk).exists()


def test_the_editor_shows_sections_indicators_and_rules_in_order(specialist: Client, draft: TemplateVersion):
    html = specialist.get(reverse("reporting:version_detail", args=[draft.pk])).content.decode()
    assert html.index("I. Tình hình chung") < html.index("II. Kết quả")
    assert html.index("GD01") < html.index("GD09")
    assert "Tốt · Khá" in html
    assert "≤" in html
    assert 'data-kg-confirm="' in html
    assert "<script>" not in html and "style=" not in html


def test_a_section_is_edited_through_its_form(specialist: Client, draft: TemplateVersion):
    section = draft.sections.get(code="i")
    page = specialist.get(reverse("reporting:section_edit", args=[section.pk]))
    assert 'value="I. Tình hình chung"' in page.content.decode()
    response = specialist.post(
        reverse("reporting:section_edit", args=[section.pk]),
        {
            "code": "i",
            "heading": "I. Tình hình tư tưởng",
            "guidance": "Nêu dư luận",
            "is_required": "on",
            "is_public_opinion": "on",
        },
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert (section.heading, section.guidance, section.is_public_opinion) == (
        "I. Tình hình tư tưởng",
        "Nêu dư luận",
        True,
    )


def test_discarding_a_draft_from_the_screen(specialist: Client, published: TemplateVersion):
    specialist.post(reverse("reporting:version_start", args=[published.template_id]))
    draft = published.template.versions.get(status=TemplateVersionStatus.DRAFT)
    response = specialist.post(reverse("reporting:version_discard", args=[draft.pk]))
    assert response["Location"] == reverse("reporting:template_detail", args=[published.template_id])
    assert not TemplateVersion.objects.filter(pk=draft.pk).exists()


def test_template_detail_and_edit(specialist: Client, published: TemplateVersion):
    template = published.template
    html = specialist.get(reverse("reporting:template_detail", args=[template.pk])).content.decode()
    assert "Phiên bản 1" in html and "Tạo phiên bản mới để sửa" in html
    response = specialist.post(
        reverse("reporting:template_edit", args=[template.pk]), {"name": "Mẫu đổi tên", "description": ""}
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert (template.name, template.is_active) == ("Mẫu đổi tên", False)
    assert TemplateSection.objects.filter(version=published).count() > 0
