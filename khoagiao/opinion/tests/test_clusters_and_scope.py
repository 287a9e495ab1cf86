"""Merging duplicates into clusters, unmerging, loops; who sees which issue; duplicate suggestions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from khoagiao.core.errors import NotFoundError, PermissionDeniedError, ValidationFailed
from khoagiao.core.testing import make_user
from khoagiao.opinion.choices import IssueSource
from khoagiao.opinion.models import HotIssue
from khoagiao.opinion.permissions import can_view_issue
from khoagiao.opinion.selectors import issue_cluster, issue_get, issue_list, similar_issues
from khoagiao.opinion.services import issue_escalate, issue_merge, issue_route, issue_unmerge
from khoagiao.opinion.similarity import SIMILARITY_THRESHOLD, similarity

from .helpers import field_health, report
from .similarity_pairs import PAIRS

pytestmark = pytest.mark.django_db


def test_merge_keeps_every_report_and_counts_spread(cast):
    first = report(cast, title="Ngộ độc thực phẩm tại trường mầm non Hoa Sen", source=IssueSource.SOCIAL)
    second = report(
        cast,
        actor=cast.commune_b_focal,
        unit=cast.commune_b,
        title="Trẻ mầm non Hoa Sen nhập viện",
        source=IssueSource.PRESS,
    )
    third = report(
        cast,
        actor=cast.education_focal,
        unit=cast.education,
        title="Ngộ độc ở Hoa Sen",
        source=IssueSource.UNIT_REPORT,
    )
    issue_merge(actor=cast.specialist, issue=second, into=first)
    issue_merge(actor=cast.specialist, issue=third, into=second)
    assert set(HotIssue.objects.filter(cluster_root=first).values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
        third.pk,
    }
    cluster = issue_cluster(user=cast.specialist, issue=HotIssue.objects.get(pk=third.pk))
    assert cluster is not None
    assert (cluster.root.pk, cluster.unit_count, cluster.source_count) == (first.pk, 3, 3)
    assert HotIssue.objects.count() == 3
    listed = list(issue_list(user=cast.specialist, include_merged=False))
    assert listed == [first]
    # the commune that reported the second issue still sees its own report, not the others'
    commune_cluster = issue_cluster(user=cast.commune_b_focal, issue=HotIssue.objects.get(pk=second.pk))
    assert commune_cluster is not None
    assert [m.pk for m in commune_cluster.members] == [second.pk]
    # unmerging the middle issue takes what was merged into it along
    issue_unmerge(actor=cast.specialist, issue=second)
    assert set(HotIssue.objects.filter(cluster_root=second).values_list("pk", flat=True)) == {
        second.pk,
        third.pk,
    }
    assert HotIssue.objects.get(pk=first.pk).cluster_root_id == first.pk
    assert issue_cluster(user=cast.specialist, issue=HotIssue.objects.get(pk=first.pk)) is None
    assert list(HotIssue.objects.get(pk=second.pk).events.values_list("kind", flat=True))[-1] == "unmerged"


def test_merge_into_itself_or_into_a_loop_is_refused(cast):
    first, second, third = (report(cast, title=f"Vấn đề {n}") for n in range(3))
    with pytest.raises(ValidationFailed) as caught:
        issue_merge(actor=cast.specialist, issue=first, into=first)
    assert caught.value.code == "merge_self"
    issue_merge(actor=cast.specialist, issue=second, into=first)
    issue_merge(actor=cast.specialist, issue=third, into=second)
    with pytest.raises(ValidationFailed) as caught:
        issue_merge(actor=cast.specialist, issue=first, into=third)
    assert caught.value.code == "merge_loop"
    assert "vòng lặp" in caught.value.message
    assert HotIssue.objects.get(pk=first.pk).merged_into_id is None
    with pytest.raises(ValidationFailed):
        issue_unmerge(actor=cast.specialist, issue=first)
    with pytest.raises(PermissionDeniedError):
        issue_merge(actor=cast.commune_a_focal, issue=second, into=third)


def test_a_commune_never_sees_another_communes_issues(cast):
    mine = report(cast, title="Vấn đề của xã An Bình")
    theirs = report(cast, actor=cast.commune_b_focal, unit=cast.commune_b, title="Vấn đề của phường Bắc Sơn")
    assert list(issue_list(user=cast.commune_a_focal)) == [mine]
    assert list(issue_list(user=cast.commune_b_focal)) == [theirs]
    with pytest.raises(NotFoundError):
        issue_get(user=cast.commune_a_focal, pk=theirs.pk)
    assert set(issue_list(user=cast.specialist)) == {mine, theirs}
    for outsider in (cast.outsider, cast.reporter, cast.admin, cast.education_focal, cast.viewer):
        assert not issue_list(user=outsider).exists(), outsider
        assert not can_view_issue(outsider, mine)


def test_routed_unit_and_leadership_see_what_concerns_them(cast):
    issue = report(cast)
    assert not can_view_issue(cast.education_focal, issue)
    issue_route(actor=cast.specialist, issue=issue, responsible_unit=cast.education)
    assert list(issue_list(user=cast.education_focal)) == [HotIssue.objects.get(pk=issue.pk)]
    assert can_view_issue(cast.education_leader, HotIssue.objects.get(pk=issue.pk))
    assert not issue_list(user=cast.viewer).exists()
    issue_escalate(actor=cast.leader, issue=issue, summary="Tóm tắt", recommendation="Đề xuất")
    assert list(issue_list(user=cast.viewer)) == [HotIssue.objects.get(pk=issue.pk)]
    assert not issue_list(user=cast.commune_b_focal).exists()


def test_labelled_pairs_precision_and_recall_at_threshold():
    predicted = [(similarity(a, b) >= SIMILARITY_THRESHOLD, same) for a, b, same in PAIRS]
    true_positive = sum(1 for p, s in predicted if p and s)
    precision = true_positive / max(1, sum(1 for p, _ in predicted if p))
    recall = true_positive / sum(1 for _, s in predicted if s)
    assert len(PAIRS) >= 40
    assert recall >= 0.95
    assert precision >= 0.85


def test_similarity_folds_tones_and_ignores_order_of_noise():
    assert similarity("Bệnh viện thiếu thuốc ung thư", "benh vien thieu thuoc ung thu") > 0.95
    assert similarity("", "Bệnh viện") == 0.0
    assert similarity("của các và", "của các và") == 0.0


def test_suggestions_open_recent_nearby_and_visible_only(cast, django_assert_max_num_queries):
    health = field_health()
    target = report(cast, title="Ngộ độc thực phẩm bữa ăn bán trú trường mầm non Hoa Sen", field=health)
    report(cast, title="Khai giảng năm học mới tại xã An Bình")
    old = report(cast, title="Ngộ độc thực phẩm bữa ăn bán trú trường mầm non Hoa Sen năm ngoái")
    HotIssue.objects.filter(pk=old.pk).update(reported_at=timezone.now() - dt.timedelta(days=400))
    other_commune = report(
        cast,
        actor=cast.commune_b_focal,
        unit=cast.commune_b,
        title="Ngộ độc thực phẩm tại trường mầm non Hoa Sen phường Bắc Sơn",
    )
    draft = "Nhiều trẻ mầm non Hoa Sen nghi ngộ độc thực phẩm sau bữa ăn bán trú"
    with django_assert_max_num_queries(8):
        found = similar_issues(user=cast.specialist, title=draft)
    assert [s.issue.pk for s in found][:1] == [target.pk]
    assert old.pk not in [s.issue.pk for s in found]
    assert other_commune.pk in [s.issue.pk for s in found]
    nearby = similar_issues(user=cast.specialist, title=draft, area=cast.commune_a, field_id=health.pk)
    assert [s.issue.pk for s in nearby] == [target.pk]
    own = similar_issues(user=cast.commune_b_focal, title=draft)
    assert [s.issue.pk for s in own] == [other_commune.pk]
    assert similar_issues(user=cast.specialist, title="abc") == []


def test_unit_focal_point_without_membership_cannot_report(cast):
    stranger = make_user("la.mat")
    from khoagiao.opinion.services import issue_report

    with pytest.raises(PermissionDeniedError):
        issue_report(actor=stranger, reporting_unit=cast.commune_a, title="Vấn đề")
