from django.db import models
from django.utils.translation import gettext_lazy as _


class TemplateVersionStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    PUBLISHED = "published", _("Đang áp dụng")
    RETIRED = "retired", _("Đã thay thế")


class IndicatorValueType(models.TextChoices):
    INTEGER = "integer", _("Số nguyên")
    DECIMAL = "decimal", _("Số thập phân")
    PERCENT = "percent", _("Tỷ lệ %")
    BOOLEAN = "boolean", _("Có/Không")
    CHOICE = "choice", _("Lựa chọn")
    TEXT = "text", _("Văn bản ngắn")


NUMERIC_TYPES = frozenset(
    {IndicatorValueType.INTEGER, IndicatorValueType.DECIMAL, IndicatorValueType.PERCENT}
)


class IndicatorAggregation(models.TextChoices):
    SUM = "sum", _("Cộng")
    AVERAGE = "average", _("Trung bình")
    MIN = "min", _("Nhỏ nhất")
    MAX = "max", _("Lớn nhất")
    LATEST = "latest", _("Số mới nhất")
    NONE = "none", _("Không tổng hợp")


class RuleOperator(models.TextChoices):
    LE = "le", "≤"
    LT = "lt", "<"
    GE = "ge", "≥"
    GT = "gt", ">"
    EQ = "eq", "="
    NE = "ne", "≠"
    BOTH_OR_NEITHER = "both_or_neither", _("cả hai hoặc không có")


class DutyFrequency(models.TextChoices):
    MONTH = "month", _("Hằng tháng")
    QUARTER = "quarter", _("Hằng quý")
    HALF_YEAR = "half_year", _("6 tháng đầu năm")
    NINE_MONTHS = "nine_months", _("9 tháng")
    YEAR = "year", _("Hằng năm")
    AD_HOC = "ad_hoc", _("Đột xuất")


class WindowRule(models.TextChoices):
    DECREE_09 = "decree_09", _("Theo Nghị định 09/2019/NĐ-CP (từ ngày 15 đến ngày 14)")
    CALENDAR = "calendar", _("Theo tháng dương lịch")


class DeadlineRule(models.TextChoices):
    WORKING_DAYS_AFTER = "working_days_after", _("Số ngày làm việc sau ngày chốt số liệu")
    FIXED_DAY = "fixed_day", _("Ngày cố định của tháng sau ngày chốt số liệu")


class SubmissionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa bắt đầu")
    DRAFT = "draft", _("Đang soạn")
    AWAITING_APPROVAL = "awaiting_approval", _("Chờ lãnh đạo đơn vị duyệt")
    SUBMITTED = "submitted", _("Đã gửi")
    RETURNED = "returned", _("Bị trả lại")
    ACCEPTED = "accepted", _("Đã tiếp nhận")


class Timeliness(models.TextChoices):
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Chậm")
    MISSING = "missing", _("Chưa nộp")
    PENDING = "pending", _("Chưa đến hạn")
    NOT_EXPECTED = "not_expected", _("Không phải báo cáo")


class SubmissionAction(models.TextChoices):
    SAVE = "save", _("Lưu nháp")
    APPROVE = "approve", _("Lãnh đạo đơn vị duyệt")
    SUBMIT = "submit", _("Gửi báo cáo")
    RETURN = "return", _("Trả lại")
    ACCEPT = "accept", _("Tiếp nhận")
    REOPEN = "reopen", _("Mở lại")
    UNLOCK = "unlock", _("Cho phép nộp sau khóa")


class OutgoingDocumentKind(models.TextChoices):
    """Kinds of outgoing documents with their abbreviations (Quy định 66-QĐ/TW, HD 36 Phụ lục 2)."""

    BC = "BC", _("Báo cáo")
    TB = "TB", _("Thông báo")
    GM = "GM", _("Giấy mời")
    KH = "KH", _("Kế hoạch")
    HD = "HD", _("Hướng dẫn")
    CTR = "CTr", _("Chương trình")
    QD = "QĐ", _("Quyết định")
    TTR = "TTr", _("Tờ trình")
    CV = "CV", _("Công văn")


class OutgoingDocumentStatus(models.TextChoices):
    ISSUED = "issued", _("Đã ban hành")
    CANCELLED = "cancelled", _("Đã hủy số")
