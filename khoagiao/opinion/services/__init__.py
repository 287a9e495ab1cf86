"""Writes of the public-opinion app, one module per concept."""

from .clusters import issue_merge, issue_unmerge
from .intake import attachment_add, clean_links, issue_edit, issue_report
from .routing import route_lookup, routing_rule_create, routing_rule_delete, routing_rule_update
from .thread import message_post
from .workflow import (
    issue_confirm,
    issue_escalate,
    issue_reject,
    issue_reopen,
    issue_resolve,
    issue_route,
    issue_task_create,
    issue_verify,
    reopen_deadline,
)

__all__ = [
    "attachment_add",
    "clean_links",
    "issue_confirm",
    "issue_edit",
    "issue_escalate",
    "issue_merge",
    "issue_reject",
    "issue_reopen",
    "issue_report",
    "issue_resolve",
    "issue_route",
    "issue_task_create",
    "issue_unmerge",
    "issue_verify",
    "message_post",
    "reopen_deadline",
    "route_lookup",
    "routing_rule_create",
    "routing_rule_delete",
    "routing_rule_update",
]
