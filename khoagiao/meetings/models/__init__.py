"""The briefing (hội nghị giao ban) and everything around it: agenda, proposals, attendance, opinions,
conclusions in versions, and the personal calendar feed token."""

from .attendance import Attendance, Opinion
from .briefings import AgendaDocument, AgendaItem, AgendaProposal, Briefing
from .conclusions import ConclusionItem, ConclusionVersion
from .feeds import CalendarFeedToken

__all__ = [
    "AgendaDocument",
    "AgendaItem",
    "AgendaProposal",
    "Attendance",
    "Briefing",
    "CalendarFeedToken",
    "ConclusionItem",
    "ConclusionVersion",
    "Opinion",
]
