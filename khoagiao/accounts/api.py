"""API of accounts: who the caller is, and through which memberships they see what they see."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema

from khoagiao.api.schemas import READ_ERRORS, UnitRefSchema

from .models import Membership, User
from .selectors import membership_list_for_user

router = Router(tags=["Tài khoản"])


class MembershipSchema(Schema):
    id: int
    unit: UnitRefSchema
    role: str = Field(..., description="Mã vai trò, ví dụ `focal_point`.")
    role_label: str = Field(..., description="Tên vai trò bằng tiếng Việt.")

    @staticmethod
    def resolve_role_label(obj: Membership) -> str:
        return str(obj.get_role_display())


class MeSchema(Schema):
    id: int
    username: str
    full_name: str
    email: str
    phone: str
    position: str
    is_superuser: bool
    memberships: list[MembershipSchema] = Field(..., description="Các phân quyền đang hiệu lực.")

    @staticmethod
    def resolve_memberships(obj: User) -> list[Membership]:
        return list(membership_list_for_user(obj))


@router.get("/me", response={200: MeSchema, **READ_ERRORS}, summary="Người dùng hiện tại")
def me(request: HttpRequest) -> object:
    """Người dùng đang gọi API và các phân quyền (đơn vị, vai trò) đang hiệu lực của họ."""
    return request.user
