import datetime as dt

import pytest

from khoagiao.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from khoagiao.core.models import AuditEvent, Notification
from khoagiao.core.testing import make_unit
from khoagiao.meetings import services
from khoagiao.meetings.choices import AttendanceResponse, BriefingStatus, ProposalStatus
from khoagiao.meetings.models import Briefing, ConclusionItem

from .helpers import attendance_of, held_briefing, invited_briefing, make_briefing, today

pytestmark = pytest.mark.django_db


def test_create_invites_the_bloc_by_default(cast):
    briefing = make_briefing(cast, invited_units=None)
    units = set(briefing.attendances.values_list("unit__code", flat=True))
    # The department's direct units of its own level, except its own division (communes are added by hand).
    assert units == {"so-gddt", "so-yte"}
    assert briefing.status == BriefingStatus.PLANNED
    assert briefing.secretary == cast.specialist
    assert AuditEvent.objects.filter(action="meetings.briefing_create").count() == 1


def test_create_refuses_bad_input_and_writes_nothing(cast):
    with pytest.raises(ValidationFailed) as error:
        make_briefing(cast, date=today(), proposal_cutoff=today() + dt.timedelta(days=1))
    assert "Hạn đề xuất" in error.value.message
    with pytest.raises(ValidationFailed):
        make_briefing(cast, place="  ")
    assert Briefing.objects.count() == 0


@pytest.mark.parametrize("who", ["education_focal", "education_leader", "viewer", "reporter", "outsider"])
def test_only_the_department_plans_a_briefing(cast, who):
    with pytest.raises(PermissionDeniedError):
        services.briefing_create(
            actor=getattr(cast, who),
            organising_unit=cast.department,
            title="Giao ban",
            kind="quarter",
            date=today(),
            place="Hội trường",
            chair_name="A",
        )


def test_update_changes_invited_units_only_before_the_invitation(cast):
    briefing = make_briefing(cast)
    services.briefing_update(
        actor=cast.specialist,
        briefing=briefing,
        invited_units=[cast.education, cast.health],
        place="Phòng họp số 2",
    )
    assert set(briefing.attendances.values_list("unit__code", flat=True)) == {"so-gddt", "so-yte"}
    services.agenda_item_add(actor=cast.specialist, briefing=briefing, title="Nội dung 1")
    services.invitation_issue(actor=cast.specialist, briefing=briefing)
    with pytest.raises(ConflictError):
        services.briefing_update(actor=cast.specialist, briefing=briefing, invited_units=[cast.education])
    assert briefing.attendances.count() == 2


def test_update_with_a_stale_version_is_refused(cast):
    briefing = make_briefing(cast)
    services.briefing_update(actor=cast.specialist, briefing=briefing, version=1, place="Phòng 2")
    with pytest.raises(ConflictError):
        services.briefing_update(actor=cast.leader, briefing=briefing, version=1, place="Phòng 3")
    briefing.refresh_from_db()
    assert briefing.place == "Phòng 2"


def test_invitation_needs_an_agenda(cast):
    briefing = make_briefing(cast)
    with pytest.raises(ValidationFailed) as error:
        services.invitation_issue(actor=cast.specialist, briefing=briefing)
    assert error.value.code == "no_agenda"
    briefing.refresh_from_db()
    assert briefing.status == BriefingStatus.PLANNED


def test_invitation_moves_to_invited_and_notifies_focal_points_and_leaders_once(cast):
    briefing = invited_briefing(cast)
    assert briefing.status == BriefingStatus.INVITED
    recipients = set(
        Notification.objects.filter(kind="meetings.invitation").values_list("user__username", flat=True)
    )
    assert recipients == {"daumoi.sogd", "lanhdao.sogd", "daumoi.anbinh", "daumoi.bacson"}
    with pytest.raises(ConflictError):
        services.invitation_issue(actor=cast.specialist, briefing=briefing)
    assert Notification.objects.filter(kind="meetings.invitation").count() == 4


def test_focal_point_confirms_and_apologises(cast):
    briefing = invited_briefing(cast)
    attendance = attendance_of(briefing, cast.education)
    services.attendance_respond(
        actor=cast.education_focal,
        attendance=attendance,
        attend=True,
        attendees="Võ Đình Thắng — Phó Giám đốc Sở",
    )
    attendance.refresh_from_db()
    assert attendance.response == AttendanceResponse.CONFIRMED
    assert attendance.attendee_lines == ["Võ Đình Thắng — Phó Giám đốc Sở"]
    services.attendance_respond(
        actor=cast.education_leader, attendance=attendance, attend=False, reason="Trùng lịch"
    )
    attendance.refresh_from_db()
    assert attendance.response == AttendanceResponse.APOLOGISED
    assert attendance.apology_reason == "Trùng lịch"
    assert attendance.attendees == ""


def test_confirmation_needs_names_and_apology_needs_a_reason(cast):
    attendance = attendance_of(invited_briefing(cast), cast.education)
    with pytest.raises(ValidationFailed):
        services.attendance_respond(
            actor=cast.education_focal, attendance=attendance, attend=True, attendees=" "
        )
    with pytest.raises(ValidationFailed):
        services.attendance_respond(actor=cast.education_focal, attendance=attendance, attend=False)
    attendance.refresh_from_db()
    assert attendance.response == AttendanceResponse.PENDING


def test_a_unit_cannot_confirm_for_another_unit(cast):
    attendance = attendance_of(invited_briefing(cast), cast.health)
    with pytest.raises(PermissionDeniedError) as error:
        services.attendance_respond(
            actor=cast.education_focal, attendance=attendance, attend=True, attendees="X"
        )
    assert "Sở Y tế" in error.value.message
    attendance.refresh_from_db()
    assert attendance.response == AttendanceResponse.PENDING


def test_attendance_cannot_be_confirmed_after_the_meeting(cast):
    briefing = invited_briefing(cast, date=today() - dt.timedelta(days=1))
    attendance = attendance_of(briefing, cast.education)
    with pytest.raises(ValidationFailed) as error:
        services.attendance_respond(
            actor=cast.education_focal, attendance=attendance, attend=True, attendees="X"
        )
    assert error.value.code == "after_meeting"
    attendance.refresh_from_db()
    assert attendance.response == AttendanceResponse.PENDING


def test_mark_held_only_from_the_meeting_day(cast):
    briefing = invited_briefing(cast)
    with pytest.raises(ValidationFailed):
        services.briefing_mark_held(actor=cast.specialist, briefing=briefing)
    planned = make_briefing(cast, date=today())
    with pytest.raises(ConflictError):
        services.briefing_mark_held(actor=cast.specialist, briefing=planned)
    held = held_briefing(cast)
    assert held.status == BriefingStatus.HELD
    assert held.held_at is not None


def test_attendance_is_recorded_on_the_day(cast):
    briefing = invited_briefing(cast)
    attendance = attendance_of(briefing, cast.education)
    with pytest.raises(ValidationFailed):
        services.attendance_record(actor=cast.specialist, attendance=attendance, present=True)
    briefing = held_briefing(cast)
    attendance = attendance_of(briefing, cast.education)
    with pytest.raises(PermissionDeniedError):
        services.attendance_record(actor=cast.education_focal, attendance=attendance, present=True)
    services.attendance_record(
        actor=cast.specialist, attendance=attendance, present=True, actual_attendees="Huỳnh Thị Mai"
    )
    attendance.refresh_from_db()
    assert attendance.present is True
    assert attendance.actual_attendees == "Huỳnh Thị Mai"


def test_opinions_are_recorded_for_invited_units(cast):
    briefing = held_briefing(cast)
    opinion = services.opinion_add(
        actor=cast.specialist,
        briefing=briefing,
        unit=cast.health,
        kind="petition",
        content="Kiến nghị bổ sung kinh phí truyền thông dân số.",
    )
    assert opinion.get_kind_display() == "Kiến nghị"
    stranger = make_unit("Sở Xây dựng", parent=cast.province, code="so-xd")
    with pytest.raises(ValidationFailed):
        services.opinion_add(
            actor=cast.specialist, briefing=briefing, unit=stranger, kind="opinion", content="x"
        )
    with pytest.raises(ValidationFailed):
        services.opinion_add(
            actor=cast.specialist, briefing=briefing, unit=cast.health, kind="opinion", content=" "
        )
    assert briefing.opinions.count() == 1


def test_proposal_before_cutoff_accepted_becomes_an_agenda_item(cast):
    briefing = make_briefing(cast, proposal_cutoff=today() + dt.timedelta(days=3))
    proposal = services.proposal_submit(
        actor=cast.education_focal, briefing=briefing, unit=cast.education, title="Công tác tuyển sinh lớp 10"
    )
    with pytest.raises(PermissionDeniedError):
        services.proposal_submit(actor=cast.education_focal, briefing=briefing, unit=cast.health, title="X")
    services.proposal_decide(actor=cast.specialist, proposal=proposal, accept=True)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert proposal.agenda_item is not None
    assert proposal.agenda_item.presenter_unit == cast.education
    with pytest.raises(ConflictError):
        services.proposal_decide(actor=cast.specialist, proposal=proposal, accept=False, note="x")


def test_declining_a_proposal_needs_a_reason(cast):
    briefing = make_briefing(cast)
    proposal = services.proposal_submit(
        actor=cast.commune_a_focal, briefing=briefing, unit=cast.commune_a, title="X"
    )
    with pytest.raises(ValidationFailed):
        services.proposal_decide(actor=cast.specialist, proposal=proposal, accept=False)
    services.proposal_decide(
        actor=cast.specialist, proposal=proposal, accept=False, note="Đã có trong chương trình"
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECLINED
    assert briefing.agenda_items.count() == 0


def test_proposal_after_the_cutoff_is_refused(cast):
    briefing = make_briefing(
        cast, date=today() + dt.timedelta(days=5), proposal_cutoff=today() - dt.timedelta(days=1)
    )
    with pytest.raises(ValidationFailed) as error:
        services.proposal_submit(
            actor=cast.education_focal, briefing=briefing, unit=cast.education, title="X"
        )
    assert error.value.code == "cutoff_passed"


def test_cancel_needs_a_reason_and_only_before_the_meeting(cast):
    briefing = make_briefing(cast)
    with pytest.raises(ValidationFailed):
        services.briefing_cancel(actor=cast.specialist, briefing=briefing, reason="")
    services.briefing_cancel(actor=cast.specialist, briefing=briefing, reason="Trùng lịch Tỉnh ủy")
    briefing.refresh_from_db()
    assert briefing.status == BriefingStatus.CANCELLED
    held = held_briefing(cast)
    with pytest.raises(ConflictError):
        services.briefing_cancel(actor=cast.specialist, briefing=held, reason="x")


def test_conclusions_notice_and_locking(cast):
    briefing = held_briefing(cast)
    first = services.conclusion_item_add(
        actor=cast.specialist, briefing=briefing, text="Tăng cường tuyên truyền", lead_unit=cast.education
    )
    second = services.conclusion_item_add(actor=cast.specialist, briefing=briefing, text="Rà soát số liệu")
    assert (first.order, second.order) == (1, 2)
    services.conclusion_item_update(
        actor=cast.specialist, item=second, text="Rà soát số liệu y tế", lead_unit=cast.health
    )
    document = services.notice_issue(actor=cast.specialist, briefing=briefing)
    assert document.symbol.startswith("Số 1-TB/")
    briefing.refresh_from_db()
    assert briefing.status == BriefingStatus.CONCLUDED
    # Locked: no edit, no addition, no deletion without a new version.
    with pytest.raises(ConflictError) as error:
        services.conclusion_item_update(actor=cast.specialist, item=first, text="Sửa lén")
    assert error.value.code == "conclusions_locked"
    with pytest.raises(ConflictError):
        services.conclusion_item_add(actor=cast.specialist, briefing=briefing, text="Thêm lén")
    with pytest.raises(ConflictError):
        services.notice_issue(actor=cast.specialist, briefing=briefing)
    first.refresh_from_db()
    assert first.text == "Tăng cường tuyên truyền"
    # A new version, with its reason; the old one is kept.
    with pytest.raises(ValidationFailed):
        services.conclusion_version_new(actor=cast.specialist, briefing=briefing, reason="")
    version = services.conclusion_version_new(
        actor=cast.specialist, briefing=briefing, reason="Bổ sung thời hạn"
    )
    assert version.number == 2
    copy = version.items.get(order=1)
    assert copy.previous == first
    services.conclusion_item_update(
        actor=cast.specialist,
        item=copy,
        text="Tăng cường tuyên truyền",
        lead_unit=cast.education,
        due_date=today(),
    )
    second_notice = services.notice_issue(actor=cast.specialist, briefing=briefing)
    assert second_notice.symbol.startswith("Số 2-TB/")
    assert ConclusionItem.objects.filter(version__briefing=briefing).count() == 4
    assert AuditEvent.objects.filter(action="meetings.conclusion_version_new").count() == 1


def test_notice_needs_conclusions_and_a_held_meeting(cast):
    briefing = invited_briefing(cast, date=today())
    services.conclusion_item_add(actor=cast.specialist, briefing=briefing, text="Kết luận")
    with pytest.raises(ConflictError):
        services.notice_issue(actor=cast.specialist, briefing=briefing)
    empty = held_briefing(cast)
    with pytest.raises(ValidationFailed):
        services.notice_issue(actor=cast.specialist, briefing=empty)


def test_conclusion_due_date_before_the_meeting_is_refused(cast):
    briefing = held_briefing(cast)
    with pytest.raises(ValidationFailed):
        services.conclusion_item_add(
            actor=cast.specialist, briefing=briefing, text="X", due_date=today() - dt.timedelta(days=1)
        )


def test_a_conclusion_turns_into_tasks(cast):
    from khoagiao.tasks.choices import TaskSourceKind

    briefing = held_briefing(cast)
    item = services.conclusion_item_add(
        actor=cast.specialist, briefing=briefing, text="Tổ chức tập huấn báo cáo viên"
    )
    task = services.conclusion_task_create(
        actor=cast.specialist,
        item=item,
        lead_unit=cast.education,
        coordinating_units=[cast.health],
        due_date=today() + dt.timedelta(days=30),
    )
    assert task.source_kind == TaskSourceKind.CONCLUSION
    assert task.source_id == item.pk
    assert task.assigning_unit == cast.department
    assert "Một là" in task.source_label
    assert list(task.coordinating_units.all()) == [cast.health]
    with pytest.raises(ValidationFailed):
        services.conclusion_task_create(actor=cast.specialist, item=item, lead_unit=None, due_date=today())
    with pytest.raises(ConflictError):
        services.conclusion_item_delete(actor=cast.specialist, item=item)
