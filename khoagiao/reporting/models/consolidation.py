"""The consolidated report (báo cáo tổng hợp) of an issuing unit for one period of a duty, and its versions.

A report has at most one draft version at a time. The draft holds what the specialist edits: the options (count
submitted-not-accepted reports too, who signs, recipients, the summary line) and the narrative per section, each
paragraph with its source (unit, submission, revision) until edited. Issuing a version freezes its figures and
narrative, numbers it in the register (`OutgoingDocument`, kind BC) and stores the DOCX; an issued version never
changes. A correction is a new version; the old one stays with its number.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khoagiao.core.models import TimeStampedModel

from .duties import Period
from .register import OutgoingDocument


class ConsolidationStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    ISSUED = "issued", _("Đã ban hành")


class SignerRole(models.TextChoices):
    HEAD = "head", _("Trưởng ban ký")
    DEPUTY = "deputy", _("Phó Trưởng ban ký thay (K/T)")


class ConsolidatedReport(TimeStampedModel):
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="consolidated_reports")
    issuing_unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("Đơn vị ban hành"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-period__window_end", "-id"]
        verbose_name = _("Báo cáo tổng hợp")
        verbose_name_plural = _("Báo cáo tổng hợp")
        constraints = [
            models.UniqueConstraint(fields=["period", "issuing_unit"], name="reporting_consolidation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.issuing_unit} — {self.period.label}"


class ConsolidatedVersion(TimeStampedModel):
    report = models.ForeignKey(ConsolidatedReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("Phiên bản"))
    status = models.CharField(
        _("Trạng thái"), max_length=10, choices=ConsolidationStatus.choices, default=ConsolidationStatus.DRAFT
    )
    summary = models.CharField(_("Trích yếu"), max_length=300)
    include_submitted = models.BooleanField(_("Tính cả báo cáo đã gửi, chưa tiếp nhận"), default=False)
    signer_role = models.CharField(
        _("Người ký"), max_length=10, choices=SignerRole.choices, default=SignerRole.HEAD
    )
    signer_name = models.CharField(_("Họ tên người ký"), max_length=150, blank=True)
    recipients = models.TextField(_("Nơi nhận (mỗi dòng một nơi)"), blank=True)
    # [{"code", "heading", "paragraphs": [{"key", "text", "unit_id", "unit_name", "submission_id", "revision",
    #   "source_text", "edited", "new_source_text", "orphaned"}]}]
    sections = models.JSONField(default=list, blank=True)
    changes = models.JSONField(default=list, blank=True)  # the last rebuild's change list
    figures = models.JSONField(default=dict, blank=True)  # frozen when issued
    built_at = models.DateTimeField(_("Tổng hợp lúc"), null=True, blank=True)
    issued_at = models.DateTimeField(_("Ban hành lúc"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    document = models.OneToOneField(
        OutgoingDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="consolidated_version"
    )
    # A draft's DOCX built by the background job (large reports), with its state for the progress display.
    preview_file = models.FileField(upload_to="consolidation/%Y/", blank=True)
    preview_state = models.CharField(max_length=12, blank=True)  # "", "queued", "running", "done", "failed"
    preview_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["report", "-number"]
        verbose_name = _("Phiên bản báo cáo tổng hợp")
        verbose_name_plural = _("Phiên bản báo cáo tổng hợp")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"], name="reporting_consolidation_version_unique"
            ),
            models.UniqueConstraint(
                fields=["report"], condition=Q(status="draft"), name="reporting_consolidation_one_draft"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} — phiên bản {self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == ConsolidationStatus.DRAFT

    @property
    def symbol(self) -> str:
        """The number as printed ("Số 12-BC/BTGDVTU") once issued; empty for a draft."""
        return self.document.symbol if self.document_id and self.document else ""

    @property
    def recipient_list(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]
