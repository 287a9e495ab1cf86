"""Hot issues (vấn đề nóng, dư luận xã hội), their text versions and links."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khoagiao.core.models import TimeStampedModel
from khoagiao.core.text import SearchableMixin

from ..choices import IssueSeverity, IssueSource, IssueStatus, LeadershipBody

TITLE_MAX = 300
DESCRIPTION_MAX = 20_000


class HotIssue(SearchableMixin, TimeStampedModel):
    """One report of an issue. `title` and `description` hold the current text; every text, the original
    first, is kept in `IssueVersion`. `merged_into` links a duplicate to the issue it was merged into;
    `cluster_root` is the top of that chain (itself when not merged) so a cluster is one indexed query."""

    search_fields = ("title", "description")

    title = models.CharField(_("Tiêu đề"), max_length=TITLE_MAX)
    description = models.TextField(_("Nội dung"), blank=True)
    field = models.ForeignKey(
        "orgs.Field",
        verbose_name=_("Lĩnh vực"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    area = models.ForeignKey(
        "orgs.Unit", verbose_name=_("Địa bàn phát sinh"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(
        _("Nguồn"), max_length=20, choices=IssueSource.choices, default=IssueSource.OTHER
    )
    first_seen_on = models.DateField(_("Phát hiện ngày"), default=timezone.localdate)
    reporting_unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("Đơn vị báo cáo"), on_delete=models.PROTECT, related_name="+"
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(_("Báo cáo lúc"), default=timezone.now, db_index=True)
    status = models.CharField(
        _("Trạng thái"),
        max_length=20,
        choices=IssueStatus.choices,
        default=IssueStatus.REPORTED,
        db_index=True,
    )
    severity = models.CharField(
        _("Mức độ"), max_length=20, choices=IssueSeverity.choices, default=IssueSeverity.NORMAL
    )
    responsible_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("Đơn vị xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("Xác minh lúc"), null=True, blank=True)
    routed_at = models.DateTimeField(_("Chuyển xử lý lúc"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("Trả lời đầu tiên lúc"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("Giải quyết lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("Đóng lúc"), null=True, blank=True)
    rejected_reason = models.TextField(_("Lý do không xử lý"), blank=True)
    resolution_note = models.TextField(_("Kết quả giải quyết"), blank=True)
    ack_due_at = models.DateTimeField(_("Hạn tiếp nhận"), null=True, blank=True)
    response_due_at = models.DateTimeField(_("Hạn trả lời"), null=True, blank=True)
    resolution_due_at = models.DateTimeField(_("Hạn giải quyết"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("Số lần mở lại"), default=0)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("Gộp vào"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
    )
    cluster_root = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="cluster_members"
    )
    escalated_at = models.DateTimeField(_("Báo cáo lãnh đạo lúc"), null=True, blank=True)
    escalated_to = models.CharField(
        _("Báo cáo lên"), max_length=20, choices=LeadershipBody.choices, blank=True
    )
    escalation_summary = models.TextField(_("Tóm tắt"), blank=True)
    escalation_recommendation = models.TextField(_("Đề xuất, kiến nghị"), blank=True)
    origin_submission = models.ForeignKey(
        "reporting.Submission", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    origin_section = models.CharField(max_length=60, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-reported_at", "-id"]
        verbose_name = _("Vấn đề nóng")
        verbose_name_plural = _("Vấn đề nóng")
        indexes = [
            models.Index(fields=["status", "reported_at"], name="opinion_issue_status_idx"),
            models.Index(fields=["area", "reported_at"], name="opinion_issue_area_idx"),
            models.Index(fields=["field", "reported_at"], name="opinion_issue_field_idx"),
            models.Index(fields=["responsible_unit", "status"], name="opinion_issue_resp_idx"),
            models.Index(fields=["reporting_unit", "reported_at"], name="opinion_issue_rep_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    @property
    def is_open(self) -> bool:
        from ..choices import OPEN_STATUSES

        return self.status in OPEN_STATUSES

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None


class IssueVersion(models.Model):
    """A text of the issue as entered (number 1, the original) or as edited later. Never changed."""

    issue = models.ForeignKey(HotIssue, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=TITLE_MAX)
    description = models.TextField(blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["issue", "number"]
        constraints = [models.UniqueConstraint(fields=["issue", "number"], name="opinion_version_unique")]

    def __str__(self) -> str:
        return f"{self.issue_id} v{self.number}"


class IssueLink(models.Model):
    issue = models.ForeignKey(HotIssue, on_delete=models.CASCADE, related_name="links")
    url = models.URLField(_("Đường dẫn"), max_length=1000)

    class Meta:
        ordering = ["issue", "id"]

    def __str__(self) -> str:
        return self.url
