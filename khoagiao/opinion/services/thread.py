"""The two-way thread of an issue: the responsible unit's answers, the department's orientation and requests
for explanation, and notes, each with attachments."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.audit import acting_user, audit_record
from khoagiao.core.errors import ValidationFailed
from khoagiao.core.permissions import require

from ..choices import EventKind, IssueStatus, MessageKind, OrientationAudience
from ..models import HotIssue, IssueMessage
from ..permissions import can_respond_issue, can_triage_issue, can_view_issue, is_responsible_unit_member
from .common import clean_text_field, locked, record_event
from .intake import attachment_add

MESSAGE_MAX = 20_000


@transaction.atomic
def message_post(
    *,
    actor: Any,
    issue: HotIssue,
    kind: str,
    body: str,
    audiences: Iterable[str] = (),
    addressed_unit: Any = None,
    files: Iterable[Any] = (),
) -> IssueMessage:
    """Post to the issue's thread. A response comes from the responsible unit only (the first one stops the
    first-response clock); orientation and requests for explanation come from the department."""
    issue = locked(issue)
    if kind not in MessageKind.values:
        raise ValidationFailed(
            _("Loại trao đổi không hợp lệ."), code="invalid_kind", details={"field": "kind"}
        )
    body = clean_text_field(
        body, field="body", label=_("nội dung trao đổi"), max_length=MESSAGE_MAX, required=True
    )
    author_unit = None
    audience_list: list[str] = []
    if kind == MessageKind.RESPONSE:
        if not is_responsible_unit_member(actor, issue) or issue.routed_at is None:
            require(
                False,
                _(
                    "Đơn vị của bạn không được giao xử lý vấn đề này nên không thể trả lời; chỉ đơn vị %(unit)s trả lời."
                )
                % {"unit": issue.responsible_unit.name if issue.responsible_unit else _("được Ban chỉ định")},
            )
        if not can_respond_issue(actor, issue):
            raise ValidationFailed(
                _("Vấn đề đang ở trạng thái «%(status)s», không nhận thêm trả lời.")
                % {"status": issue.get_status_display()},
                code="invalid_state",
            )
        author_unit = issue.responsible_unit
    elif kind in (MessageKind.ORIENTATION, MessageKind.EXPLANATION_REQUEST):
        require(
            can_triage_issue(actor, issue), _("Chỉ Ban mới định hướng thông tin hoặc yêu cầu giải trình.")
        )
        if kind == MessageKind.ORIENTATION:
            audience_list = [a for a in OrientationAudience.values if a in set(audiences)]
            if not audience_list:
                raise ValidationFailed(
                    _(
                        "Hãy chọn ít nhất một đối tượng nhận định hướng (đơn vị, báo cáo viên, cơ quan báo chí)."
                    ),
                    code="audience_required",
                    details={"field": "audiences"},
                )
        else:
            addressed_unit = addressed_unit or issue.responsible_unit
            if addressed_unit is None:
                raise ValidationFailed(
                    _("Hãy chọn đơn vị phải giải trình."),
                    code="unit_required",
                    details={"field": "addressed_unit"},
                )
    else:
        require(can_view_issue(actor, issue), _("Bạn không thể trao đổi về vấn đề này."))
    message = IssueMessage.objects.create(
        issue=issue,
        kind=kind,
        body=body,
        author=acting_user(actor),
        author_unit=author_unit,
        addressed_unit=addressed_unit if kind == MessageKind.EXPLANATION_REQUEST else None,
        audiences=audience_list,
    )
    for file in files:
        attachment_add(actor=actor, issue=issue, file=file, message=message, check_permission=False)
    from_status = issue.status
    if kind == MessageKind.RESPONSE:
        changed = []
        if issue.first_response_at is None:
            issue.first_response_at = message.created_at
            changed.append("first_response_at")
        if issue.status == IssueStatus.ROUTED:
            issue.status = IssueStatus.RESPONDED
            changed.append("status")
        if changed:
            issue.save(update_fields=[*changed, "updated_at"])
    record_event(
        issue,
        actor=actor,
        kind=EventKind.MESSAGE,
        from_status=from_status,
        note=body[:300],
        data={"message": message.pk, "message_kind": kind},
    )
    audit_record(
        actor=actor,
        action=f"opinion.message_{kind}",
        obj=issue,
        after={
            "message": message.pk,
            "kind": kind,
            "audiences": audience_list,
            "at": timezone.localtime(message.created_at),
        },
    )
    return message
