"""API of the organisation: units (flat, as a tree, one by one) and fields. Thin: the scoped selectors decide.

No `from __future__ import annotations` here: ninja reads the endpoint signatures (wrapped by `paginate`) at
import time and needs real types, not strings.
"""

import datetime as dt

from django.http import HttpRequest
from ninja import Field as SchemaField
from ninja import Query, Router, Schema
from ninja.errors import ValidationError
from ninja.pagination import paginate

from khoagiao.api.pagination import Pagination
from khoagiao.api.schemas import READ_ERRORS, ErrorSchema, UnitRefSchema

from .models import Field, Unit, UnitKind, UnitLevel, UnitSuccession
from .selectors import (
    UnitNode,
    field_list,
    unit_get,
    unit_kind_list,
    unit_level_list,
    unit_list,
    unit_predecessors,
    unit_successors,
    unit_tree,
)

router = Router(tags=["Đơn vị và lĩnh vực"])


# --- Schemas ------------------------------------------------------------------------------------------------


class UnitKindSchema(Schema):
    code: str
    name: str


class UnitLevelSchema(Schema):
    code: str
    name: str
    rank: int = SchemaField(..., description="1 là cấp cao nhất.")


class FieldSchema(Schema):
    id: int
    code: str
    name: str


class UnitSchema(Schema):
    id: int
    code: str
    name: str
    short_name: str
    document_symbol: str
    kind: UnitKindSchema
    level: UnitLevelSchema
    parent_id: int | None
    depth: int = SchemaField(..., description="Độ sâu trong cây (0 là gốc).")
    valid_from: dt.date
    valid_to: dt.date | None
    is_open: bool = SchemaField(..., description="Đơn vị đang hoạt động hôm nay.")


class SuccessionSchema(Schema):
    unit: UnitRefSchema
    date: dt.date
    note: str


class UnitDetailSchema(UnitSchema):
    parent: UnitRefSchema | None
    email: str
    phone: str
    closing_note: str
    fields: list[FieldSchema]
    predecessors: list[SuccessionSchema] = SchemaField(
        ..., description="Các đơn vị đã hợp nhất vào đơn vị này."
    )
    successors: list[SuccessionSchema] = SchemaField(..., description="Đơn vị mà đơn vị này đã hợp nhất vào.")

    @staticmethod
    def resolve_fields(obj: Unit) -> list[Field]:
        return list(obj.fields.all())

    @staticmethod
    def resolve_predecessors(obj: Unit) -> list[dict]:
        return [_succession(link, link.predecessor) for link in unit_predecessors(obj)]

    @staticmethod
    def resolve_successors(obj: Unit) -> list[dict]:
        return [_succession(link, link.successor) for link in unit_successors(obj)]


def _succession(link: UnitSuccession, unit: Unit) -> dict:
    return {"unit": unit, "date": link.date, "note": link.note}


class UnitTreeNodeSchema(Schema):
    unit: UnitSchema
    matches: bool = SchemaField(
        ..., description="Khớp từ khóa tìm kiếm (các đơn vị cấp trên được giữ để định vị)."
    )
    children: list["UnitTreeNodeSchema"]


UnitTreeNodeSchema.model_rebuild()


class UnitFilters(Schema):
    q: str | None = SchemaField(
        None,
        max_length=200,
        description="Tìm theo tên, tên viết tắt, ký hiệu, mã; không phân biệt dấu, hoa thường.",
    )
    open_on: dt.date | None = SchemaField(
        None, description="Chỉ các đơn vị hoạt động vào ngày này (YYYY-MM-DD)."
    )
    kind: str | None = SchemaField(None, max_length=40, description="Mã loại đơn vị, ví dụ `agency`.")
    level: str | None = SchemaField(None, max_length=40, description="Mã cấp đơn vị, ví dụ `commune`.")


class UnitTreeFilters(Schema):
    q: str | None = SchemaField(
        None, max_length=200, description="Giữ các đơn vị khớp từ khóa và cấp trên của chúng."
    )
    include_closed: bool = SchemaField(True, description="Gồm cả các đơn vị đã đóng.")


class FieldFilters(Schema):
    include_inactive: bool = SchemaField(False, description="Gồm cả các lĩnh vực không còn dùng.")


class FieldListSchema(FieldSchema):
    is_active: bool


# --- Helpers ------------------------------------------------------------------------------------------------


def _invalid_query(name: str, message: str) -> ValidationError:
    """A 422 in the same shape as ninja's own validation errors, for a value only the database can judge."""
    return ValidationError([{"type": "value_error", "loc": ["query", name], "msg": message}])


def _kind(code: str | None) -> UnitKind | None:
    if not code:
        return None
    kind = unit_kind_list().filter(code=code).first()
    if kind is None:
        raise _invalid_query("kind", f"Không có loại đơn vị mã «{code}».")
    return kind


def _level(code: str | None) -> UnitLevel | None:
    if not code:
        return None
    level = unit_level_list().filter(code=code).first()
    if level is None:
        raise _invalid_query("level", f"Không có cấp đơn vị mã «{code}».")
    return level


# --- Endpoints ----------------------------------------------------------------------------------------------


@router.get("/units", response={200: list[UnitSchema], **READ_ERRORS}, summary="Danh sách đơn vị")
@paginate(Pagination)
def units_list(request: HttpRequest, filters: Query[UnitFilters]) -> object:
    """Các đơn vị trong phạm vi người dùng được xem, theo thứ tự cây; có lọc và phân trang."""
    return unit_list(
        user=request.user,
        query=filters.q,
        open_on=filters.open_on,
        kind=_kind(filters.kind),
        level=_level(filters.level),
    )


@router.get("/units/tree", response={200: list[UnitTreeNodeSchema], **READ_ERRORS}, summary="Cây đơn vị")
def units_tree(request: HttpRequest, filters: Query[UnitTreeFilters]) -> list[UnitNode]:
    """Các đơn vị người dùng được xem, dạng cây lồng nhau; anh em xếp theo thứ tự chữ cái tiếng Việt."""
    return unit_tree(user=request.user, query=filters.q, include_closed=filters.include_closed)


@router.get(
    "/units/{int:unit_id}",
    response={200: UnitDetailSchema, 404: ErrorSchema, **READ_ERRORS},
    summary="Chi tiết đơn vị",
)
def units_detail(request: HttpRequest, unit_id: int) -> Unit:
    """Một đơn vị: cấp trên, lĩnh vực phụ trách, hợp nhất. 404 nếu không có hoặc ngoài phạm vi được xem."""
    return unit_get(user=request.user, pk=unit_id)


@router.get("/fields", response={200: list[FieldListSchema], **READ_ERRORS}, summary="Danh sách lĩnh vực")
def fields_list(request: HttpRequest, filters: Query[FieldFilters]) -> list[Field]:
    """Các lĩnh vực (giáo dục và đào tạo, y tế, dân số…) — danh mục chung cho mọi người dùng."""
    return list(field_list(active_only=not filters.include_inactive))
