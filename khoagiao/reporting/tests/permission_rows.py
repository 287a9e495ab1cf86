"""The consolidated report and the register of outgoing documents in the permission matrix
(khoagiao/core/tests/test_permission_matrix.py). The older reporting URLs keep their rows in that file.

Objects: the department's consolidated report of the duty's first period (commune A's report sent), issued by a
specialist as version 1 (numbered in the register: the register entry, its PDF stored beforehand so that no
LibreOffice conversion runs), and version 2 opened as a correction (the draft)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse

from khoagiao.core.testing import Cast
from khoagiao.core.testing_matrix import BLOC_READERS, DEPARTMENT, EVERYONE, NOBODY, Row, reporting_objects

# An issued version is read by the department, the leadership viewer and reporters over the issuing unit, and by
# the focal points and leaders of every unit that had to report in the period (the education agency, commune A,
# commune B). Administrators (province or commune) are neither.
ISSUED_READERS = BLOC_READERS | {"education_leader", "education_focal", "commune_a_focal", "commune_b_focal"}
# The register: department leaders and specialists and the leadership viewer over the issuing unit.
REGISTER_READERS = DEPARTMENT | {"viewer"}


def consolidation_objects(cast: Cast) -> dict[str, Any]:
    cached: dict[str, Any] | None = getattr(cast, "_consolidation", None)
    if cached is None:
        from django.core.files.base import ContentFile

        from khoagiao.reporting.services.consolidation import (
            consolidation_issue,
            consolidation_new_version,
            consolidation_save,
            consolidation_start,
        )
        from khoagiao.reporting.tests.factories import first_period

        period = first_period(reporting_objects(cast)["duty"])
        version = consolidation_start(actor=cast.specialist, period=period, issuing_unit=cast.department)
        version = consolidation_save(
            actor=cast.specialist,
            version=version,
            summary=version.summary,
            include_submitted=False,
            signer_role="head",
            signer_name="Trần Văn Bình",
            recipients=["Thường trực Tỉnh ủy (b/c)", "Lưu VP"],
        )
        issued = consolidation_issue(actor=cast.specialist, version=version)
        draft = consolidation_new_version(actor=cast.specialist, version=issued)
        document = issued.document
        assert document is not None
        # The PDF is converted once and kept: stored here, the register serves it without LibreOffice.
        document.pdf_file.save("bao-cao.pdf", ContentFile(b"%PDF-1.4 demo"), save=True)
        cached = {"period": period, "issued": issued, "draft": draft, "document": document}
        setattr(cast, "_consolidation", cached)  # noqa: B010  (a per-test cache on the cast)
    return cached


def _url(name: str, key: str, *extra: str) -> Callable[[Cast], str]:
    def build(cast: Cast) -> str:
        return reverse(name, args=[consolidation_objects(cast)[key].pk, *extra])

    return build


PAGES = [
    # The list is open to everyone; its content is scoped (drafts only for the department).
    Row("reporting:consolidation_list", lambda c: reverse("reporting:consolidation_list"), EVERYONE),
    # The period's link always redirects (to the issued version, or the build page of a draft) or is a 404: a
    # 200 for nobody. Everyone who may read the issued version gets a 302, the others a 404.
    Row("reporting:consolidation_for_period", _url("reporting:consolidation_for_period", "period"), NOBODY),
    Row("reporting:consolidation_detail", _url("reporting:consolidation_detail", "issued"), ISSUED_READERS),
    Row("reporting:consolidation_detail", _url("reporting:consolidation_detail", "draft"), DEPARTMENT),
    Row(
        "reporting:consolidation_download",
        _url("reporting:consolidation_download", "issued", "docx"),
        ISSUED_READERS,
    ),
    Row(
        "reporting:consolidation_download",
        _url("reporting:consolidation_download", "draft", "xlsx"),
        DEPARTMENT,
    ),
    # Building, issuing and the preview's progress: the department over the issuing unit.
    Row("reporting:consolidation_build", _url("reporting:consolidation_build", "draft"), DEPARTMENT),
    Row("reporting:consolidation_issue", _url("reporting:consolidation_issue", "draft"), DEPARTMENT),
    Row(
        "reporting:consolidation_preview_status",
        _url("reporting:consolidation_preview_status", "draft"),
        DEPARTMENT,
    ),
    # The register: opened by whoever holds a reader's role; each entry by the readers over its issuing unit.
    Row("reporting:register_list", lambda c: reverse("reporting:register_list"), REGISTER_READERS),
    Row("reporting:register_export", lambda c: reverse("reporting:register_export"), REGISTER_READERS),
    Row("reporting:register_detail", _url("reporting:register_detail", "document"), REGISTER_READERS),
    Row("reporting:register_docx", _url("reporting:register_docx", "document"), REGISTER_READERS),
    Row("reporting:register_pdf", _url("reporting:register_pdf", "document"), REGISTER_READERS),
    Row("reporting:register_cancel", _url("reporting:register_cancel", "document"), DEPARTMENT),
]

ACTIONS = [
    Row("reporting:consolidation_build", _url("reporting:consolidation_build", "draft"), DEPARTMENT, "post"),
    Row(
        "reporting:consolidation_rebuild",
        _url("reporting:consolidation_rebuild", "draft"),
        DEPARTMENT,
        "post",
    ),
    Row("reporting:consolidation_issue", _url("reporting:consolidation_issue", "draft"), DEPARTMENT, "post"),
    Row(
        "reporting:consolidation_new_version",
        _url("reporting:consolidation_new_version", "issued"),
        DEPARTMENT,
        "post",
    ),
    Row(
        "reporting:consolidation_preview_job",
        _url("reporting:consolidation_preview_job", "draft"),
        DEPARTMENT,
        "post",
    ),
    Row("reporting:register_cancel", _url("reporting:register_cancel", "document"), DEPARTMENT, "post"),
    # Starting a report: refused to anyone with no period to consolidate (the department over the receiving unit).
    Row(
        "reporting:consolidation_start",
        lambda c: reverse("reporting:consolidation_start"),
        DEPARTMENT,
        "post",
    ),
]
