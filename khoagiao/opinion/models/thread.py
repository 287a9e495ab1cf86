"""The thread of an issue: messages between the department and the units, attachments, and the event log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import EventKind, MessageKind
from .issues import HotIssue


def attachment_path(instance: IssueAttachment, filename: str) -> str:
    return f"opinion/{instance.issue_id}/{timezone.now():%Y%m%d%H%M%S}-{filename}"


class IssueMessage(models.Model):
    issue = models.ForeignKey(HotIssue, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("Loại"), max_length=30, choices=MessageKind.choices)
    body = models.TextField(_("Nội dung"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_unit = models.ForeignKey(
        "orgs.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    addressed_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("Gửi đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    audiences = models.JSONField(_("Đối tượng nhận"), default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["issue", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.issue_id}"


class IssueAttachment(models.Model):
    issue = models.ForeignKey(HotIssue, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        IssueMessage, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path, max_length=300)
    name = models.CharField(_("Tên tệp"), max_length=200)
    size = models.PositiveBigIntegerField(_("Dung lượng"))
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["issue", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class IssueEvent(models.Model):
    """Every change of an issue's state, with who and when (the audit trail has the full before/after)."""

    issue = models.ForeignKey(HotIssue, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["issue", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.issue_id} {self.kind}"

    @property
    def to_status_label(self) -> str:
        from ..choices import IssueStatus

        return str(IssueStatus(self.to_status).label) if self.to_status in IssueStatus.values else ""
