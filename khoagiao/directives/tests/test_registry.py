import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from khoagiao.core.errors import PermissionDeniedError, ValidationFailed
from khoagiao.core.models import AuditEvent
from khoagiao.directives.choices import DirectiveIssuer, DirectiveKind, DirectiveValidity
from khoagiao.directives.models import Directive, DirectiveAttachment
from khoagiao.directives.selectors import directive_list
from khoagiao.directives.services.loading import directives_load, parse_issuer
from khoagiao.directives.services.registry import (
    directive_attachment_add,
    directive_create,
    directive_set_successor,
)

D = dt.date
pytestmark = pytest.mark.django_db


def test_the_same_symbol_date_and_issuer_is_refused_with_a_clear_message(cast, make_directive):
    make_directive()
    with pytest.raises(ValidationFailed) as refused:
        make_directive(symbol="20-ct/tw")
    assert "20-ct/tw ngày 05/11/2012 của Bộ Chính trị đã có trong sổ văn bản" in refused.value.message
    assert refused.value.code == "duplicate"
    assert Directive.objects.count() == 1


def test_two_different_20_nq_tw_may_both_be_registered(make_directive):
    make_directive(
        symbol="20-NQ/TW",
        kind=DirectiveKind.RESOLUTION,
        issued_on=D(2012, 11, 1),
        issuer=DirectiveIssuer.CENTRAL_COMMITTEE,
    )
    make_directive(
        symbol="20-NQ/TW",
        kind=DirectiveKind.RESOLUTION,
        issued_on=D(2017, 10, 25),
        issuer=DirectiveIssuer.CENTRAL_COMMITTEE,
    )
    assert Directive.objects.filter(symbol="20-NQ/TW").count() == 2


def test_a_successor_that_would_make_a_loop_is_refused(cast, make_directive):
    a = make_directive(symbol="1-CT/TW", issued_on=D(2010, 1, 1))
    b = make_directive(symbol="2-CT/TW", issued_on=D(2011, 1, 1))
    c = make_directive(symbol="3-CT/TW", issued_on=D(2012, 1, 1))
    directive_set_successor(actor=cast.specialist, directive=a, successor=b)
    directive_set_successor(actor=cast.specialist, directive=b, successor=c)
    a.refresh_from_db()
    assert (a.successor, a.validity) == (b, DirectiveValidity.REPLACED)
    with pytest.raises(ValidationFailed, match=r"quay vòng \(3-CT/TW → 1-CT/TW → 2-CT/TW → 3-CT/TW\)"):
        directive_set_successor(actor=cast.specialist, directive=c, successor=a)
    with pytest.raises(ValidationFailed, match="chính nó"):
        directive_set_successor(actor=cast.specialist, directive=c, successor=c)
    c.refresh_from_db()
    assert c.successor is None and c.validity == DirectiveValidity.IN_FORCE


def test_a_successor_issued_earlier_is_refused(cast, make_directive):
    old = make_directive(symbol="1-CT/TW", issued_on=D(2010, 1, 1))
    new = make_directive(symbol="2-CT/TW", issued_on=D(2011, 1, 1))
    with pytest.raises(ValidationFailed, match="ban hành trước"):
        directive_set_successor(actor=cast.specialist, directive=new, successor=old)


def test_only_the_department_and_admins_edit_the_registry(cast, make_directive):
    for user in (cast.education_focal, cast.viewer, cast.reporter, cast.outsider):
        with pytest.raises(PermissionDeniedError):
            directive_create(
                actor=user,
                kind="chi_thi",
                symbol="9-CT/TW",
                issued_on=D(2020, 1, 1),
                issuer="ban_bi_thu",
                title="x",
            )
    directive_create(
        actor=cast.admin,
        kind="chi_thi",
        symbol="9-CT/TW",
        issued_on=D(2020, 1, 1),
        issuer="ban_bi_thu",
        title="x",
    )


def test_an_attachment_that_is_not_what_it_claims_is_refused(cast, make_directive):
    directive = make_directive()
    fake = SimpleUploadedFile(
        "chi-thi-20.pdf", b"MZ\x90\x00 this is an executable", content_type="application/pdf"
    )
    with pytest.raises(ValidationFailed):
        directive_attachment_add(actor=cast.specialist, directive=directive, file=fake)
    assert DirectiveAttachment.objects.count() == 0
    real = SimpleUploadedFile("chi-thi-20.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    attachment = directive_attachment_add(actor=cast.specialist, directive=directive, file=real)
    assert attachment.name == "chi-thi-20.pdf" and len(attachment.sha256) == 64
    assert AuditEvent.objects.filter(action="directives.attachment_add").count() == 1


def test_issuer_text_of_the_csv_is_split_into_issuer_and_term():
    assert parse_issuer("Ban Chấp hành Trung ương (Hội nghị TW 7 khóa X)") == (
        "bch_tw",
        "Hội nghị TW 7 khóa X",
    )
    assert parse_issuer("Bộ Chính trị") == ("bo_chinh_tri", "")
    assert parse_issuer("Hội đồng Quốc gia") == ("khac", "Hội đồng Quốc gia")


def test_loading_the_shipped_documents_is_idempotent_and_links_successors(fields):
    first = directives_load()
    assert first["created"] == 29  # 28 rows and the 221-QĐ/TW placeholder named by 238-QĐ/TW
    assert first["linked"] == 5
    audit = AuditEvent.objects.count()
    call_command("load_directives", stdout=io.StringIO())
    assert Directive.objects.count() == 29 and AuditEvent.objects.count() == audit
    old = Directive.objects.get(symbol="27-NQ/TW")
    assert old.successor is not None
    assert old.successor.symbol == "45-NQ/TW" and old.validity == DirectiveValidity.REPLACED
    assert Directive.objects.filter(symbol="20-NQ/TW").count() == 2
    assert Directive.objects.filter(symbol="06-CT/TW").count() == 2
    placeholder = Directive.objects.get(symbol="221-QĐ/TW")
    assert placeholder.successor is not None
    assert placeholder.successor.symbol == "238-QĐ/TW" and placeholder.issued_on == D(2009, 4, 27)
    ct20 = Directive.objects.get(symbol="20-CT/TW")
    assert (ct20.kind, ct20.issuer, ct20.issued_on) == ("chi_thi", "bo_chinh_tri", D(2012, 11, 5))
    assert list(ct20.fields.values_list("code", flat=True)) == ["tre_em"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nghi quyet 29", {"29-NQ/TW", "91-KL/TW"}),
        ("Nghị quyết 29-NQ", {"29-NQ/TW", "91-KL/TW"}),
        ("tre em", {"20-CT/TW"}),
        ("TRẺ EM", {"20-CT/TW"}),
        ("bien doi khi hau", {"24-NQ/TW", "56-KL/TW", "81-KL/TW"}),
    ],
)
def test_folded_search_finds_documents(cast, fields, query, expected):
    directives_load()
    found = {d.symbol for d in directive_list(user=cast.specialist, query=query)}
    assert found == expected


def test_searching_dang_finds_the_documents_about_the_party(cast, fields):
    directives_load()
    found = {d.symbol for d in directive_list(user=cast.education_focal, query="Đảng")}
    assert {"20-CT/TW", "19-CT/TW", "08-NQ/TW", "06-CT/TW"} <= found
    assert found == {d.symbol for d in directive_list(user=cast.education_focal, query="dang")}


def test_filters_by_kind_issuer_field_year_and_validity(cast, fields):
    directives_load()
    user = cast.specialist
    assert {d.symbol for d in directive_list(user=user, kind="chi_thi", issuer="bo_chinh_tri")} == {
        "20-CT/TW",
        "11-CT/TW",
    }
    assert {d.symbol for d in directive_list(user=user, field_id=fields["y_te"].pk, year=2017)} == {
        "20-NQ/TW"
    }
    assert {d.symbol for d in directive_list(user=user, validity="replaced", year=2012)} == {"19-CT/TW"}
    assert {d.symbol for d in directive_list(user=user, kind="ket_luan", year=2024)} == {
        "70-KL/TW",
        "81-KL/TW",
        "91-KL/TW",
    }


def test_nobody_without_a_membership_reads_the_registry(cast):
    with pytest.raises(PermissionDeniedError):
        directive_list(user=cast.outsider)
