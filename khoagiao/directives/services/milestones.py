"""Review milestones: kept in step with the document's rule, opened once and only once.

Opening a milestone (by the daily job when its opening day has come, or by the department for a milestone
that is already late) creates, in one transaction:
- an ad-hoc report request on the review template (`reporting.services.adhoc`) from the plan's owner unit to
  the plan's lead and coordinating units;
- two tasks for the plan's lead unit: write the review report, and hold the review (hội nghị sơ kết/tổng kết).
The milestone row is locked while it is opened, and `opened_at` is set in the same transaction: a second run,
a retry or two workers at once create nothing more.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.audit import audit_record, snapshot
from khoagiao.core.errors import ApplicationError, ConflictError, ValidationFailed
from khoagiao.core.permissions import require

from ..choices import DirectiveValidity, MilestoneKind, MilestoneState
from ..milestones import milestone_specs
from ..models import Directive, ImplementationPlan, ReviewMilestone
from ..permissions import can_manage_owned

# The units' review reports are due this many days before the milestone, and never sooner than
# MIN_RESPONSE_DAYS after the request opens (a late milestone gets a fresh month to report).
REPORT_LEAD_DAYS = 45
MIN_RESPONSE_DAYS = 30
CUTOFF_BEFORE_DEADLINE_DAYS = 7
CONFERENCE_AFTER_REPORTS_DAYS = 14
MILESTONE_AUDIT_FIELDS = ("kind", "years", "due_on", "opens_on", "opened_at", "request_period", "reviewed_on")


def milestone_state(milestone: ReviewMilestone, today: dt.date) -> str:
    if milestone.reviewed_on is not None:
        return MilestoneState.DONE
    if milestone.due_on < today:
        return MilestoneState.OVERDUE
    if milestone.opened_at is not None:
        return MilestoneState.OPEN
    if milestone.opens_on <= today:
        return MilestoneState.DUE_TO_OPEN
    return MilestoneState.UPCOMING


def milestones_sync(directive: Directive) -> None:
    """Create, move or remove the document's milestones to match its rule. An opened milestone keeps its dates:
    changing its rule is refused (its request and tasks already exist)."""
    specs = {
        spec.kind: spec
        for spec in milestone_specs(
            issued_on=directive.issued_on,
            interim_years=directive.interim_review_years,
            final_years=directive.final_review_years,
        )
    }
    for milestone in ReviewMilestone.objects.select_for_update().filter(directive=directive):
        spec = specs.pop(milestone.kind, None)
        if milestone.opened_at is not None or milestone.reviewed_on is not None:
            if spec is None or spec.due_on != milestone.due_on:
                raise ValidationFailed(
                    _(
                        "%(kind)s %(years)d năm đã được mở (đã có yêu cầu báo cáo và nhiệm vụ) nên không thể đổi "
                        "mốc hay ngày ban hành."
                    )
                    % {"kind": milestone.get_kind_display(), "years": milestone.years},
                    code="milestone_opened",
                )
            continue
        if spec is None:
            milestone.delete()
            continue
        if (milestone.years, milestone.due_on, milestone.opens_on) != (
            spec.years,
            spec.due_on,
            spec.opens_on,
        ):
            milestone.years, milestone.due_on, milestone.opens_on = spec.years, spec.due_on, spec.opens_on
            milestone.save(update_fields=["years", "due_on", "opens_on", "updated_at"])
    for spec in specs.values():
        ReviewMilestone.objects.create(
            directive=directive, kind=spec.kind, years=spec.years, due_on=spec.due_on, opens_on=spec.opens_on
        )


def _review_plan(directive: Directive) -> ImplementationPlan | None:
    return (
        ImplementationPlan.objects.filter(directive=directive)
        .select_related("owner_unit", "lead_unit")
        .order_by("issued_on", "id")
        .first()
    )


def _request_dates(milestone: ReviewMilestone, today: dt.date) -> tuple[dt.date, dt.date, dt.date]:
    """(cut-off, units' deadline, review conference)."""
    deadline = max(
        milestone.due_on - dt.timedelta(days=REPORT_LEAD_DAYS), today + dt.timedelta(days=MIN_RESPONSE_DAYS)
    )
    cutoff = max(milestone.directive.issued_on, deadline - dt.timedelta(days=CUTOFF_BEFORE_DEADLINE_DAYS))
    conference = max(milestone.due_on, deadline + dt.timedelta(days=CONFERENCE_AFTER_REPORTS_DAYS))
    return cutoff, deadline, conference


@transaction.atomic
def milestone_open(
    *, actor: Any, milestone: ReviewMilestone, today: dt.date | None = None
) -> ReviewMilestone:
    """Create the review's report request and the lead unit's tasks. `actor=None` is the daily job."""
    from khoagiao.reporting.services.adhoc import adhoc_request_create, review_template_ensure
    from khoagiao.tasks.choices import TaskPriority, TaskSourceKind
    from khoagiao.tasks.services import task_create

    today = today or timezone.localdate()
    milestone = ReviewMilestone.objects.select_for_update().select_related("directive").get(pk=milestone.pk)
    directive = milestone.directive
    plan = _review_plan(directive)
    if actor is not None:
        require(
            plan is not None and can_manage_owned(actor, plan.owner_unit),
            _("Chỉ Ban Tuyên giáo và Dân vận theo dõi văn bản này mới mở được đợt sơ kết, tổng kết."),
        )
    if milestone.opened_at is not None:
        raise ConflictError(
            _("%(title)s đã được mở lúc %(when)s; yêu cầu báo cáo và nhiệm vụ đã có, không tạo lại.")
            % {"title": milestone.title, "when": f"{timezone.localtime(milestone.opened_at):%H:%M %d/%m/%Y}"},
            code="already_opened",
        )
    if milestone.reviewed_on is not None:
        raise ValidationFailed(
            _("%(title)s đã được thực hiện.") % {"title": milestone.title}, code="already_done"
        )
    if plan is None:
        raise ValidationFailed(
            _(
                "%(directive)s chưa có kế hoạch triển khai của tỉnh, nên chưa biết đơn vị chủ trì và các đơn vị "
                "phải báo cáo. Hãy nhập kế hoạch triển khai trước."
            )
            % {"directive": directive.short_name},
            code="no_plan",
        )
    units = [plan.lead_unit, *plan.coordinating_units.all()]
    cutoff, deadline, conference = _request_dates(milestone, today)
    label = f"{milestone.get_kind_display()} {milestone.years} năm {directive.symbol}"
    period = adhoc_request_create(
        actor=actor,
        code=f"review-{directive.pk}-{milestone.kind}",
        name=f"Báo cáo {milestone.get_kind_display().lower()} {milestone.years} năm thực hiện {directive.short_name}",
        template=review_template_ensure(actor=actor),
        receiving_unit=plan.owner_unit,
        units=units,
        label=label,
        window_start=directive.issued_on,
        window_end=cutoff,
        deadline_day=deadline,
        note=f"{milestone.title}: {directive.title}",
    )
    source_label = f"{milestone.title} ({plan})"
    coordinating = list(plan.coordinating_units.all())
    kind_word = milestone.get_kind_display().lower()
    task_create(
        actor=actor,
        title=f"Xây dựng báo cáo {kind_word} {milestone.years} năm thực hiện {directive.short_name}",
        lead_unit=plan.lead_unit,
        coordinating_units=coordinating,
        due_date=deadline,
        description=f"Tổng hợp kết quả, hạn chế, bài học kinh nghiệm và kiến nghị theo mẫu «Báo cáo sơ kết, tổng "
        f"kết»; gửi {plan.owner_unit.display_name} trước ngày {deadline:%d/%m/%Y}.",
        source=milestone,
        source_kind=TaskSourceKind.REVIEW,
        source_label=source_label,
        assigning_unit=plan.owner_unit,
        assigned_on=today,
        priority=TaskPriority.HIGH,
    )
    task_create(
        actor=actor,
        title=f"Tổ chức hội nghị {kind_word} {milestone.years} năm thực hiện {directive.short_name}",
        lead_unit=plan.lead_unit,
        coordinating_units=coordinating,
        due_date=conference,
        description=f"Chuẩn bị và tổ chức hội nghị {kind_word}; đề xuất khen thưởng tập thể, cá nhân tiêu biểu.",
        source=milestone,
        source_kind=TaskSourceKind.REVIEW,
        source_label=source_label,
        assigning_unit=plan.owner_unit,
        assigned_on=today,
    )
    before = snapshot(milestone, MILESTONE_AUDIT_FIELDS)
    milestone.opened_at = timezone.now()
    milestone.request_period = period
    milestone.plan = plan
    milestone.save(update_fields=["opened_at", "request_period", "plan", "updated_at"])
    audit_record(
        actor=actor,
        action="directives.milestone_open",
        obj=milestone,
        before=before,
        after=snapshot(milestone, MILESTONE_AUDIT_FIELDS),
    )
    return milestone


@transaction.atomic
def milestone_mark_done(
    *, actor: Any, milestone: ReviewMilestone, reviewed_on: dt.date | None, note: str = ""
) -> ReviewMilestone:
    """Record that the review was held (the date of the conference or of the consolidated report)."""
    milestone = ReviewMilestone.objects.select_for_update().select_related("directive").get(pk=milestone.pk)
    plan = milestone.plan or _review_plan(milestone.directive)
    require(
        plan is not None and can_manage_owned(actor, plan.owner_unit),
        _("Chỉ Ban Tuyên giáo và Dân vận theo dõi văn bản này mới ghi nhận được việc sơ kết, tổng kết."),
    )
    if reviewed_on is None:
        raise ValidationFailed(_("Hãy nhập ngày sơ kết, tổng kết."), details={"field": "reviewed_on"})
    if reviewed_on < milestone.directive.issued_on or reviewed_on > timezone.localdate():
        raise ValidationFailed(
            _("Ngày sơ kết, tổng kết phải từ ngày ban hành văn bản (%(day)s) đến hôm nay.")
            % {"day": f"{milestone.directive.issued_on:%d/%m/%Y}"},
            details={"field": "reviewed_on"},
        )
    before = snapshot(milestone, MILESTONE_AUDIT_FIELDS)
    milestone.reviewed_on = reviewed_on
    milestone.review_note = (note or "").strip()[:500]
    milestone.save(update_fields=["reviewed_on", "review_note", "updated_at"])
    audit_record(
        actor=actor,
        action="directives.milestone_mark_done",
        obj=milestone,
        before=before,
        after=snapshot(milestone, MILESTONE_AUDIT_FIELDS),
    )
    return milestone


def milestones_open_due(*, today: dt.date | None = None) -> int:
    """The daily job: open every milestone of a document in force whose opening day has come and which is not
    yet due (a milestone found already late is left to the department, who opens it by hand). Idempotent."""
    today = today or timezone.localdate()
    due = ReviewMilestone.objects.filter(
        Q(opened_at__isnull=True)
        & Q(reviewed_on__isnull=True)
        & Q(opens_on__lte=today)
        & Q(due_on__gte=today),
        directive__plans__isnull=False,
        directive__validity=DirectiveValidity.IN_FORCE,
    ).distinct()
    opened = 0
    for milestone in due:
        try:
            milestone_open(actor=None, milestone=milestone, today=today)
        except ApplicationError:
            continue  # opened meanwhile by someone else, or refused: it stays visible in the upcoming list
        opened += 1
    return opened


__all__ = [
    "MilestoneKind",
    "milestone_mark_done",
    "milestone_open",
    "milestone_state",
    "milestones_open_due",
    "milestones_sync",
]
