"""The demo data of the opinion part, loaded on the demo province as `seed_demo` does it, and a second run
changes nothing. (The whole command, with every part, runs in khoagiao/demo/tests/test_seed_demo.py; this test
loads only the province and this part, so that it checks this part alone.)"""

from __future__ import annotations

import pytest

from khoagiao.demo.opinion import seed_demo_opinion
from khoagiao.demo.seeding import seed_demo_province, system_actor
from khoagiao.opinion.choices import IssueStatus
from khoagiao.opinion.models import Digest, HotIssue, RoutingRule
from khoagiao.reporting.services.register import document_for_source

pytestmark = pytest.mark.django_db(transaction=False)


def test_seed_demo_creates_opinion_story():
    seed_demo_province()
    summary = seed_demo_opinion(actor=system_actor())
    assert summary.startswith("Dư luận xã hội: 25 vấn đề nóng")
    assert HotIssue.objects.count() == 25
    assert RoutingRule.objects.count() >= 4
    statuses = set(HotIssue.objects.values_list("status", flat=True))
    assert {
        IssueStatus.REPORTED,
        IssueStatus.ROUTED,
        IssueStatus.RESPONDED,
        IssueStatus.RESOLVED,
        IssueStatus.CLOSED,
        IssueStatus.REJECTED,
    } <= statuses
    root = HotIssue.objects.get(escalated_at__isnull=False)
    assert HotIssue.objects.filter(cluster_root=root).count() == 3
    from khoagiao.opinion.selectors import issue_tasks

    assert len(issue_tasks(root)) == 1
    digest = Digest.objects.get()
    assert digest.issued_at is not None and document_for_source(digest, "digest") is not None
    again = seed_demo_opinion(actor=system_actor())
    assert again == "Dư luận xã hội: đã có 25 vấn đề nóng (giữ nguyên)."
    assert HotIssue.objects.count() == 25 and Digest.objects.count() == 1
