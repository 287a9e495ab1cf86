"""The registry of Party and State documents, the province's implementation plans, review milestones and
coordination agreements (quy chế, chương trình, kế hoạch phối hợp)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khoagiao.core.models import TimeStampedModel
from khoagiao.core.text import SearchableMixin

from .choices import (
    AgreementKind,
    DirectiveIssuer,
    DirectiveKind,
    DirectiveValidity,
    ItemFrequency,
    MilestoneKind,
    PlanKind,
)


class Directive(SearchableMixin, TimeStampedModel):
    """A Party or State document. Identified by symbol, date and issuer together: two different 20-NQ/TW exist."""

    search_fields = ("kind_label", "symbol", "number_text", "issuer_label", "issuer_detail", "title")

    kind = models.CharField(_("Loại văn bản"), max_length=20, choices=DirectiveKind.choices)
    number = models.PositiveIntegerField(_("Số"), null=True, blank=True)
    symbol = models.CharField(_("Số, ký hiệu"), max_length=60, help_text=_("Ví dụ: 20-CT/TW, 38/NQ-CP."))
    issued_on = models.DateField(_("Ngày ban hành"))
    issuer = models.CharField(_("Cơ quan ban hành"), max_length=30, choices=DirectiveIssuer.choices)
    issuer_detail = models.CharField(
        _("Ghi rõ cơ quan, khóa"), max_length=200, blank=True, help_text=_("Ví dụ: Hội nghị TW 6 khóa XI.")
    )
    title = models.TextField(_("Trích yếu"))
    fields = models.ManyToManyField("orgs.Field", verbose_name=_("Lĩnh vực"), blank=True, related_name="+")
    validity = models.CharField(
        _("Hiệu lực"), max_length=20, choices=DirectiveValidity.choices, default=DirectiveValidity.IN_FORCE
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("Được thay thế, tiếp nối bởi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
    )
    interim_review_years = models.PositiveSmallIntegerField(_("Sơ kết sau (năm)"), null=True, blank=True)
    final_review_years = models.PositiveSmallIntegerField(_("Tổng kết sau (năm)"), null=True, blank=True)
    source_note = models.CharField(_("Nguồn, độ tin cậy"), max_length=200, blank=True)

    class Meta:
        ordering = ["-issued_on", "symbol"]
        verbose_name = _("Văn bản chỉ đạo")
        verbose_name_plural = _("Văn bản chỉ đạo")
        constraints = [
            models.UniqueConstraint(fields=["symbol", "issued_on", "issuer"], name="directives_identity"),
            models.CheckConstraint(
                condition=~Q(successor=models.F("pk")), name="directives_not_own_successor"
            ),
        ]
        indexes = [models.Index(fields=["issued_on"], name="directives_issued_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} số {self.symbol} ngày {self.issued_on:%d/%m/%Y}"

    @property
    def kind_label(self) -> str:
        return str(self.get_kind_display())

    @property
    def issuer_label(self) -> str:
        return str(self.get_issuer_display())

    @property
    def number_text(self) -> str:
        """ "29" for 29-NQ/TW and also "số 29" style queries of an unpadded number ("08-NQ/TW" → "8")."""
        return str(self.number) if self.number is not None else ""

    @property
    def short_name(self) -> str:
        return f"{self.get_kind_display()} {self.symbol}"


def attachment_path(instance: DirectiveAttachment, filename: str) -> str:
    return f"directives/{instance.directive_id}/{filename}"


class DirectiveAttachment(models.Model):
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    name = models.CharField(_("Tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("Dung lượng"))
    content_type = models.CharField(max_length=120)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class ImplementationPlan(SearchableMixin, TimeStampedModel):
    """The province's own document implementing a central one (kế hoạch, chương trình hành động)."""

    search_fields = ("symbol", "title")

    directive = models.ForeignKey(
        Directive, verbose_name=_("Văn bản được triển khai"), on_delete=models.PROTECT, related_name="plans"
    )
    kind = models.CharField(_("Loại"), max_length=30, choices=PlanKind.choices, default=PlanKind.PLAN)
    symbol = models.CharField(_("Số, ký hiệu"), max_length=60)
    issued_on = models.DateField(_("Ngày ban hành"))
    issuer = models.CharField(
        _("Cơ quan ban hành"),
        max_length=30,
        choices=DirectiveIssuer.choices,
        default=DirectiveIssuer.PROVINCIAL_STANDING,
    )
    title = models.TextField(_("Trích yếu"))
    owner_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("Cơ quan theo dõi (nhận báo cáo)"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Thường là Ban Tuyên giáo và Dân vận Tỉnh ủy: nhận báo cáo sơ kết, tổng kết."),
    )
    lead_unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("Đơn vị chủ trì"), on_delete=models.PROTECT, related_name="+"
    )
    coordinating_units = models.ManyToManyField(
        "orgs.Unit", verbose_name=_("Đơn vị phối hợp"), blank=True, related_name="+"
    )

    class Meta:
        ordering = ["directive", "issued_on", "id"]
        verbose_name = _("Kế hoạch triển khai")
        verbose_name_plural = _("Kế hoạch triển khai")
        constraints = [
            models.UniqueConstraint(
                fields=["directive", "symbol", "issued_on"], name="directives_plan_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} số {self.symbol}"


class PlanItem(TimeStampedModel):
    """One line of a plan's task list; it becomes one task in the task engine."""

    plan = models.ForeignKey(ImplementationPlan, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("Thứ tự"), default=1)
    title = models.CharField(_("Nhiệm vụ"), max_length=500)
    description = models.TextField(_("Nội dung"), blank=True)
    lead_unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("Đơn vị chủ trì"), on_delete=models.PROTECT, related_name="+"
    )
    coordinating_units = models.ManyToManyField(
        "orgs.Unit", verbose_name=_("Đơn vị phối hợp"), blank=True, related_name="+"
    )
    due_on = models.DateField(_("Hạn hoàn thành"))
    task = models.OneToOneField(
        "tasks.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name = _("Nhiệm vụ của kế hoạch")
        verbose_name_plural = _("Nhiệm vụ của kế hoạch")

    def __str__(self) -> str:
        return self.title


class ReviewMilestone(TimeStampedModel):
    """A review (sơ kết, tổng kết) falling due a number of years after the document's date."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("Loại"), max_length=10, choices=MilestoneKind.choices)
    years = models.PositiveSmallIntegerField(_("Số năm"))
    due_on = models.DateField(_("Đến hạn ngày"))
    opens_on = models.DateField(_("Mở chuẩn bị từ ngày"))
    opened_at = models.DateTimeField(_("Đã mở lúc"), null=True, blank=True)
    request_period = models.ForeignKey(
        "reporting.Period",
        verbose_name=_("Yêu cầu báo cáo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    plan = models.ForeignKey(
        ImplementationPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_on = models.DateField(_("Đã sơ kết, tổng kết ngày"), null=True, blank=True)
    review_note = models.CharField(_("Ghi chú"), max_length=500, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("Mốc sơ kết, tổng kết")
        verbose_name_plural = _("Mốc sơ kết, tổng kết")
        constraints = [
            models.UniqueConstraint(fields=["directive", "kind"], name="directives_milestone_unique")
        ]
        indexes = [models.Index(fields=["due_on"], name="directives_milestone_due_idx")]

    def __str__(self) -> str:
        return f"{self.title}"

    @property
    def title(self) -> str:
        return f"{self.get_kind_display()} {self.years} năm thực hiện {self.directive.short_name}"


class Agreement(SearchableMixin, TimeStampedModel):
    """A signed coordination agreement between the department and other units, over a span of years."""

    search_fields = ("symbol", "title")

    kind = models.CharField(
        _("Loại"), max_length=20, choices=AgreementKind.choices, default=AgreementKind.RULES
    )
    title = models.CharField(_("Tên"), max_length=500)
    symbol = models.CharField(_("Số, ký hiệu"), max_length=60, blank=True)
    signed_on = models.DateField(_("Ngày ký"))
    start_year = models.PositiveSmallIntegerField(_("Từ năm"))
    end_year = models.PositiveSmallIntegerField(_("Đến năm"))
    document = models.ForeignKey(
        Directive,
        verbose_name=_("Văn bản đã ký (trong sổ văn bản)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreements",
    )
    owner_unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("Cơ quan theo dõi"), on_delete=models.PROTECT, related_name="+"
    )
    parties = models.ManyToManyField("orgs.Unit", verbose_name=_("Các bên"), related_name="+")

    class Meta:
        ordering = ["-start_year", "title"]
        verbose_name = _("Quy chế, chương trình phối hợp")
        verbose_name_plural = _("Quy chế, chương trình phối hợp")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="directives_agreement_years"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start_year}–{self.end_year})"


class AgreementItem(TimeStampedModel):
    """A content item of an agreement: recurring work of one party (with the others), every year or period."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("Thứ tự"), default=1)
    title = models.CharField(_("Nội dung phối hợp"), max_length=500)
    frequency = models.CharField(
        _("Tần suất"), max_length=20, choices=ItemFrequency.choices, default=ItemFrequency.YEAR
    )
    lead_unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("Bên chủ trì"), on_delete=models.PROTECT, related_name="+"
    )
    coordinating_units = models.ManyToManyField(
        "orgs.Unit", verbose_name=_("Bên phối hợp"), blank=True, related_name="+"
    )

    class Meta:
        ordering = ["agreement", "order", "id"]
        verbose_name = _("Nội dung phối hợp")
        verbose_name_plural = _("Nội dung phối hợp")

    def __str__(self) -> str:
        return self.title


class AgreementItemTask(models.Model):
    """The task made for one item in one slot (year, half or quarter): unique, so generating twice adds nothing."""

    item = models.ForeignKey(AgreementItem, on_delete=models.CASCADE, related_name="slot_tasks")
    year = models.PositiveSmallIntegerField()
    slot = models.PositiveSmallIntegerField(default=1)
    task = models.OneToOneField("tasks.Task", on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["year", "slot"]
        constraints = [
            models.UniqueConstraint(fields=["item", "year", "slot"], name="directives_item_slot_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.year}/{self.slot}"
