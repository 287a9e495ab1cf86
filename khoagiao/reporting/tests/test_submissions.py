"""A unit's draft through the services: saving, the optimistic lock, figures refused with nothing stored, rules
blocking a submit, sanitised narrative, copy from the last period, value history, locks and the deadline minute."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from khoagiao.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from khoagiao.core.models import AuditEvent
from khoagiao.reporting.choices import SubmissionStatus, Timeliness
from khoagiao.reporting.models import Submission, SubmissionValue, ValueChange
from khoagiao.reporting.selectors import submission_list
from khoagiao.reporting.selectors_board import submission_timeliness
from khoagiao.reporting.services.submissions import (
    narrative_from_input,
    narrative_to_text,
    sanitize_narrative,
    submission_copy_from_last,
    submission_save_draft,
    submission_submit,
    submission_unlock,
)
from khoagiao.reporting.tests.factories import fill_valid, make_duty, submission_of, valid_values

pytestmark = pytest.mark.django_db

TZ = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def duty(cast: Any) -> Any:
    return make_duty(cast)


@pytest.fixture
def report(cast: Any, duty: Any) -> Submission:
    return submission_of(duty, cast.education)


def save(submission: Submission, actor: Any, **kwargs: Any) -> Submission:
    submission.refresh_from_db()
    return submission_save_draft(
        actor=actor, submission=submission, expected_version=submission.version, **kwargs
    )


def at(monkeypatch: pytest.MonkeyPatch, moment: dt.datetime) -> None:
    monkeypatch.setattr("khoagiao.reporting.services.submissions.timezone.now", lambda: moment)


def test_saving_a_draft_starts_it_and_bumps_the_version(cast: Any, report: Submission) -> None:
    assert report.status == SubmissionStatus.NOT_STARTED and report.version == 0
    saved = save(report, cast.education_focal, narrative={"i": "Tình hình ổn định."}, values={"CT01": "3"})
    assert saved.status == SubmissionStatus.DRAFT
    assert saved.version == 1
    assert saved.narrative["i"] == "<p>Tình hình ổn định.</p>"
    assert SubmissionValue.objects.get(submission=saved, indicator__code="CT01").number == Decimal(3)
    assert saved.last_edited_by == cast.education_focal
    assert AuditEvent.objects.filter(action="reporting.submission_save", object_id=str(saved.pk)).exists()


def test_a_second_save_with_the_same_version_is_refused_and_nothing_of_it_stored(
    cast: Any, report: Submission
) -> None:
    report = save(report, cast.education_focal, narrative={"i": "Bản đầu."})
    opened_at = report.version
    submission_save_draft(
        actor=cast.education_focal,
        submission=report,
        expected_version=opened_at,
        narrative={"i": "Bản của đầu mối."},
        values={"CT01": "5"},
    )
    with pytest.raises(ConflictError) as refused:
        submission_save_draft(
            actor=cast.education_leader,
            submission=report,
            expected_version=opened_at,
            narrative={"i": "Bản của lãnh đạo."},
            values={"CT01": "9", "CT02": "4"},
        )
    assert refused.value.code == "stale_draft"
    assert "tải lại trang" in refused.value.message
    report.refresh_from_db()
    assert report.narrative["i"] == "<p>Bản của đầu mối.</p>"
    assert report.version == opened_at + 1
    values = {v.indicator.code: v.number for v in report.values.select_related("indicator")}
    assert values == {"CT01": Decimal(5)}


@pytest.mark.parametrize(
    ("code", "raw", "fragment"),
    [
        ("CT01", "mười", "phải là một số"),
        ("CT01", "2,5", "phải là số nguyên"),
        ("CT01", "-1", "không được nhỏ hơn 0"),
        ("GD03", "120", "không được lớn hơn 100"),
        ("DS01", "80", "không được nhỏ hơn 90"),
        ("YT04", "có lẽ", "chỉ nhận «Có» hoặc «Không»"),
        ("DL02", "Bình thường", "phải là một trong"),
    ],
)
def test_a_wrong_figure_is_refused_in_vietnamese_and_nothing_is_stored(
    cast: Any, report: Submission, code: str, raw: str, fragment: str
) -> None:
    report = save(report, cast.education_focal, values={"CT02": "1"})
    before = report.version
    with pytest.raises(ValidationFailed) as refused:
        save(report, cast.education_focal, narrative={"i": "Không được lưu"}, values={"CT02": "7", code: raw})
    assert fragment in refused.value.message
    assert code in refused.value.details["fields"]
    assert code in refused.value.details["fields"][code]  # the message names the figure by its code
    report.refresh_from_db()
    assert report.version == before
    assert report.narrative.get("i", "") == ""
    assert report.values.get(indicator__code="CT02").number == Decimal(1)
    assert not report.values.filter(indicator__code=code).exists()


def test_a_broken_rule_blocks_the_submit_naming_both_figures(cast: Any, report: Submission) -> None:
    fill_valid(report, cast.education_focal)
    report = save(report, cast.education_focal, values={"GD01": "10", "GD02": "11"})
    with pytest.raises(ValidationFailed) as refused:
        submission_submit(actor=cast.education_focal, submission=report, expected_version=report.version)
    assert refused.value.code == "incomplete"
    problems = refused.value.details["problems"]
    assert any(
        "Số trường đạt chuẩn quốc gia" in p and "Tổng số trường học trên địa bàn" in p for p in problems
    )
    assert any("11" in p and "10" in p for p in problems)
    report.refresh_from_db()
    assert report.status == SubmissionStatus.DRAFT
    assert report.revisions.count() == 0


def test_both_or_neither_rule_names_the_missing_figure(cast: Any, report: Submission) -> None:
    fill_valid(report, cast.education_focal)
    report = save(report, cast.education_focal, values={"YT01": "", "YT02": "16"})
    with pytest.raises(ValidationFailed) as refused:
        submission_submit(actor=cast.education_focal, submission=report)
    assert any("Nhập cả số xã đạt chuẩn y tế" in p for p in refused.value.details["problems"])


def test_missing_required_sections_and_figures_are_listed(cast: Any, report: Submission) -> None:
    report = save(report, cast.education_focal, narrative={"i": "Chỉ có mục I."})
    with pytest.raises(ValidationFailed) as refused:
        submission_submit(actor=cast.education_focal, submission=report)
    problems = refused.value.details["problems"]
    assert any("II.1. Công tác tham mưu" in p for p in problems)
    assert any("(CT01)" in p for p in problems)
    assert not any("I. Tình hình tư tưởng" in p for p in problems)


def test_narrative_is_sanitised(cast: Any, report: Submission) -> None:
    report = save(
        report,
        cast.education_focal,
        narrative={
            "i": '<p onclick="steal()">Ổn định <strong>tốt</strong></p><script>alert(1)</script>'
            '<a href="javascript:x">liên kết</a><img src=x onerror=alert(2)>'
        },
    )
    stored = report.narrative["i"]
    assert "<script" not in stored and "onclick" not in stored and "onerror" not in stored
    assert "javascript:" not in stored and "<img" not in stored
    assert "<strong>tốt</strong>" in stored and "liên kết" in stored


def test_plain_text_becomes_paragraphs_and_comes_back_the_same() -> None:
    typed = "Dòng một\nDòng hai\n\nĐoạn 2 < 3 & ba"
    stored = narrative_from_input(typed)
    assert stored == "<p>Dòng một<br>Dòng hai</p><p>Đoạn 2 &lt; 3 &amp; ba</p>"
    assert narrative_to_text(stored) == typed
    assert narrative_from_input(narrative_to_text(stored)) == stored
    rich = "<ul><li>một</li></ul>"
    assert narrative_to_text(sanitize_narrative(rich)) == rich


def test_value_history_records_who_changed_what(cast: Any, report: Submission) -> None:
    report = save(report, cast.education_focal, values={"CT01": "3"})
    report = save(report, cast.education_leader, values={"CT01": "1234"})
    report = save(report, cast.education_leader, values={"CT01": "1234"})  # unchanged: no new entry
    changes = list(ValueChange.objects.filter(submission=report).order_by("id"))
    assert [(c.old_value, c.new_value, c.changed_by) for c in changes] == [
        ("", "3", cast.education_focal),
        ("3", "1.234", cast.education_leader),
    ]


def test_another_units_focal_point_cannot_edit_or_submit(cast: Any, report: Submission) -> None:
    fill_valid(report, cast.education_focal)
    report.refresh_from_db()
    for stranger in (cast.commune_a_focal, cast.specialist, cast.viewer, cast.outsider):
        with pytest.raises(PermissionDeniedError):
            save(report, stranger, narrative={"i": "Xâm nhập"})
        with pytest.raises(PermissionDeniedError):
            submission_submit(actor=stranger, submission=report)
    report.refresh_from_db()
    assert "Xâm nhập" not in report.narrative["i"]
    assert report.status == SubmissionStatus.DRAFT


def test_a_focal_point_never_sees_another_units_draft_in_lists(cast: Any, duty: Any) -> None:
    education = submission_of(duty, cast.education)
    commune = submission_of(duty, cast.commune_a)
    education = save(education, cast.education_focal, narrative={"i": "Nháp"})
    save(commune, cast.commune_a_focal, narrative={"i": "Nháp xã"})
    mine = set(submission_list(user=cast.education_focal).values_list("unit_id", flat=True))
    assert mine == {cast.education.pk}
    theirs = set(submission_list(user=cast.commune_a_focal).values_list("unit_id", flat=True))
    assert theirs == {cast.commune_a.pk}
    # The department sees no draft at all until it is sent.
    assert not submission_list(user=cast.specialist).exists()
    fill_valid(education, cast.education_focal)
    education.refresh_from_db()
    submission_submit(actor=cast.education_focal, submission=education)
    assert list(submission_list(user=cast.specialist).values_list("pk", flat=True)) == [education.pk]
    assert list(submission_list(user=cast.viewer).values_list("pk", flat=True)) == [education.pk]
    assert not submission_list(user=cast.outsider).exists()


def test_copy_from_last_period_fills_empty_parts_but_not_cumulative_figures(cast: Any, duty: Any) -> None:
    periods = list(duty.periods.order_by("window_start"))
    first = submission_of(duty, cast.education, periods[0])
    second = submission_of(duty, cast.education, periods[1])
    fill_valid(first, cast.education_focal)
    first = save(first, cast.education_focal, values={"GD04": "300", "CT01": "4"})
    second = save(second, cast.education_focal, narrative={"i": "Đã viết cho kỳ này."}, values={"CT02": "9"})
    copied = submission_copy_from_last(
        actor=cast.education_focal, submission=second, expected_version=second.version
    )
    assert copied.narrative["i"] == "<p>Đã viết cho kỳ này.</p>"  # typed text stays
    assert copied.narrative["ii-1"] == first.narrative["ii-1"]
    values = {v.indicator.code: v.number for v in copied.values.select_related("indicator")}
    assert values["CT01"] == Decimal(4)
    assert values["CT02"] == Decimal(9)  # already entered: not overwritten
    assert "GD04" not in values  # cumulative: re-entered each period
    assert "GD02" not in values  # also cumulative in the default template
    assert AuditEvent.objects.filter(action="reporting.submission_copy_from_last").count() == 1


def test_copy_from_last_without_a_previous_report_is_refused(cast: Any, report: Submission) -> None:
    with pytest.raises(ValidationFailed) as refused:
        submission_copy_from_last(actor=cast.education_focal, submission=report, expected_version=0)
    assert refused.value.code == "no_previous"


def test_a_submit_at_2359_local_on_the_deadline_day_is_on_time(
    cast: Any, report: Submission, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill_valid(report, cast.education_focal)
    report.refresh_from_db()
    deadline_day = timezone.localtime(report.period.deadline).date()
    at(monkeypatch, dt.datetime.combine(deadline_day, dt.time(23, 59, 30), tzinfo=TZ))
    sent = submission_submit(actor=cast.education_focal, submission=report)
    assert sent.first_submitted_at == dt.datetime.combine(deadline_day, dt.time(23, 59, 30), tzinfo=TZ)
    assert submission_timeliness(sent) == Timeliness.ON_TIME


def test_a_submit_one_minute_after_midnight_is_late(
    cast: Any, report: Submission, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill_valid(report, cast.education_focal)
    report.refresh_from_db()
    deadline_day = timezone.localtime(report.period.deadline).date()
    at(monkeypatch, dt.datetime.combine(deadline_day + dt.timedelta(days=1), dt.time(0, 1), tzinfo=TZ))
    sent = submission_submit(actor=cast.education_focal, submission=report)
    assert submission_timeliness(sent) == Timeliness.LATE


def test_a_submit_after_the_lock_is_refused_until_the_department_grants_an_exception(
    cast: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    duty = make_duty(cast, lock_after_days=5)
    report = submission_of(duty, cast.education)
    fill_valid(report, cast.education_focal)
    report.refresh_from_db()
    lock_at = report.period.lock_at
    assert lock_at == report.period.deadline + dt.timedelta(days=5)
    after_lock = lock_at + dt.timedelta(hours=2)
    at(monkeypatch, after_lock)
    with pytest.raises(ValidationFailed) as refused:
        submission_submit(actor=cast.education_focal, submission=report)
    assert refused.value.code == "period_locked"
    assert "đã khóa" in refused.value.message
    report.refresh_from_db()
    assert report.status == SubmissionStatus.DRAFT and report.first_submitted_at is None
    with pytest.raises(PermissionDeniedError):
        submission_unlock(
            actor=cast.education_leader,
            submission=report,
            until=after_lock + dt.timedelta(days=2),
            reason="x",
        )
    submission_unlock(
        actor=cast.specialist,
        submission=report,
        until=after_lock + dt.timedelta(days=2),
        reason="Đơn vị mất điện",
    )
    report.refresh_from_db()
    sent = submission_submit(actor=cast.education_focal, submission=report)
    assert sent.status == SubmissionStatus.SUBMITTED
    assert submission_timeliness(sent) == Timeliness.LATE
    assert report.events.filter(action="unlock", comment="Đơn vị mất điện").exists()


def test_valid_values_helper_matches_the_default_template(cast: Any, report: Submission) -> None:
    # The shared factory's figures must all pass; otherwise every other test would be testing the factory.
    saved = save(report, cast.education_focal, values=valid_values(report))
    assert saved.values.count() == len(valid_values(report))
