"""Taking in a hot issue, correcting its text (kept as versions), links and attachments."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.core.audit import acting_user, audit_record, snapshot
from khoagiao.core.errors import ValidationFailed
from khoagiao.core.permissions import require
from khoagiao.core.uploads import OLE_TYPES, clean_upload_name, file_sha256, upload_check

from ..choices import EventKind, IssueSeverity, IssueSource, IssueStatus
from ..models import HotIssue, IssueAttachment, IssueLink, IssueMessage, IssueVersion
from ..models.issues import DESCRIPTION_MAX, TITLE_MAX
from ..permissions import can_edit_issue, can_report_for_unit, can_view_issue
from .common import ISSUE_AUDIT_FIELDS, clean_text_field, locked, record_event, refresh_deadlines

MAX_LINKS = 20
MAX_ATTACHMENTS = 20
_URL = URLValidator(schemes=["http", "https"])


def clean_links(links: Iterable[str] | str | None) -> list[str]:
    """Links one per line (or a list): each must be an http(s) address."""
    if isinstance(links, str):
        links = links.splitlines()
    cleaned: list[str] = []
    for raw in links or ():
        link = (raw or "").strip()
        if not link:
            continue
        if len(link) > 1000:
            raise ValidationFailed(
                _("Đường dẫn dài quá 1.000 ký tự: «%(link)s…».") % {"link": link[:60]},
                code="invalid_link",
                details={"field": "links"},
            )
        try:
            _URL(link)
        except ValidationError:
            raise ValidationFailed(
                _(
                    "«%(link)s» không phải là đường dẫn hợp lệ; hãy dán địa chỉ bắt đầu bằng http:// hoặc https://."
                )
                % {"link": link[:120]},
                code="invalid_link",
                details={"field": "links"},
            ) from None
        if link not in cleaned:
            cleaned.append(link)
    if len(cleaned) > MAX_LINKS:
        raise ValidationFailed(
            _("Mỗi vấn đề có tối đa %(max)d đường dẫn.") % {"max": MAX_LINKS},
            code="too_many_links",
            details={"field": "links"},
        )
    return cleaned


@transaction.atomic
def issue_report(
    *,
    actor: Any,
    title: str,
    reporting_unit: Any,
    area: Any = None,
    description: str = "",
    field: Any = None,
    source: str = IssueSource.OTHER,
    severity: str = IssueSeverity.NORMAL,
    first_seen_on: dt.date | None = None,
    links: Iterable[str] | str | None = (),
    files: Iterable[Any] = (),
    origin_submission: Any = None,
    origin_section: str = "",
    reported_at: dt.datetime | None = None,
) -> HotIssue:
    """Report an issue for `reporting_unit` (the area defaults to that unit). Few fields are required: the
    title and the unit; the department completes the rest at triage."""
    require(
        reporting_unit is not None and can_report_for_unit(actor, reporting_unit),
        _("Bạn chỉ báo cáo vấn đề thay cho đơn vị mình phụ trách."),
    )
    title = clean_text_field(title, field="title", label=_("tiêu đề"), max_length=TITLE_MAX, required=True)
    description = clean_text_field(
        description, field="description", label=_("nội dung"), max_length=DESCRIPTION_MAX, required=False
    )
    if source not in IssueSource.values:
        raise ValidationFailed(
            _("Nguồn thông tin không hợp lệ."), code="invalid_source", details={"field": "source"}
        )
    if severity not in IssueSeverity.values:
        raise ValidationFailed(
            _("Mức độ không hợp lệ."), code="invalid_severity", details={"field": "severity"}
        )
    today = timezone.localdate()
    first_seen_on = first_seen_on or today
    if first_seen_on > today:
        raise ValidationFailed(
            _("Ngày phát hiện %(day)s ở tương lai.") % {"day": f"{first_seen_on:%d/%m/%Y}"},
            code="future_date",
            details={"field": "first_seen_on"},
        )
    cleaned_links = clean_links(links)
    issue = HotIssue(
        title=title,
        description=description,
        field=field,
        area=area or reporting_unit,
        source=source,
        severity=severity,
        first_seen_on=first_seen_on,
        reporting_unit=reporting_unit,
        reported_by=acting_user(actor),
        reported_at=reported_at or timezone.now(),
        origin_submission=origin_submission,
        origin_section=origin_section[:60],
    )
    refresh_deadlines(issue)
    issue.save()
    issue.cluster_root = issue
    issue.save(update_fields=["cluster_root"])
    IssueVersion.objects.create(
        issue=issue,
        number=1,
        title=title,
        description=description,
        edited_by=acting_user(actor),
        edited_at=issue.reported_at,
        note=_("Nội dung gốc"),
    )
    IssueLink.objects.bulk_create([IssueLink(issue=issue, url=link) for link in cleaned_links])
    for file in files:
        attachment_add(actor=actor, issue=issue, file=file, check_permission=False)
    record_event(issue, actor=actor, kind=EventKind.REPORTED)
    audit_record(
        actor=actor,
        action="opinion.issue_report",
        obj=issue,
        after={**snapshot(issue, ISSUE_AUDIT_FIELDS), "links": cleaned_links},
    )
    return issue


@transaction.atomic
def issue_edit(
    *,
    actor: Any,
    issue: HotIssue,
    title: str,
    description: str,
    links: Iterable[str] | str | None = None,
    note: str = "",
) -> HotIssue:
    """Correct the text. The original and every earlier text stay as versions; only a change makes one."""
    issue = locked(issue)
    require(can_edit_issue(actor, issue), _("Bạn không thể sửa nội dung vấn đề này."))
    title = clean_text_field(title, field="title", label=_("tiêu đề"), max_length=TITLE_MAX, required=True)
    description = clean_text_field(
        description, field="description", label=_("nội dung"), max_length=DESCRIPTION_MAX, required=False
    )
    cleaned_links = clean_links(links) if links is not None else None
    changed_text = title != issue.title or description != issue.description
    if changed_text:
        before = {"title": issue.title, "description": issue.description, "version": issue.version}
        issue.version += 1
        issue.title, issue.description = title, description
        issue.save(update_fields=["title", "description", "version", "search_text", "updated_at"])
        IssueVersion.objects.create(
            issue=issue,
            number=issue.version,
            title=title,
            description=description,
            edited_by=acting_user(actor),
            note=note[:300],
        )
        record_event(
            issue,
            actor=actor,
            kind=EventKind.EDITED,
            from_status=issue.status,
            note=note,
            data={"version": issue.version},
        )
        audit_record(
            actor=actor,
            action="opinion.issue_edit",
            obj=issue,
            before=before,
            after={"title": title, "description": description, "version": issue.version},
        )
    if cleaned_links is not None:
        existing = list(issue.links.values_list("url", flat=True))
        if existing != cleaned_links:
            issue.links.all().delete()
            IssueLink.objects.bulk_create([IssueLink(issue=issue, url=link) for link in cleaned_links])
            audit_record(
                actor=actor,
                action="opinion.issue_links",
                obj=issue,
                before={"links": existing},
                after={"links": cleaned_links},
            )
    return issue


def attachment_add(
    *,
    actor: Any,
    issue: HotIssue,
    file: Any,
    message: IssueMessage | None = None,
    check_permission: bool = True,
) -> IssueAttachment:
    """Attach a file (checked by its content) to the issue or to one message of its thread."""
    if check_permission:
        require(can_view_issue(actor, issue), _("Bạn không thể đính kèm tệp vào vấn đề này."))
    name = clean_upload_name(getattr(file, "name", ""))
    if issue.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationFailed(
            _("Mỗi vấn đề có tối đa %(max)d tệp đính kèm.") % {"max": MAX_ATTACHMENTS},
            code="too_many_files",
            details={"field": "files"},
        )
    size = int(getattr(file, "size", 0) or 0)
    stream: IO[bytes] = file.file if hasattr(file, "file") and file.file is not None else file
    kind = upload_check(name=name, size=size, stream=stream)
    attachment = IssueAttachment(
        issue=issue,
        message=message,
        name=name,
        size=size,
        content_type=OLE_TYPES.get(os.path.splitext(name)[1].lower(), kind.content_type),
        sha256=file_sha256(stream),
        uploaded_by=acting_user(actor),
    )
    stream.seek(0)
    attachment.file.save(name, File(stream, name=name), save=False)
    attachment.save()
    audit_record(
        actor=actor,
        action="opinion.attachment_add",
        obj=issue,
        after={"attachment": attachment.pk, "name": name, "size": size, "sha256": attachment.sha256},
    )
    return attachment


def status_is_final(issue: HotIssue) -> bool:
    return issue.status in (IssueStatus.CLOSED, IssueStatus.REJECTED)
