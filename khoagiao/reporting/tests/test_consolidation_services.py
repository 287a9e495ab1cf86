"""Drafts, rebuilds that keep edits, issuing once, new versions, permissions and notifications."""

from __future__ import annotations

import datetime as dt

import pytest

from khoagiao.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from khoagiao.core.notifications import Notification
from khoagiao.reporting.consolidation.permissions import can_view_consolidation
from khoagiao.reporting.models import ConsolidationStatus, OutgoingDocument
from khoagiao.reporting.services.consolidation import (
    consolidation_issue,
    consolidation_new_version,
    consolidation_rebuild,
    consolidation_save,
    consolidation_start,
    default_summary,
)
from khoagiao.reporting.services.review import submission_reopen

from .test_consolidation_helpers import Setting

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(cast) -> Setting:
    return Setting(cast)


def _start(setting: Setting, **kwargs):
    return consolidation_start(
        actor=setting.cast.specialist, period=setting.current, issuing_unit=setting.cast.department, **kwargs
    )


def _paragraphs(version, code="i"):
    return next(s for s in version.sections if s["code"] == code)["paragraphs"]


def _save(setting: Setting, version, **kwargs):
    options = {
        "summary": version.summary,
        "include_submitted": version.include_submitted,
        "signer_role": "deputy",
        "signer_name": "Nguyễn Thị Hồng Hạnh",
        "recipients": version.recipient_list,
    }
    options.update(kwargs)
    return consolidation_save(actor=setting.cast.specialist, version=version, **options)


def test_summary_from_the_period_label(setting: Setting) -> None:
    assert default_summary(setting.current) == "kết quả công tác khoa giáo quý I năm 2026"


def test_draft_gathers_texts_by_unit_with_their_source(setting: Setting) -> None:
    cast = setting.cast
    setting.send(
        cast.education,
        setting.current,
        {},
        narrative={"i": "<p>Giáo viên <b>đồng tình</b> &amp; ủng hộ.</p><p>Dư luận ổn định.</p>"},
    )
    setting.send(cast.commune_a, setting.current, {})
    version = _start(setting)
    paragraphs = _paragraphs(version)
    assert [p["unit_name"] for p in paragraphs] == ["Đảng ủy xã An Bình", "Sở Giáo dục và Đào tạo"]
    education = paragraphs[1]
    assert education["text"] == "Giáo viên đồng tình & ủng hộ.\nDư luận ổn định."
    assert (education["revision"], education["edited"]) == (1, False)
    # Starting again returns the same draft.
    assert _start(setting).pk == version.pk


def test_rebuild_keeps_edits_and_lists_changes(setting: Setting) -> None:
    cast = setting.cast
    education = setting.send(cast.education, setting.current, {})
    setting.send(cast.commune_a, setting.current, {})
    version = _start(setting)
    version = _save(
        setting,
        version,
        paragraphs={("i", f"u{cast.education.pk}"): "Đoạn do chuyên viên biên tập lại."},
        new_paragraphs={"i": "Nhận định chung của Ban."},
    )
    # A late report arrives; education's report is reopened and sent again with another text.
    setting.send(cast.commune_b, setting.current, {"GD01": "8", "GD02": "1"})
    submission_reopen(actor=cast.specialist, submission=education, reason="Bổ sung số liệu")
    education.refresh_from_db()
    setting.send(cast.education, setting.current, {}, narrative={"i": "<p>Nội dung mới của Sở.</p>"})
    version = consolidation_rebuild(actor=cast.specialist, version=version)
    by_unit = {p.get("unit_name") or p["key"]: p for p in _paragraphs(version)}
    assert by_unit["Sở Giáo dục và Đào tạo"]["text"] == "Đoạn do chuyên viên biên tập lại."
    assert by_unit["Sở Giáo dục và Đào tạo"]["new_source_text"] == "Nội dung mới của Sở."
    assert "Đảng ủy phường Bắc Sơn" in by_unit
    assert by_unit["n1"]["text"] == "Nhận định chung của Ban."
    kinds = {(c["unit"], c["change"]) for c in version.changes if c["section"].startswith("I.")}
    assert ("Đảng ủy phường Bắc Sơn", "added") in kinds
    assert ("Sở Giáo dục và Đào tạo", "changed") in kinds


def test_rebuild_removes_unedited_paragraphs_of_units_no_longer_counted(setting: Setting) -> None:
    cast = setting.cast
    commune = setting.send(cast.commune_a, setting.current, {})
    version = _start(setting)
    assert _paragraphs(version)
    submission_reopen(actor=cast.specialist, submission=commune, reason="Sai số liệu")
    version = consolidation_rebuild(actor=cast.specialist, version=version)
    assert _paragraphs(version) == []
    assert {c["change"] for c in version.changes} == {"removed"}


def test_issue_numbers_locks_notifies_and_refuses_twice(setting: Setting) -> None:
    cast = setting.cast
    setting.send(cast.education, setting.current, {"GD01": "40", "GD02": "11"})
    version = _save(setting, _start(setting))
    issued = consolidation_issue(actor=cast.specialist, version=version, issued_on=dt.date(2026, 3, 20))
    assert issued.status == ConsolidationStatus.ISSUED
    assert issued.symbol == "Số 1-BC/BTGDVTU"
    assert issued.figures["completeness"]["counted"] == 1
    assert Notification.objects.filter(user=cast.viewer, kind="consolidation_issued").count() == 1
    assert Notification.objects.filter(user=cast.education_focal, kind="consolidation_issued").exists()
    with pytest.raises(ConflictError):
        consolidation_issue(actor=cast.specialist, version=issued)
    with pytest.raises(ConflictError):
        _save(setting, issued, summary="Sửa sau khi ban hành")
    assert OutgoingDocument.objects.count() == 1


def test_issue_needs_a_signer(setting: Setting) -> None:
    version = _start(setting)
    with pytest.raises(ValidationFailed, match="người ký"):
        consolidation_issue(actor=setting.cast.specialist, version=version)
    assert OutgoingDocument.objects.count() == 0


def test_new_version_keeps_the_issued_one(setting: Setting) -> None:
    cast = setting.cast
    setting.send(cast.education, setting.current, {})
    first = consolidation_issue(actor=cast.specialist, version=_save(setting, _start(setting)))
    draft = consolidation_new_version(actor=cast.specialist, version=first)
    assert (draft.number, draft.status, draft.signer_name) == (2, "draft", "Nguyễn Thị Hồng Hạnh")
    first.refresh_from_db()
    assert first.status == "issued" and first.document_id
    second = consolidation_issue(actor=cast.specialist, version=draft)
    assert second.symbol == "Số 2-BC/BTGDVTU"
    assert _start(setting).number == 3  # starting again opens the next correction


def test_permissions(setting: Setting) -> None:
    cast = setting.cast
    with pytest.raises(PermissionDeniedError):
        consolidation_start(actor=cast.education_focal, period=setting.current, issuing_unit=cast.department)
    with pytest.raises(PermissionDeniedError):
        consolidation_start(actor=cast.viewer, period=setting.current, issuing_unit=cast.department)
    setting.send(cast.education, setting.current, {})
    version = _save(setting, _start(setting))
    assert not can_view_consolidation(cast.viewer, version)  # a draft is the department's
    assert not can_view_consolidation(cast.education_focal, version)
    issued = consolidation_issue(actor=cast.specialist, version=version)
    assert can_view_consolidation(cast.viewer, issued)
    assert can_view_consolidation(cast.education_focal, issued)  # it concerns the unit
    assert not can_view_consolidation(cast.outsider, issued)
