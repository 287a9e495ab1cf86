"""Intake, triage, routing, the thread and the closing of the loop."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from khoagiao.core.errors import PermissionDeniedError, ValidationFailed
from khoagiao.core.models import AuditEvent
from khoagiao.core.testing import make_user
from khoagiao.opinion.choices import EventKind, IssueSeverity, IssueStatus, MessageKind
from khoagiao.opinion.models import HotIssue, IssueVersion
from khoagiao.opinion.services import (
    issue_confirm,
    issue_edit,
    issue_reject,
    issue_reopen,
    issue_report,
    issue_resolve,
    issue_route,
    issue_verify,
    message_post,
    route_lookup,
    routing_rule_create,
)

from .helpers import field_education, field_health, report

pytestmark = pytest.mark.django_db


def test_report_keeps_original_text_as_version_one(cast):
    issue = report(
        cast,
        description="Nhiều phụ huynh phản ánh giá sữa học đường tăng 20%.",
        links="https://baoquangngai.vn/bai-viet-1\n",
    )
    assert issue.status == IssueStatus.REPORTED
    assert issue.area == cast.commune_a
    assert issue.cluster_root_id == issue.pk
    assert list(issue.links.values_list("url", flat=True)) == ["https://baoquangngai.vn/bai-viet-1"]
    assert issue.ack_due_at is not None and issue.resolution_due_at is not None
    issue_edit(actor=cast.specialist, issue=issue, title="Giá sữa học đường tăng", description="Đã sửa.")
    versions = list(IssueVersion.objects.filter(issue=issue).values_list("number", "title"))
    assert versions == [(1, "Phản ánh về giá sữa tăng"), (2, "Giá sữa học đường tăng")]
    assert issue.events.filter(kind=EventKind.EDITED).exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"title": "   "}, "title"),
        ({"title": "x" * 301}, "title"),
        ({"description": "chữ " * 6000}, "description"),
        ({"links": "không phải đường dẫn"}, "links"),
        ({"links": "javascript:alert(1)"}, "links"),
        ({"links": "ftp://example.vn/a"}, "links"),
        ({"first_seen_on": dt.date.today() + dt.timedelta(days=3)}, "first_seen_on"),
    ],
)
def test_report_refuses_bad_input_and_writes_nothing(cast, kwargs, field):
    data = {"title": "Vấn đề hợp lệ", **kwargs}
    with pytest.raises(ValidationFailed) as caught:
        issue_report(actor=cast.commune_a_focal, reporting_unit=cast.commune_a, **data)
    assert caught.value.details["field"] == field
    assert HotIssue.objects.count() == 0


def test_report_for_another_commune_is_refused(cast):
    with pytest.raises(PermissionDeniedError):
        issue_report(actor=cast.commune_a_focal, reporting_unit=cast.commune_b, title="Vấn đề")
    with pytest.raises(PermissionDeniedError):
        issue_report(actor=cast.viewer, reporting_unit=cast.commune_a, title="Vấn đề")


def test_routing_table_most_specific_rule_wins_and_department_is_fallback(cast):
    health, education = field_health(), field_education()
    assert route_lookup(field=health, area=cast.commune_a) == (cast.department, None)
    any_field = routing_rule_create(
        actor=cast.specialist, field=None, area=cast.department, responsible_unit=cast.division
    )
    province_health = routing_rule_create(
        actor=cast.specialist, field=health, area=cast.department, responsible_unit=cast.health
    )
    commune_rule = routing_rule_create(
        actor=cast.specialist, field=None, area=cast.commune_a, responsible_unit=cast.commune_a
    )
    assert route_lookup(field=health, area=cast.commune_b) == (cast.health, province_health)
    assert route_lookup(field=education, area=cast.commune_b) == (cast.division, any_field)
    assert route_lookup(field=health, area=cast.commune_a) == (cast.commune_a, commune_rule)
    with pytest.raises(Exception) as caught:
        routing_rule_create(
            actor=cast.specialist, field=health, area=cast.department, responsible_unit=cast.education
        )
    assert "Đã có quy tắc" in str(caught.value)
    with pytest.raises(PermissionDeniedError):
        routing_rule_create(
            actor=cast.commune_a_focal, field=None, area=cast.commune_b, responsible_unit=cast.commune_b
        )


def test_full_loop_every_transition_is_logged(cast):
    health = field_health()
    routing_rule_create(
        actor=cast.specialist, field=health, area=cast.department, responsible_unit=cast.health
    )
    health_focal = make_user("daumoi.yte", role="focal_point", unit=cast.health)
    issue = report(cast, field=health)
    issue_verify(actor=cast.specialist, issue=issue, severity=IssueSeverity.HOT)
    issue.refresh_from_db()
    assert issue.status == IssueStatus.VERIFIED and issue.severity == IssueSeverity.HOT
    issue_route(actor=cast.specialist, issue=issue)
    issue.refresh_from_db()
    assert issue.status == IssueStatus.ROUTED and issue.responsible_unit == cast.health
    assert issue.response_due_at is not None
    message_post(
        actor=health_focal, issue=issue, kind=MessageKind.RESPONSE, body="Sở đã kiểm tra, giá không tăng."
    )
    issue.refresh_from_db()
    assert issue.status == IssueStatus.RESPONDED and issue.first_response_at is not None
    message_post(
        actor=cast.specialist,
        issue=issue,
        kind=MessageKind.ORIENTATION,
        body="Thông tin thống nhất.",
        audiences=["units", "reporters", "press_office"],
    )
    message_post(
        actor=cast.specialist, issue=issue, kind=MessageKind.EXPLANATION_REQUEST, body="Giải trình thêm."
    )
    issue_resolve(actor=cast.specialist, issue=issue, note="Đã xử lý xong.")
    issue.refresh_from_db()
    assert issue.status == IssueStatus.RESOLVED
    issue_reopen(actor=cast.commune_a_focal, issue=issue, reason="Vẫn còn phản ánh.")
    issue.refresh_from_db()
    assert issue.status == IssueStatus.ROUTED and issue.reopen_count == 1 and issue.first_response_at is None
    message_post(actor=health_focal, issue=issue, kind=MessageKind.RESPONSE, body="Đã xử lý tiếp.")
    issue_resolve(actor=cast.specialist, issue=issue, note="Xong.")
    issue_confirm(actor=cast.commune_a_focal, issue=HotIssue.objects.get(pk=issue.pk))
    issue.refresh_from_db()
    assert issue.status == IssueStatus.CLOSED and issue.closed_at is not None
    kinds = list(issue.events.values_list("kind", flat=True))
    assert kinds == [
        EventKind.REPORTED,
        EventKind.VERIFIED,
        EventKind.ROUTED,
        EventKind.MESSAGE,
        EventKind.MESSAGE,
        EventKind.MESSAGE,
        EventKind.RESOLVED,
        EventKind.REOPENED,
        EventKind.MESSAGE,
        EventKind.RESOLVED,
        EventKind.CONFIRMED,
    ]
    assert all(event.actor_name for event in issue.events.all())
    assert AuditEvent.objects.filter(action__startswith="opinion.", object_id=str(issue.pk)).count() >= 10


def test_reject_needs_reason_and_only_before_routing(cast):
    issue = report(cast)
    with pytest.raises(ValidationFailed) as caught:
        issue_reject(actor=cast.specialist, issue=issue, reason="  ")
    assert caught.value.details["field"] == "reason"
    issue_reject(actor=cast.specialist, issue=issue, reason="Thông tin không chính xác.")
    issue.refresh_from_db()
    assert issue.status == IssueStatus.REJECTED and issue.rejected_reason == "Thông tin không chính xác."
    with pytest.raises(ValidationFailed):
        issue_route(actor=cast.specialist, issue=issue, responsible_unit=cast.health)


def test_forbidden_state_changes(cast):
    issue = report(cast)
    for call in (
        lambda: issue_verify(actor=cast.commune_a_focal, issue=issue, severity=IssueSeverity.HOT),
        lambda: issue_route(actor=cast.commune_b_focal, issue=issue, responsible_unit=cast.health),
        lambda: issue_reject(actor=cast.viewer, issue=issue, reason="x"),
        lambda: issue_resolve(actor=cast.education_focal, issue=issue, note="x"),
    ):
        with pytest.raises(PermissionDeniedError):
            call()
    with pytest.raises(ValidationFailed):
        issue_confirm(actor=cast.commune_a_focal, issue=issue)
    with pytest.raises(ValidationFailed):
        issue_resolve(actor=cast.specialist, issue=issue, note="Xong.")  # not routed nor verified yet
    issue.refresh_from_db()
    assert issue.status == IssueStatus.REPORTED


def test_unit_answering_issue_not_routed_to_it_is_refused(cast):
    issue = report(cast)
    issue_route(actor=cast.specialist, issue=issue, responsible_unit=cast.health)
    with pytest.raises(PermissionDeniedError) as caught:
        message_post(actor=cast.education_focal, issue=issue, kind=MessageKind.RESPONSE, body="Trả lời.")
    assert "không được giao" in caught.value.message
    with pytest.raises(PermissionDeniedError):
        message_post(
            actor=cast.commune_a_focal,
            issue=issue,
            kind=MessageKind.ORIENTATION,
            body="x",
            audiences=["units"],
        )
    with pytest.raises(ValidationFailed):
        message_post(actor=cast.specialist, issue=issue, kind=MessageKind.ORIENTATION, body="x", audiences=[])
    assert issue.messages.count() == 0


def test_reopen_after_the_limit_is_refused_with_the_dates(cast, settings):
    settings.OPINION_REOPEN_WORKING_DAYS = 10
    issue = report(cast)
    issue_route(actor=cast.specialist, issue=issue, responsible_unit=cast.health)
    issue_resolve(actor=cast.specialist, issue=issue, note="Xong.")
    HotIssue.objects.filter(pk=issue.pk).update(resolved_at=timezone.now() - dt.timedelta(days=40))
    with pytest.raises(ValidationFailed) as caught:
        issue_reopen(actor=cast.commune_a_focal, issue=HotIssue.objects.get(pk=issue.pk), reason="Chưa xong.")
    assert caught.value.code == "reopen_too_late"
    assert "Đã quá thời hạn mở lại" in caught.value.message
    assert HotIssue.objects.get(pk=issue.pk).status == IssueStatus.RESOLVED


def test_other_commune_cannot_confirm(cast):
    issue = report(cast)
    issue_route(actor=cast.specialist, issue=issue, responsible_unit=cast.health)
    issue_resolve(actor=cast.specialist, issue=issue, note="Xong.")
    with pytest.raises(PermissionDeniedError):
        issue_confirm(actor=cast.commune_b_focal, issue=issue)
