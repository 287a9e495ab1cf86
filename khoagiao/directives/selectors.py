"""Reads of the directives app, scoped to the user (see `permissions`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.errors import NotFoundError
from khoagiao.core.permissions import require, user_scope
from khoagiao.core.text import search_filter

from .choices import DirectiveIssuer, DirectiveKind, DirectiveValidity, MilestoneState
from .models import (
    Agreement,
    AgreementItem,
    AgreementItemTask,
    Directive,
    ImplementationPlan,
    PlanItem,
    ReviewMilestone,
)
from .permissions import STAFF_READERS, UNIT_READERS, can_view_registry, can_view_reviews
from .services.milestones import milestone_state

DEFAULT_UPCOMING_MONTHS = 24


def _require_registry(user: Any) -> None:
    require(can_view_registry(user), _("Bạn chưa được phân quyền xem sổ văn bản chỉ đạo."))


def directive_list(
    *,
    user: Any,
    query: str = "",
    kind: str = "",
    issuer: str = "",
    field_id: int | None = None,
    year: int | None = None,
    validity: str = "",
) -> QuerySet[Directive]:
    _require_registry(user)
    directives = Directive.objects.prefetch_related("fields").select_related("successor")
    directives = search_filter(directives, query)
    if kind in DirectiveKind.values:
        directives = directives.filter(kind=kind)
    if issuer in DirectiveIssuer.values:
        directives = directives.filter(issuer=issuer)
    if validity in DirectiveValidity.values:
        directives = directives.filter(validity=validity)
    if field_id:
        directives = directives.filter(fields__pk=field_id)
    if year:
        directives = directives.filter(issued_on__year=year)
    return directives.order_by("-issued_on", "symbol")


def directive_get(*, user: Any, pk: int) -> Directive:
    _require_registry(user)
    directive = (
        Directive.objects.select_related("successor")
        .prefetch_related("fields", "attachments", "predecessors")
        .filter(pk=pk)
        .first()
    )
    if directive is None:
        raise NotFoundError(_("Không tìm thấy văn bản."))
    return directive


def _staff_scope(user: Any) -> frozenset[int]:
    return user_scope(user, STAFF_READERS).unit_ids


def _unit_scope(user: Any) -> frozenset[int]:
    return user_scope(user, UNIT_READERS).unit_ids


def plans_visible(user: Any) -> QuerySet[ImplementationPlan]:
    if getattr(user, "is_superuser", False) and user.is_active:
        return ImplementationPlan.objects.all()
    staff, units = _staff_scope(user), _unit_scope(user)
    return ImplementationPlan.objects.filter(
        Q(owner_unit__in=staff) | Q(lead_unit__in=units) | Q(coordinating_units__in=units)
    ).distinct()


def agreements_visible(user: Any) -> QuerySet[Agreement]:
    if getattr(user, "is_superuser", False) and user.is_active:
        return Agreement.objects.all()
    staff, units = _staff_scope(user), _unit_scope(user)
    return Agreement.objects.filter(Q(owner_unit__in=staff) | Q(parties__in=units)).distinct()


def tasks_of(model: type, ids: list[int]) -> QuerySet:
    from khoagiao.tasks.models import Task

    return (
        Task.objects.filter(source_type=ContentType.objects.get_for_model(model), source_id__in=ids)
        .select_related("lead_unit")
        .order_by("due_date", "id")
    )


def task_url(task: Any) -> str:
    try:
        return reverse("tasks:task_detail", args=[task.pk])
    except NoReverseMatch:  # the task screens are not installed: the timeline still shows the task
        return ""


def task_list_url(source_kind: str, source_id: int) -> str:
    try:
        return reverse("tasks:task_list") + f"?source_kind={source_kind}&source_id={source_id}"
    except NoReverseMatch:
        return ""


@dataclass
class MilestoneView:
    milestone: ReviewMilestone
    state: str
    tasks: list[Any] = field(default_factory=list)
    submitted: int = 0
    expected: int = 0

    @property
    def state_label(self) -> str:
        return str(MilestoneState(self.state).label)

    @property
    def is_late(self) -> bool:
        return self.state == MilestoneState.OVERDUE


def _milestone_views(
    milestones: list[ReviewMilestone], today: dt.date, *, with_tasks: bool
) -> list[MilestoneView]:
    from khoagiao.reporting.models import Submission

    period_ids = [m.request_period_id for m in milestones if m.request_period_id]
    counts: dict[int, Any] = {
        row["period_id"]: row
        for row in Submission.objects.filter(period_id__in=period_ids)
        .values("period_id")
        .annotate(expected=Count("pk"), submitted=Count("pk", filter=Q(first_submitted_at__isnull=False)))
    }
    tasks: dict[int, list[Any]] = {}
    if with_tasks:
        for task in tasks_of(ReviewMilestone, [m.pk for m in milestones]):
            tasks.setdefault(task.source_id, []).append(task)
    views = []
    for milestone in milestones:
        row = counts.get(milestone.request_period_id or 0, {})
        views.append(
            MilestoneView(
                milestone,
                milestone_state(milestone, today),
                tasks.get(milestone.pk, []),
                row.get("submitted", 0),
                row.get("expected", 0),
            )
        )
    return views


def milestones_upcoming(
    *,
    user: Any,
    today: dt.date | None = None,
    months: int = DEFAULT_UPCOMING_MONTHS,
    include_overdue: bool = True,
) -> tuple[list[MilestoneView], list[MilestoneView]]:
    """(upcoming within `months`, overdue without their review), nearest first."""
    require(
        can_view_reviews(user), _("Chỉ Ban, quản trị viên và lãnh đạo mới xem được lịch sơ kết, tổng kết.")
    )
    from .milestones import add_months

    today = today or timezone.localdate()
    # A document replaced or expired is no longer reviewed: its milestones leave the lists.
    base = ReviewMilestone.objects.select_related("directive", "request_period").filter(
        directive__validity=DirectiveValidity.IN_FORCE
    )
    upcoming = list(
        base.filter(due_on__gte=today, due_on__lte=add_months(today, months), reviewed_on__isnull=True)
    )
    overdue = (
        list(base.filter(due_on__lt=today, reviewed_on__isnull=True).order_by("-due_on"))
        if include_overdue
        else []
    )
    return _milestone_views(upcoming, today, with_tasks=False), _milestone_views(
        overdue, today, with_tasks=False
    )


def milestone_get(*, user: Any, pk: int, today: dt.date | None = None) -> MilestoneView:
    _require_registry(user)
    milestone = (
        ReviewMilestone.objects.select_related("directive", "request_period", "request_period__duty", "plan")
        .filter(pk=pk)
        .first()
    )
    if milestone is None:
        raise NotFoundError(_("Không tìm thấy mốc sơ kết, tổng kết."))
    return _milestone_views([milestone], today or timezone.localdate(), with_tasks=True)[0]


def milestone_submissions(milestone: ReviewMilestone) -> list[Any]:
    from khoagiao.reporting.models import Submission

    if milestone.request_period_id is None:
        return []
    return list(
        Submission.objects.filter(period_id=milestone.request_period_id)
        .select_related("unit")
        .order_by("unit__path")
    )


@dataclass
class Timeline:
    directive: Directive
    predecessors: list[Directive]
    plans: list[ImplementationPlan]
    plan_tasks: dict[int, list[Any]]
    milestones: list[MilestoneView]
    successor_chain: list[Directive]


def directive_timeline(*, user: Any, directive: Directive, today: dt.date | None = None) -> Timeline:
    """Issued → province plans → their tasks → reviews (request, tasks) → successor documents, on one page."""
    today = today or timezone.localdate()
    plans = list(
        plans_visible(user)
        .filter(directive=directive)
        .select_related("lead_unit", "owner_unit")
        .prefetch_related(
            "coordinating_units", Prefetch("items", queryset=PlanItem.objects.order_by("order"))
        )
        .order_by("issued_on", "id")
    )
    item_ids = [item.pk for plan in plans for item in plan.items.all()]
    plan_tasks: dict[int, list[Any]] = {}
    by_item = {item.pk: plan.pk for plan in plans for item in plan.items.all()}
    for task in tasks_of(PlanItem, item_ids):
        plan_tasks.setdefault(by_item[task.source_id], []).append(task)
    for plan in plans:
        plan.timeline_tasks = plan_tasks.get(plan.pk, [])  # type: ignore[attr-defined]
    milestones = list(directive.milestones.select_related("request_period").order_by("due_on"))
    chain: list[Directive] = []
    current = directive.successor
    seen = {directive.pk}
    while current is not None and current.pk not in seen and len(chain) < 10:
        chain.append(current)
        seen.add(current.pk)
        current = current.successor
    return Timeline(
        directive=directive,
        predecessors=list(directive.predecessors.all()),
        plans=plans,
        plan_tasks=plan_tasks,
        milestones=_milestone_views(milestones, today, with_tasks=True),
        successor_chain=chain,
    )


def agreement_list(*, user: Any, query: str = "") -> QuerySet[Agreement]:
    _require_registry(user)
    agreements = agreements_visible(user).select_related("owner_unit", "document").prefetch_related("parties")
    return search_filter(agreements, query).order_by("-start_year", "title")


def agreement_get(*, user: Any, pk: int) -> Agreement:
    _require_registry(user)
    agreement = (
        agreements_visible(user)
        .select_related("owner_unit", "document")
        .prefetch_related(
            "parties",
            Prefetch(
                "items",
                queryset=AgreementItem.objects.select_related("lead_unit").prefetch_related(
                    "coordinating_units"
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if agreement is None:
        raise NotFoundError(_("Không tìm thấy quy chế, chương trình phối hợp."))
    return agreement


@dataclass
class PartyRow:
    unit: Any
    buckets: Any
    reports_due: int
    reports_on_time: int

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.reports_on_time / self.reports_due, 1) if self.reports_due else None


@dataclass
class Evaluation:
    agreement: Agreement
    year: int
    totals: Any
    rows: list[PartyRow]
    tasks: list[Any]


def agreement_evaluation(*, agreement: Agreement, year: int, today: dt.date | None = None) -> Evaluation:
    """The year's evaluation: the four buckets of the agreement's tasks of that year, per party, and each
    party's reporting timeliness that year (share of its reports due in the year, deadline passed, first sent
    on time; the board's rule)."""
    from khoagiao.reporting.models import Submission
    from khoagiao.reporting.periods import province_tz
    from khoagiao.tasks.buckets import bucket_rows_by_lead_unit, bucket_totals
    from khoagiao.tasks.models import Task

    today = today or timezone.localdate()
    task_ids = AgreementItemTask.objects.filter(item__agreement=agreement, year=year).values("task_id")
    tasks = Task.objects.filter(pk__in=task_ids)
    parties = [agreement.owner_unit, *agreement.parties.all()]
    bucket_rows = {
        row.unit.pk: row
        for row in bucket_rows_by_lead_unit(tasks, today=today, units=parties)
        if hasattr(row.unit, "pk")
    }
    start = dt.datetime(year, 1, 1, tzinfo=province_tz())
    end = min(dt.datetime(year + 1, 1, 1, tzinfo=province_tz()), timezone.now())
    timeliness: dict[int, Any] = {
        row["unit_id"]: row
        for row in Submission.objects.filter(
            unit__in=parties, period__deadline__gte=start, period__deadline__lt=end
        )
        .values("unit_id")
        .annotate(
            due=Count("pk"),
            on_time=Count(
                "pk",
                filter=Q(first_submitted_at__isnull=False, first_submitted_at__lte=F("period__deadline")),
            ),
        )
    }
    rows = [
        PartyRow(
            unit=unit,
            buckets=bucket_rows[unit.pk],
            reports_due=timeliness.get(unit.pk, {}).get("due", 0),
            reports_on_time=timeliness.get(unit.pk, {}).get("on_time", 0),
        )
        for unit in parties
    ]
    return Evaluation(
        agreement=agreement,
        year=year,
        totals=bucket_totals(tasks, today=today),
        rows=rows,
        tasks=list(tasks.select_related("lead_unit").order_by("due_date", "id")),
    )
