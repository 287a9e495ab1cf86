"""Extension requests: one pending at a time (service and database), approval keeps the original due date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from khoagiao.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from khoagiao.core.models import AuditEvent
from khoagiao.tasks.choices import ExtensionStatus
from khoagiao.tasks.models import Task, TaskExtension
from khoagiao.tasks.services import extension_decide, extension_request

from .factories import make_task

pytestmark = pytest.mark.django_db


def test_approved_extension_keeps_original_and_revised_due_dates(cast):
    task = make_task(cast, assigned_on=dt.date(2026, 3, 2), due_date=dt.date(2026, 3, 31))
    extension = extension_request(
        actor=cast.education_focal, task=task, requested_due_date=dt.date(2026, 4, 30), reason="Chờ kinh phí"
    )
    assert extension.status == ExtensionStatus.PENDING
    extension_decide(actor=cast.specialist, extension=extension, approve=True, note="Đồng ý")
    task.refresh_from_db()
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.APPROVED and extension.current_due_date == dt.date(2026, 3, 31)
    assert task.due_date == dt.date(2026, 4, 30) and task.original_due_date == dt.date(2026, 3, 31)
    # 30/4 is a holiday, then 1/5 and the weekend: the term ends on Monday 4/5.
    assert task.effective_due_date == dt.date(2026, 5, 4)
    assert AuditEvent.objects.filter(action="tasks.extension_decide").exists()


def test_second_request_while_one_is_pending_is_refused(cast):
    task = make_task(cast, assigned_on=dt.date(2026, 3, 2), due_date=dt.date(2026, 3, 31))
    extension_request(
        actor=cast.education_focal, task=task, requested_due_date=dt.date(2026, 4, 15), reason="A"
    )
    with pytest.raises(ConflictError, match="đang chờ Ban quyết định"):
        extension_request(
            actor=cast.education_leader, task=task, requested_due_date=dt.date(2026, 4, 20), reason="B"
        )
    assert TaskExtension.objects.count() == 1


def test_database_allows_one_pending_request_per_task(cast):
    task = make_task(cast, assigned_on=dt.date(2026, 3, 2), due_date=dt.date(2026, 3, 31))
    common = {"task": task, "unit": cast.education, "current_due_date": task.due_date, "reason": "x"}
    TaskExtension.objects.create(requested_due_date=dt.date(2026, 4, 15), **common)
    with pytest.raises(IntegrityError), transaction.atomic():
        TaskExtension.objects.create(requested_due_date=dt.date(2026, 4, 20), **common)


def test_refusal_needs_a_reason_and_leaves_the_due_date(cast):
    task = make_task(cast, assigned_on=dt.date(2026, 3, 2), due_date=dt.date(2026, 3, 31))
    extension = extension_request(
        actor=cast.education_focal, task=task, requested_due_date=dt.date(2026, 4, 15), reason="A"
    )
    with pytest.raises(ValidationFailed, match="lý do"):
        extension_decide(actor=cast.specialist, extension=extension, approve=False)
    extension_decide(actor=cast.specialist, extension=extension, approve=False, note="Nhiệm vụ cấp bách")
    task.refresh_from_db()
    assert task.due_date == dt.date(2026, 3, 31)
    assert TaskExtension.objects.get().status == ExtensionStatus.REFUSED
    # Once decided, a new request may be sent.
    extension_request(
        actor=cast.education_focal, task=task, requested_due_date=dt.date(2026, 4, 10), reason="B"
    )
    with pytest.raises(ConflictError, match="đã được quyết định"):
        extension_decide(actor=cast.specialist, extension=extension, approve=True)


def test_requested_date_must_be_after_the_current_due_date(cast):
    task = make_task(cast, assigned_on=dt.date(2026, 3, 2), due_date=dt.date(2026, 3, 31))
    with pytest.raises(ValidationFailed, match="phải sau hạn hiện tại"):
        extension_request(
            actor=cast.education_focal, task=task, requested_due_date=dt.date(2026, 3, 31), reason="A"
        )
    assert not TaskExtension.objects.exists()


def test_who_may_request_and_decide(cast):
    task = make_task(cast, assigned_on=dt.date(2026, 3, 2), due_date=dt.date(2026, 3, 31))
    with pytest.raises(PermissionDeniedError):
        extension_request(
            actor=cast.commune_a_focal, task=task, requested_due_date=dt.date(2026, 4, 15), reason="A"
        )
    extension = extension_request(
        actor=cast.education_focal, task=task, requested_due_date=dt.date(2026, 4, 15), reason="A"
    )
    with pytest.raises(PermissionDeniedError):
        extension_decide(actor=cast.education_leader, extension=extension, approve=True)
    assert Task.objects.get(pk=task.pk).due_date == dt.date(2026, 3, 31)
