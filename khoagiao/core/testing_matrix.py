"""The permission matrix's vocabulary (DESIGN.md §6), shared by the apps' row modules.

`khoagiao/core/tests/test_permission_matrix.py` tries every URL of the project as every role. Each app keeps its
own rows in `khoagiao/<app>/tests/permission_rows.py` (a module with `PAGES`, `ACTIONS` and optionally
`NOT_ROLE_BOUND`), listed in `ROW_MODULES` below, built from these names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from khoagiao.core.testing import Cast

ROLES = [
    "admin",
    "commune_admin",
    "viewer",
    "leader",
    "specialist",
    "reporter",
    "education_leader",
    "education_focal",
    "commune_a_focal",
    "commune_b_focal",
    "outsider",
]
EVERYONE = frozenset(ROLES)
NOBODY: frozenset[str] = frozenset()
ADMINS = frozenset({"admin"})
BLOC = frozenset({"admin", "viewer", "leader", "specialist", "reporter"})
TEMPLATE_KEEPERS = frozenset({"admin", "leader", "specialist"})
DEPARTMENT = frozenset({"leader", "specialist"})
BLOC_READERS = frozenset({"viewer", "leader", "specialist", "reporter"})
READERS_A = BLOC_READERS | {"commune_a_focal"}
EDUCATION = frozenset({"education_focal", "education_leader"})

ROW_MODULES = [
    "khoagiao.reporting.tests.permission_rows",
    "khoagiao.tasks.tests.permission_rows",
    "khoagiao.meetings.tests.permission_rows",
    "khoagiao.directives.tests.permission_rows",
    "khoagiao.opinion.tests.permission_rows",
]


@dataclass(frozen=True)
class Row:
    """A URL (built from the cast), the roles that may open or post it, and the method."""

    name: str
    url: Callable[[Cast], str]
    allowed: frozenset[str]
    method: str = "get"


def reporting_objects(cast: Cast) -> dict[str, Any]:
    """A duty; commune A's first report sent with an attachment; the education agency's report in draft; a
    draft version of the default template with a section, an indicator and a rule. Built once per cast."""
    cached: dict[str, Any] | None = getattr(cast, "_reporting", None)
    if cached is None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from khoagiao.core.testing import root_user
        from khoagiao.reporting.models import Submission
        from khoagiao.reporting.services.attachments import attachment_add
        from khoagiao.reporting.services.submissions import submission_submit
        from khoagiao.reporting.services.templates import template_install_default, version_start_draft
        from khoagiao.reporting.tests.factories import fill_valid, make_duty, submission_of

        duty = make_duty(cast)
        sent = fill_valid(submission_of(duty, cast.commune_a), cast.commune_a_focal)
        attachment_add(
            actor=cast.commune_a_focal, submission=sent, file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 demo")
        )
        sent = submission_submit(actor=cast.commune_a_focal, submission=Submission.objects.get(pk=sent.pk))
        draft = fill_valid(submission_of(duty, cast.education), cast.education_focal)
        template = template_install_default(actor=root_user())
        version = version_start_draft(actor=root_user(), template=template)
        cached = {
            "duty": duty,
            "sent": sent,
            "attachment": sent.attachments.get(),
            "draft": draft,
            "template": template,
            "version": version,
            "section": version.sections.order_by("order").first(),
            "indicator": version.indicators.order_by("order").first(),
            "rule": version.rules.first(),
        }
        setattr(cast, "_reporting", cached)  # noqa: B010  (Cast has no such attribute; a per-test cache)
    return cached
