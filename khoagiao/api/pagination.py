"""Page-number pagination for list endpoints: `?page=` (from 1), `?page_size=` (capped by settings)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.conf import settings as ninja_settings
from ninja.pagination import PageNumberPagination


class PageInput(Schema):
    page: int = Field(1, ge=1, description="Số trang, bắt đầu từ 1.")
    page_size: int | None = Field(
        None,
        ge=1,
        description=(
            f"Số dòng mỗi trang (mặc định {ninja_settings.PAGINATION_PER_PAGE}, "
            f"tối đa {ninja_settings.PAGINATION_MAX_PER_PAGE_SIZE})."
        ),
    )


class PageOutput(Schema):
    items: list[Any]
    count: int = Field(..., description="Tổng số dòng khớp điều kiện lọc.")
    page: int
    page_size: int


class Pagination(PageNumberPagination):
    Input = PageInput  # type: ignore[assignment]
    Output = PageOutput  # type: ignore[assignment]

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Any, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        page_size = self._get_page_size(pagination.page_size)
        offset = (pagination.page - 1) * page_size
        return {
            "items": queryset[offset : offset + page_size],
            "count": self._items_count(queryset),
            "page": pagination.page,
            "page_size": page_size,
        }
