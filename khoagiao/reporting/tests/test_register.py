"""The register of outgoing documents (sổ văn bản đi): numbering, refusals, cancelling, PDF, concurrency."""

from __future__ import annotations

import datetime as dt
import io
import threading
from typing import Any

import docx
import pytest
from django.db import close_old_connections, connection
from django.test import override_settings

from khoagiao.core.documents import (
    DocumentFormat,
    OfficialDocument,
    OfficialHeader,
    PdfUnavailable,
    Signature,
)
from khoagiao.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from khoagiao.core.models import AuditEvent
from khoagiao.core.testing import Cast, make_unit
from khoagiao.reporting.choices import OutgoingDocumentKind, OutgoingDocumentStatus
from khoagiao.reporting.models.register import DocumentCounter, OutgoingDocument
from khoagiao.reporting.permissions import can_cancel_document, can_issue_document, can_view_register
from khoagiao.reporting.services import register as register_services
from khoagiao.reporting.services.register import (
    document_cancel,
    document_for_source,
    document_issue,
    document_pdf,
    issuer_bodies,
)

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 5)


def official_docx(document: OutgoingDocument) -> bytes:
    """What an app's build function does: the official document with the number the register gave."""
    bodies = issuer_bodies(document.issuing_unit)
    builder = OfficialDocument(
        OfficialHeader(
            document_format=document.document_format,
            superior_body=bodies.superior_body,
            issuing_body=bodies.issuing_body,
            number=document.symbol,
            place=bodies.place,
            date=document.issued_on,
            kind_title=document.get_kind_display(),
            summary=document.title,
        )
    )
    builder.paragraph("Nội dung văn bản.")
    return builder.finish(
        Signature(head_title="Trưởng ban", signer_name=document.signer_name), document.recipients.splitlines()
    )


def issue(cast: Cast, **overrides: Any) -> OutgoingDocument:
    values: dict[str, Any] = {
        "actor": cast.specialist,
        "issuing_unit": cast.department,
        "kind": OutgoingDocumentKind.BC,
        "title": "kết quả công tác khoa giáo quý I năm 2026",
        "build": official_docx,
        "file_name": "bao-cao.docx",
        "issued_on": DAY,
        "signer_name": "Nguyễn Văn An",
        "recipients": ["Thường trực Tỉnh ủy (để b/c)", "Lưu VT"],
    }
    values.update(overrides)
    return document_issue(**values)


def stored_bytes(document: OutgoingDocument) -> bytes:
    with document.file.open("rb") as stored:
        return stored.read()


# -- numbering ---------------------------------------------------------------------------------------------
def test_numbers_run_per_issuing_unit_kind_and_year(cast: Cast) -> None:
    first = issue(cast)
    second = issue(cast, title="báo cáo thứ hai")
    notice = issue(cast, kind=OutgoingDocumentKind.TB, title="thông báo")
    other_unit = issue(cast, issuing_unit=cast.division, title="của phòng")
    next_year = issue(cast, title="năm sau", issued_on=dt.date(2027, 1, 2))
    after_next_year = issue(cast, title="vẫn năm nay", issued_on=dt.date(2026, 12, 31))
    assert (first.number, second.number, after_next_year.number) == (1, 2, 3)
    assert (first.symbol, second.symbol) == ("Số 1-BC/BTGDVTU", "Số 2-BC/BTGDVTU")
    assert notice.number == 1 and notice.symbol == "Số 1-TB/BTGDVTU"
    assert other_unit.number == 1 and other_unit.symbol == "Số 1-BC/PHONG-KG"
    assert next_year.number == 1 and next_year.year == 2027
    counters = {(c.issuing_unit_id, c.kind, c.year): c.last_number for c in DocumentCounter.objects.all()}
    assert counters[(cast.department.pk, "BC", 2026)] == 3
    assert counters[(cast.department.pk, "BC", 2027)] == 1


def test_the_stored_docx_is_exactly_what_build_returned_and_carries_the_number(cast: Cast) -> None:
    seen: dict[str, Any] = {}

    def build(document: OutgoingDocument) -> bytes:
        seen.update(
            number=document.number, symbol=document.symbol, issued_on=document.issued_on, pk=document.pk
        )
        return official_docx(document)

    document = issue(cast, build=build)
    assert seen == {"number": 1, "symbol": "Số 1-BC/BTGDVTU", "issued_on": DAY, "pk": None}
    data = stored_bytes(document)
    import hashlib

    assert document.sha256 == hashlib.sha256(data).hexdigest()
    opened = docx.Document(io.BytesIO(data))
    left, right = opened.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs] == [
        "TỈNH ỦY THỬ NGHIỆM",
        "BAN TUYÊN GIÁO VÀ DÂN VẬN",
        "*",
        "Số 1-BC/BTGDVTU",
    ]
    assert "Thử Nghiệm, ngày 05 tháng 3 năm 2026" in [p.text for p in right.paragraphs]
    recipients = [p.text for p in opened.tables[-1].rows[0].cells[0].paragraphs]
    assert recipients == ["Nơi nhận:", "- Thường trực Tỉnh ủy (để b/c),", "- Lưu VT."]
    assert document.recipients == "Thường trực Tỉnh ủy (để b/c)\nLưu VT"
    assert document.document_format == DocumentFormat.PARTY
    assert document.status == OutgoingDocumentStatus.ISSUED


def test_an_agency_issues_in_the_state_format(cast: Cast) -> None:
    document = issue(cast, issuing_unit=cast.education)
    assert document.document_format == DocumentFormat.STATE
    assert document.symbol == "Số: 1/BC-SO-GDDT"
    bodies = issuer_bodies(cast.education)
    assert (bodies.superior_body, bodies.issuing_body) == (
        "Ban Tuyên giáo và Dân vận Tỉnh ủy",
        "Sở Giáo dục và Đào tạo",
    )


def test_issuer_bodies_strip_the_superior_name_from_the_issuing_body(cast: Cast) -> None:
    bodies = issuer_bodies(cast.department)
    assert bodies.superior_body == "Tỉnh ủy Thử Nghiệm"
    # "Ban Tuyên giáo và Dân vận Tỉnh ủy" under "Tỉnh ủy Thử Nghiệm": the short "Tỉnh ủy" is not repeated.
    assert bodies.issuing_body == "Ban Tuyên giáo và Dân vận"
    assert (bodies.symbol, bodies.place, bodies.document_format) == (
        "BTGDVTU",
        "Thử Nghiệm",
        DocumentFormat.PARTY,
    )
    full = make_unit("Ban Dân vận Tỉnh ủy Thử Nghiệm", parent=cast.province, code="bdv", kind="party_board")
    assert issuer_bodies(full).issuing_body == "Ban Dân vận"
    assert issuer_bodies(cast.province).superior_body == ""


def test_a_failing_build_uses_no_number(cast: Cast) -> None:
    def broken(document: OutgoingDocument) -> bytes:
        raise RuntimeError("the builder broke")

    with pytest.raises(RuntimeError):
        issue(cast, build=broken)
    assert not OutgoingDocument.objects.exists()
    assert issue(cast).number == 1


def test_a_source_is_numbered_once_per_role(cast: Cast) -> None:
    source = cast.education
    first = issue(cast, source=source, source_role="invitation")
    with pytest.raises(ConflictError) as refused:
        issue(cast, source=source, source_role="invitation", title="lần hai")
    assert refused.value.message == (
        "Văn bản này đã được cấp số Số 1-BC/BTGDVTU ngày 05/03/2026; không cấp số lần thứ hai."
    )
    assert refused.value.details == {"document": first.pk}
    assert OutgoingDocument.objects.count() == 1
    # The refused attempt used no number: the next document of the kind is number 2.
    other_role = issue(cast, source=source, source_role="notice")
    assert other_role.number == 2
    assert document_for_source(source, "invitation") == first
    assert document_for_source(source, "notice") == other_role
    assert document_for_source(cast.health, "invitation") is None


def test_bad_input_is_refused_with_clear_messages(cast: Cast) -> None:
    with pytest.raises(ValidationFailed, match="trích yếu"):
        issue(cast, title="   ")
    with pytest.raises(ValidationFailed, match="«XX»"):
        issue(cast, kind="XX")
    assert not OutgoingDocument.objects.exists()
    assert not DocumentCounter.objects.filter(last_number__gt=0).exists()


# -- cancelling --------------------------------------------------------------------------------------------
def test_a_cancelled_number_stays_with_its_reason_and_is_not_reused(cast: Cast) -> None:
    source = cast.education
    first = issue(cast, source=source)
    with pytest.raises(ValidationFailed, match="lý do"):
        document_cancel(actor=cast.specialist, document=first, reason="  ")
    first.refresh_from_db()
    assert first.status == OutgoingDocumentStatus.ISSUED
    cancelled = document_cancel(actor=cast.specialist, document=first, reason="Sai số liệu phụ lục")
    cancelled.refresh_from_db()
    assert cancelled.status == OutgoingDocumentStatus.CANCELLED
    assert cancelled.cancel_reason == "Sai số liệu phụ lục"
    assert cancelled.cancelled_by == cast.specialist
    assert cancelled.cancelled_at is not None
    assert stored_bytes(cancelled)  # the file stays downloadable
    with pytest.raises(ConflictError, match="đã bị hủy"):
        document_cancel(actor=cast.specialist, document=first, reason="lần nữa")
    # The source may be numbered again, with a new number; the cancelled one is never given again.
    again = issue(cast, source=source)
    assert again.number == 2
    assert list(OutgoingDocument.objects.order_by("number").values_list("number", "status")) == [
        (1, "cancelled"),
        (2, "issued"),
    ]
    assert document_for_source(source) == again


# -- permissions -------------------------------------------------------------------------------------------
def test_only_the_department_issues_and_cancels(cast: Cast) -> None:
    for user in (cast.viewer, cast.reporter, cast.education_focal, cast.education_leader, cast.outsider):
        with pytest.raises(PermissionDeniedError):
            issue(cast, actor=user)
    assert not OutgoingDocument.objects.exists()
    document = issue(cast, actor=cast.leader)
    for user in (cast.viewer, cast.reporter, cast.outsider):
        with pytest.raises(PermissionDeniedError):
            document_cancel(actor=user, document=document, reason="không được")
    document.refresh_from_db()
    assert document.status == OutgoingDocumentStatus.ISSUED
    # Staff of a unit issue nothing for the department; the department issues for the units below it.
    assert not can_issue_document(cast.education_leader, cast.education)
    assert can_issue_document(cast.specialist, cast.education)
    assert can_cancel_document(cast.leader, document)
    assert can_view_register(cast.viewer, cast.department)
    assert can_view_register(cast.specialist, cast.department)
    assert not can_view_register(cast.reporter, cast.department)
    assert not can_view_register(cast.education_focal, cast.department)
    assert not can_view_register(cast.outsider, cast.department)


# -- audit -------------------------------------------------------------------------------------------------
def test_issue_and_cancel_are_audited(cast: Cast) -> None:
    document = issue(cast)
    document_cancel(actor=cast.specialist, document=document, reason="Ban hành nhầm")
    events = list(
        AuditEvent.objects.filter(object_id=str(document.pk), action__startswith="reporting.").order_by("pk")
    )
    assert [event.action for event in events] == ["reporting.document_issue", "reporting.document_cancel"]
    assert events[0].actor == cast.specialist
    after = events[0].after or {}
    assert after["symbol"] == "Số 1-BC/BTGDVTU"
    assert after["sha256"] == document.sha256
    assert events[1].before == {"status": "issued"}
    assert events[1].after == {"status": "cancelled", "reason": "Ban hành nhầm"}


# -- PDF ---------------------------------------------------------------------------------------------------
def test_pdf_is_converted_once_and_kept(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    document = issue(cast)
    calls: list[bytes] = []

    def fake_pdf(data: bytes) -> bytes:
        calls.append(data)
        return b"%PDF-1.7 fake"

    monkeypatch.setattr(register_services, "docx_to_pdf", fake_pdf)
    assert document_pdf(document) == b"%PDF-1.7 fake"
    assert document_pdf(OutgoingDocument.objects.get(pk=document.pk)) == b"%PDF-1.7 fake"
    assert calls == [stored_bytes(document)]
    assert str(OutgoingDocument.objects.get(pk=document.pk).pdf_file.name).endswith(".pdf")


@override_settings(KHOAGIAO_SOFFICE="/khong/co/soffice")
def test_pdf_without_libreoffice_says_so_and_keeps_nothing(cast: Cast) -> None:
    document = issue(cast)
    with pytest.raises(PdfUnavailable, match="LibreOffice"):
        document_pdf(document)
    assert not OutgoingDocument.objects.get(pk=document.pk).pdf_file


@pytest.mark.usefixtures("libreoffice")
def test_pdf_with_libreoffice(cast: Cast) -> None:
    document = issue(cast)
    assert document_pdf(document).startswith(b"%PDF")


# -- concurrency -------------------------------------------------------------------------------------------
def _in_memory_sqlite() -> bool:
    return connection.vendor == "sqlite" and "memory" in str(connection.settings_dict["NAME"])


def test_sqlite_takes_the_write_lock_at_begin() -> None:
    """On SQLite (a file, as deployed) two issues serialise because every transaction begins IMMEDIATE: the
    second waits for the first to commit, then reads the counter it left. The threaded tests below prove the
    same on PostgreSQL, where the counter row is locked with SELECT … FOR UPDATE."""
    from config.settings.base import database_from_url

    options = database_from_url("sqlite:////tmp/khoagiao-register.sqlite3")["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5


@pytest.mark.django_db(transaction=True)
def test_two_people_issuing_at_once_get_distinct_consecutive_numbers(cast: Cast) -> None:
    if _in_memory_sqlite():
        pytest.skip("threads cannot share an in-memory SQLite database with real locks (see the test below)")
    workers = 4
    barrier = threading.Barrier(workers)
    results: list[int] = []
    errors: list[BaseException] = []
    department_pk, specialist_pk = cast.department.pk, cast.specialist.pk

    def slow_build(document: OutgoingDocument) -> bytes:
        return official_docx(document)

    def worker(index: int) -> None:
        from khoagiao.accounts.models import User
        from khoagiao.orgs.models import Unit

        try:
            actor = User.objects.get(pk=specialist_pk)
            unit = Unit.objects.get(pk=department_pk)
            barrier.wait(timeout=30)
            document = document_issue(
                actor=actor,
                issuing_unit=unit,
                kind=OutgoingDocumentKind.GM,
                title=f"giấy mời {index}",
                build=slow_build,
                file_name="giay-moi.docx",
                issued_on=DAY,
            )
            results.append(document.number)
        except BaseException as error:  # noqa: BLE001 (reported by the main thread)
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted(results) == list(range(1, workers + 1))
    assert sorted(OutgoingDocument.objects.values_list("number", flat=True)) == list(range(1, workers + 1))


@pytest.mark.django_db(transaction=True)
def test_two_people_numbering_the_same_source_at_once_get_one_number(cast: Cast) -> None:
    if _in_memory_sqlite():
        pytest.skip("threads cannot share an in-memory SQLite database with real locks (see the test below)")
    barrier = threading.Barrier(2)
    outcomes: list[object] = []
    department_pk, specialist_pk, leader_pk, source_pk = (
        cast.department.pk,
        cast.specialist.pk,
        cast.leader.pk,
        cast.health.pk,
    )

    def worker(user_pk: int) -> None:
        from khoagiao.accounts.models import User
        from khoagiao.orgs.models import Unit

        try:
            actor = User.objects.get(pk=user_pk)
            unit = Unit.objects.get(pk=department_pk)
            source = Unit.objects.get(pk=source_pk)
            barrier.wait(timeout=30)
            document = document_issue(
                actor=actor,
                issuing_unit=unit,
                kind=OutgoingDocumentKind.TB,
                title="thông báo kết luận",
                build=official_docx,
                file_name="thong-bao.docx",
                source=source,
                source_role="notice",
                issued_on=DAY,
            )
            outcomes.append(document.number)
        except ConflictError as error:
            outcomes.append(error.code)
        except BaseException as error:  # noqa: BLE001
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(pk,)) for pk in (specialist_pk, leader_pk)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(outcomes, key=str) == [1, "already_numbered"]
    assert OutgoingDocument.objects.count() == 1
    assert DocumentCounter.objects.get(kind="TB").last_number == 1
