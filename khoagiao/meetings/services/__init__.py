"""The briefing's writes. Views and the API call these; each checks permission, validates, writes and audits."""

from .attendance import attendance_record, attendance_respond, opinion_add, opinion_delete
from .briefings import (
    agenda_document_add,
    agenda_item_add,
    agenda_item_delete,
    briefing_cancel,
    briefing_create,
    briefing_mark_held,
    briefing_update,
    default_invited_units,
    proposal_decide,
    proposal_submit,
)
from .conclusions import (
    conclusion_item_add,
    conclusion_item_delete,
    conclusion_item_update,
    conclusion_task_create,
    conclusion_version_new,
)
from .documents import invitation_issue, notice_issue
from .feeds import feed_token_for, feed_token_reset

__all__ = [
    "agenda_document_add",
    "agenda_item_add",
    "agenda_item_delete",
    "attendance_record",
    "attendance_respond",
    "briefing_cancel",
    "briefing_create",
    "briefing_mark_held",
    "briefing_update",
    "conclusion_item_add",
    "conclusion_item_delete",
    "conclusion_item_update",
    "conclusion_task_create",
    "conclusion_version_new",
    "default_invited_units",
    "feed_token_for",
    "feed_token_reset",
    "invitation_issue",
    "notice_issue",
    "opinion_add",
    "opinion_delete",
    "proposal_decide",
    "proposal_submit",
]
