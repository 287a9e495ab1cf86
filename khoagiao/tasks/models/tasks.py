"""The task engine's records. One `Task` per piece of work, whatever its source (a briefing's conclusion, a
directive's plan, a review milestone, an escalated hot issue...). The source is a generic link plus a kind and
a label, so every app can hand work to the engine without the engine knowing the app."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khoagiao.core.models import TimeStampedModel
from khoagiao.core.text import SearchableMixin

from ..choices import TaskPriority, TaskSourceKind, TaskStatus


class Task(SearchableMixin, TimeStampedModel):
    search_fields = ("title", "description", "source_label")

    title = models.CharField(_("Nhiệm vụ"), max_length=500)
    description = models.TextField(_("Nội dung, yêu cầu"), blank=True)
    source_kind = models.CharField(
        _("Nguồn"), max_length=20, choices=TaskSourceKind.choices, default=TaskSourceKind.NONE
    )
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source_label = models.CharField(_("Căn cứ"), max_length=300, blank=True)
    lead_unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("Đơn vị chủ trì"), on_delete=models.PROTECT, related_name="led_tasks"
    )
    coordinating_units = models.ManyToManyField(
        "orgs.Unit", verbose_name=_("Đơn vị phối hợp"), blank=True, related_name="coordinated_tasks"
    )
    assigning_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("Đơn vị giao"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_tasks",
    )
    assigner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người giao"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_on = models.DateField(_("Ngày giao"))
    due_date = models.DateField(_("Hạn hoàn thành"))
    original_due_date = models.DateField(_("Hạn ban đầu"))
    # The due date moved to the next working day when it falls on a day off (Decree 09/2019 rule for deadlines);
    # the four buckets compare with it. Kept by the services whenever `due_date` changes.
    effective_due_date = models.DateField(_("Hạn tính theo ngày làm việc"), db_index=True)
    priority = models.CharField(
        _("Mức độ"), max_length=10, choices=TaskPriority.choices, default=TaskPriority.NORMAL
    )
    field = models.ForeignKey(
        "orgs.Field",
        verbose_name=_("Lĩnh vực"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("Tình trạng"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.ASSIGNED, db_index=True
    )
    progress_percent = models.PositiveSmallIntegerField(_("Tiến độ (%)"), default=0)
    # The day the lead unit reported the work done: the four buckets compare it with the due date.
    completed_on = models.DateField(_("Ngày báo cáo hoàn thành"), null=True, blank=True)
    verified_at = models.DateTimeField(_("Xác nhận lúc"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancel_reason = models.CharField(_("Lý do hủy"), max_length=500, blank=True)
    # Set on the tasks a recurrence generated: one task per recurrence and due date (the job is idempotent).
    recurrence = models.ForeignKey(
        "tasks.TaskRecurrence",
        verbose_name=_("Lặp lại theo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    # Optimistic lock: every write increments it; a write made on an older version is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("Nhiệm vụ")
        verbose_name_plural = _("Nhiệm vụ")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__gte=models.F("assigned_on")), name="tasks_due_after_assign"
            ),
            models.CheckConstraint(condition=Q(progress_percent__lte=100), name="tasks_progress_max_100"),
            models.UniqueConstraint(
                fields=["recurrence", "original_due_date"],
                condition=Q(recurrence__isnull=False),
                name="tasks_one_occurrence_per_due_date",
            ),
        ]
        indexes = [
            models.Index(fields=["lead_unit", "status", "due_date"], name="tasks_lead_status_due_idx"),
            models.Index(fields=["source_type", "source_id"], name="tasks_source_idx"),
            models.Index(fields=["status", "due_date"], name="tasks_status_due_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class TaskEventKind(models.TextChoices):
    CREATED = "created", _("Giao nhiệm vụ")
    STARTED = "started", _("Bắt đầu thực hiện")
    PROGRESS = "progress", _("Cập nhật tiến độ")
    REPORTED_DONE = "reported_done", _("Báo cáo hoàn thành")
    VERIFIED = "verified", _("Xác nhận hoàn thành")
    SENT_BACK = "sent_back", _("Trả lại, yêu cầu thực hiện tiếp")
    CANCELLED = "cancelled", _("Hủy nhiệm vụ")
    EDITED = "edited", _("Sửa nhiệm vụ")
    EXTENSION_REQUESTED = "extension_requested", _("Xin gia hạn")
    EXTENSION_APPROVED = "extension_approved", _("Đồng ý gia hạn")
    EXTENSION_REFUSED = "extension_refused", _("Không đồng ý gia hạn")


class TaskEvent(models.Model):
    """The task's history: every change of state, progress report, extension decision, with who and when."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.created_at:%d/%m/%Y %H:%M}"

    @property
    def kind_label(self) -> str:
        try:
            return str(TaskEventKind(self.kind).label)
        except ValueError:
            return self.kind
