"""The briefing screens in the permission matrix (khoagiao/core/tests/test_permission_matrix.py).

Objects: a planned briefing inviting the education agency and commune A, with an agenda item and a topic the
education agency proposed; a briefing held today (invitation issued) with an agenda document, an opinion and a
conclusion not yet issued."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.urls import reverse

from khoagiao.core.testing import Cast
from khoagiao.core.testing_matrix import DEPARTMENT, EDUCATION, EVERYONE, Row

# The department and the leadership viewer (over the organiser), and every member whose scope holds an invited
# unit (the education agency or commune A): everyone but commune B's focal point and the outsider.
BRIEFING_READERS = EVERYONE - {"commune_b_focal", "outsider"}


def meeting_objects(cast: Cast) -> dict[str, Any]:
    cached: dict[str, Any] | None = getattr(cast, "_meetings", None)
    if cached is None:
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.utils import timezone

        from khoagiao.meetings import services

        today = timezone.localdate()

        def create(date: dt.date) -> Any:
            return services.briefing_create(
                actor=cast.specialist,
                organising_unit=cast.department,
                title="Giao ban khối Khoa giáo",
                kind="quarter",
                date=date,
                place="Hội trường",
                chair_name="Nguyễn Văn A",
                invited_units=[cast.education, cast.commune_a],
                proposal_cutoff=date - dt.timedelta(days=1) if date > today else None,
            )

        planned = create(today + dt.timedelta(days=10))
        planned_item = services.agenda_item_add(actor=cast.specialist, briefing=planned, title="Báo cáo quý")
        proposal = services.proposal_submit(
            actor=cast.education_focal, briefing=planned, unit=cast.education, title="Tuyển sinh lớp 10"
        )
        held = create(today)
        item = services.agenda_item_add(actor=cast.specialist, briefing=held, title="Báo cáo quý")
        document = services.agenda_document_add(
            actor=cast.specialist, item=item, file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 demo")
        )
        invitation = services.invitation_issue(actor=cast.specialist, briefing=held)
        services.briefing_mark_held(actor=cast.specialist, briefing=held)
        opinion = services.opinion_add(
            actor=cast.specialist, briefing=held, unit=cast.education, kind="opinion", content="Ý kiến"
        )
        conclusion = services.conclusion_item_add(actor=cast.specialist, briefing=held, text="Kết luận")
        cached = {
            "planned": planned,
            "planned_item": planned_item,
            "proposal": proposal,
            "planned_attendance": planned.attendances.get(unit=cast.education),
            "held": held,
            "held_item": item,
            "document": document,
            "invitation": invitation,
            "opinion": opinion,
            "conclusion": conclusion,
            "held_attendance": held.attendances.get(unit=cast.education),
        }
        setattr(cast, "_meetings", cached)  # noqa: B010  (a per-test cache on the cast)
    return cached


def _url(name: str, key: str, *extra: str) -> Callable[[Cast], str]:
    def build(cast: Cast) -> str:
        objects = meeting_objects(cast)
        return reverse(name, args=[objects[key].pk, *(objects[other].pk for other in extra)])

    return build


PAGES = [
    Row("meetings:briefing_list", lambda c: reverse("meetings:briefing_list"), EVERYONE),
    Row("meetings:calendar", lambda c: reverse("meetings:calendar"), EVERYONE),
    Row("meetings:briefing_create", lambda c: reverse("meetings:briefing_create"), DEPARTMENT),
    Row("meetings:briefing_detail", _url("meetings:briefing_detail", "held"), BRIEFING_READERS),
    Row("meetings:briefing_edit", _url("meetings:briefing_edit", "planned"), DEPARTMENT),
    Row("meetings:unit_view", _url("meetings:unit_view", "planned"), BRIEFING_READERS),
    Row(
        "meetings:document_download",
        _url("meetings:document_download", "held", "invitation"),
        BRIEFING_READERS,
    ),
    Row(
        "meetings:agenda_document_download",
        _url("meetings:agenda_document_download", "held", "document"),
        BRIEFING_READERS,
    ),
    Row("meetings:followup_docx", _url("meetings:followup_docx", "held"), BRIEFING_READERS),
]

ACTIONS = [
    Row("meetings:briefing_create", lambda c: reverse("meetings:briefing_create"), DEPARTMENT, "post"),
    Row("meetings:briefing_edit", _url("meetings:briefing_edit", "planned"), DEPARTMENT, "post"),
    Row("meetings:briefing_cancel", _url("meetings:briefing_cancel", "planned"), DEPARTMENT, "post"),
    Row("meetings:invitation_issue", _url("meetings:invitation_issue", "planned"), DEPARTMENT, "post"),
    Row("meetings:agenda_add", _url("meetings:agenda_add", "planned"), DEPARTMENT, "post"),
    Row(
        "meetings:agenda_delete",
        _url("meetings:agenda_delete", "planned", "planned_item"),
        DEPARTMENT,
        "post",
    ),
    Row(
        "meetings:agenda_document_add",
        _url("meetings:agenda_document_add", "planned", "planned_item"),
        DEPARTMENT,
        "post",
    ),
    Row(
        "meetings:proposal_decide",
        _url("meetings:proposal_decide", "planned", "proposal"),
        DEPARTMENT,
        "post",
    ),
    Row(
        "meetings:attendance_respond",
        _url("meetings:attendance_respond", "planned", "planned_attendance"),
        EDUCATION,
        "post",
    ),
    Row(
        "meetings:proposal_submit",
        _url("meetings:proposal_submit", "planned"),
        EDUCATION | {"commune_a_focal"},
        "post",
    ),
    Row("meetings:briefing_mark_held", _url("meetings:briefing_mark_held", "held"), DEPARTMENT, "post"),
    Row(
        "meetings:attendance_record",
        _url("meetings:attendance_record", "held", "held_attendance"),
        DEPARTMENT,
        "post",
    ),
    Row("meetings:opinion_add", _url("meetings:opinion_add", "held"), DEPARTMENT, "post"),
    Row("meetings:opinion_delete", _url("meetings:opinion_delete", "held", "opinion"), DEPARTMENT, "post"),
    Row("meetings:conclusion_add", _url("meetings:conclusion_add", "held"), DEPARTMENT, "post"),
    Row(
        "meetings:conclusion_update",
        _url("meetings:conclusion_update", "held", "conclusion"),
        DEPARTMENT,
        "post",
    ),
    Row(
        "meetings:conclusion_delete",
        _url("meetings:conclusion_delete", "held", "conclusion"),
        DEPARTMENT,
        "post",
    ),
    Row(
        "meetings:conclusion_task_create",
        _url("meetings:conclusion_task_create", "held", "conclusion"),
        DEPARTMENT,
        "post",
    ),
    Row(
        "meetings:conclusion_version_new", _url("meetings:conclusion_version_new", "held"), DEPARTMENT, "post"
    ),
    Row("meetings:notice_issue", _url("meetings:notice_issue", "held"), DEPARTMENT, "post"),
]

# The ICS feed is opened by a calendar app with the secret token in its address (no session); resetting one's
# own token is self-service for every signed-in user (tested in test_calendar.py).
NOT_ROLE_BOUND = {"meetings:calendar_feed", "meetings:calendar_feed_reset"}
