from django.db import models
from django.utils.translation import gettext_lazy as _


class DirectiveKind(models.TextChoices):
    RESOLUTION = "nghi_quyet", _("Nghị quyết")
    DIRECTIVE = "chi_thi", _("Chỉ thị")
    CONCLUSION = "ket_luan", _("Kết luận")
    REGULATION = "quy_dinh", _("Quy định")
    DECISION = "quyet_dinh", _("Quyết định")
    GUIDANCE = "huong_dan", _("Hướng dẫn")
    PROGRAMME = "chuong_trinh", _("Chương trình")
    PLAN = "ke_hoach", _("Kế hoạch")
    RULES = "quy_che", _("Quy chế")
    NOTICE = "thong_bao", _("Thông báo")
    OTHER = "khac", _("Văn bản khác")


class DirectiveIssuer(models.TextChoices):
    CENTRAL_COMMITTEE = "bch_tw", _("Ban Chấp hành Trung ương")
    POLITBURO = "bo_chinh_tri", _("Bộ Chính trị")
    SECRETARIAT = "ban_bi_thu", _("Ban Bí thư")
    NATIONAL_ASSEMBLY = "quoc_hoi", _("Quốc hội")
    GOVERNMENT = "chinh_phu", _("Chính phủ")
    PRIME_MINISTER = "thu_tuong", _("Thủ tướng Chính phủ")
    CENTRAL_BOARD = "ban_tgtw", _("Ban Tuyên giáo và Dân vận Trung ương")
    PROVINCIAL_COMMITTEE = "tinh_uy", _("Tỉnh ủy")
    PROVINCIAL_STANDING = "btv_tinh_uy", _("Ban Thường vụ Tỉnh ủy")
    PROVINCIAL_PEOPLES_COUNCIL = "hdnd_tinh", _("Hội đồng nhân dân tỉnh")
    PROVINCIAL_PEOPLES_COMMITTEE = "ubnd_tinh", _("Ủy ban nhân dân tỉnh")
    PROVINCIAL_BOARD = "ban_tgdv_tinh", _("Ban Tuyên giáo và Dân vận Tỉnh ủy")
    OTHER = "khac", _("Cơ quan khác")


class DirectiveValidity(models.TextChoices):
    IN_FORCE = "in_force", _("Còn hiệu lực")
    REPLACED = "replaced", _("Đã được thay thế, tiếp nối")
    EXPIRED = "expired", _("Hết hiệu lực")


class MilestoneKind(models.TextChoices):
    INTERIM = "interim", _("Sơ kết")
    FINAL = "final", _("Tổng kết")


class MilestoneState(models.TextChoices):
    """Computed, never stored: what a milestone looks like today."""

    DONE = "done", _("Đã sơ kết, tổng kết")
    OPEN = "open", _("Đang chuẩn bị (đã mở yêu cầu báo cáo)")
    DUE_TO_OPEN = "due_to_open", _("Đến lúc mở, chưa mở")
    UPCOMING = "upcoming", _("Sắp tới")
    OVERDUE = "overdue", _("Quá hạn, chưa sơ kết, tổng kết")


class PlanKind(models.TextChoices):
    PLAN = "ke_hoach", _("Kế hoạch")
    ACTION_PROGRAMME = "chuong_trinh_hanh_dong", _("Chương trình hành động")
    GUIDANCE = "huong_dan", _("Hướng dẫn")


class AgreementKind(models.TextChoices):
    RULES = "quy_che", _("Quy chế phối hợp")
    PROGRAMME = "chuong_trinh", _("Chương trình phối hợp")
    PLAN = "ke_hoach", _("Kế hoạch phối hợp")


class ItemFrequency(models.TextChoices):
    YEAR = "year", _("Hằng năm")
    HALF_YEAR = "half_year", _("6 tháng một lần")
    QUARTER = "quarter", _("Hằng quý")
