from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Base of the platform's models: when a row was made and changed, and by whom it was made."""

    created_at = models.DateTimeField(_("Tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Cập nhật lúc"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One write by one actor: what changed, from what, to what. Written by every service that writes."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    actor_name = models.CharField(_("Tên người thực hiện"), max_length=150, blank=True)
    action = models.CharField(_("Hành động"), max_length=80, db_index=True)
    object_type = models.ForeignKey(
        ContentType, verbose_name=_("Loại đối tượng"), null=True, blank=True, on_delete=models.SET_NULL
    )
    object_id = models.CharField(_("Mã đối tượng"), max_length=64, blank=True)
    object_repr = models.CharField(_("Đối tượng"), max_length=300, blank=True)
    before = models.JSONField(_("Trước"), null=True, blank=True)
    after = models.JSONField(_("Sau"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("Địa chỉ IP"), null=True, blank=True)
    created_at = models.DateTimeField(_("Thời điểm"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Nhật ký thao tác")
        verbose_name_plural = _("Nhật ký thao tác")
        indexes = [models.Index(fields=["object_type", "object_id"], name="core_audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.actor_name} {self.action} {self.object_repr}"


class CalendarDay(TimeStampedModel):
    """An administrator's correction of the working-day calendar: a holiday added, or a day made a working day."""

    date = models.DateField(_("Ngày"), unique=True)
    is_working_day = models.BooleanField(_("Là ngày làm việc"))
    note = models.CharField(_("Ghi chú"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("Ngày điều chỉnh lịch làm việc")
        verbose_name_plural = _("Ngày điều chỉnh lịch làm việc")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}"


class PeriodicJobRun(models.Model):
    """One slot of a periodic job that has been enqueued; the unique pair makes scheduling idempotent."""

    name = models.CharField(max_length=200)
    slot = models.CharField(max_length=40)
    enqueued_at = models.DateTimeField(auto_now_add=True)
    result_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-enqueued_at"]
        constraints = [models.UniqueConstraint(fields=["name", "slot"], name="core_periodic_job_slot_unique")]

    def __str__(self) -> str:
        return f"{self.name}@{self.slot}"


class Notification(models.Model):
    """An in-app notification. `dedupe_key` makes every reminder job idempotent: the same key is sent once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("Loại"), max_length=60)
    title = models.CharField(_("Tiêu đề"), max_length=300)
    body = models.TextField(_("Nội dung"), blank=True)
    url = models.CharField(_("Đường dẫn"), max_length=500, blank=True)
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(_("Thời điểm"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("Đã đọc lúc"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("Đã gửi e-mail lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Thông báo")
        verbose_name_plural = _("Thông báo")
        indexes = [models.Index(fields=["user", "read_at"], name="core_notification_unread_idx")]

    def __str__(self) -> str:
        return self.title
