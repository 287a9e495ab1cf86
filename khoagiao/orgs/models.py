"""Units as a dated tree, their mergers, and the fields (lĩnh vực) of Khoa giáo work.

Kinds and levels are data, not code: the 2025 reorganisation removed the district level and renamed boards, and
other provinces' trees differ. A unit keeps a materialised path of ancestor ids ("/1/5/12/") so that a subtree is
one indexed prefix query on either database.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khoagiao.core.models import TimeStampedModel
from khoagiao.core.text import SearchableMixin


class UnitKind(models.Model):
    code = models.SlugField(_("Mã"), max_length=40, unique=True)
    name = models.CharField(_("Tên loại"), max_length=120)
    sort_order = models.PositiveSmallIntegerField(_("Thứ tự"), default=100)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("Loại đơn vị")
        verbose_name_plural = _("Loại đơn vị")

    def __str__(self) -> str:
        return self.name


class UnitLevel(models.Model):
    code = models.SlugField(_("Mã"), max_length=40, unique=True)
    name = models.CharField(_("Tên cấp"), max_length=120)
    rank = models.PositiveSmallIntegerField(_("Bậc"), help_text=_("1 là cấp cao nhất."))

    class Meta:
        ordering = ["rank", "code"]
        verbose_name = _("Cấp đơn vị")
        verbose_name_plural = _("Cấp đơn vị")

    def __str__(self) -> str:
        return self.name


class Field(SearchableMixin, models.Model):
    """A domain of Khoa giáo work (lĩnh vực), e.g. giáo dục và đào tạo, y tế, dân số."""

    search_fields = ("code", "name")

    code = models.SlugField(_("Mã"), max_length=40, unique=True)
    name = models.CharField(_("Tên lĩnh vực"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(_("Thứ tự"), default=100)
    is_active = models.BooleanField(_("Đang dùng"), default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("Lĩnh vực")
        verbose_name_plural = _("Lĩnh vực")

    def __str__(self) -> str:
        return self.name


class Unit(SearchableMixin, TimeStampedModel):
    search_fields = ("name", "short_name", "document_symbol", "code")

    parent = models.ForeignKey(
        "self",
        verbose_name=_("Đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    code = models.SlugField(_("Mã đơn vị"), max_length=60, unique=True)
    name = models.CharField(_("Tên đơn vị"), max_length=255)
    short_name = models.CharField(_("Tên viết tắt"), max_length=120, blank=True)
    document_symbol = models.CharField(
        _("Ký hiệu văn bản"),
        max_length=40,
        blank=True,
        help_text=_("Ví dụ: BTGDVTU trong «Số 12-BC/BTGDVTU»."),
    )
    kind = models.ForeignKey(UnitKind, verbose_name=_("Loại đơn vị"), on_delete=models.PROTECT)
    level = models.ForeignKey(UnitLevel, verbose_name=_("Cấp"), on_delete=models.PROTECT)
    fields = models.ManyToManyField(
        Field, verbose_name=_("Lĩnh vực phụ trách"), blank=True, related_name="units"
    )
    valid_from = models.DateField(_("Hiệu lực từ ngày"))
    valid_to = models.DateField(_("Hiệu lực đến ngày"), null=True, blank=True)
    email = models.EmailField(_("E-mail liên hệ"), blank=True)
    phone = models.CharField(_("Điện thoại"), max_length=40, blank=True)
    closing_note = models.CharField(_("Lý do đóng"), max_length=300, blank=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("Đơn vị")
        verbose_name_plural = _("Đơn vị")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="orgs_unit_valid_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def is_open_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)

    @property
    def is_open(self) -> bool:
        from django.utils import timezone

        return self.is_open_on(timezone.localdate())

    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to this unit itself."""
        return [int(part) for part in self.path.strip("/").split("/") if part]

    def ancestor_paths(self) -> list[str]:
        """The paths of the root, …, the parent and the unit itself."""
        ids = self.ancestor_ids()
        return ["/" + "/".join(str(i) for i in ids[: n + 1]) + "/" for n in range(len(ids))]


class UnitSuccession(TimeStampedModel):
    """One predecessor → one successor on a date. A merger of three units is three rows with one successor."""

    predecessor = models.ForeignKey(
        Unit, verbose_name=_("Đơn vị trước"), on_delete=models.PROTECT, related_name="successor_links"
    )
    successor = models.ForeignKey(
        Unit, verbose_name=_("Đơn vị kế thừa"), on_delete=models.PROTECT, related_name="predecessor_links"
    )
    date = models.DateField(_("Ngày hợp nhất"))
    note = models.CharField(_("Căn cứ, ghi chú"), max_length=300, blank=True)

    class Meta:
        ordering = ["-date", "id"]
        verbose_name = _("Hợp nhất đơn vị")
        verbose_name_plural = _("Hợp nhất đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="orgs_succession_unique"),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")), name="orgs_succession_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.date:%d/%m/%Y})"
