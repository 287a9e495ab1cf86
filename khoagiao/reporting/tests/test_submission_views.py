"""The report screens through the Django test client, for each role: the list, the report page, autosave, the
plain save, submit, the review actions, the lock exception, a revision and the value history."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from khoagiao.core.models import AuditEvent
from khoagiao.reporting.choices import SubmissionStatus
from khoagiao.reporting.models import Submission
from khoagiao.reporting.services.submissions import submission_save_draft, submission_submit
from khoagiao.reporting.tests.factories import fill_valid, make_duty, submission_of, valid_values

pytestmark = pytest.mark.django_db


def fresh(submission: Submission) -> Submission:
    submission.refresh_from_db()
    return submission


def as_user(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def detail(submission: Submission) -> str:
    return reverse("reporting:submission_detail", args=[submission.pk])


def url(name: str, submission: Submission) -> str:
    return reverse(f"reporting:{name}", args=[submission.pk])


def full_form(submission: Submission, **changes: str) -> dict[str, str]:
    """What the draft form posts: every section and figure, and the version."""
    submission = fresh(submission)
    data = {"version": str(submission.version)}
    for section in submission.period.template_version.sections.all():
        data[f"section-{section.code}"] = f"Nội dung {section.heading}"
    for code, value in valid_values(submission).items():
        data[f"value-{code}"] = value
    data.update(changes)
    return data


@pytest.fixture
def duty(cast: Any) -> Any:
    return make_duty(cast)


@pytest.fixture
def draft(cast: Any, duty: Any) -> Submission:
    submission = submission_of(duty, cast.education)
    fill_valid(submission, cast.education_focal)
    return fresh(submission)


@pytest.fixture
def sent(cast: Any, draft: Submission) -> Submission:
    return submission_submit(actor=cast.education_focal, submission=draft)


# --- The list ---------------------------------------------------------------------------------------------------


def test_the_list_shows_a_unit_its_own_reports_only(
    cast: Any, duty: Any, draft: Submission, client: Client
) -> None:
    commune = submission_of(duty, cast.commune_a)
    submission_save_draft(
        actor=cast.commune_a_focal, submission=commune, expected_version=0, narrative={"i": "Nháp xã"}
    )
    page = as_user(client, cast.education_focal).get(reverse("reporting:submission_list"))
    assert page.status_code == 200
    body = page.content.decode()
    assert detail(draft) in body
    assert detail(commune) not in body
    assert "Đảng ủy xã An Bình" not in body
    other = as_user(client, cast.commune_a_focal).get(reverse("reporting:submission_list")).content.decode()
    assert detail(commune) in other and detail(draft) not in other


def test_the_department_sees_sent_reports_awaiting_review_first(
    cast: Any, duty: Any, sent: Submission, client: Client
) -> None:
    health = submission_of(duty, cast.health)
    fill_valid(health, _health_focal(cast))
    health = submission_submit(actor=_health_focal(cast), submission=fresh(health))
    from khoagiao.reporting.services.submissions import submission_accept

    submission_accept(actor=cast.specialist, submission=fresh(sent))
    body = as_user(client, cast.specialist).get(reverse("reporting:submission_list")).content.decode()
    assert body.index(detail(health)) < body.index(detail(sent))  # submitted before accepted
    assert "Đảng ủy xã An Bình" not in body  # never sent: not listed (the board shows it as missing)


def _health_focal(cast: Any) -> Any:
    from khoagiao.accounts.choices import MembershipRole
    from khoagiao.core.testing import make_user

    if not hasattr(cast, "_health_focal"):
        cast._health_focal = make_user("daumoi.syt", role=MembershipRole.FOCAL_POINT, unit=cast.health)
    return cast._health_focal


def test_the_list_filters_by_status_and_folded_unit_name(
    cast: Any, duty: Any, sent: Submission, client: Client
) -> None:
    as_user(client, cast.specialist)
    found = client.get(reverse("reporting:submission_list"), {"q": "giao duc"}).content.decode()
    assert detail(sent) in found
    none = client.get(reverse("reporting:submission_list"), {"q": "y te"}).content.decode()
    assert detail(sent) not in none and "Không có báo cáo nào khớp bộ lọc." in none
    by_status = client.get(reverse("reporting:submission_list"), {"status": "accepted"}).content.decode()
    assert detail(sent) not in by_status
    by_duty = client.get(reverse("reporting:submission_list"), {"duty": duty.pk, "status": "submitted"})
    assert detail(sent) in by_duty.content.decode()
    bad = client.get(reverse("reporting:submission_list"), {"duty": "abc", "period": "999999"})
    assert bad.status_code == 200


def test_the_list_does_not_query_per_row(cast: Any, duty: Any, client: Client) -> None:
    as_user(client, cast.admin)
    for submission in Submission.objects.filter(period__duty=duty):
        Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.SUBMITTED)
        Submission.objects.filter(pk=submission.pk).update(first_submitted_at=submission.period.deadline)
    rows = Submission.objects.filter(period__duty=duty).count()
    assert rows >= 8
    client.get(reverse("reporting:submission_list"))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("reporting:submission_list"))
    Submission.objects.filter(period__duty=duty).exclude(unit=cast.education).update(
        status=SubmissionStatus.NOT_STARTED, first_submitted_at=None
    )
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("reporting:submission_list"))
    assert len(many.captured_queries) == len(few.captured_queries)


# --- Who opens the report page ----------------------------------------------------------------------------------


def test_a_draft_opens_only_for_its_own_unit(cast: Any, draft: Submission, client: Client) -> None:
    for user in (cast.education_focal, cast.education_leader):
        response = as_user(client, user).get(detail(draft))
        assert response.status_code == 200
        assert 'name="section-i"' in response.content.decode()
    for user in (
        cast.commune_a_focal,
        cast.specialist,
        cast.leader,
        cast.viewer,
        cast.reporter,
        cast.outsider,
    ):
        response = as_user(client, user).get(detail(draft))
        assert response.status_code == 302, user
    anonymous = Client().get(detail(draft))
    assert anonymous.status_code == 302 and "/tai-khoan/dang-nhap/" in anonymous["Location"]


def test_a_sent_report_is_read_only_for_the_department_and_readers(
    cast: Any, sent: Submission, client: Client
) -> None:
    for user in (cast.specialist, cast.leader, cast.viewer, cast.reporter):
        response = as_user(client, user).get(detail(sent))
        assert response.status_code == 200, user
        body = response.content.decode()
        assert 'name="section-i"' not in body and 'name="value-CT01"' not in body
        assert "Nội dung mục I. Tình hình tư tưởng" in body
    review = as_user(client, cast.specialist).get(detail(sent)).content.decode()
    assert url("submission_accept", sent) in review and url("submission_return", sent) in review
    reader = as_user(client, cast.viewer).get(detail(sent)).content.decode()
    assert url("submission_accept", sent) not in reader
    assert as_user(client, cast.commune_a_focal).get(detail(sent)).status_code == 302


def test_the_page_shows_deadline_status_and_groups_figures(
    cast: Any, draft: Submission, client: Client
) -> None:
    body = as_user(client, cast.education_focal).get(detail(draft)).content.decode()
    assert "15/12/2025 – 14/03/2026" in body
    assert "17/03/2026" in body
    assert "Đang soạn" in body
    assert "Lũy kế từ đầu năm" in body
    assert "từ 0 đến 100" in body  # bounds of a percentage
    assert "Giáo dục" in body or "Chỉ tiêu chung" in body
    assert "Tâm trạng, dư luận trong cán bộ" in body  # a section's guidance
    assert 'hx-post="' + url("submission_autosave", draft) in body


# --- Autosave ---------------------------------------------------------------------------------------------------


def autosave(
    client: Client, submission: Submission, field: str, value: str, version: int | None = None
) -> Any:
    submission = fresh(submission)
    return client.post(
        url("submission_autosave", submission),
        {"version": submission.version if version is None else version, field: value},
        HTTP_HX_REQUEST="true",
    )


def test_autosave_stores_one_section_and_reports_the_new_version(
    cast: Any, draft: Submission, client: Client
) -> None:
    as_user(client, cast.education_focal)
    before = draft.version
    response = autosave(client, draft, "section-i", "Dư luận ổn định.\n\nKhông có vấn đề nổi cộm.")
    assert response.status_code == 200
    assert "Đã lưu lúc" in response.content.decode()
    trigger = json.loads(response["HX-Trigger"])
    assert trigger["kg-saved"]["version"] == before + 1
    assert trigger["kg-saved"]["field"] == "section-i"
    assert fresh(draft).narrative["i"] == "<p>Dư luận ổn định.</p><p>Không có vấn đề nổi cộm.</p>"


def test_autosave_refuses_a_wrong_figure_and_stores_nothing(
    cast: Any, draft: Submission, client: Client
) -> None:
    as_user(client, cast.education_focal)
    before = fresh(draft).version
    response = autosave(client, draft, "value-GD03", "150")
    assert response.status_code == 200
    body = response.content.decode()
    assert "không được lớn hơn 100" in body and "(GD03)" in body
    assert "kg-save-error" in json.loads(response["HX-Trigger"])
    draft = fresh(draft)
    assert draft.version == before
    assert draft.values.get(indicator__code="GD03").number != 150
    ok = autosave(client, draft, "value-CT01", "1.234")
    assert "Đã lưu lúc" in ok.content.decode()
    assert fresh(draft).values.get(indicator__code="CT01").number == 1234


def test_autosave_on_a_stale_version_shows_the_conflict_and_stores_nothing(
    cast: Any, draft: Submission, client: Client
) -> None:
    opened = fresh(draft).version
    submission_save_draft(
        actor=cast.education_leader,
        submission=draft,
        expected_version=opened,
        narrative={"i": "Của lãnh đạo"},
    )
    as_user(client, cast.education_focal)
    response = autosave(client, draft, "section-i", "Của đầu mối", version=opened)
    assert response.status_code == 200
    trigger = json.loads(response["HX-Trigger"])
    assert "kg-conflict" in trigger
    assert "Lanhdao Sogd" in trigger["kg-conflict"]["message"]
    assert "tải lại trang" in trigger["kg-conflict"]["message"]
    assert fresh(draft).narrative["i"] == "<p>Của lãnh đạo</p>"


def test_autosave_by_another_unit_is_refused(cast: Any, draft: Submission, client: Client) -> None:
    before = fresh(draft).narrative["i"]
    for user in (cast.commune_a_focal, cast.specialist, cast.outsider):
        response = autosave(as_user(client, user), draft, "section-i", "Xâm nhập")
        assert response.status_code == 404
        assert "Không tìm thấy báo cáo" in json.loads(response["HX-Trigger"])["kg-save-error"]["message"]
    assert fresh(draft).narrative["i"] == before


def test_autosave_after_the_report_was_sent_says_so(cast: Any, draft: Submission, client: Client) -> None:
    opened = fresh(draft).version
    submission_submit(actor=cast.education_leader, submission=draft)
    response = autosave(as_user(client, cast.education_focal), draft, "section-i", "Muộn", version=opened)
    assert response.status_code == 403
    message = json.loads(response["HX-Trigger"])["kg-save-error"]["message"]
    assert "Đã gửi" in message and "không thể sửa" in message
    assert "Muộn" not in fresh(draft).narrative["i"]


def test_autosave_with_no_field_or_two_fields_is_refused(
    cast: Any, draft: Submission, client: Client
) -> None:
    as_user(client, cast.education_focal)
    response = client.post(
        url("submission_autosave", draft), {"version": draft.version, "section-i": "a", "value-CT01": "1"}
    )
    assert response.status_code == 400
    assert "Yêu cầu lưu không hợp lệ" in response.content.decode()
    assert fresh(draft).version == draft.version


# --- The plain form (no JavaScript) -----------------------------------------------------------------------------


def test_the_save_button_saves_the_whole_form(cast: Any, draft: Submission, client: Client) -> None:
    as_user(client, cast.education_focal)
    response = client.post(url("submission_save", draft), full_form(draft, **{"value-CT01": "77"}))
    assert response.status_code == 302
    draft = fresh(draft)
    assert draft.values.get(indicator__code="CT01").number == 77
    assert draft.narrative["i"] == "<p>Nội dung I. Tình hình tư tưởng, dư luận xã hội</p>"


def test_the_save_button_keeps_a_wrong_figure_on_screen_and_saves_the_rest(
    cast: Any, draft: Submission, client: Client
) -> None:
    as_user(client, cast.education_focal)
    data = full_form(draft, **{"value-CT01": "mười hai", "value-CT02": "5", "section-iii": "Khó khăn mới"})
    response = client.post(url("submission_save", draft), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "mười hai" in body  # the typed text is still in its field
    assert "phải là một số" in body
    assert "Đã lưu các phần hợp lệ" in body
    draft = fresh(draft)
    assert draft.values.get(indicator__code="CT01").number == 12  # unchanged
    assert draft.values.get(indicator__code="CT02").number == 5
    assert draft.narrative["iii"] == "<p>Khó khăn mới</p>"
    assert f'name="version" value="{draft.version}"' in body  # the next save is not refused


def test_the_save_button_on_a_stale_page_keeps_the_users_text(
    cast: Any, draft: Submission, client: Client
) -> None:
    data = full_form(draft, **{"section-iv": "Phương hướng của đầu mối"})
    submission_save_draft(
        actor=cast.education_leader,
        submission=draft,
        expected_version=draft.version,
        narrative={"iv": "Phương hướng của lãnh đạo"},
    )
    response = as_user(client, cast.education_focal).post(url("submission_save", draft), data)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Chưa lưu được:" in body and "tải lại trang" in body
    assert "Phương hướng của đầu mối" in body  # the user's text
    assert "Phương hướng của lãnh đạo" in body  # the saved text, to compare
    assert fresh(draft).narrative["iv"] == "<p>Phương hướng của lãnh đạo</p>"


def test_submit_lists_the_problems_and_keeps_the_draft(cast: Any, duty: Any, client: Client) -> None:
    report = submission_of(duty, cast.commune_a)
    as_user(client, cast.commune_a_focal)
    response = client.post(url("submission_submit", report), {"version": 0})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Chưa thể gửi báo cáo, còn" in body
    assert "chưa có nội dung" in body
    assert fresh(report).status == SubmissionStatus.NOT_STARTED


def test_submit_saves_the_typed_form_first_then_sends(cast: Any, draft: Submission, client: Client) -> None:
    as_user(client, cast.education_focal)
    response = client.post(
        url("submission_submit", draft), full_form(draft, **{"section-v": "Kiến nghị cuối"})
    )
    assert response.status_code == 302
    draft = fresh(draft)
    assert draft.status == SubmissionStatus.SUBMITTED
    assert draft.revisions.get().narrative["v"] == "<p>Kiến nghị cuối</p>"


def test_another_unit_cannot_submit_through_the_page(cast: Any, draft: Submission, client: Client) -> None:
    before = AuditEvent.objects.count()
    response = as_user(client, cast.commune_a_focal).post(url("submission_submit", draft), full_form(draft))
    assert response.status_code == 302
    assert fresh(draft).status == SubmissionStatus.DRAFT
    assert AuditEvent.objects.count() == before


def test_copy_from_last_period_through_the_page(
    cast: Any, duty: Any, draft: Submission, client: Client
) -> None:
    submission_submit(actor=cast.education_focal, submission=draft)
    second = submission_of(duty, cast.education, duty.periods.order_by("window_start")[1])
    response = as_user(client, cast.education_focal).post(
        url("submission_copy_from_last", second), {"version": second.version}
    )
    assert response.status_code == 302
    assert fresh(second).narrative["i"] == fresh(draft).narrative["i"]


# --- Review and approval ----------------------------------------------------------------------------------------


def test_return_needs_a_comment_then_accept_and_reopen(cast: Any, sent: Submission, client: Client) -> None:
    as_user(client, cast.specialist)
    empty = client.post(url("submission_return", sent), {"comment": ""})
    assert empty.status_code == 400
    assert fresh(sent).status == SubmissionStatus.SUBMITTED
    response = client.post(url("submission_return", sent), {"comment": "Bổ sung mục II.4"})
    assert response.status_code == 302
    assert fresh(sent).status == SubmissionStatus.RETURNED
    # While the unit revises, the department reads the working draft with a link to what was sent.
    reading = client.get(detail(sent)).content.decode()
    assert "Xem bản đã gửi (lần gửi 1)" in reading
    assert url("submission_accept", sent) not in reading

    page = as_user(client, cast.education_focal).get(detail(sent)).content.decode()
    assert "Ban đã trả lại báo cáo, đề nghị sửa" in page and "Bổ sung mục II.4" in page
    client.post(url("submission_submit", sent), full_form(sent, **{"section-ii-4": "Đã bổ sung."}))
    assert fresh(sent).revision_count == 2

    as_user(client, cast.specialist)
    assert client.post(url("submission_accept", sent)).status_code == 302
    assert fresh(sent).status == SubmissionStatus.ACCEPTED
    assert client.post(url("submission_reopen", sent), {"reason": ""}).status_code == 400
    assert client.post(url("submission_reopen", sent), {"reason": "Sai số liệu"}).status_code == 302
    assert fresh(sent).status == SubmissionStatus.RETURNED


@pytest.mark.parametrize("action", ["submission_accept", "submission_return", "submission_reopen"])
def test_review_actions_are_refused_to_the_unit_and_readers(
    cast: Any, sent: Submission, client: Client, action: str
) -> None:
    for user in (
        cast.education_focal,
        cast.education_leader,
        cast.viewer,
        cast.reporter,
        cast.commune_a_focal,
    ):
        before = AuditEvent.objects.count()
        response = as_user(client, user).post(url(action, sent), {"comment": "x", "reason": "x"})
        assert response.status_code in {302, 403}, user
        assert AuditEvent.objects.count() == before
    assert fresh(sent).status == SubmissionStatus.SUBMITTED


def test_the_leader_approves_or_returns_through_the_page(cast: Any, client: Client) -> None:
    duty = make_duty(cast, code="kg-duyet", requires_leader_approval=True)
    report = submission_of(duty, cast.education)
    fill_valid(report, cast.education_focal)
    hint = "Báo cáo cần lãnh đạo đơn vị duyệt trước khi tới Ban."
    assert hint in as_user(client, cast.education_focal).get(detail(report)).content.decode()
    assert hint not in as_user(client, cast.education_leader).get(detail(report)).content.decode()
    submission_submit(actor=cast.education_focal, submission=fresh(report))
    focal_page = as_user(client, cast.education_focal).get(detail(report)).content.decode()
    assert url("submission_approve", report) not in focal_page
    assert "Chờ lãnh đạo đơn vị duyệt" in focal_page
    assert as_user(client, cast.education_focal).post(url("submission_approve", report)).status_code == 302
    assert fresh(report).status == SubmissionStatus.AWAITING_APPROVAL

    as_user(client, cast.education_leader)
    assert "Báo cáo đang chờ bạn duyệt" in client.get(detail(report)).content.decode()
    assert client.post(url("submission_leader_return", report), {"comment": ""}).status_code == 400
    assert client.post(url("submission_leader_return", report), {"comment": "Sửa mục I"}).status_code == 302
    assert fresh(report).status == SubmissionStatus.DRAFT
    submission_submit(actor=cast.education_focal, submission=fresh(report))
    assert client.post(url("submission_approve", report)).status_code == 302
    report = fresh(report)
    assert report.status == SubmissionStatus.SUBMITTED and report.first_submitted_at is not None


def test_the_department_grants_a_late_submission_without_seeing_the_draft(cast: Any, client: Client) -> None:
    duty = make_duty(cast, code="kg-khoa", lock_after_days=3)
    report = submission_of(duty, cast.commune_b)  # never started, locked long ago
    page = as_user(client, cast.specialist).get(url("submission_unlock", report))
    assert page.status_code == 200
    assert "Đã khóa" in page.content.decode() or "đã khóa" in page.content.decode()
    past = client.post(url("submission_unlock", report), {"until": "2020-01-01", "reason": "x"})
    assert past.status_code == 400 and "Thời hạn cho phép phải ở tương lai." in past.content.decode()
    response = client.post(url("submission_unlock", report), {"until": "2099-12-31", "reason": "Bão lụt"})
    assert response.status_code == 302
    assert fresh(report).unlocked_until is not None
    for user in (cast.commune_b_focal, cast.viewer, cast.commune_a_focal):
        assert as_user(client, user).get(url("submission_unlock", report)).status_code == 302


# --- History pages ----------------------------------------------------------------------------------------------


def test_revision_and_value_history_pages(cast: Any, sent: Submission, client: Client) -> None:
    as_user(client, cast.specialist)
    revision = client.get(reverse("reporting:submission_revision", args=[sent.pk, 1]))
    assert revision.status_code == 200
    body = revision.content.decode()
    assert "Lần gửi 1" in body and "Nội dung mục I. Tình hình tư tưởng" in body
    assert "40" in body  # GD01
    assert client.get(reverse("reporting:submission_revision", args=[sent.pk, 9])).status_code == 302
    history = client.get(url("submission_value_history", sent), {"chi_tieu": "CT01"})
    assert history.status_code == 200
    assert "Daumoi Sogd" in history.content.decode()
    assert as_user(client, cast.commune_a_focal).get(url("submission_value_history", sent)).status_code == 302


def test_a_save_after_a_colleague_sent_the_report_keeps_the_typed_text(
    cast: Any, draft: Submission, client: Client
) -> None:
    data = full_form(draft, **{"section-iii": "Khó khăn vừa gõ xong", "value-CT01": "31"})
    submission_submit(actor=cast.education_leader, submission=draft)
    as_user(client, cast.education_focal)
    for action in ("submission_save", "submission_submit", "submission_copy_from_last"):
        response = client.post(url(action, draft), data)
        assert response.status_code == 409, action
        body = response.content.decode()
        assert "không sửa được nữa" in body
        assert "Khó khăn vừa gõ xong" in body and "CT01 — Số văn bản tham mưu" in body and ">31<" in body
    draft = fresh(draft)
    assert draft.status == SubmissionStatus.SUBMITTED and draft.revision_count == 1
    assert "Khó khăn vừa gõ xong" not in draft.narrative["iii"]
