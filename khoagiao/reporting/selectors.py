"""Reads of the reporting app, scoped to the user.

Units' reports (this first part): who sees which report mirrors `permissions.can_view_submission` exactly, in
one query: a unit's focal point and leader see every report of their unit (drafts included); the department and
the readers over a unit see its reports once they have been sent. Nobody sees another unit's draft.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.errors import NotFoundError
from khoagiao.core.text import fold_vi

from .choices import SubmissionAction, SubmissionStatus
from .models import (
    Indicator,
    Period,
    ReportingDuty,
    Submission,
    SubmissionAttachment,
    SubmissionEvent,
    SubmissionRevision,
    TemplateSection,
    ValueChange,
)
from .permissions import DEPARTMENT, READERS, UNIT_EDITORS
from .selectors_board import submission_timeliness
from .validation import ParsedValue, format_number

SENT = Q(first_submitted_at__isnull=False) | Q(
    status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED]
)


def _unit_ids_with_roles(user: Any, roles: Iterable[str]) -> set[int]:
    """Units in the subtrees of the user's active memberships with `roles` (not their predecessors: the same
    reach as `user_roles_over`, on which the permission rules are built)."""
    from khoagiao.accounts.selectors import membership_units_for_user
    from khoagiao.orgs.selectors import unit_ids_in_subtrees

    units = membership_units_for_user(user, roles=roles)
    return unit_ids_in_subtrees(units, include_predecessors=False) if units else set()


def submission_visible_q(user: Any) -> Q | None:
    """The condition on Submission rows the user may read; None means every row (a superuser)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser:
        return None
    editors = _unit_ids_with_roles(user, UNIT_EDITORS)
    readers = _unit_ids_with_roles(user, DEPARTMENT | READERS)
    return Q(unit_id__in=editors) | (Q(unit_id__in=readers) & SENT)


def _visible(user: Any) -> QuerySet[Submission]:
    condition = submission_visible_q(user)
    queryset = Submission.objects.all()
    return queryset if condition is None else queryset.filter(condition)


# Reports waiting for the department's review come first, then those waiting for the unit.
_REVIEW_ORDER = Case(
    When(status=SubmissionStatus.SUBMITTED, then=Value(0)),
    When(status=SubmissionStatus.RETURNED, then=Value(1)),
    When(status=SubmissionStatus.AWAITING_APPROVAL, then=Value(2)),
    When(status__in=[SubmissionStatus.DRAFT, SubmissionStatus.NOT_STARTED], then=Value(3)),
    default=Value(4),
    output_field=IntegerField(),
)
_UNIT_ORDER = Case(
    When(status=SubmissionStatus.RETURNED, then=Value(0)),
    When(status__in=[SubmissionStatus.DRAFT, SubmissionStatus.NOT_STARTED], then=Value(1)),
    When(status=SubmissionStatus.AWAITING_APPROVAL, then=Value(2)),
    When(status=SubmissionStatus.SUBMITTED, then=Value(3)),
    default=Value(4),
    output_field=IntegerField(),
)


def submission_list(
    *,
    user: Any,
    duty_id: int | None = None,
    period_id: int | None = None,
    status: str | None = None,
    query: str | None = None,
    today: dt.date | None = None,
) -> QuerySet[Submission]:
    """The reports the user may read, of periods already open (or of the chosen period), most urgent first:
    for the department the reports awaiting review, for a unit the ones it still has to act on."""
    queryset = _visible(user).select_related("unit", "period", "period__duty")
    if duty_id is not None:
        queryset = queryset.filter(period__duty_id=duty_id)
    if period_id is not None:
        queryset = queryset.filter(period_id=period_id)
    else:
        queryset = queryset.filter(period__window_start__lte=today or timezone.localdate())
    if status:
        queryset = queryset.filter(status=status)
    for word in fold_vi(query).split():
        queryset = queryset.filter(unit__search_text__contains=word)
    reviews = submission_user_reviews(user)
    order = _REVIEW_ORDER if reviews else _UNIT_ORDER
    return queryset.annotate(urgency=order).order_by("urgency", "-period__deadline", "unit__path", "pk")


def submission_user_reviews(user: Any) -> bool:
    """Whether the user reviews reports (department roles anywhere): their list puts reviews first."""
    from khoagiao.core.permissions import user_has_any_role

    return bool(getattr(user, "is_superuser", False)) or user_has_any_role(user, DEPARTMENT)


def submission_get(*, user: Any, pk: int) -> Submission:
    """One report the user may read, with its period, duty, template version and unit."""
    submission = (
        _visible(user)
        .select_related(
            "unit", "period", "period__duty", "period__template_version", "last_edited_by", "accepted_by"
        )
        .filter(pk=pk)
        .first()
    )
    if submission is None:
        raise NotFoundError(_("Không tìm thấy báo cáo, hoặc bạn không có quyền xem báo cáo này."))
    return submission


def submission_get_for_review(*, user: Any, pk: int) -> Submission:
    """A report as the department manages it, sent or not (to grant a late submission to a unit that never
    sent): only its header is shown this way, never a draft's content. Permission is checked by the caller."""
    submission = Submission.objects.select_related("unit", "period", "period__duty").filter(pk=pk).first()
    if submission is None:
        raise NotFoundError(_("Không tìm thấy báo cáo."))
    return submission


def submission_duty_choices(*, user: Any) -> QuerySet[ReportingDuty]:
    """Duties of which the user can read at least one report."""
    return ReportingDuty.objects.filter(periods__submissions__in=_visible(user)).distinct().order_by("name")


def submission_period_choices(*, user: Any, duty_id: int | None = None) -> QuerySet[Period]:
    periods = Period.objects.filter(submissions__in=_visible(user)).select_related("duty")
    if duty_id is not None:
        periods = periods.filter(duty_id=duty_id)
    return periods.distinct().order_by("-window_end", "duty__name")


# --- One report's page ---------------------------------------------------------------------------------------


@dataclass
class FigureGroup:
    """The indicators of one field (lĩnh vực), in template order."""

    name: str
    indicators: list[Indicator] = field(default_factory=list)


def submission_sections(submission: Submission) -> list[TemplateSection]:
    return list(submission.period.template_version.sections.select_related("field").order_by("order"))


def submission_indicators(submission: Submission) -> list[Indicator]:
    return list(submission.period.template_version.indicators.select_related("field").order_by("order"))


def indicator_groups(indicators: list[Indicator]) -> list[FigureGroup]:
    """Group indicators by field in the order the template first uses each field; those without a field
    ("chung") first."""
    groups: dict[int | None, FigureGroup] = {}
    for indicator in indicators:
        key = indicator.field_id
        if key not in groups:
            groups[key] = FigureGroup(indicator.field.name if indicator.field else _("Chỉ tiêu chung"))
        groups[key].indicators.append(indicator)
    ordered = sorted(groups.items(), key=lambda item: item[0] is not None)
    return [group for _key, group in ordered]


def submission_current_values(submission: Submission) -> dict[str, str]:
    """The draft's figures as they are typed back into the form ("1.234,5", "Có", a choice)."""
    return {
        value.indicator.code: ParsedValue(
            number=value.number, text=value.text, boolean=value.boolean
        ).display()
        for value in submission.values.select_related("indicator")
    }


def submission_events(submission: Submission) -> QuerySet[SubmissionEvent]:
    return submission.events.select_related("actor", "revision").order_by("-created_at", "-id")


def submission_last_return(submission: Submission) -> SubmissionEvent | None:
    """The comment the unit must act on: the department's return or reopening, or its leader's refusal,
    while the report is back with the unit."""
    if submission.status not in {SubmissionStatus.RETURNED, SubmissionStatus.DRAFT}:
        return None
    last = submission_events(submission).exclude(action=SubmissionAction.UNLOCK).first()
    if last is None or last.action not in {SubmissionAction.RETURN, SubmissionAction.REOPEN}:
        return None
    return last


def submission_revisions(submission: Submission) -> QuerySet[SubmissionRevision]:
    return submission.revisions.select_related("submitted_by").order_by("-number")


def submission_revision_get(*, submission: Submission, number: int) -> SubmissionRevision:
    revision = submission.revisions.select_related("submitted_by").filter(number=number).first()
    if revision is None:
        raise NotFoundError(_("Không có lần gửi số %(number)d của báo cáo này.") % {"number": number})
    return revision


def revision_value_display(indicator: Indicator | None, raw: Any) -> str:
    """A frozen figure (JSON: a number as text, a boolean, a text) as people read it."""
    if raw is None or raw == "":
        return ""
    if isinstance(raw, bool):
        return _("Có") if raw else _("Không")
    if indicator is not None and indicator.value_type in {"integer", "decimal", "percent"}:
        try:
            return format_number(Decimal(str(raw)))
        except ArithmeticError:
            return str(raw)
    return str(raw)


def submission_attachments(submission: Submission, *, include_removed: bool = False) -> list[Any]:
    attachments = submission.attachments.select_related("uploaded_by")
    if not include_removed:
        attachments = attachments.filter(removed_at__isnull=True)
    return list(attachments)


def revision_attachments(revision: SubmissionRevision) -> list[dict[str, Any]]:
    """The files a revision was sent with, each with its stored attachment (for the download link)."""
    stored = {a.file.name: a for a in revision.submission.attachments.all()}
    return [{**item, "attachment": stored.get(item.get("file", ""))} for item in revision.attachments]


def attachment_get(*, user: Any, pk: int) -> SubmissionAttachment:
    """A file of a report the user may read (removed files too: a revision may name them)."""
    attachment = (
        SubmissionAttachment.objects.select_related("submission", "submission__unit", "submission__period")
        .filter(submission__in=_visible(user), pk=pk)
        .first()
    )
    if attachment is None:
        raise NotFoundError(_("Không tìm thấy tệp đính kèm, hoặc bạn không có quyền tải tệp này."))
    return attachment


def value_change_list(submission: Submission, *, code: str | None = None) -> QuerySet[ValueChange]:
    changes = submission.value_changes.select_related("indicator", "changed_by")
    if code:
        changes = changes.filter(indicator__code=code)
    return changes.order_by("-changed_at", "-id")


def value_change_counts(submission: Submission) -> dict[str, int]:
    """How many times each figure changed (for the "lịch sử" link next to it)."""
    counts: dict[str, int] = {}
    for code in submission.value_changes.values_list("indicator__code", flat=True):
        counts[code] = counts.get(code, 0) + 1
    return counts


def submission_deadline_info(submission: Submission, now: dt.datetime | None = None) -> dict[str, Any]:
    """Days left before the deadline (negative: days late), the timeliness, and the lock state."""
    now = now or timezone.now()
    deadline_day = timezone.localtime(submission.period.deadline).date()
    today = timezone.localtime(now).date()
    lock_at = submission.period.lock_at
    unlocked = submission.unlocked_until is not None and now <= submission.unlocked_until
    return {
        "days_left": (deadline_day - today).days,
        "timeliness": submission_timeliness(submission, now),
        "lock_at": lock_at,
        "is_locked": lock_at is not None and now > lock_at and not unlocked,
        "unlocked_until": submission.unlocked_until if unlocked else None,
    }
