from django.db import models
from django.utils.translation import gettext_lazy as _


class BriefingKind(models.TextChoices):
    QUARTER = "quarter", _("Giao ban quý")
    HALF_YEAR = "half_year", _("Giao ban 6 tháng")
    NINE_MONTHS = "nine_months", _("Giao ban 9 tháng")
    YEAR = "year", _("Giao ban năm")
    THEMATIC = "thematic", _("Giao ban chuyên đề")


class BriefingStatus(models.TextChoices):
    PLANNED = "planned", _("Đang chuẩn bị")
    INVITED = "invited", _("Đã phát hành giấy mời")
    HELD = "held", _("Đã tổ chức")
    CONCLUDED = "concluded", _("Đã ban hành thông báo kết luận")
    CANCELLED = "cancelled", _("Đã hủy")


class AttendanceResponse(models.TextChoices):
    PENDING = "pending", _("Chưa xác nhận")
    CONFIRMED = "confirmed", _("Xác nhận dự")
    APOLOGISED = "apologised", _("Xin vắng")


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Chờ xem xét")
    ACCEPTED = "accepted", _("Đã đưa vào chương trình")
    DECLINED = "declined", _("Không đưa vào chương trình")


class OpinionKind(models.TextChoices):
    OPINION = "opinion", _("Ý kiến")
    PROPOSAL = "proposal", _("Đề xuất")
    PETITION = "petition", _("Kiến nghị")
