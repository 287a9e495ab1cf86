"""The job worker on the database queue, the failed jobs screen and the retry of a failed job."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from khoagiao.core import scheduling
from khoagiao.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from khoagiao.core.models import AuditEvent, PeriodicJobRun
from khoagiao.core.scheduling import PeriodicJob
from khoagiao.core.services import job_retry

from . import sample_jobs

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_queue(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    jobs = {"tests.every_minute": PeriodicJob("tests.every_minute", sample_jobs.count_call, every_minutes=1)}
    monkeypatch.setattr(scheduling, "PERIODIC_JOBS", jobs)
    sample_jobs.CALLS.clear()
    sample_jobs.FAILING["on"] = True
    yield
    sample_jobs.FAILING["on"] = True


def test_run_jobs_once_executes_a_queued_job(database_queue):
    result = sample_jobs.write_marker.enqueue("xin chào")
    assert DBTaskResult.objects.get(pk=result.id).status == "READY"

    call_command("run_jobs", "--once")

    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "SUCCESSFUL"
    assert row.return_value == "XIN CHÀO"
    assert AuditEvent.objects.get(action="tests.marker").after == {"text": "xin chào"}


def test_run_jobs_once_enqueues_and_runs_the_due_periodic_jobs(database_queue):
    call_command("run_jobs", "--once")

    run = PeriodicJobRun.objects.get(name="tests.every_minute")
    assert DBTaskResult.objects.get(pk=run.result_id).status == "SUCCESSFUL"
    assert sample_jobs.CALLS == [""]


def test_a_failing_job_is_recorded_shown_and_retried(database_queue, client, cast):
    failing = sample_jobs.fail_while_broken.enqueue(21, reason="mất kết nối")
    call_command("run_jobs", "--once")
    failed = DBTaskResult.objects.get(pk=failing.id)
    assert failed.status == "FAILED"
    assert failed.exception_class_path == "builtins.RuntimeError"
    assert "hỏng: mất kết nối" in failed.traceback

    client.force_login(cast.admin)
    page = client.get(reverse("core:job_list"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "fail_while_broken" in html and "khoagiao.core.tests.sample_jobs" in html
    assert "21, reason=&quot;mất kết nối&quot;" in html
    assert "builtins.RuntimeError" in html
    assert "<details" in html and "hỏng: mất kết nối" in html
    assert reverse("core:job_retry", args=[failed.pk]) in html
    assert page.context["statuses"][0].code == "FAILED"
    assert page.context["statuses"][0].count == 1
    assert page.context["rows"][0]["result"].pk == failed.pk  # failed ones first

    response = client.post(reverse("core:job_retry", args=[failed.pk]))
    assert response.status_code == 302
    retried = DBTaskResult.objects.exclude(pk=failed.pk).get(task_path=failed.task_path)
    assert retried.status == "READY"
    assert retried.args_kwargs == {"args": [21], "kwargs": {"reason": "mất kết nối"}}
    event = AuditEvent.objects.get(action="core.job_retry")
    assert event.actor == cast.admin
    assert event.object_id == str(failed.pk)
    assert (event.after or {}).get("new_result_id") == str(retried.pk)

    sample_jobs.FAILING["on"] = False
    call_command("run_jobs", "--once")
    retried.refresh_from_db()
    assert retried.status == "SUCCESSFUL"
    assert retried.return_value == 42

    html = client.get(reverse("core:job_list")).content.decode()
    assert "Đã chạy lại lúc" in html
    assert reverse("core:job_retry", args=[failed.pk]) not in html

    again = client.post(reverse("core:job_retry", args=[failed.pk]), follow=True)
    assert "đã được chạy lại" in again.content.decode()
    assert DBTaskResult.objects.filter(task_path=failed.task_path).count() == 2


def test_only_a_failed_job_can_be_retried(database_queue, cast):
    ready = sample_jobs.write_marker.enqueue("chưa chạy")
    with pytest.raises(ValidationFailed):
        job_retry(actor=cast.admin, result=DBTaskResult.objects.get(pk=ready.id))


def test_a_retried_job_is_not_retried_twice(database_queue, cast):
    failing = sample_jobs.fail_while_broken.enqueue(1, reason="x")
    call_command("run_jobs", "--once")
    failed = DBTaskResult.objects.get(pk=failing.id)
    job_retry(actor=cast.admin, result=failed)
    with pytest.raises(ConflictError):
        job_retry(actor=cast.admin, result=failed)


def test_a_job_whose_code_is_gone_is_refused_with_a_message(database_queue, cast):
    failing = sample_jobs.fail_while_broken.enqueue(1, reason="x")
    call_command("run_jobs", "--once")
    DBTaskResult.objects.filter(pk=failing.id).update(task_path="khoagiao.core.jobs.no_such_job")
    with pytest.raises(ValidationFailed, match="Không tìm thấy công việc"):
        job_retry(actor=cast.admin, result=DBTaskResult.objects.get(pk=failing.id))
    assert not AuditEvent.objects.filter(action="core.job_retry").exists()


def test_non_admin_cannot_retry_a_job(database_queue, client, cast):
    failing = sample_jobs.fail_while_broken.enqueue(1, reason="x")
    call_command("run_jobs", "--once")
    failed = DBTaskResult.objects.get(pk=failing.id)
    with pytest.raises(PermissionDeniedError):
        job_retry(actor=cast.specialist, result=failed)
    client.force_login(cast.specialist)
    assert client.post(reverse("core:job_retry", args=[failed.pk])).status_code == 403
    assert DBTaskResult.objects.filter(task_path=failed.task_path).count() == 1


def test_retrying_a_job_that_no_longer_exists_shows_a_message(database_queue, client, cast):
    client.force_login(cast.admin)
    response = client.post(
        reverse("core:job_retry", args=["0b8f3c1e-0000-4000-8000-000000000000"]), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("core:job_list")
    assert "Không tìm thấy công việc nền" in response.content.decode()
