"""Test helpers: a small named cast and tree, built through the real services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from khoagiao.accounts.choices import MembershipRole
from khoagiao.accounts.models import Membership, User
from khoagiao.orgs.models import Field, Unit, UnitKind, UnitLevel

TEST_PASSWORD = "Mat-khau-thu-nghiem-2026"
DEFAULT_KINDS = {
    "party_committee": ("Cấp ủy đảng", 10),
    "leadership": ("Thường trực, Ban Thường vụ", 15),
    "party_board": ("Ban đảng", 20),
    "division": ("Phòng chuyên môn", 30),
    "agency": ("Sở, ngành", 40),
    "association": ("Hội, đoàn thể", 50),
}
DEFAULT_LEVELS = {"province": ("Cấp tỉnh", 1), "district": ("Cấp huyện", 2), "commune": ("Cấp xã", 3)}


def kinds_and_levels() -> tuple[dict[str, UnitKind], dict[str, UnitLevel]]:
    kinds = {
        code: UnitKind.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})[0]
        for code, (name, order) in DEFAULT_KINDS.items()
    }
    levels = {
        code: UnitLevel.objects.get_or_create(code=code, defaults={"name": name, "rank": rank})[0]
        for code, (name, rank) in DEFAULT_LEVELS.items()
    }
    return kinds, levels


def root_user() -> User:
    """A superuser who builds fixtures through the services (never used to test permissions)."""
    user, created = User.objects.get_or_create(
        username="test-root", defaults={"full_name": "Gốc thử nghiệm", "is_superuser": True, "is_staff": True}
    )
    if created:
        user.set_password(TEST_PASSWORD)
        user.save()
    return user


def make_unit(
    name: str,
    *,
    parent: Unit | None = None,
    code: str | None = None,
    kind: str = "agency",
    level: str = "province",
    valid_from: dt.date = dt.date(2020, 1, 1),
    **extra: Any,
) -> Unit:
    from khoagiao.orgs.services import unit_create

    kinds, levels = kinds_and_levels()
    return unit_create(
        actor=root_user(),
        parent=parent,
        code=code or f"u{Unit.objects.count() + 1}",
        name=name,
        kind=kinds[kind],
        level=levels[level],
        valid_from=valid_from,
        **extra,
    )


def make_user(username: str, *, role: str | None = None, unit: Unit | None = None, **extra: Any) -> User:
    user = User.objects.create_user(
        username=username,
        password=TEST_PASSWORD,
        full_name=extra.pop("full_name", username.replace(".", " ").title()),
        **extra,
    )
    if role is not None and unit is not None:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


def make_field(code: str, name: str) -> Field:
    return Field.objects.get_or_create(code=code, defaults={"name": name})[0]


class Cast:
    """A province with the department, two agencies, two communes and one user per role."""

    def __init__(self) -> None:
        self.province = make_unit("Tỉnh ủy Thử Nghiệm", code="tinh-uy", kind="party_committee")
        self.department = make_unit(
            "Ban Tuyên giáo và Dân vận Tỉnh ủy",
            parent=self.province,
            code="btgdv",
            kind="party_board",
            document_symbol="BTGDVTU",
        )
        self.division = make_unit("Phòng Khoa giáo", parent=self.department, code="phong-kg", kind="division")
        self.education = make_unit("Sở Giáo dục và Đào tạo", parent=self.department, code="so-gddt")
        self.health = make_unit("Sở Y tế", parent=self.department, code="so-yte")
        self.commune_a = make_unit(
            "Đảng ủy xã An Bình",
            parent=self.department,
            code="xa-an-binh",
            kind="party_committee",
            level="commune",
        )
        self.commune_b = make_unit(
            "Đảng ủy phường Bắc Sơn",
            parent=self.department,
            code="phuong-bac-son",
            kind="party_committee",
            level="commune",
        )
        role = MembershipRole
        self.admin = make_user("quantri", role=role.ADMIN, unit=self.province, email="quantri@example.vn")
        self.viewer = make_user("thuongtruc", role=role.VIEWER, unit=self.province)
        self.leader = make_user("lanhdaoban", role=role.DEPT_LEADER, unit=self.department)
        self.specialist = make_user(
            "chuyenvien", role=role.DEPT_SPECIALIST, unit=self.department, email="cv@example.vn"
        )
        self.reporter = make_user("baocaovien", role=role.REPORTER, unit=self.department)
        self.education_leader = make_user("lanhdao.sogd", role=role.UNIT_LEADER, unit=self.education)
        self.education_focal = make_user("daumoi.sogd", role=role.FOCAL_POINT, unit=self.education)
        self.commune_a_focal = make_user("daumoi.anbinh", role=role.FOCAL_POINT, unit=self.commune_a)
        self.commune_b_focal = make_user("daumoi.bacson", role=role.FOCAL_POINT, unit=self.commune_b)
        self.outsider = make_user("khachvanglai")

    def all_users(self) -> list[User]:
        return [
            self.admin,
            self.viewer,
            self.leader,
            self.specialist,
            self.reporter,
            self.education_leader,
            self.education_focal,
            self.commune_a_focal,
            self.commune_b_focal,
            self.outsider,
        ]
