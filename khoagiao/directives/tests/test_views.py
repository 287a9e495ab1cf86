import datetime as dt

import pytest
from django.urls import reverse

from khoagiao.core.testing import TEST_PASSWORD
from khoagiao.directives.choices import MilestoneKind
from khoagiao.directives.models import Directive
from khoagiao.directives.services.agreements import (
    agreement_create,
    agreement_generate_tasks,
    agreement_item_create,
)
from khoagiao.directives.services.loading import directives_load
from khoagiao.directives.services.milestones import milestone_open
from khoagiao.directives.services.plans import plan_item_create

D = dt.date
pytestmark = pytest.mark.django_db


REFUSED = 302  # a refusal becomes a message on the home page (core ApplicationErrorMiddleware)


def _status(client, url):
    response = client.get(url)
    if response.status_code == 302:
        assert response.url == reverse("core:home")
    return response.status_code


def _login(client, user):
    assert client.login(username=user.username, password=TEST_PASSWORD)
    return client


@pytest.fixture
def opened(cast, fields, make_plan):
    directives_load()
    ct20 = Directive.objects.get(symbol="20-CT/TW")
    plan = make_plan(ct20)
    plan_item_create(actor=cast.specialist, plan=plan, title="Quán triệt Chỉ thị", due_on=D(2013, 6, 30))
    final = ct20.milestones.get(kind=MilestoneKind.FINAL)
    milestone_open(actor=cast.specialist, milestone=final, today=D(2026, 11, 22))
    return ct20, plan, final


def test_the_registry_pages_render_with_a_bounded_number_of_queries(
    client, cast, opened, django_assert_max_num_queries
):
    ct20, plan, final = opened
    _login(client, cast.specialist)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("directives:directive_list"), {"q": "tre em"})
    assert response.status_code == 200 and "20-CT/TW" in response.content.decode()
    with django_assert_max_num_queries(25):
        page = client.get(reverse("directives:directive_list"))
    assert page.status_code == 200
    with django_assert_max_num_queries(40):
        detail = client.get(reverse("directives:directive_detail", args=[ct20.pk]))
    text = detail.content.decode()
    assert (
        "Dòng thời gian" in text
        and "75-KH/TU" in text
        and "Tổng kết 10 năm thực hiện Chỉ thị 20-CT/TW" in text
    )
    assert "Quán triệt Chỉ thị" in text and "Xây dựng báo cáo tổng kết 10 năm" in text
    with django_assert_max_num_queries(30):
        reviews = client.get(reverse("directives:review_list"))
    assert "Quá hạn, chưa sơ kết, tổng kết" in reviews.content.decode()
    milestone = client.get(reverse("directives:milestone_detail", args=[final.pk])).content.decode()
    assert "Báo cáo tổng kết 10 năm thực hiện Chỉ thị 20-CT/TW" in milestone
    assert "Sở Giáo dục và Đào tạo" in milestone and "Tổ chức hội nghị tổng kết" in milestone
    assert client.get(reverse("directives:plan_detail", args=[plan.pk])).status_code == 200


def test_a_duplicate_typed_in_the_form_is_refused_and_the_input_kept(client, cast, fields):
    directives_load()
    _login(client, cast.specialist)
    response = client.post(
        reverse("directives:directive_create"),
        {
            "kind": "chi_thi",
            "symbol": "20-CT/TW",
            "issued_on": "2012-11-05",
            "issuer": "bo_chinh_tri",
            "title": "Nội dung tôi vừa gõ",
            "validity": "in_force",
            "interim_review_years": "5",
            "final_review_years": "10",
        },
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "đã có trong sổ văn bản" in text and "Nội dung tôi vừa gõ" in text
    assert Directive.objects.filter(symbol="20-CT/TW").count() == 1


def test_a_rule_before_the_document_is_refused_on_the_form(client, cast, make_directive):
    directive = make_directive()
    _login(client, cast.specialist)
    response = client.post(
        reverse("directives:directive_review_rule", args=[directive.pk]),
        {"interim_review_years": "-2", "final_review_years": "10"},
    )
    assert "trước hoặc đúng ngày ban hành" in response.content.decode()


def test_creating_a_document_through_the_form(client, cast, fields):
    _login(client, cast.specialist)
    response = client.post(
        reverse("directives:directive_create"),
        {
            "kind": "nghi_quyet",
            "symbol": "57-NQ/TW",
            "issued_on": "2024-12-22",
            "issuer": "bo_chinh_tri",
            "title": "Về đột phá phát triển khoa học, công nghệ",
            "validity": "in_force",
            "fields_": [fields["khcn"].pk],
            "interim_review_years": "5",
            "final_review_years": "15",
        },
    )
    directive = Directive.objects.get(symbol="57-NQ/TW")
    assert response.status_code == 302
    assert directive.milestones.get(kind=MilestoneKind.FINAL).due_on == D(2039, 12, 22)


@pytest.mark.parametrize(
    ("username", "registry", "reviews", "create"),
    [
        ("specialist", 200, 200, 200),
        ("leader", 200, 200, 200),
        ("admin", 200, 200, 200),
        ("viewer", 200, 200, REFUSED),
        ("education_focal", 200, REFUSED, REFUSED),
        ("reporter", 200, REFUSED, REFUSED),
        ("outsider", REFUSED, REFUSED, REFUSED),
    ],
)
def test_who_sees_what(client, cast, username, registry, reviews, create):
    user = getattr(cast, username)
    _login(client, user)
    assert _status(client, reverse("directives:directive_list")) == registry
    assert _status(client, reverse("directives:review_list")) == reviews
    assert _status(client, reverse("directives:directive_create")) == create


def test_units_read_only_the_agreements_they_are_party_to(client, cast):
    agreement = agreement_create(
        actor=cast.specialist,
        title="Quy chế phối hợp với Sở GD&ĐT",
        signed_on=D(2022, 3, 1),
        start_year=2022,
        end_year=2027,
        owner_unit=cast.department,
        parties=[cast.education],
    )
    agreement_item_create(
        actor=cast.specialist, agreement=agreement, title="Tuyên truyền", lead_unit=cast.education
    )
    agreement_generate_tasks(actor=cast.specialist, agreement=agreement, year=2025)
    _login(client, cast.education_focal)
    assert client.get(reverse("directives:agreement_detail", args=[agreement.pk])).status_code == 200
    evaluation = client.get(reverse("directives:agreement_evaluation", args=[agreement.pk]), {"year": 2025})
    assert "Tuyên truyền năm 2025" in evaluation.content.decode()
    client.logout()
    _login(client, cast.commune_a_focal)
    assert _status(client, reverse("directives:agreement_detail", args=[agreement.pk])) == REFUSED
    assert (
        "Quy chế phối hợp với Sở GD&amp;ĐT"
        not in client.get(reverse("directives:agreement_list")).content.decode()
    )


def test_the_department_opens_a_late_review_from_its_page(client, cast, make_directive, make_plan):
    directive = make_directive()
    make_plan(directive)
    final = directive.milestones.get(kind=MilestoneKind.FINAL)
    _login(client, cast.specialist)
    client.post(reverse("directives:milestone_open", args=[final.pk]))
    final.refresh_from_db()
    assert final.request_period is not None
    again = client.post(reverse("directives:milestone_open", args=[final.pk]), follow=True)
    assert "đã được mở" in again.content.decode()


def test_the_api_lists_filters_and_details_documents(client, cast, opened):
    ct20, _plan, final = opened
    _login(client, cast.specialist)
    listing = client.get("/api/v1/directives/documents", {"q": "nghi quyet 29"}).json()
    assert {item["symbol"] for item in listing["items"]} == {"29-NQ/TW", "91-KL/TW"}
    filtered = client.get("/api/v1/directives/documents", {"kind": "chi_thi", "field": "tre_em"}).json()
    assert [item["symbol"] for item in filtered["items"]] == ["20-CT/TW"]
    detail = client.get(f"/api/v1/directives/documents/{ct20.pk}").json()
    assert detail["issuer"] == "bo_chinh_tri" and detail["fields"] == ["tre_em"]
    final_json = next(m for m in detail["milestones"] if m["kind"] == "final")
    assert final_json["state"] == "overdue" and len(final_json["task_ids"]) == 2
    assert final_json["reports_expected"] == 3
    overdue = client.get("/api/v1/directives/milestones/overdue").json()
    assert final.pk in [m["id"] for m in overdue]
    upcoming = client.get("/api/v1/directives/milestones/upcoming", {"months": 24}).json()
    assert all(m["state"] != "overdue" for m in upcoming)
    assert client.get("/api/v1/directives/documents/999999").status_code == 404


def test_the_api_refuses_what_the_screens_refuse(client, cast):
    _login(client, cast.education_focal)
    assert client.get("/api/v1/directives/milestones/upcoming").status_code == 403
    assert client.get("/api/v1/directives/agreements").status_code == 200
