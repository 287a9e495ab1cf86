from django.db import models
from django.utils.translation import gettext_lazy as _


class MembershipRole(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    DEPT_LEADER = "dept_leader", _("Lãnh đạo Ban")
    DEPT_SPECIALIST = "dept_specialist", _("Chuyên viên Ban")
    UNIT_LEADER = "unit_leader", _("Lãnh đạo đơn vị")
    FOCAL_POINT = "focal_point", _("Đầu mối đơn vị")
    REPORTER = "reporter", _("Báo cáo viên")
    VIEWER = "viewer", _("Lãnh đạo Tỉnh ủy (chỉ xem)")


DEPARTMENT_ROLES = frozenset({MembershipRole.DEPT_LEADER, MembershipRole.DEPT_SPECIALIST})
UNIT_ROLES = frozenset({MembershipRole.UNIT_LEADER, MembershipRole.FOCAL_POINT})
