"""Choices of the public-opinion app (Vietnamese labels)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IssueSource(models.TextChoices):
    PRESS = "press", _("Báo chí")
    SOCIAL = "social", _("Mạng xã hội")
    HOTLINE = "hotline", _("Đường dây nóng")
    PETITION = "petition", _("Đơn thư")
    CITIZEN_MEETING = "citizen_meeting", _("Tiếp xúc cử tri, đối thoại")
    UNIT_REPORT = "unit_report", _("Báo cáo của đơn vị")
    OTHER = "other", _("Khác")


class IssueSeverity(models.TextChoices):
    NORMAL = "normal", _("Bình thường")
    HOT = "hot", _("Nóng")
    CRITICAL = "critical", _("Đặc biệt nghiêm trọng")


class IssueStatus(models.TextChoices):
    REPORTED = "reported", _("Chờ Ban xem xét")
    VERIFIED = "verified", _("Đã xác minh")
    ROUTED = "routed", _("Đã chuyển đơn vị xử lý")
    RESPONDED = "responded", _("Đơn vị đã trả lời")
    RESOLVED = "resolved", _("Đã giải quyết, chờ xác nhận")
    CLOSED = "closed", _("Đã đóng")
    REJECTED = "rejected", _("Không xử lý")


OPEN_STATUSES = (IssueStatus.REPORTED, IssueStatus.VERIFIED, IssueStatus.ROUTED, IssueStatus.RESPONDED)
WITH_UNIT_STATUSES = (IssueStatus.ROUTED, IssueStatus.RESPONDED)


class MessageKind(models.TextChoices):
    RESPONSE = "response", _("Trả lời của đơn vị")
    ORIENTATION = "orientation", _("Định hướng thông tin")
    EXPLANATION_REQUEST = "explanation_request", _("Yêu cầu giải trình")
    NOTE = "note", _("Ghi chú")


class OrientationAudience(models.TextChoices):
    UNITS = "units", _("Các đơn vị")
    REPORTERS = "reporters", _("Báo cáo viên")
    PRESS_OFFICE = "press_office", _("Cơ quan báo chí, người phát ngôn")


class EventKind(models.TextChoices):
    REPORTED = "reported", _("Tiếp nhận")
    EDITED = "edited", _("Sửa nội dung")
    VERIFIED = "verified", _("Xác minh, phân loại")
    ROUTED = "routed", _("Chuyển đơn vị xử lý")
    REJECTED = "rejected", _("Không xử lý")
    MESSAGE = "message", _("Trao đổi")
    RESOLVED = "resolved", _("Giải quyết")
    CONFIRMED = "confirmed", _("Đơn vị báo cáo xác nhận")
    REOPENED = "reopened", _("Mở lại")
    MERGED = "merged", _("Gộp")
    UNMERGED = "unmerged", _("Tách")
    ESCALATED = "escalated", _("Báo cáo lãnh đạo")
    TASK_CREATED = "task_created", _("Giao nhiệm vụ")


class LeadershipBody(models.TextChoices):
    STANDING = "standing", _("Thường trực Tỉnh ủy")
    STANDING_BOARD = "standing_board", _("Ban Thường vụ Tỉnh ủy")


class DigestKind(models.TextChoices):
    WEEKLY = "weekly", _("Hằng tuần")
    MONTHLY = "monthly", _("Hằng tháng")
