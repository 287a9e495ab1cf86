"""The Excel screens: download the form, upload for a dry-run preview, save the previewed file, cancel."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect

from khoagiao.core.models import AuditEvent
from khoagiao.core.testing import TEST_PASSWORD, Cast
from khoagiao.reporting.excel import MAX_UPLOAD_BYTES, XLSX_CONTENT_TYPE
from khoagiao.reporting.models import Submission, SubmissionValue, ValueChange
from khoagiao.reporting.services.submissions import current_values, submission_save_draft
from khoagiao.reporting.views_excel import SESSION_KEY

from .factories import make_duty, submission_of
from .test_excel import filled, state

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(cast: Cast) -> Submission:
    return submission_of(make_duty(cast), cast.education)


def _upload(client: Any, report: Submission, data: bytes, name: str = "bieu.xlsx") -> Any:
    return client.post(
        reverse("reporting:excel_upload", args=[report.pk]),
        {"file": SimpleUploadedFile(name, data, content_type=XLSX_CONTENT_TYPE)},
    )


def _messages(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


def _kept(client: Any, report: Submission) -> Any:
    return client.session.get(SESSION_KEY, {}).get(str(report.pk))


# --- Download -------------------------------------------------------------------------------------------------


def test_focal_point_downloads_the_form_of_its_report(client, cast, report):
    client.force_login(cast.education_focal)
    response = client.get(reverse("reporting:excel_download", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="bieu-so-lieu-so-gddt-2026-01.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet["C9"].value == "so-gddt"


def test_focal_point_of_another_unit_cannot_download_the_form(client, cast, report):
    client.force_login(cast.commune_a_focal)
    response = client.get(reverse("reporting:excel_download", args=[report.pk]))
    assert response.status_code == 302
    assert response["Content-Type"] != XLSX_CONTENT_TYPE


def test_department_cannot_download_a_draft_it_cannot_see(client, cast, report):
    submission_save_draft(
        actor=cast.education_focal, submission=report, expected_version=0, values={"CT01": "7"}
    )
    client.force_login(cast.specialist)
    response = client.get(reverse("reporting:excel_download", args=[report.pk]))
    assert response.status_code == 302


def test_anonymous_visitor_is_sent_to_login(client, report):
    response = client.get(reverse("reporting:excel_download", args=[report.pk]))
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


# --- Upload and preview ---------------------------------------------------------------------------------------


def test_upload_page_explains_the_steps(client, cast, report):
    client.force_login(cast.education_focal)
    response = client.get(reverse("reporting:excel_upload", args=[report.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tải biểu số liệu (.xlsx)" in page and "Tải lên và xem trước" in page
    assert reverse("reporting:excel_download", args=[report.pk]) in page


def test_upload_page_is_refused_to_people_who_cannot_edit(client, cast, report):
    for user in (cast.specialist, cast.commune_b_focal, cast.viewer, cast.outsider):
        client.force_login(user)
        response = client.get(reverse("reporting:excel_upload", args=[report.pk]))
        assert response.status_code == 302, user.username


def test_upload_shows_a_preview_and_saves_nothing(client, cast, report):
    client.force_login(cast.education_focal)
    before = state(report)
    response = _upload(client, report, filled(report, {"CT01": 12, "CT02": 3}), name="so-lieu-quy-1.xlsx")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Xem trước tệp «so-lieu-quy-1.xlsx»" in page
    assert "2 số liệu sẽ thay đổi" in page
    assert "Lưu số liệu" in page
    preview = response.context["preview"]
    assert {row.code: row.display for row in preview.rows if row.changed} == {"CT01": "12", "CT02": "3"}
    assert state(report) == before
    kept = _kept(client, report)
    assert kept is not None and kept["sha256"] == preview.sha256 and kept["version"] == report.version
    assert default_storage.exists(kept["path"])


def test_saving_the_preview_stores_the_figures_and_forgets_the_file(client, cast, report):
    client.force_login(cast.education_focal)
    preview = _upload(client, report, filled(report, {"CT01": 12, "CT02": 3})).context["preview"]
    path = _kept(client, report)["path"]
    response = client.post(reverse("reporting:excel_apply", args=[report.pk]), {"sha256": preview.sha256})
    assert response.status_code == 302
    assert {code: value.display() for code, value in current_values(report).items()} == {
        "CT01": "12",
        "CT02": "3",
    }
    assert ValueChange.objects.filter(submission=report).count() == 2
    assert AuditEvent.objects.filter(action="reporting.figure_form_import").count() == 1
    assert _kept(client, report) is None
    assert not default_storage.exists(path)
    followed = client.get(response["Location"])
    assert "Đã lưu 2 số liệu từ tệp «bieu.xlsx» vào bản nháp." in _messages(followed)


def test_saving_reads_the_stored_file_never_posted_values(client, cast, report):
    client.force_login(cast.education_focal)
    preview = _upload(client, report, filled(report, {"CT01": 12})).context["preview"]
    response = client.post(
        reverse("reporting:excel_apply", args=[report.pk]),
        {"sha256": preview.sha256, "CT01": "999", "values": "CT01=999"},
    )
    assert response.status_code == 302
    assert current_values(report)["CT01"].display() == "12"


def test_file_with_errors_shows_each_error_and_offers_no_save(client, cast, report):
    client.force_login(cast.education_focal)
    before = state(report)
    response = _upload(client, report, filled(report, {"CT01": "abc", "DS01": 5, "CT02": 4}))
    page = response.content.decode()
    assert "Chưa lưu số liệu nào" in page
    assert "«abc» không phải số" in page and "không được nhỏ hơn 90" in page
    assert "Lưu số liệu" not in page
    assert _kept(client, report) is None
    assert state(report) == before


def test_renamed_text_file_gets_a_clear_message(client, cast, report):
    client.force_login(cast.education_focal)
    before = state(report)
    response = _upload(client, report, b"CT01,12\n", name="bieu.xlsx")
    assert response.status_code == 200
    assert "không phải bảng tính Excel" in response.content.decode()
    assert _kept(client, report) is None
    assert state(report) == before


def test_upload_over_the_limit_is_refused_on_the_form(client, cast, report):
    client.force_login(cast.education_focal)
    before = state(report)
    response = _upload(client, report, b"PK\x03\x04" + b"\x00" * MAX_UPLOAD_BYTES, name="lon.xlsx")
    assert response.status_code == 200
    assert "Tệp «lon.xlsx» quá lớn" in response.content.decode()
    assert state(report) == before


def test_form_of_another_unit_is_refused_on_upload(client, cast, report):
    other = submission_of(report.period.duty, cast.commune_a)
    client.force_login(cast.education_focal)
    response = _upload(client, report, filled(other, {"CT01": 5}))
    assert "đơn vị khác" in response.content.decode()
    assert not SubmissionValue.objects.exists()


def test_another_units_focal_point_cannot_upload_into_the_report(client, cast, report):
    client.force_login(cast.commune_a_focal)
    before = state(report)
    response = _upload(client, report, filled(report, {"CT01": 5}))
    assert response.status_code == 302
    assert state(report) == before


# --- Saving: the safe way -------------------------------------------------------------------------------------


def test_save_is_refused_when_a_different_file_was_previewed_since(client, cast, report):
    client.force_login(cast.education_focal)
    first = _upload(client, report, filled(report, {"CT01": 12})).context["preview"]
    _upload(client, report, filled(report, {"CT01": 13}))
    before = state(report)
    response = client.post(reverse("reporting:excel_apply", args=[report.pk]), {"sha256": first.sha256})
    assert response.status_code == 302
    assert state(report) == before


def test_save_without_a_preview_is_refused(client, cast, report):
    client.force_login(cast.education_focal)
    response = client.post(reverse("reporting:excel_apply", args=[report.pk]), {"sha256": "0" * 64})
    assert response.status_code == 302
    followed = client.get(response["Location"])
    assert "Không còn bản xem trước nào để lưu; hãy tải tệp lên lại." in _messages(followed)
    assert not SubmissionValue.objects.exists()


def test_save_after_someone_else_saved_shows_the_new_preview_and_stores_nothing(client, cast, report):
    client.force_login(cast.education_focal)
    preview = _upload(client, report, filled(report, {"CT01": 12})).context["preview"]
    submission_save_draft(
        actor=cast.education_leader, submission=report, expected_version=report.version, values={"CT01": "20"}
    )
    before = state(report)
    response = client.post(reverse("reporting:excel_apply", args=[report.pk]), {"sha256": preview.sha256})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lanhdao Sogd" in page and "chưa được lưu" in page
    assert state(report) == before
    again = response.context["preview"]
    assert {row.code: row.current for row in again.rows if row.changed} == {"CT01": "20"}
    # The person has now seen the newer figure; saving once more applies the file.
    response = client.post(reverse("reporting:excel_apply", args=[report.pk]), {"sha256": again.sha256})
    assert response.status_code == 302
    assert current_values(report)["CT01"].display() == "12"


def test_cancel_forgets_the_previewed_file(client, cast, report):
    client.force_login(cast.education_focal)
    preview = _upload(client, report, filled(report, {"CT01": 12})).context["preview"]
    path = _kept(client, report)["path"]
    response = client.post(reverse("reporting:excel_cancel", args=[report.pk]))
    assert response.status_code == 302
    assert _kept(client, report) is None and not default_storage.exists(path)
    client.post(reverse("reporting:excel_apply", args=[report.pk]), {"sha256": preview.sha256})
    assert not SubmissionValue.objects.exists()


# --- In the browser -----------------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_focal_point_fills_the_form_offline_and_saves_it_from_a_phone(live_server, page, cast, tmp_path):
    report = submission_of(make_duty(cast), cast.education)
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(cast.education_focal.username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(live_server.url + reverse("reporting:excel_upload", args=[report.pk]))
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải biểu số liệu (.xlsx)").click()
    form = tmp_path / download.value.suggested_filename
    download.value.save_as(form)
    assert form.name == "bieu-so-lieu-so-gddt-2026-01.xlsx"

    bad = tmp_path / "sai.xlsx"
    bad.write_bytes(filled(report, {"CT01": "mười"}, data=form.read_bytes()))
    page.get_by_label("Tệp biểu số liệu đã nhập (.xlsx)").set_input_files(bad)
    page.get_by_role("button", name="Tải lên và xem trước").click()
    expect(page.get_by_text("Chưa lưu số liệu nào", exact=False)).to_be_visible()
    expect(page.get_by_role("button", name="Lưu số liệu")).to_have_count(0)

    good = tmp_path / "dung.xlsx"
    good.write_bytes(filled(report, {"CT01": 12, "YT04": "Có"}, data=form.read_bytes()))
    page.get_by_label("Tệp biểu số liệu đã nhập (.xlsx)").set_input_files(good)
    page.get_by_role("button", name="Tải lên và xem trước").click()
    expect(page.get_by_text("2 số liệu sẽ thay đổi", exact=False)).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
    assert not SubmissionValue.objects.filter(submission=report).exists()

    page.get_by_role("button", name="Lưu số liệu").click()
    expect(page.get_by_text("Đã lưu 2 số liệu từ tệp «dung.xlsx» vào bản nháp.")).to_be_visible()
    assert {code: value.display() for code, value in current_values(report).items()} == {
        "CT01": "12",
        "YT04": "Có",
    }


def test_upload_page_of_a_sent_report_says_why_it_is_closed(client, cast, report):
    from khoagiao.reporting.services.submissions import submission_submit

    from .factories import fill_valid

    fill_valid(report, cast.education_focal)
    report.refresh_from_db()
    submission_submit(actor=cast.education_focal, submission=report)
    client.force_login(cast.education_focal)
    response = client.get(reverse("reporting:excel_upload", args=[report.pk]), follow=True)
    assert "Báo cáo đang ở trạng thái «Đã gửi»; chỉ nhập số liệu được khi báo cáo còn ở đơn vị." in _messages(
        response
    )
