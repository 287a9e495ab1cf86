"""Merging duplicate reports into one cluster and taking them out again. Every report is kept: a merged issue
only points to the issue it was merged into; `cluster_root` (the top of that chain) groups the cluster."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from khoagiao.core.errors import ValidationFailed
from khoagiao.core.permissions import require

from ..choices import EventKind
from ..models import HotIssue
from ..permissions import can_triage_issue
from .common import audit_issue, locked, record_event

MAX_CHAIN = 1000


def _root_of(issue: HotIssue) -> HotIssue:
    current, seen = issue, 0
    while current.merged_into_id is not None and seen < MAX_CHAIN:
        current = HotIssue.objects.get(pk=current.merged_into_id)
        seen += 1
    return current


def _subtree_ids(issue: HotIssue) -> list[int]:
    """The issue and every issue merged into it, directly or through others."""
    ids, frontier = [issue.pk], [issue.pk]
    while frontier:
        frontier = list(HotIssue.objects.filter(merged_into_id__in=frontier).values_list("pk", flat=True))
        ids.extend(frontier)
    return ids


@transaction.atomic
def issue_merge(*, actor: Any, issue: HotIssue, into: HotIssue) -> HotIssue:
    """Merge `issue` (and what was merged into it) into `into`'s cluster."""
    issue, into = locked(issue), locked(into)
    require(
        can_triage_issue(actor, issue) and can_triage_issue(actor, into),
        _("Chỉ Ban mới gộp các vấn đề trùng nhau."),
    )
    if issue.pk == into.pk:
        raise ValidationFailed(
            _("Không thể gộp một vấn đề vào chính nó."), code="merge_self", details={"field": "into"}
        )
    current, seen = into, 0
    while current.merged_into_id is not None and seen < MAX_CHAIN:
        if current.merged_into_id == issue.pk:
            break
        current = HotIssue.objects.get(pk=current.merged_into_id)
        seen += 1
    if current.merged_into_id == issue.pk or (
        into.cluster_root_id == issue.pk and issue.merged_into_id is None
    ):
        raise ValidationFailed(
            _(
                "Không thể gộp #%(issue)s vào #%(into)s: #%(into)s đã được gộp vào #%(issue)s, gộp nữa sẽ tạo vòng lặp."
            )
            % {"issue": issue.pk, "into": into.pk},
            code="merge_loop",
            details={"field": "into"},
        )
    if issue.merged_into_id == into.pk:
        raise ValidationFailed(
            _("Vấn đề đã được gộp vào #%(into)s.") % {"into": into.pk}, code="already_merged"
        )
    before = {"merged_into": issue.merged_into_id, "cluster_root": issue.cluster_root_id}
    root = _root_of(into)
    issue.merged_into = into
    issue.save(update_fields=["merged_into", "updated_at"])
    HotIssue.objects.filter(pk__in=_subtree_ids(issue)).update(cluster_root=root)
    issue.cluster_root = root
    record_event(
        issue,
        actor=actor,
        kind=EventKind.MERGED,
        from_status=issue.status,
        data={"into": into.pk, "root": root.pk},
    )
    record_event(
        into,
        actor=actor,
        kind=EventKind.MERGED,
        from_status=into.status,
        note=_("Gộp vấn đề #%(pk)s vào đây") % {"pk": issue.pk},
        data={"merged": issue.pk},
    )
    audit_issue(actor, "issue_merge", issue, before, {"merged_into": into.pk, "cluster_root": root.pk})
    return issue


@transaction.atomic
def issue_unmerge(*, actor: Any, issue: HotIssue) -> HotIssue:
    """Take `issue` (with what was merged into it) out of its cluster; it becomes its own cluster again."""
    issue = locked(issue)
    require(can_triage_issue(actor, issue), _("Chỉ Ban mới tách vấn đề khỏi cụm."))
    if issue.merged_into_id is None:
        raise ValidationFailed(_("Vấn đề này không được gộp vào vấn đề nào."), code="not_merged")
    before = {"merged_into": issue.merged_into_id, "cluster_root": issue.cluster_root_id}
    issue.merged_into = None
    issue.save(update_fields=["merged_into", "updated_at"])
    HotIssue.objects.filter(pk__in=_subtree_ids(issue)).update(cluster_root=issue)
    issue.cluster_root = issue
    record_event(issue, actor=actor, kind=EventKind.UNMERGED, from_status=issue.status, data=before)
    audit_issue(actor, "issue_unmerge", issue, before, {"merged_into": None, "cluster_root": issue.pk})
    return issue
