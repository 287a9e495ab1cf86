"""The unit hears about its report's review at once, and the leader about a report waiting for approval."""

import pytest

from khoagiao.core.models import Notification
from khoagiao.reporting.services.submissions import (
    submission_accept,
    submission_approve,
    submission_reopen,
    submission_return,
    submission_send_back_to_draft,
    submission_submit,
)
from khoagiao.reporting.tests.factories import fill_valid, make_duty, submission_of

pytestmark = pytest.mark.django_db


def review_notes(user):
    return list(Notification.objects.filter(user=user, kind="reporting.review").order_by("created_at", "id"))


def test_return_accept_and_reopen_tell_the_units_people_not_the_reviewer(cast):
    duty = make_duty(cast)
    report = fill_valid(submission_of(duty, cast.education), cast.education_focal)
    report = submission_submit(actor=cast.education_focal, submission=report)

    submission_return(actor=cast.specialist, submission=report, comment="Bổ sung số liệu mục II.3.")
    for person in (cast.education_focal, cast.education_leader):
        [note] = review_notes(person)
        assert "bị trả lại" in note.title and cast.education.display_name in note.title
        assert "Bổ sung số liệu mục II.3." in note.body and cast.specialist.get_full_name() in note.body
        assert note.url.endswith(f"/bao-cao/{report.pk}/")
    assert review_notes(cast.specialist) == []
    assert review_notes(cast.commune_a_focal) == []  # another unit hears nothing

    report.refresh_from_db()
    report = submission_submit(actor=cast.education_focal, submission=report)
    submission_accept(actor=cast.specialist, submission=report)
    assert "đã tiếp nhận" in review_notes(cast.education_focal)[-1].title
    report.refresh_from_db()
    submission_reopen(actor=cast.leader, submission=report, reason="Cần cập nhật số liệu mới.")
    titles = [note.title for note in review_notes(cast.education_focal)]
    assert len(titles) == 3 and "mở lại" in titles[-1]


def test_a_report_awaiting_approval_tells_the_leader_once_and_a_send_back_tells_the_focal_point(cast):
    duty = make_duty(cast, requires_leader_approval=True)
    report = fill_valid(submission_of(duty, cast.education), cast.education_focal)
    report = submission_submit(actor=cast.education_focal, submission=report)

    [note] = Notification.objects.filter(user=cast.education_leader, kind="reporting.approval")
    assert "chờ đồng chí duyệt" in note.title and cast.education_focal.get_full_name() in note.body
    assert not Notification.objects.filter(user=cast.education_focal, kind="reporting.approval").exists()

    submission_send_back_to_draft(actor=cast.education_leader, submission=report, comment="Viết gọn mục III.")
    [back] = review_notes(cast.education_focal)
    assert "Lãnh đạo đơn vị trả lại" in back.title and "Viết gọn mục III." in back.body
    assert review_notes(cast.education_leader) == []  # the leader acted; he is not told

    report.refresh_from_db()
    report = submission_submit(actor=cast.education_focal, submission=report)
    assert Notification.objects.filter(user=cast.education_leader, kind="reporting.approval").count() == 2
    submission_approve(actor=cast.education_leader, submission=report)
    assert Notification.objects.filter(user=cast.education_leader, kind="reporting.approval").count() == 2
