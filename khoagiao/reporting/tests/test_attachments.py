"""Attachments: the kind is read from the content (not the name), the size and count are limited, a removed
file stays downloadable from the revision that carried it, and only people who may read the report download."""

from __future__ import annotations

import hashlib
import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from khoagiao.core.errors import PermissionDeniedError, ValidationFailed
from khoagiao.core.models import AuditEvent
from khoagiao.reporting.choices import SubmissionStatus
from khoagiao.reporting.models import Submission, SubmissionAttachment
from khoagiao.reporting.services.attachments import MAX_ATTACHMENTS, attachment_add, attachment_remove
from khoagiao.reporting.services.submissions import submission_return, submission_submit
from khoagiao.reporting.tests.factories import fill_valid, make_duty, submission_of

pytestmark = pytest.mark.django_db


def zipped(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
DOCX = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
PPTX = zipped({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"})
ODT = zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})
ODS = zipped({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<office/>"})
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 100
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.fixture
def duty(cast: Any) -> Any:
    return make_duty(cast)


@pytest.fixture
def report(cast: Any, duty: Any) -> Submission:
    return submission_of(duty, cast.education)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("Công văn số 12.pdf", PDF, "application/pdf"),
        ("phu-luc.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("so-lieu.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (
            "trinh-chieu.pptx",
            PPTX,
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        ("bao-cao.odt", ODT, "application/vnd.oasis.opendocument.text"),
        ("bang.ods", ODS, "application/vnd.oasis.opendocument.spreadsheet"),
        ("cu.doc", OLE, "application/msword"),
        ("cu.xls", OLE, "application/vnd.ms-excel"),
        ("anh.JPG", JPEG, "image/jpeg"),
        ("anh.png", PNG, "image/png"),
    ],
)
def test_allowed_kinds_are_recognised_by_content(
    cast: Any, report: Submission, name: str, content: bytes, content_type: str
) -> None:
    attachment = attachment_add(actor=cast.education_focal, submission=report, file=upload(name, content))
    assert attachment.name == name
    assert attachment.content_type == content_type
    assert attachment.size == len(content)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    with attachment.file.open("rb") as handle:
        assert handle.read() == content
    report.refresh_from_db()
    assert report.status == SubmissionStatus.DRAFT
    assert AuditEvent.objects.filter(action="reporting.attachment_add").count() == 1


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("chuong-trinh.pdf", EXE, "không phải là tài liệu hoặc ảnh được phép"),
        ("ghi-chu.pdf", "Đây chỉ là văn bản".encode(), "không phải là tài liệu hoặc ảnh được phép"),
        ("hong.docx", b"PK\x03\x04" + b"\x00" * 50, "không phải là tài liệu hoặc ảnh được phép"),
        ("khong-phai.docx", zipped({"a.txt": b"x"}), "không phải là tài liệu hoặc ảnh được phép"),
        ("doi-ten.docx", PDF, "có nội dung là PDF nhưng phần đuôi tên là «.docx»"),
        ("virus.exe", PDF, "phần đuôi tên là «.exe»"),
        ("rong.pdf", b"", "rỗng"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused_by_name(
    cast: Any, report: Submission, name: str, content: bytes, fragment: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        attachment_add(actor=cast.education_focal, submission=report, file=upload(name, content))
    assert fragment in refused.value.message
    assert f"«{name}»" in refused.value.message
    assert not SubmissionAttachment.objects.exists()
    report.refresh_from_db()
    assert report.status == SubmissionStatus.NOT_STARTED


def test_a_file_over_the_size_limit_is_refused(cast: Any, report: Submission, settings: Any) -> None:
    settings.REPORTING_ATTACHMENT_MAX_BYTES = 1024 * 1024
    big = PDF + b"0" * (1024 * 1024)
    with pytest.raises(ValidationFailed) as refused:
        attachment_add(actor=cast.education_focal, submission=report, file=upload("lon.pdf", big))
    assert "vượt quá mức tối đa 1 MB" in refused.value.message
    assert "«lon.pdf»" in refused.value.message
    assert not SubmissionAttachment.objects.exists()


def test_at_most_twenty_files_per_report(cast: Any, report: Submission) -> None:
    for index in range(MAX_ATTACHMENTS):
        attachment_add(actor=cast.education_focal, submission=report, file=upload(f"tep-{index}.pdf", PDF))
    with pytest.raises(ValidationFailed) as refused:
        attachment_add(actor=cast.education_focal, submission=report, file=upload("them.pdf", PDF))
    assert "tối đa 20 tệp" in refused.value.message
    first = SubmissionAttachment.objects.filter(submission=report).first()
    assert first is not None
    attachment_remove(actor=cast.education_focal, attachment=first)
    attachment_add(actor=cast.education_focal, submission=report, file=upload("them.pdf", PDF))
    assert report.attachments.filter(removed_at__isnull=True).count() == MAX_ATTACHMENTS


def test_only_the_units_editors_attach_and_remove(cast: Any, report: Submission) -> None:
    for user in (cast.commune_a_focal, cast.specialist, cast.viewer, cast.outsider):
        with pytest.raises(PermissionDeniedError):
            attachment_add(actor=user, submission=report, file=upload("a.pdf", PDF))
    attachment = attachment_add(actor=cast.education_focal, submission=report, file=upload("a.pdf", PDF))
    with pytest.raises(PermissionDeniedError):
        attachment_remove(actor=cast.commune_a_focal, attachment=attachment)
    attachment.refresh_from_db()
    assert attachment.removed_at is None


def test_removing_a_file_keeps_it_for_the_revision_that_carried_it(
    cast: Any, report: Submission, client: Client
) -> None:
    attachment = attachment_add(
        actor=cast.education_focal, submission=report, file=upload("cong-van.pdf", PDF)
    )
    fill_valid(report, cast.education_focal)
    report.refresh_from_db()
    submission_submit(actor=cast.education_focal, submission=report)
    with pytest.raises(ValidationFailed):  # a sent report's files are frozen
        attachment_remove(actor=cast.education_focal, attachment=attachment)
    report.refresh_from_db()
    submission_return(actor=cast.specialist, submission=report, comment="Thay công văn")
    attachment_remove(actor=cast.education_focal, attachment=attachment)
    replacement = attachment_add(
        actor=cast.education_focal, submission=report, file=upload("cong-van-moi.pdf", PDF + b"%moi")
    )
    report.refresh_from_db()
    submission_submit(actor=cast.education_focal, submission=report)
    first, second = report.revisions.order_by("number")
    assert [a["name"] for a in first.attachments] == ["cong-van.pdf"]
    assert first.attachments[0]["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert [a["name"] for a in second.attachments] == ["cong-van-moi.pdf"]
    assert replacement.pk != attachment.pk

    client.force_login(cast.specialist)
    response = client.get(reverse("reporting:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert "cong-van.pdf" in response["Content-Disposition"]
    page = client.get(reverse("reporting:submission_revision", args=[report.pk, 1]))
    assert reverse("reporting:attachment_download", args=[attachment.pk]) in page.content.decode()


def test_download_checks_who_may_read_the_report(cast: Any, report: Submission, client: Client) -> None:
    attachment = attachment_add(actor=cast.education_focal, submission=report, file=upload("a.pdf", PDF))
    url = reverse("reporting:attachment_download", args=[attachment.pk])
    client.force_login(cast.education_focal)
    assert client.get(url).status_code == 200
    for user in (cast.commune_a_focal, cast.specialist, cast.outsider):  # a draft: the department waits
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 302, user
        assert not hasattr(response, "streaming_content")


def test_a_50_mb_upload_is_refused_in_vietnamese_and_nothing_changes(
    cast: Any, report: Submission, client: Client
) -> None:
    fill_valid(report, cast.education_focal)
    report.refresh_from_db()
    before = (report.version, dict(report.narrative), AuditEvent.objects.count())
    client.force_login(cast.education_focal)
    big = SimpleUploadedFile(
        "Ban do 50MB.pdf", PDF + b"0" * (50 * 1024 * 1024), content_type="application/pdf"
    )
    response = client.post(reverse("reporting:attachment_add", args=[report.pk]), {"file": big})
    assert response.status_code == 400
    body = response.content.decode()
    assert (
        "Tệp «Ban do 50MB.pdf» vượt quá mức tối đa 20 MB cho mỗi tệp đính kèm; tệp chưa được tải lên." in body
    )
    report.refresh_from_db()
    assert (report.version, report.narrative, AuditEvent.objects.count()) == before
    assert not SubmissionAttachment.objects.exists()


def test_upload_through_the_page_and_remove(cast: Any, report: Submission, client: Client) -> None:
    client.force_login(cast.education_focal)
    response = client.post(
        reverse("reporting:attachment_add", args=[report.pk]), {"file": upload("phu-luc.docx", DOCX)}
    )
    assert response.status_code == 302
    attachment = SubmissionAttachment.objects.get(submission=report)
    page = client.get(reverse("reporting:submission_detail", args=[report.pk])).content.decode()
    assert "phu-luc.docx" in page
    refused = client.post(
        reverse("reporting:attachment_add", args=[report.pk]),
        {"file": upload("bao-cao.pdf", b"van ban thuong")},
    )
    assert refused.status_code == 400
    assert "Tệp «bao-cao.pdf» không phải là tài liệu hoặc ảnh được phép" in refused.content.decode()
    response = client.post(reverse("reporting:attachment_remove", args=[attachment.pk]))
    assert response.status_code == 302
    attachment.refresh_from_db()
    assert attachment.removed_at is not None
    page = client.get(reverse("reporting:submission_detail", args=[report.pk])).content.decode()
    assert reverse("reporting:attachment_download", args=[attachment.pk]) not in page
    assert "Chưa có tệp đính kèm." in page


def test_the_upload_view_still_checks_csrf(cast: Any, report: Submission) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.education_focal)
    response = client.post(
        reverse("reporting:attachment_add", args=[report.pk]), {"file": upload("a.pdf", PDF)}
    )
    assert response.status_code == 403
    assert not SubmissionAttachment.objects.exists()
