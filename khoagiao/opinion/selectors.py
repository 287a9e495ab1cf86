"""Reads of the public-opinion app, scoped to what the user may see (see permissions.py)."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.errors import NotFoundError
from khoagiao.core.permissions import user_scope
from khoagiao.core.text import fold_vi, search_filter

from .choices import OPEN_STATUSES, MessageKind
from .models import Digest, HotIssue, IssueEvent, IssueMessage, RoutingRule
from .permissions import DEPARTMENT, LEADERSHIP, UNIT_EDITORS
from .similarity import SIMILARITY_THRESHOLD, key_words, similarity
from .sla import WorkingClock

DEFAULT_SIMILAR_WINDOW_DAYS = 120
SIMILAR_CANDIDATES = 400
SIMILAR_LIMIT = 5


def _visible_q(user: Any) -> Q | None:
    """None when the user sees every issue (a superuser)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return None
    department = user_scope(user, DEPARTMENT).unit_ids
    units = user_scope(user, UNIT_EDITORS).unit_ids
    leadership = user_scope(user, LEADERSHIP).unit_ids
    q = Q(pk__in=[])
    if department:
        q |= Q(area_id__in=department) | Q(reporting_unit_id__in=department)
    if units:
        q |= Q(reporting_unit_id__in=units) | Q(responsible_unit_id__in=units, routed_at__isnull=False)
    if leadership:
        q |= Q(area_id__in=leadership, escalated_at__isnull=False)
    return q


def issues_visible(user: Any) -> QuerySet[HotIssue]:
    q = _visible_q(user)
    queryset = HotIssue.objects.all()
    return queryset if q is None else queryset.filter(q)


def issue_list(
    *,
    user: Any,
    status: str | None = None,
    severity: str | None = None,
    source: str | None = None,
    field_id: int | None = None,
    area_id: int | None = None,
    responsible_unit_id: int | None = None,
    query: str | None = None,
    escalated: bool | None = None,
    include_merged: bool = True,
    open_only: bool = False,
) -> QuerySet[HotIssue]:
    queryset = issues_visible(user).select_related("area", "reporting_unit", "responsible_unit", "field")
    if status:
        queryset = queryset.filter(status=status)
    if open_only:
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    if severity:
        queryset = queryset.filter(severity=severity)
    if source:
        queryset = queryset.filter(source=source)
    if field_id:
        queryset = queryset.filter(field_id=field_id)
    if area_id:
        queryset = queryset.filter(area_id=area_id)
    if responsible_unit_id:
        queryset = queryset.filter(responsible_unit_id=responsible_unit_id)
    if escalated is not None:
        queryset = queryset.filter(escalated_at__isnull=not escalated)
    if not include_merged:
        queryset = queryset.filter(merged_into__isnull=True)
    if query:
        queryset = search_filter(queryset, query)
    return queryset.order_by("-reported_at", "-id")


def cluster_sizes(issue_ids: list[int]) -> dict[int, int]:
    """How many reports each of these issues groups (only issues with at least one merged into them)."""
    rows = (
        HotIssue.objects.filter(cluster_root_id__in=issue_ids)
        .values("cluster_root_id")
        .annotate(size=Count("id"))
        .filter(size__gt=1)
    )
    return {row["cluster_root_id"]: row["size"] for row in rows}


def issue_get(*, user: Any, pk: int) -> HotIssue:
    issue = (
        issues_visible(user)
        .select_related(
            "area",
            "reporting_unit",
            "responsible_unit",
            "field",
            "reported_by",
            "merged_into",
            "cluster_root",
        )
        .filter(pk=pk)
        .first()
    )
    if issue is None:
        raise NotFoundError(_("Không tìm thấy vấn đề, hoặc bạn không có quyền xem vấn đề này."))
    return issue


def issue_thread(issue: HotIssue) -> QuerySet[IssueMessage]:
    return issue.messages.select_related("author", "author_unit", "addressed_unit").prefetch_related(
        "attachments"
    )


def issue_events(issue: HotIssue) -> QuerySet[IssueEvent]:
    return issue.events.all()


@dataclass(frozen=True)
class ClusterSummary:
    root: HotIssue
    members: list[HotIssue]
    unit_count: int
    source_count: int
    sources: list[str]


def issue_cluster(*, user: Any, issue: HotIssue) -> ClusterSummary | None:
    """The cluster the issue belongs to, with its spread signal (units and sources that raised it). Counts are
    over every report of the cluster; the list shows those the user may see."""
    root_id = issue.cluster_root_id or issue.pk
    everyone = HotIssue.objects.filter(cluster_root_id=root_id)
    if everyone.count() < 2:
        return None
    members = list(
        issues_visible(user)
        .filter(cluster_root_id=root_id)
        .select_related("reporting_unit")
        .order_by("reported_at")
    )
    root = next((m for m in members if m.pk == root_id), issue)
    sources = sorted(set(everyone.values_list("source", flat=True)))
    from .choices import IssueSource

    return ClusterSummary(
        root=root,
        members=members,
        unit_count=everyone.values("reporting_unit").distinct().count(),
        source_count=len(sources),
        sources=[str(IssueSource(s).label) for s in sources],
    )


def issue_tasks(issue: HotIssue) -> list[Any]:
    from khoagiao.tasks.models import Task

    return list(
        Task.objects.filter(source_type=ContentType.objects.get_for_model(HotIssue), source_id=issue.pk)
        .select_related("lead_unit")
        .order_by("id")
    )


def _nearby_area_ids(area: Any) -> set[int]:
    from khoagiao.orgs.models import Unit

    ids = {area.pk}
    if area.parent_id:
        ids.add(area.parent_id)
    ids.update(Unit.objects.filter(parent_id=area.pk).values_list("pk", flat=True))
    return ids


@dataclass(frozen=True)
class Suggestion:
    issue: HotIssue
    score: float


def similar_issues(
    *,
    user: Any,
    title: str,
    description: str = "",
    field_id: int | None = None,
    area: Any = None,
    exclude_id: int | None = None,
    limit: int = SIMILAR_LIMIT,
    threshold: float = SIMILARITY_THRESHOLD,
    today: dt.date | None = None,
) -> list[Suggestion]:
    """Open issues the user may see that look like a draft: recent (OPINION_SIMILAR_WINDOW_DAYS), same field when
    one is given, nearby area (the same unit, its parent or children) when one is given, sharing at least one
    long word (the database prefilter: LIKE on the folded column, a trigram index on PostgreSQL); then scored by
    character n-gram similarity in Python."""
    draft = f"{title or ''} {description or ''}".strip()
    words = key_words(draft)
    if len(fold_vi(draft)) < 8 or not words:
        return []
    window = int(getattr(settings, "OPINION_SIMILAR_WINDOW_DAYS", DEFAULT_SIMILAR_WINDOW_DAYS))
    since = timezone.now() - dt.timedelta(days=window)
    queryset = issues_visible(user).filter(status__in=OPEN_STATUSES, reported_at__gte=since)
    if field_id:
        queryset = queryset.filter(Q(field_id=field_id) | Q(field__isnull=True))
    if area is not None:
        queryset = queryset.filter(area_id__in=_nearby_area_ids(area))
    if exclude_id:
        queryset = queryset.exclude(pk=exclude_id)
    text_q = Q()
    for word in words:
        text_q |= Q(search_text__contains=word)
    candidates = (
        queryset.filter(text_q)
        .select_related("area", "reporting_unit")
        .order_by("-reported_at")[:SIMILAR_CANDIDATES]
    )
    scored = []
    for candidate in candidates:
        score = similarity(draft, f"{candidate.title} {candidate.description[:600]}")
        if score >= threshold:
            scored.append(Suggestion(candidate, round(score, 3)))
    scored.sort(key=lambda s: (-s.score, -s.issue.pk))
    return scored[:limit]


def escalated_list(*, user: Any) -> QuerySet[HotIssue]:
    return issue_list(user=user, escalated=True).order_by("-escalated_at", "-id")


def routing_rule_list() -> QuerySet[RoutingRule]:
    return RoutingRule.objects.select_related("field", "area", "responsible_unit")


def digest_list(*, user: Any) -> QuerySet[Digest]:
    scope = user_scope(user, DEPARTMENT | LEADERSHIP)
    queryset = Digest.objects.select_related("issuing_unit")
    if getattr(user, "is_superuser", False):
        return queryset
    return scope.filter(queryset, "issuing_unit")


def digest_get(*, user: Any, pk: int) -> Digest:
    digest = digest_list(user=user).filter(pk=pk).first()
    if digest is None:
        raise NotFoundError(_("Không tìm thấy báo cáo tình hình dư luận xã hội này."))
    return digest


def orientation_list(*, user: Any) -> QuerySet[IssueMessage]:
    """Orientation messages of issues the user sees, newest first."""
    return (
        IssueMessage.objects.filter(kind=MessageKind.ORIENTATION, issue__in=issues_visible(user))
        .select_related("issue", "author")
        .order_by("-created_at")
    )


@dataclass
class UnitResponseStats:
    unit: Any
    routed: int
    answered: int
    within_sla: int
    overdue_unanswered: int
    median_hours: float | None

    @property
    def share_within_sla(self) -> float | None:
        judged = self.answered + self.overdue_unanswered
        return None if not judged else self.within_sla / judged


def response_statistics(
    *, user: Any, since: dt.date, until: dt.date | None = None
) -> list[UnitResponseStats]:
    """Per responsible unit: issues routed in the window, answered, the median time to the first answer in
    working hours, and the share answered within the service level (unanswered past the deadline count as
    missed)."""
    now = timezone.now()
    start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    queryset = issues_visible(user).filter(routed_at__gte=start, responsible_unit__isnull=False)
    if until is not None:
        queryset = queryset.filter(routed_at__lt=timezone.make_aware(dt.datetime.combine(until, dt.time.max)))
    rows = queryset.select_related("responsible_unit").only(
        "routed_at",
        "first_response_at",
        "response_due_at",
        "responsible_unit__name",
        "responsible_unit__short_name",
    )
    clock = WorkingClock()
    grouped: dict[int, UnitResponseStats] = {}
    hours: dict[int, list[float]] = {}
    for issue in rows.iterator(chunk_size=2000):
        unit_id = issue.responsible_unit_id
        assert unit_id is not None
        stats = grouped.setdefault(unit_id, UnitResponseStats(issue.responsible_unit, 0, 0, 0, 0, None))
        stats.routed += 1
        if issue.first_response_at is not None:
            stats.answered += 1
            if issue.response_due_at is None or issue.first_response_at <= issue.response_due_at:
                stats.within_sla += 1
            assert issue.routed_at is not None
            hours.setdefault(unit_id, []).append(
                clock.working_hours_between(issue.routed_at, issue.first_response_at)
            )
        elif issue.response_due_at is not None and issue.response_due_at < now:
            stats.overdue_unanswered += 1
    for unit_id, values in hours.items():
        grouped[unit_id].median_hours = round(statistics.median(values), 1)
    return sorted(grouped.values(), key=lambda s: (-(s.routed), s.unit.name))
