"""The hot-issue screens in the permission matrix (khoagiao/core/tests/test_permission_matrix.py).

Objects: an issue commune A reported, routed to the education agency and escalated to the leadership, with a
file; a fresh issue commune A reported (awaiting triage); an issue routed to the education agency and resolved
(awaiting commune A's confirmation); a second report of commune A merged into the first; a routing rule; a draft
digest of the department."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse

from khoagiao.core.testing import Cast
from khoagiao.core.testing_matrix import DEPARTMENT, EVERYONE, Row, reporting_objects

# Who may report an issue: the department and the units' focal points and leaders.
ISSUE_REPORTERS = DEPARTMENT | {"education_leader", "education_focal", "commune_a_focal", "commune_b_focal"}
# The department over commune A, commune A's focal point (reporting unit), the education agency (routed unit)
# and the leadership viewer (the issue is escalated).
ESCALATED_READERS = DEPARTMENT | {"commune_a_focal", "education_leader", "education_focal", "viewer"}
# An issue not routed nor escalated: the department and the reporting unit only.
FRESH_READERS = DEPARTMENT | {"commune_a_focal"}
DEPARTMENT_AND_VIEWER = DEPARTMENT | {"viewer"}


def opinion_objects(cast: Cast) -> dict[str, Any]:
    cached: dict[str, Any] | None = getattr(cast, "_opinion", None)
    if cached is None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from khoagiao.opinion import services
        from khoagiao.opinion.services.digests import digest_create
        from khoagiao.opinion.tests.helpers import field_education, report

        routed = report(
            cast,
            title="Phụ huynh phản ánh thu tiền học thêm",
            files=[SimpleUploadedFile("a.pdf", b"%PDF-1.4 demo")],
        )
        routed = services.issue_route(actor=cast.specialist, issue=routed, responsible_unit=cast.education)
        routed = services.issue_escalate(
            actor=cast.specialist, issue=routed, summary="Tóm tắt", recommendation="Đề xuất"
        )
        fresh = report(cast, title="Dư luận về giá sách giáo khoa")
        resolved = report(cast, title="Trường học xuống cấp sau mưa bão")
        resolved = services.issue_route(
            actor=cast.specialist, issue=resolved, responsible_unit=cast.education
        )
        resolved = services.issue_resolve(actor=cast.specialist, issue=resolved, note="Đã sửa chữa")
        merged = report(cast, title="Phụ huynh phản ánh thu tiền học thêm ngoài giờ")
        merged = services.issue_merge(actor=cast.specialist, issue=merged, into=routed)
        rule = services.routing_rule_create(
            actor=cast.specialist,
            field=field_education(),
            area=cast.commune_a,
            responsible_unit=cast.education,
        )
        digest = digest_create(actor=cast.specialist, issuing_unit=cast.department, kind="weekly")
        submission = reporting_objects(cast)["sent"]
        cached = {
            "routed": routed,
            "fresh": fresh,
            "resolved": resolved,
            "merged": merged,
            "attachment": routed.attachments.get(),
            "rule": rule,
            "digest": digest,
            "submission": submission,
            "section": next(code for code, text in submission.narrative.items() if text),
        }
        setattr(cast, "_opinion", cached)  # noqa: B010  (a per-test cache on the cast)
    return cached


def _url(name: str, key: str) -> Callable[[Cast], str]:
    return lambda cast: reverse(name, args=[opinion_objects(cast)[key].pk])


def _raise_url(cast: Cast) -> str:
    objects = opinion_objects(cast)
    return reverse("opinion:raise_from_submission", args=[objects["submission"].pk, objects["section"]])


PAGES = [
    Row("opinion:issue_list", lambda c: reverse("opinion:issue_list"), ISSUE_REPORTERS),
    Row("opinion:issue_create", lambda c: reverse("opinion:issue_create"), ISSUE_REPORTERS),
    Row("opinion:issue_similar", lambda c: reverse("opinion:issue_similar"), ISSUE_REPORTERS),
    # Reporting an issue and reading commune A's report: the department and commune A's focal point.
    Row("opinion:raise_from_submission", _raise_url, FRESH_READERS),
    Row("opinion:issue_detail", _url("opinion:issue_detail", "routed"), ESCALATED_READERS),
    Row("opinion:issue_detail", _url("opinion:issue_detail", "fresh"), FRESH_READERS),
    Row("opinion:attachment_download", _url("opinion:attachment_download", "attachment"), ESCALATED_READERS),
    # Before triage the reporting unit may still correct its text; the department any time.
    Row("opinion:issue_edit", _url("opinion:issue_edit", "fresh"), FRESH_READERS),
    Row("opinion:issue_edit", _url("opinion:issue_edit", "routed"), DEPARTMENT),
    Row("opinion:issue_task_create", _url("opinion:issue_task_create", "routed"), DEPARTMENT),
    Row("opinion:escalated_list", lambda c: reverse("opinion:escalated_list"), DEPARTMENT_AND_VIEWER),
    Row("opinion:statistics", lambda c: reverse("opinion:statistics"), DEPARTMENT_AND_VIEWER),
    Row("opinion:orientation_list", lambda c: reverse("opinion:orientation_list"), EVERYONE),
    Row("opinion:routing_list", lambda c: reverse("opinion:routing_list"), DEPARTMENT),
    Row("opinion:routing_edit", _url("opinion:routing_edit", "rule"), DEPARTMENT),
    Row("opinion:digest_list", lambda c: reverse("opinion:digest_list"), DEPARTMENT_AND_VIEWER),
    Row("opinion:digest_detail", _url("opinion:digest_detail", "digest"), DEPARTMENT_AND_VIEWER),
    Row("opinion:digest_download", _url("opinion:digest_download", "digest"), DEPARTMENT_AND_VIEWER),
]

# The issue-page actions check the role before reading the form (views.ACTION_RULES), and digest_list checks the
# department before reading a POST: a role that sees the issue but may not act is refused, not shown a form error.
ACTIONS = [
    Row("opinion:issue_create", lambda c: reverse("opinion:issue_create"), ISSUE_REPORTERS, "post"),
    Row("opinion:raise_from_submission", _raise_url, FRESH_READERS, "post"),
    Row("opinion:issue_edit", _url("opinion:issue_edit", "fresh"), FRESH_READERS, "post"),
    Row("opinion:issue_verify", _url("opinion:issue_verify", "fresh"), DEPARTMENT, "post"),
    Row("opinion:issue_route", _url("opinion:issue_route", "fresh"), DEPARTMENT, "post"),
    Row("opinion:issue_reject", _url("opinion:issue_reject", "fresh"), DEPARTMENT, "post"),
    Row("opinion:issue_message", _url("opinion:issue_message", "routed"), ESCALATED_READERS, "post"),
    Row("opinion:issue_resolve", _url("opinion:issue_resolve", "routed"), DEPARTMENT, "post"),
    Row("opinion:issue_confirm", _url("opinion:issue_confirm", "resolved"), FRESH_READERS, "post"),
    Row("opinion:issue_reopen", _url("opinion:issue_reopen", "resolved"), FRESH_READERS, "post"),
    Row("opinion:issue_merge", _url("opinion:issue_merge", "fresh"), DEPARTMENT, "post"),
    Row("opinion:issue_unmerge", _url("opinion:issue_unmerge", "merged"), DEPARTMENT, "post"),
    Row("opinion:issue_escalate", _url("opinion:issue_escalate", "fresh"), DEPARTMENT, "post"),
    Row("opinion:issue_task_create", _url("opinion:issue_task_create", "routed"), DEPARTMENT, "post"),
    Row("opinion:routing_list", lambda c: reverse("opinion:routing_list"), DEPARTMENT, "post"),
    Row("opinion:routing_edit", _url("opinion:routing_edit", "rule"), DEPARTMENT, "post"),
    Row("opinion:routing_delete", _url("opinion:routing_delete", "rule"), DEPARTMENT, "post"),
    Row("opinion:digest_list", lambda c: reverse("opinion:digest_list"), DEPARTMENT, "post"),
    Row("opinion:digest_detail", _url("opinion:digest_detail", "digest"), DEPARTMENT, "post"),
    Row("opinion:digest_issue", _url("opinion:digest_issue", "digest"), DEPARTMENT, "post"),
]
