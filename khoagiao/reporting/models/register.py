"""The register of outgoing documents (sổ văn bản đi): one row per number given, per issuing unit, kind and year.

Numbers are taken from `DocumentCounter` under a row lock, in the same transaction that stores the document, so
there are no gaps (a failed issue rolls the number back) and no duplicates (two people issuing at once wait for
each other; the unique constraint is the last guard). A cancelled number stays in the register with its reason.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khoagiao.core.documents import DocumentFormat
from khoagiao.core.models import TimeStampedModel
from khoagiao.core.text import SearchableMixin

from ..choices import OutgoingDocumentKind, OutgoingDocumentStatus


class DocumentCounter(models.Model):
    issuing_unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=OutgoingDocumentKind.choices)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_unit", "kind", "year"], name="reporting_doc_counter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}/{self.year}: {self.last_number}"


class OutgoingDocument(SearchableMixin, TimeStampedModel):
    search_fields = ("symbol", "title")

    issuing_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("Đơn vị ban hành"),
        on_delete=models.PROTECT,
        related_name="outgoing_documents",
    )
    kind = models.CharField(_("Loại văn bản"), max_length=10, choices=OutgoingDocumentKind.choices)
    year = models.PositiveSmallIntegerField(_("Năm"))
    number = models.PositiveIntegerField(_("Số"))
    symbol = models.CharField(_("Số, ký hiệu"), max_length=80)  # "Số 12-BC/BTGDVTU" as printed
    document_format = models.CharField(
        _("Thể thức"), max_length=10, choices=DocumentFormat.choices, default=DocumentFormat.PARTY
    )
    title = models.CharField(_("Trích yếu"), max_length=500)
    issued_on = models.DateField(_("Ngày ban hành"))
    signer_name = models.CharField(_("Người ký"), max_length=150, blank=True)
    recipients = models.TextField(_("Nơi nhận"), blank=True)
    status = models.CharField(
        _("Tình trạng"),
        max_length=12,
        choices=OutgoingDocumentStatus.choices,
        default=OutgoingDocumentStatus.ISSUED,
    )
    cancel_reason = models.CharField(_("Lý do hủy số"), max_length=500, blank=True)
    cancelled_at = models.DateTimeField(_("Hủy lúc"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The object the document was issued for (a consolidated report version, a briefing's invitation…).
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source_role = models.CharField(
        _("Vai trò"), max_length=40, blank=True, help_text=_("Phân biệt các văn bản của cùng một đối tượng.")
    )
    # The DOCX exactly as issued; it is never regenerated.
    file = models.FileField(_("Tệp DOCX"), upload_to="register/%Y/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    pdf_file = models.FileField(_("Tệp PDF"), upload_to="register/%Y/", blank=True)

    class Meta:
        ordering = ["-year", "issuing_unit_id", "kind", "-number"]
        verbose_name = _("Văn bản đi")
        verbose_name_plural = _("Sổ văn bản đi")
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_unit", "kind", "year", "number"], name="reporting_outgoing_number_unique"
            ),
            # A source is numbered once per role while its number stands (a cancelled one may be re-issued).
            models.UniqueConstraint(
                fields=["source_type", "source_id", "source_role"],
                condition=Q(status="issued") & Q(source_id__isnull=False),
                name="reporting_outgoing_source_once",
            ),
        ]
        indexes = [models.Index(fields=["source_type", "source_id"], name="reporting_outgoing_source_idx")]

    def __str__(self) -> str:
        return self.symbol
