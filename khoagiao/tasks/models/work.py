"""What the units send back on a task: progress reports, files (progress and evidence of completion) and
extension requests with the department's decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..choices import AttachmentPurpose, ExtensionStatus
from .tasks import Task


class TaskProgress(models.Model):
    """One progress report by the lead unit or a coordinating unit (text, percent, files)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress_updates")
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("Đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("Nội dung"))
    # The lead unit's percent moves the task's progress; a coordinating unit's percent is its own part.
    percent = models.PositiveSmallIntegerField(_("Tiến độ (%)"), null=True, blank=True)
    is_completion = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__lte=100), name="tasks_progress_percent_max_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.created_at:%d/%m/%Y}"


def task_attachment_path(instance: TaskAttachment, filename: str) -> str:
    return f"tasks/{instance.task_id}/{filename}"


class TaskAttachment(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="attachments")
    progress = models.ForeignKey(
        TaskProgress, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    purpose = models.CharField(
        max_length=10, choices=AttachmentPurpose.choices, default=AttachmentPurpose.PROGRESS
    )
    file = models.FileField(upload_to=task_attachment_path, max_length=300)
    name = models.CharField(_("Tên tệp"), max_length=200)
    size = models.PositiveBigIntegerField(_("Dung lượng"))
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class TaskExtension(models.Model):
    """A unit asks for a new due date; the department approves or refuses. One pending request per task."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extensions")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    current_due_date = models.DateField(_("Hạn khi xin gia hạn"))
    requested_due_date = models.DateField(_("Hạn đề nghị"))
    reason = models.TextField(_("Lý do"))
    status = models.CharField(
        _("Tình trạng"), max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("Ý kiến của Ban"), blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"],
                condition=Q(status=ExtensionStatus.PENDING),
                name="tasks_one_pending_extension",
            ),
            models.CheckConstraint(
                condition=Q(requested_due_date__gt=models.F("current_due_date")),
                name="tasks_extension_later_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.requested_due_date:%d/%m/%Y}"
