"""The review cycle through the services: submit, return with a comment, revise, resubmit as a new revision,
accept, reopen (the department only), resubmit; immutable revisions; the unit leader's approval."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from khoagiao.core.errors import PermissionDeniedError, ValidationFailed
from khoagiao.core.models import AuditEvent
from khoagiao.reporting.choices import SubmissionAction, SubmissionStatus
from khoagiao.reporting.models import Submission, SubmissionRevision
from khoagiao.reporting.services.submissions import (
    submission_accept,
    submission_approve,
    submission_reopen,
    submission_return,
    submission_save_draft,
    submission_send_back_to_draft,
    submission_submit,
)
from khoagiao.reporting.tests.factories import fill_valid, make_duty, submission_of

pytestmark = pytest.mark.django_db

TZ = dt.timezone(dt.timedelta(hours=7))


def fresh(submission: Submission) -> Submission:
    submission.refresh_from_db()
    return submission


def edit(submission: Submission, actor: Any, **kwargs: Any) -> Submission:
    submission = fresh(submission)
    return submission_save_draft(
        actor=actor, submission=submission, expected_version=submission.version, **kwargs
    )


class Clock:
    def __init__(self, monkeypatch: pytest.MonkeyPatch, start: dt.datetime) -> None:
        self.now = start
        monkeypatch.setattr("khoagiao.reporting.services.submissions.timezone.now", lambda: self.now)

    def advance(self, **delta: float) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now


@pytest.fixture
def duty(cast: Any) -> Any:
    return make_duty(cast)


@pytest.fixture
def report(cast: Any, duty: Any) -> Submission:
    submission = submission_of(duty, cast.education)
    fill_valid(submission, cast.education_focal)
    return fresh(submission)


def test_the_whole_review_cycle(cast: Any, report: Submission, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock(monkeypatch, dt.datetime(2026, 3, 16, 10, 0, tzinfo=TZ))  # before the deadline 17/03
    focal, specialist = cast.education_focal, cast.specialist

    first = submission_submit(actor=focal, submission=report, expected_version=report.version)
    assert first.status == SubmissionStatus.SUBMITTED
    assert first.revision_count == 1
    assert first.first_submitted_at == clock.now
    first_time = clock.now

    clock.advance(hours=3)
    with pytest.raises(ValidationFailed):
        submission_return(actor=specialist, submission=fresh(report), comment="   ")
    returned = submission_return(
        actor=specialist, submission=fresh(report), comment="Bổ sung số liệu mục II.3"
    )
    assert returned.status == SubmissionStatus.RETURNED
    assert returned.events.filter(action=SubmissionAction.RETURN, comment="Bổ sung số liệu mục II.3").exists()

    clock.advance(days=3)  # after the deadline
    edit(report, focal, narrative={"ii-3": "Đã bổ sung kết quả theo lĩnh vực."}, values={"CT01": "8"})
    second = submission_submit(actor=focal, submission=fresh(report))
    assert second.status == SubmissionStatus.SUBMITTED
    assert second.revision_count == 2
    assert second.first_submitted_at == first_time  # timeliness keeps the first submit
    assert second.last_submitted_at == clock.now

    clock.advance(hours=1)
    accepted = submission_accept(actor=specialist, submission=fresh(report))
    assert accepted.status == SubmissionStatus.ACCEPTED
    assert accepted.accepted_by == specialist
    with pytest.raises(ValidationFailed):
        submission_return(actor=specialist, submission=fresh(report), comment="Muộn rồi")
    with pytest.raises(ValidationFailed):
        edit(report, focal, narrative={"i": "Sửa sau khi tiếp nhận"})

    # Only the department reopens, with a reason; the unit then resubmits a third revision.
    for outsider in (focal, cast.education_leader, cast.viewer, cast.commune_a_focal):
        with pytest.raises(PermissionDeniedError):
            submission_reopen(actor=outsider, submission=fresh(report), reason="Xin sửa")
    with pytest.raises(ValidationFailed):
        submission_reopen(actor=specialist, submission=fresh(report), reason="")
    reopened = submission_reopen(actor=specialist, submission=fresh(report), reason="Sai số liệu CT01")
    assert reopened.status == SubmissionStatus.RETURNED
    assert reopened.accepted_at is None
    assert AuditEvent.objects.filter(action="reporting.submission_reopen", object_id=str(report.pk)).exists()

    clock.advance(hours=2)
    edit(report, focal, values={"CT01": "9"})
    third = submission_submit(actor=focal, submission=fresh(report))
    assert third.revision_count == 3
    assert third.first_submitted_at == first_time
    assert [r.number for r in third.revisions.order_by("number")] == [1, 2, 3]
    assert list(third.events.order_by("id").values_list("action", flat=True)) == [
        "submit",
        "return",
        "submit",
        "accept",
        "reopen",
        "submit",
    ]


def test_revisions_are_frozen(cast: Any, report: Submission) -> None:
    submission_submit(actor=cast.education_focal, submission=report)
    revision = SubmissionRevision.objects.get(submission=report, number=1)
    frozen_narrative, frozen_values = dict(revision.narrative), dict(revision.values)
    assert frozen_values["CT01"] == "12"
    submission_return(actor=cast.specialist, submission=fresh(report), comment="Sửa CT01")
    edit(report, cast.education_focal, narrative={"i": "<p>Viết lại</p>"}, values={"CT01": "99"})
    revision.refresh_from_db()
    assert revision.narrative == frozen_narrative
    assert revision.values == frozen_values
    submission_submit(actor=cast.education_focal, submission=fresh(report))
    second = SubmissionRevision.objects.get(submission=report, number=2)
    assert second.values["CT01"] == "99"
    assert second.narrative["i"] == "<p>Viết lại</p>"
    revision.refresh_from_db()
    assert revision.values["CT01"] == "12"


def test_only_the_department_over_the_unit_reviews(cast: Any, report: Submission) -> None:
    submission_submit(actor=cast.education_focal, submission=report)
    for user in (
        cast.education_focal,
        cast.education_leader,
        cast.viewer,
        cast.reporter,
        cast.commune_a_focal,
    ):
        with pytest.raises(PermissionDeniedError):
            submission_accept(actor=user, submission=fresh(report))
        with pytest.raises(PermissionDeniedError):
            submission_return(actor=user, submission=fresh(report), comment="x")
    assert fresh(report).status == SubmissionStatus.SUBMITTED
    submission_accept(actor=cast.leader, submission=fresh(report))
    assert fresh(report).status == SubmissionStatus.ACCEPTED


@pytest.fixture
def approval_duty(cast: Any) -> Any:
    return make_duty(cast, code="kg-quy-duyet", requires_leader_approval=True)


def test_leader_approval_sends_the_report_at_approval_time(
    cast: Any, approval_duty: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock(monkeypatch, dt.datetime(2026, 3, 13, 9, 0, tzinfo=TZ))
    report = submission_of(approval_duty, cast.education)
    fill_valid(report, cast.education_focal)
    waiting = submission_submit(actor=cast.education_focal, submission=fresh(report))
    assert waiting.status == SubmissionStatus.AWAITING_APPROVAL
    assert waiting.first_submitted_at is None and waiting.revisions.count() == 0
    with pytest.raises(ValidationFailed):
        edit(report, cast.education_focal, narrative={"i": "Sửa khi chờ duyệt"})
    with pytest.raises(PermissionDeniedError):
        submission_approve(actor=cast.education_focal, submission=fresh(report))
    with pytest.raises(PermissionDeniedError):
        submission_approve(actor=cast.specialist, submission=fresh(report))

    approved_at = clock.advance(days=1)
    sent = submission_approve(actor=cast.education_leader, submission=fresh(report))
    assert sent.status == SubmissionStatus.SUBMITTED
    assert sent.first_submitted_at == approved_at
    assert sent.approved_by == cast.education_leader
    assert sent.revision_count == 1
    assert list(sent.events.order_by("id").values_list("action", flat=True)) == ["approve", "submit"]


def test_leader_refusal_sends_the_report_back_to_the_focal_point(cast: Any, approval_duty: Any) -> None:
    report = submission_of(approval_duty, cast.education)
    fill_valid(report, cast.education_focal)
    submission_submit(actor=cast.education_focal, submission=fresh(report))
    with pytest.raises(ValidationFailed):
        submission_send_back_to_draft(actor=cast.education_leader, submission=fresh(report), comment=" ")
    back = submission_send_back_to_draft(
        actor=cast.education_leader, submission=fresh(report), comment="Viết lại mục III"
    )
    assert back.status == SubmissionStatus.DRAFT
    assert back.first_submitted_at is None
    assert back.events.filter(action=SubmissionAction.RETURN, comment="Viết lại mục III").exists()
    edit(report, cast.education_focal, narrative={"iii": "Đã viết lại."})
    assert submission_submit(actor=cast.education_focal, submission=fresh(report)).status == (
        SubmissionStatus.AWAITING_APPROVAL
    )


def test_a_leader_who_submits_himself_sends_directly(cast: Any, approval_duty: Any) -> None:
    report = submission_of(approval_duty, cast.education)
    fill_valid(report, cast.education_leader)
    sent = submission_submit(actor=cast.education_leader, submission=fresh(report))
    assert sent.status == SubmissionStatus.SUBMITTED
    assert sent.approved_by == cast.education_leader


def test_approval_after_the_lock_is_refused(cast: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    duty = make_duty(cast, code="kg-khoa", requires_leader_approval=True, lock_after_days=1)
    report = submission_of(duty, cast.education)
    fill_valid(report, cast.education_focal)
    clock = Clock(monkeypatch, dt.datetime(2026, 3, 16, 9, 0, tzinfo=TZ))
    submission_submit(actor=cast.education_focal, submission=fresh(report))
    lock_at = fresh(report).period.lock_at
    assert lock_at is not None
    clock.now = lock_at + dt.timedelta(minutes=1)
    with pytest.raises(ValidationFailed) as refused:
        submission_approve(actor=cast.education_leader, submission=fresh(report))
    assert refused.value.code == "period_locked"
    assert fresh(report).status == SubmissionStatus.AWAITING_APPROVAL


def test_sending_the_report_settles_its_reminders(cast: Any, report: Submission) -> None:
    from khoagiao.core.models import Notification

    reminder = Notification.objects.create(
        user=cast.education_focal,
        kind="reporting.reminder",
        title="Sắp đến hạn",
        dedupe_key=f"reporting:{report.pk}:before:{cast.education_focal.pk}",
    )
    other = Notification.objects.create(
        user=cast.education_focal,
        kind="reporting.reminder",
        title="Kỳ khác",
        dedupe_key="reporting:999999:due:1",
    )
    submission_submit(actor=cast.education_focal, submission=report)
    reminder.refresh_from_db()
    other.refresh_from_db()
    assert reminder.read_at is not None
    assert other.read_at is None
