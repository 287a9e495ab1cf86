"""The screens: list, build (edit, keep input on refusal), rebuild, issue, detail, downloads, period link."""

from __future__ import annotations

import io

import docx
import pytest
from django.urls import reverse

from khoagiao.core.testing import TEST_PASSWORD
from khoagiao.reporting.models import ConsolidatedVersion
from khoagiao.reporting.services.consolidation import consolidation_preview_build, consolidation_start

from .test_consolidation_helpers import Setting

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(cast) -> Setting:
    return Setting(cast)


def _login(client, user):
    client.login(username=user.username, password=TEST_PASSWORD)
    return client


def _post_data(version, **extra):
    data = {
        "summary": version.summary,
        "signer_role": "head",
        "signer_name": "Trần Văn Bình",
        "recipients": "Thường trực Tỉnh ủy (b/c)\nLưu VP",
    }
    data.update(extra)
    return data


def test_specialist_starts_edits_and_issues(client, setting: Setting) -> None:
    cast = setting.cast
    setting.send(cast.education, setting.current, {"GD01": "40", "GD02": "11"})
    _login(client, cast.specialist)
    page = client.get(reverse("reporting:consolidation_list"))
    assert page.status_code == 200 and "Lập báo cáo tổng hợp cho một kỳ" in page.text
    response = client.post(reverse("reporting:consolidation_start"), {"period": setting.current.pk})
    version = ConsolidatedVersion.objects.get()
    assert response.url == reverse("reporting:consolidation_build", args=[version.pk])
    page = client.get(response.url)
    assert "Nguồn: Sở Giáo dục và Đào tạo (lần gửi 1)" in page.text
    key = f"p|i|u{cast.education.pk}"
    response = client.post(response.url, _post_data(version, **{key: "Đoạn đã biên tập."}))
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.sections[0]["paragraphs"][0]["edited"] is True
    page = client.get(reverse("reporting:consolidation_build", args=[version.pk]))
    assert "Đã biên tập" in page.text
    response = client.post(reverse("reporting:consolidation_issue", args=[version.pk]))
    version.refresh_from_db()
    assert version.status == "issued"
    assert response.url == reverse("reporting:consolidation_detail", args=[version.pk])
    detail = client.get(response.url)
    assert "Số 1-BC/BTGDVTU" in detail.text
    # Issuing again is refused with a message; nothing changes.
    again = client.post(reverse("reporting:consolidation_issue", args=[version.pk]))
    assert again.status_code == 302


def test_refused_save_keeps_what_was_typed(client, setting: Setting) -> None:
    cast = setting.cast
    setting.send(cast.education, setting.current, {})
    version = consolidation_start(actor=cast.specialist, period=setting.current, issuing_unit=cast.department)
    _login(client, cast.specialist)
    key = f"p|i|u{cast.education.pk}"
    response = client.post(
        reverse("reporting:consolidation_build", args=[version.pk]),
        _post_data(version, summary="", **{key: "Chữ tôi vừa gõ, chưa lưu."}),
    )
    assert response.status_code == 400
    assert "Chữ tôi vừa gõ, chưa lưu." in response.text


def test_issue_page_explains_missing_signer(client, setting: Setting) -> None:
    version = consolidation_start(
        actor=setting.cast.specialist, period=setting.current, issuing_unit=setting.cast.department
    )
    _login(client, setting.cast.specialist)
    response = client.post(reverse("reporting:consolidation_issue", args=[version.pk]))
    assert response.status_code == 400
    assert "Hãy ghi họ tên người ký" in response.text


def test_focal_point_cannot_build_and_viewer_reads_issued_only(client, setting: Setting) -> None:
    cast = setting.cast
    version = consolidation_start(actor=cast.specialist, period=setting.current, issuing_unit=cast.department)
    _login(client, cast.education_focal)
    assert (
        client.post(reverse("reporting:consolidation_start"), {"period": setting.current.pk}).status_code
        == 302
    )  # refused: no period this user may consolidate
    assert (
        client.get(reverse("reporting:consolidation_build", args=[version.pk])).status_code == 302
    )  # refused
    assert ConsolidatedVersion.objects.count() == 1
    client.logout()
    _login(client, cast.viewer)
    assert (
        client.get(reverse("reporting:consolidation_detail", args=[version.pk])).status_code == 302
    )  # draft: not found
    assert (
        client.get(reverse("reporting:consolidation_for_period", args=[setting.current.pk])).status_code
        == 404
    )


def test_downloads_and_period_link(client, setting: Setting) -> None:
    cast = setting.cast
    setting.send(cast.education, setting.current, {})
    _login(client, cast.specialist)
    link = reverse("reporting:consolidation_for_period", args=[setting.current.pk])
    first = client.get(link)  # no report yet: the start form with the period chosen, nothing created
    assert first.url == reverse("reporting:consolidation_list") + f"?period={setting.current.pk}"
    assert not ConsolidatedVersion.objects.exists()
    client.post(reverse("reporting:consolidation_start"), {"period": setting.current.pk})
    version = ConsolidatedVersion.objects.get()
    assert client.get(link).url == reverse("reporting:consolidation_build", args=[version.pk])
    draft = client.get(reverse("reporting:consolidation_download", args=[version.pk, "docx"]))
    assert "DỰ THẢO" in [p.text for p in docx.Document(io.BytesIO(draft.content)).paragraphs]
    xlsx = client.get(reverse("reporting:consolidation_download", args=[version.pk, "xlsx"]))
    assert xlsx.content[:2] == b"PK"
    assert client.get(f"/bao-cao/tong-hop/{version.pk}/tai/odt/").status_code == 404


def test_the_background_job_builds_a_large_draft(
    client, setting: Setting, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    cast = setting.cast
    setting.send(cast.education, setting.current, {})
    version = consolidation_start(actor=cast.specialist, period=setting.current, issuing_unit=cast.department)
    monkeypatch.setattr("khoagiao.reporting.services.consolidation.LARGE_REPORT_UNITS", 1)
    _login(client, cast.specialist)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("reporting:consolidation_download", args=[version.pk, "docx"]))
    assert response.url == reverse("reporting:consolidation_build", args=[version.pk])
    version.refresh_from_db()
    assert version.preview_state == "done"  # the test task backend runs the job at once
    status = client.get(reverse("reporting:consolidation_preview_status", args=[version.pk]))
    assert "Bản dự thảo đã sẵn sàng" in status.text
    download = client.get(reverse("reporting:consolidation_download", args=[version.pk, "docx"]))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert consolidation_preview_build(version.pk) == "done"


def test_api_lists_reads_and_downloads(client, setting: Setting) -> None:
    cast = setting.cast
    setting.send(cast.education, setting.current, {"GD01": "40", "GD02": "11"})
    version = consolidation_start(actor=cast.specialist, period=setting.current, issuing_unit=cast.department)
    _login(client, cast.viewer)
    assert client.get("/api/v1/reporting/consolidations").json()["items"] == []  # a draft is not theirs
    assert client.get(f"/api/v1/reporting/consolidations/{version.pk}").status_code == 404
    client.logout()
    _login(client, cast.specialist)
    listed = client.get("/api/v1/reporting/consolidations").json()["items"]
    assert [item["id"] for item in listed] == [version.pk]
    body = client.get(f"/api/v1/reporting/consolidations/{version.pk}").json()
    gd01 = next(row for row in body["figures"]["indicators"] if row["code"] == "GD01")
    assert gd01["current"] == "40"
    assert body["sections"][0]["paragraphs"][0]["unit_name"] == "Sở Giáo dục và Đào tạo"
    xlsx = client.get(f"/api/v1/reporting/consolidations/{version.pk}/documents/xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get(f"/api/v1/reporting/consolidations/{version.pk}/documents/odt").status_code == 404


def test_command_writes_a_draft_and_issues(setting: Setting, tmp_path) -> None:
    from django.core.management import call_command

    cast = setting.cast
    setting.send(cast.education, setting.current, {"GD01": "40", "GD02": "11"})
    out = tmp_path / "bao-cao.docx"
    call_command("consolidate", duty="kg-quy", period="Quý I/2026", out=str(out))
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "DỰ THẢO" in paragraphs
    assert ConsolidatedVersion.objects.count() == 0  # a draft from the command stores nothing
    call_command(
        "consolidate",
        duty="kg-quy",
        period=str(setting.current.pk),
        out=str(out),
        issue=True,
        username=cast.specialist.username,
        signer="Trần Văn Bình",
    )
    assert ConsolidatedVersion.objects.get().symbol == "Số 1-BC/BTGDVTU"
    xlsx = tmp_path / "so-lieu.xlsx"
    call_command("consolidate", duty="kg-quy", period="Quý I/2026", out=str(xlsx), format="xlsx")
    assert xlsx.read_bytes()[:2] == b"PK"
