from .digest import Digest
from .issues import HotIssue, IssueLink, IssueVersion
from .routing import RoutingRule
from .thread import IssueAttachment, IssueEvent, IssueMessage

__all__ = [
    "Digest",
    "HotIssue",
    "IssueAttachment",
    "IssueEvent",
    "IssueLink",
    "IssueMessage",
    "IssueVersion",
    "RoutingRule",
]
