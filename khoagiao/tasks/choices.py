from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Đã giao")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    REPORTED_DONE = "reported_done", _("Báo cáo hoàn thành")
    DONE = "done", _("Đã hoàn thành")
    CANCELLED = "cancelled", _("Đã hủy")


OPEN_STATUSES = (TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS, TaskStatus.REPORTED_DONE)


class TaskSourceKind(models.TextChoices):
    CONCLUSION = "conclusion", _("Kết luận giao ban")
    DIRECTIVE = "directive", _("Văn bản chỉ đạo")
    REVIEW = "review", _("Sơ kết, tổng kết văn bản")
    AGREEMENT = "agreement", _("Quy chế, chương trình phối hợp")
    INSPECTION = "inspection", _("Kiến nghị sau kiểm tra, khảo sát")
    HOT_ISSUE = "hot_issue", _("Vấn đề nóng, dư luận xã hội")
    GUIDANCE = "guidance", _("Hướng dẫn công tác năm")
    NONE = "none", _("Khác")


class TaskPriority(models.TextChoices):
    NORMAL = "normal", _("Bình thường")
    HIGH = "high", _("Quan trọng")
    URGENT = "urgent", _("Khẩn")


class TaskBucket(models.TextChoices):
    """The Government Office's four buckets (Văn phòng Chính phủ, hệ thống theo dõi nhiệm vụ)."""

    DONE_ON_TIME = "done_on_time", _("Hoàn thành đúng hạn")
    DONE_LATE = "done_late", _("Hoàn thành quá hạn")
    OPEN_WITHIN_TERM = "open_within_term", _("Đang thực hiện trong hạn")
    OPEN_OVERDUE = "open_overdue", _("Chưa hoàn thành, quá hạn")


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Chờ Ban quyết định")
    APPROVED = "approved", _("Đồng ý gia hạn")
    REFUSED = "refused", _("Không đồng ý")


class AttachmentPurpose(models.TextChoices):
    PROGRESS = "progress", _("Kèm báo cáo tiến độ")
    EVIDENCE = "evidence", _("Minh chứng hoàn thành")


class RecurrenceFrequency(models.TextChoices):
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")
    YEARLY = "yearly", _("Hằng năm")
