"""Every transition of a task, by the right people, with its history and audit; the refusals change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from khoagiao.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from khoagiao.core.models import AuditEvent
from khoagiao.tasks.choices import AttachmentPurpose, TaskStatus
from khoagiao.tasks.models import Task, TaskAttachment, TaskEventKind, TaskProgress
from khoagiao.tasks.services import (
    task_cancel,
    task_create,
    task_edit,
    task_progress_add,
    task_report_done,
    task_send_back,
    task_start,
    task_verify,
)

from .factories import EXE, make_task, pdf

pytestmark = pytest.mark.django_db


def events(task: Task) -> list[str]:
    return list(task.events.values_list("kind", flat=True))


def test_full_lifecycle_assign_start_progress_report_verify(cast):
    task = make_task(cast, coordinating_units=[cast.health])
    assert task.status == TaskStatus.ASSIGNED
    assert task.original_due_date == task.due_date
    task_start(actor=cast.education_focal, task=task, expected_version=task.version)
    progress = task_progress_add(
        actor=cast.education_focal, task=task, text="Đã in 500 tờ rơi", percent=40, files=[pdf()]
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS and task.progress_percent == 40
    assert progress.attachments.get().purpose == AttachmentPurpose.PROGRESS
    task_report_done(
        actor=cast.education_leader, task=task, text="Đã tổ chức 12 buổi", files=[pdf("minh-chung.pdf")]
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.REPORTED_DONE
    assert task.completed_on == timezone.localdate() and task.progress_percent == 100
    assert TaskAttachment.objects.filter(task=task, purpose=AttachmentPurpose.EVIDENCE).count() == 1
    task_verify(actor=cast.specialist, task=task, note="Đạt yêu cầu")
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.verified_by == cast.specialist
    assert events(task) == [
        TaskEventKind.CREATED,
        TaskEventKind.STARTED,
        TaskEventKind.PROGRESS,
        TaskEventKind.REPORTED_DONE,
        TaskEventKind.VERIFIED,
    ]
    actions = set(AuditEvent.objects.filter(object_id=str(task.pk)).values_list("action", flat=True))
    assert {
        "tasks.task_create",
        "tasks.task_start",
        "tasks.task_progress_add",
        "tasks.task_report_done",
        "tasks.task_verify",
    } <= actions


def test_progress_moves_an_assigned_task_to_in_progress(cast):
    task = make_task(cast)
    task_progress_add(actor=cast.education_focal, task=task, text="Bắt đầu khảo sát", percent=10)
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS and task.progress_percent == 10


def test_coordinating_unit_reports_progress_without_moving_the_task_percent(cast):
    task = make_task(cast, coordinating_units=[cast.commune_a])
    progress = task_progress_add(
        actor=cast.commune_a_focal, task=task, text="Phối hợp tổ chức 2 buổi", percent=80
    )
    task.refresh_from_db()
    assert progress.unit == cast.commune_a
    assert task.progress_percent == 0


def test_unit_reporting_progress_on_a_task_not_its_own_is_refused_and_nothing_changes(cast):
    task = make_task(cast, coordinating_units=[cast.health])
    with pytest.raises(PermissionDeniedError, match="không phải của đơn vị bạn"):
        task_progress_add(actor=cast.commune_b_focal, task=task, text="Xong", percent=100)
    task.refresh_from_db()
    assert task.progress_percent == 0 and task.status == TaskStatus.ASSIGNED
    assert not TaskProgress.objects.exists()


def test_coordinating_unit_cannot_report_done(cast):
    task = make_task(cast, coordinating_units=[cast.commune_a])
    with pytest.raises(PermissionDeniedError):
        task_report_done(actor=cast.commune_a_focal, task=task, text="Xong")
    assert Task.objects.get(pk=task.pk).status == TaskStatus.ASSIGNED


def test_send_back_returns_the_task_to_in_progress_with_the_reason(cast):
    task = make_task(cast)
    task_report_done(actor=cast.education_focal, task=task, text="Đã xong")
    with pytest.raises(ValidationFailed, match="lý do"):
        task_send_back(actor=cast.specialist, task=task, reason="  ")
    task_send_back(actor=cast.specialist, task=task, reason="Thiếu số liệu kết quả")
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS and task.completed_on is None
    assert task.events.values_list("note", flat=True).last() == "Thiếu số liệu kết quả"


def test_only_the_department_verifies(cast):
    task = make_task(cast)
    task_report_done(actor=cast.education_focal, task=task, text="Đã xong")
    for user in (cast.education_leader, cast.viewer, cast.reporter, cast.commune_a_focal):
        with pytest.raises(PermissionDeniedError):
            task_verify(actor=user, task=task)
    assert Task.objects.get(pk=task.pk).status == TaskStatus.REPORTED_DONE


def test_verify_needs_a_reported_task(cast):
    task = make_task(cast)
    with pytest.raises(ValidationFailed, match="Đã giao"):
        task_verify(actor=cast.specialist, task=task)


def test_cancel_with_reason(cast):
    task = make_task(cast)
    with pytest.raises(ValidationFailed):
        task_cancel(actor=cast.specialist, task=task, reason="")
    with pytest.raises(PermissionDeniedError):
        task_cancel(actor=cast.education_leader, task=task, reason="Không cần nữa")
    task_cancel(actor=cast.leader, task=task, reason="Nội dung đã lồng ghép vào nhiệm vụ khác")
    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED and task.cancel_reason.startswith("Nội dung")
    with pytest.raises(ValidationFailed):
        task_progress_add(actor=cast.education_focal, task=task, text="Tiếp tục", percent=50)


def test_stale_version_is_refused_and_nothing_changes(cast):
    task = make_task(cast)
    old_version = task.version
    task_progress_add(
        actor=cast.education_focal, task=task, text="Lần 1", percent=20, expected_version=old_version
    )
    with pytest.raises(ConflictError, match="vừa được người khác thay đổi"):
        task_progress_add(
            actor=cast.education_leader, task=task, text="Lần 2", percent=50, expected_version=old_version
        )
    task.refresh_from_db()
    assert task.progress_percent == 20
    assert TaskProgress.objects.count() == 1


def test_bad_percent_and_empty_text_are_refused(cast):
    task = make_task(cast)
    with pytest.raises(ValidationFailed, match="0 đến 100"):
        task_progress_add(actor=cast.education_focal, task=task, text="Xong", percent=150)
    with pytest.raises(ValidationFailed, match="nội dung"):
        task_progress_add(actor=cast.education_focal, task=task, text="  ", percent=10)
    assert not TaskProgress.objects.exists()


def test_a_disguised_executable_is_refused_and_nothing_is_stored(cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    task = make_task(cast)
    with pytest.raises(ValidationFailed, match="không phải là tài liệu"):
        task_progress_add(
            actor=cast.education_focal,
            task=task,
            text="Kèm báo cáo",
            percent=30,
            files=[pdf(), SimpleUploadedFile("bao-cao.pdf", EXE)],
        )
    assert not TaskProgress.objects.exists() and not TaskAttachment.objects.exists()
    assert Task.objects.get(pk=task.pk).progress_percent == 0


def test_report_done_date_cannot_be_in_the_future_or_before_assignment(cast):
    task = make_task(cast)
    today = timezone.localdate()
    for day in (today + dt.timedelta(days=1), task.assigned_on - dt.timedelta(days=1)):
        with pytest.raises(ValidationFailed, match="Ngày hoàn thành"):
            task_report_done(actor=cast.education_focal, task=task, text="Xong", completed_on=day)
    assert Task.objects.get(pk=task.pk).status == TaskStatus.ASSIGNED


def test_create_refuses_due_before_assignment_and_missing_lead_unit(cast):
    today = timezone.localdate()
    with pytest.raises(ValidationFailed, match="không được trước ngày giao"):
        task_create(
            actor=cast.specialist,
            title="X",
            lead_unit=cast.education,
            assigned_on=today,
            due_date=today - dt.timedelta(days=1),
        )
    with pytest.raises(ValidationFailed, match="đơn vị chủ trì"):
        task_create(actor=cast.specialist, title="X", lead_unit=None, due_date=today)
    assert not Task.objects.exists()


def test_only_the_department_over_the_unit_assigns(cast):
    with pytest.raises(PermissionDeniedError):
        make_task(cast, actor=cast.education_focal)
    assert not Task.objects.exists()


def test_edit_due_date_keeps_original_and_recomputes_effective_date(cast):
    task = make_task(cast, assigned_on=dt.date(2026, 2, 2), due_date=dt.date(2026, 2, 10))
    task_edit(
        actor=cast.specialist,
        task=task,
        due_date=dt.date(2026, 2, 17),
        title="Tên mới",
        coordinating_units=[cast.health],
        expected_version=task.version,
    )
    task.refresh_from_db()
    assert task.due_date == dt.date(2026, 2, 17)
    assert task.original_due_date == dt.date(2026, 2, 10)
    # 17/02/2026 is Tết: the term ends on the first working day after the Tết holidays.
    assert task.effective_due_date == dt.date(2026, 2, 23)
    assert list(task.coordinating_units.all()) == [cast.health]
    audit = AuditEvent.objects.filter(action="tasks.task_edit").get()
    assert audit.before is not None and audit.after is not None
    assert audit.before["due_date"] == "2026-02-10" and audit.after["due_date"] == "2026-02-17"
    assert audit.before["title"] != audit.after["title"]


def test_edit_refuses_due_before_assignment(cast):
    task = make_task(cast)
    with pytest.raises(ValidationFailed, match="không được trước ngày giao"):
        task_edit(actor=cast.specialist, task=task, due_date=task.assigned_on - dt.timedelta(days=1))
    assert Task.objects.get(pk=task.pk).due_date == task.due_date


def test_edit_by_a_unit_is_refused(cast):
    task = make_task(cast)
    with pytest.raises(PermissionDeniedError):
        task_edit(actor=cast.education_leader, task=task, title="Đổi tên")
