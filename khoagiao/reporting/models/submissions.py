"""A unit's report for a period (Submission), its immutable revisions, figures, attachments and history.

The Submission row is also the *expected report*: one is generated for every unit that must report in a period,
in status "not started". Timeliness comes from `first_submitted_at`, the time of the first submit event.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from khoagiao.core.models import TimeStampedModel

from ..choices import SubmissionAction, SubmissionStatus
from .duties import Period
from .templates import Indicator


class Submission(TimeStampedModel):
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="submissions")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="submissions")
    status = models.CharField(
        _("Trạng thái"), max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.NOT_STARTED
    )
    version = models.PositiveIntegerField(
        default=0,
        help_text="Optimistic lock: every save increments it; a save with an older version is refused.",
    )
    narrative = models.JSONField(_("Nội dung theo mục"), default=dict, blank=True)
    first_submitted_at = models.DateTimeField(_("Gửi lần đầu lúc"), null=True, blank=True)
    last_submitted_at = models.DateTimeField(_("Gửi gần nhất lúc"), null=True, blank=True)
    revision_count = models.PositiveIntegerField(_("Số lần gửi"), default=0)
    approved_at = models.DateTimeField(_("Lãnh đạo đơn vị duyệt lúc"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(_("Tiếp nhận lúc"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    returned_at = models.DateTimeField(_("Trả lại lúc"), null=True, blank=True)
    last_edited_at = models.DateTimeField(_("Sửa gần nhất lúc"), null=True, blank=True)
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unlocked_until = models.DateTimeField(
        _("Được nộp sau khóa đến"), null=True, blank=True, help_text=_("Ngoại lệ do Ban cho phép.")
    )

    class Meta:
        ordering = ["period", "unit__path"]
        verbose_name = _("Báo cáo của đơn vị")
        verbose_name_plural = _("Báo cáo của đơn vị")
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="reporting_submission_unique")]
        indexes = [models.Index(fields=["unit", "status"], name="reporting_submission_unit_idx")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.period.label}"


class SubmissionValue(models.Model):
    """The current value of one indicator in a submission (the draft's figures)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    number = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    text = models.CharField(max_length=500, blank=True)
    boolean = models.BooleanField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "indicator"], name="reporting_value_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}={self.display}"

    @property
    def display(self) -> str:
        if self.boolean is not None:
            return "Có" if self.boolean else "Không"
        if self.number is not None:
            return format(self.number.normalize(), "f")
        return self.text


class ValueChange(models.Model):
    """Value-level history: who changed which figure from what to what, and when."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="value_changes")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    old_value = models.CharField(max_length=500, blank=True)
    new_value = models.CharField(max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.old_value} → {self.new_value}"


def attachment_path(instance: SubmissionAttachment, filename: str) -> str:
    return f"reporting/{instance.submission.period_id}/{instance.submission.unit_id}/{instance.sha256[:16]}-{filename}"


class SubmissionAttachment(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    name = models.CharField(_("Tên tệp"), max_length=200)
    size = models.PositiveBigIntegerField(_("Dung lượng"))
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(
        null=True, blank=True, help_text="Removed from the draft; kept for revisions."
    )

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class SubmissionRevision(models.Model):
    """What was submitted, frozen: narrative, figures, attachments' hashes, who and when. Never updated."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    narrative = models.JSONField(default=dict)
    values = models.JSONField(default=dict)
    attachments = models.JSONField(default=list)

    class Meta:
        ordering = ["submission", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "number"], name="reporting_revision_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.submission} — lần gửi {self.number}"


class SubmissionEvent(models.Model):
    """The review trail shown to people: submitted, approved, returned with a comment, accepted, reopened."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=SubmissionAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(blank=True)
    revision = models.ForeignKey(SubmissionRevision, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.submission}"
