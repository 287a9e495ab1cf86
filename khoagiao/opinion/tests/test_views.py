"""The screens through the test client: quick capture with input kept, the htmx suggestions, triage actions,
the refusal of a unit answering an issue not routed to it, routing admin, raising from a unit's report."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from khoagiao.core.testing import make_user
from khoagiao.opinion.choices import IssueStatus
from khoagiao.opinion.models import HotIssue, IssueAttachment, RoutingRule

from .helpers import field_health, report

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def login(client: Client, user) -> Client:
    client.force_login(user)
    return client


def test_quick_capture_creates_issue_with_link_and_file(cast, client):
    login(client, cast.commune_a_focal)
    page = client.get(reverse("opinion:issue_create"))
    assert page.status_code == 200
    assert b'hx-get="/du-luan/goi-y-trung-lap/"' in page.content
    response = client.post(
        reverse("opinion:issue_create"),
        {
            "title": "Giá sữa học đường tăng",
            "description": "Phụ huynh bức xúc.",
            "reporting_unit": cast.commune_a.pk,
            "source": "social",
            "severity": "normal",
            "links": "https://facebook.com/bai-dang/1",
            "attachments": [SimpleUploadedFile("anh.png", PNG, content_type="image/png")],
        },
    )
    issue = HotIssue.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "opinion:issue_detail", args=[issue.pk]
    )
    assert issue.links.get().url == "https://facebook.com/bai-dang/1"
    attachment = IssueAttachment.objects.get()
    assert client.get(reverse("opinion:attachment_download", args=[attachment.pk])).status_code == 200
    login(Client(), cast.commune_b_focal)


def test_bad_link_keeps_everything_typed(cast, client):
    login(client, cast.commune_a_focal)
    response = client.post(
        reverse("opinion:issue_create"),
        {
            "title": "Vấn đề cần giữ",
            "description": "Nội dung dài cần giữ lại",
            "reporting_unit": cast.commune_a.pk,
            "source": "press",
            "severity": "hot",
            "links": "bao tuoi tre hom nay",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "không phải là đường dẫn hợp lệ" in content
    assert (
        "Vấn đề cần giữ" in content
        and "Nội dung dài cần giữ lại" in content
        and "bao tuoi tre hom nay" in content
    )
    assert not HotIssue.objects.exists()


def test_enormous_text_is_refused_with_its_length(cast, client):
    login(client, cast.commune_a_focal)
    response = client.post(
        reverse("opinion:issue_create"),
        {
            "title": "Vấn đề",
            "description": "a" * 20_001,
            "reporting_unit": cast.commune_a.pk,
            "source": "press",
            "severity": "normal",
        },
    )
    assert response.status_code == 200
    assert "20.001 ký tự" in response.content.decode()
    assert not HotIssue.objects.exists()


def test_similar_fragment_and_merge_from_issue_page(cast, client):
    first = report(cast, title="Ngộ độc thực phẩm bữa ăn bán trú trường mầm non Hoa Sen")
    second = report(
        cast,
        actor=cast.commune_b_focal,
        unit=cast.commune_b,
        title="Trẻ mầm non Hoa Sen nghi ngộ độc thực phẩm bữa bán trú",
    )
    login(client, cast.specialist)
    fragment = client.get(reverse("opinion:issue_similar"), {"title": "ngo doc thuc pham mam non Hoa Sen"})
    assert f"#{first.pk}" in fragment.content.decode()
    page = client.get(reverse("opinion:issue_detail", args=[second.pk])).content.decode()
    assert f"Gộp vào #{first.pk}" in page
    client.post(reverse("opinion:issue_merge", args=[second.pk]), {"into": first.pk})
    assert HotIssue.objects.get(pk=second.pk).merged_into_id == first.pk
    loop = client.post(reverse("opinion:issue_merge", args=[first.pk]), {"into": second.pk})
    assert loop.status_code == 400 and "vòng lặp" in loop.content.decode()


def test_triage_route_respond_resolve_confirm_through_screens(cast, client):
    health = field_health()
    RoutingRule.objects.create(field=health, area=cast.department, responsible_unit=cast.health)
    focal = make_user("daumoi.yte", role="focal_point", unit=cast.health)
    issue = report(cast, field=health)
    login(client, cast.specialist)
    page = client.get(reverse("opinion:issue_detail", args=[issue.pk])).content.decode()
    assert "Theo bảng phân luồng" in page and "Sở Y tế" in page
    client.post(reverse("opinion:issue_verify", args=[issue.pk]), {"severity": "hot", "field": health.pk})
    client.post(reverse("opinion:issue_route", args=[issue.pk]), {"responsible_unit": "", "severity": ""})
    issue.refresh_from_db()
    assert (issue.status, issue.responsible_unit, issue.severity) == (IssueStatus.ROUTED, cast.health, "hot")
    other = login(Client(), cast.education_focal)
    refused = other.post(
        reverse("opinion:issue_message", args=[issue.pk]), {"kind": "response", "body": "Trả lời"}
    )
    assert refused.status_code == 302  # the issue is not theirs: they cannot even see it (message, redirect)
    assert not HotIssue.objects.get(pk=issue.pk).messages.exists()
    unit = login(Client(), focal)
    unit.post(
        reverse("opinion:issue_message", args=[issue.pk]), {"kind": "response", "body": "Sở đã kiểm tra."}
    )
    issue.refresh_from_db()
    assert issue.status == IssueStatus.RESPONDED
    empty = client.post(reverse("opinion:issue_resolve", args=[issue.pk]), {"note": ""})
    assert empty.status_code == 400 and "Hãy nhập kết quả giải quyết" in empty.content.decode()
    client.post(reverse("opinion:issue_resolve", args=[issue.pk]), {"note": "Đã xử lý."})
    commune = login(Client(), cast.commune_a_focal)
    assert (
        "Xác nhận kết quả" in commune.get(reverse("opinion:issue_detail", args=[issue.pk])).content.decode()
    )
    commune.post(reverse("opinion:issue_confirm", args=[issue.pk]), {"note": ""})
    assert HotIssue.objects.get(pk=issue.pk).status == IssueStatus.CLOSED


def test_routed_unit_from_other_branch_answering_is_refused_with_message(cast, client):
    issue = report(cast)
    login(client, cast.specialist)
    client.post(reverse("opinion:issue_route", args=[issue.pk]), {"responsible_unit": cast.health.pk})
    # a focal point of the department itself sees the issue (department scope) but is not the routed unit
    focal = make_user("daumoi.ban", role="focal_point", unit=cast.education)
    HotIssue.objects.filter(pk=issue.pk).update(reporting_unit=cast.education)
    response = login(Client(), focal).post(
        reverse("opinion:issue_message", args=[issue.pk]), {"kind": "response", "body": "Trả lời thay"}
    )
    assert response.status_code == 400
    assert "không được giao xử lý" in response.content.decode()
    assert not HotIssue.objects.get(pk=issue.pk).messages.exists()


def test_lists_for_each_role_and_no_n_plus_one(cast, client, django_assert_max_num_queries):
    for n in range(12):
        report(cast, title=f"Vấn đề số {n}")
    login(client, cast.specialist)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("opinion:issue_list"))
    assert response.status_code == 200 and "Vấn đề số 11" in response.content.decode()
    assert (
        login(Client(), cast.commune_b_focal)
        .get(reverse("opinion:issue_list"))
        .content.decode()
        .count("Vấn đề số")
        == 0
    )
    assert login(Client(), cast.outsider).get(reverse("opinion:issue_list")).status_code in (302, 403)
    assert login(Client(), cast.viewer).get(reverse("opinion:escalated_list")).status_code == 200
    assert login(Client(), cast.specialist).get(reverse("opinion:statistics")).status_code == 200


def test_routing_table_screens(cast, client):
    login(client, cast.specialist)
    response = client.post(
        reverse("opinion:routing_list"), {"area": cast.commune_a.pk, "responsible_unit": cast.health.pk}
    )
    assert response.status_code == 302
    rule = RoutingRule.objects.get()
    duplicate = client.post(
        reverse("opinion:routing_list"), {"area": cast.commune_a.pk, "responsible_unit": cast.education.pk}
    )
    assert "Đã có quy tắc" in duplicate.content.decode()
    client.post(
        reverse("opinion:routing_edit", args=[rule.pk]),
        {"area": cast.commune_a.pk, "responsible_unit": cast.education.pk},
    )
    assert RoutingRule.objects.get().responsible_unit == cast.education
    client.post(reverse("opinion:routing_delete", args=[rule.pk]))
    assert not RoutingRule.objects.exists()
    assert login(Client(), cast.commune_a_focal).get(reverse("opinion:routing_list")).status_code in (
        302,
        403,
    )


def test_raise_a_paragraph_of_a_units_report(cast, client):
    from khoagiao.reporting.tests.factories import fill_valid, make_duty, submission_of

    duty = make_duty(cast)
    submission = fill_valid(submission_of(duty, cast.commune_a), cast.commune_a_focal)
    section = next(iter(submission.narrative))
    login(client, cast.commune_a_focal)
    url = reverse("opinion:raise_from_submission", args=[submission.pk, section])
    page = client.get(url)
    assert page.status_code == 200
    assert "Nội dung mục" in page.content.decode()
    client.post(
        url,
        {
            "title": "Vấn đề từ báo cáo",
            "description": "x",
            "reporting_unit": cast.commune_a.pk,
            "source": "unit_report",
            "severity": "normal",
        },
    )
    issue = HotIssue.objects.get()
    assert (issue.origin_submission, issue.origin_section) == (submission, section)
    other = login(Client(), cast.commune_b_focal).get(url)
    assert other.status_code in (302, 404)
    assert not HotIssue.objects.filter(reported_at__lt=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)).exists()
