"""Endpoints of the reporting API for templates, duties and their periods, within the caller's scope.
No `from __future__ import annotations`: see the package's docstring."""

from django.db.models import Count, Prefetch
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query
from ninja.pagination import paginate

from khoagiao.api.pagination import Pagination
from khoagiao.api.schemas import READ_ERRORS
from khoagiao.core.errors import NotFoundError
from khoagiao.core.text import search_filter

from ..choices import TemplateVersionStatus
from ..models import Period, TemplateVersion
from .common import DETAIL_ERRORS, router, visible_duties, visible_duty, visible_templates
from .schemas_templates import (
    DutyDetailSchema,
    DutyFilters,
    DutySchema,
    PeriodFilters,
    PeriodSchema,
    TemplateDetailQuery,
    TemplateDetailSchema,
    TemplateFilters,
    TemplateSchema,
)

# --- Endpoints: templates --------------------------------------------------------------------------------------


@router.get(
    "/templates",
    response={200: list[TemplateSchema], **READ_ERRORS},
    summary="Danh sách mẫu báo cáo",
    operation_id="khoagiao_reporting_api_templates_list",
)
@paginate(Pagination)
def templates_list(request: HttpRequest, filters: Query[TemplateFilters]) -> object:
    """Ban Tuyên giáo thấy mọi mẫu; đơn vị thấy mẫu của các chế độ báo cáo mình phải nộp."""
    templates = visible_templates(request.user).prefetch_related(
        Prefetch("versions", queryset=TemplateVersion.objects.order_by("-number"))
    )
    return search_filter(templates, filters.q).order_by("name", "pk")


@router.get(
    "/templates/{int:template_id}",
    response={200: TemplateDetailSchema, **DETAIL_ERRORS},
    summary="Chi tiết mẫu báo cáo",
    operation_id="khoagiao_reporting_api_templates_detail",
)
def templates_detail(request: HttpRequest, template_id: int, query: Query[TemplateDetailQuery]) -> object:
    """Một mẫu với các mục đề cương, chỉ tiêu và quy tắc kiểm tra của một phiên bản."""
    template = (
        visible_templates(request.user)
        .prefetch_related(Prefetch("versions", queryset=TemplateVersion.objects.order_by("-number")))
        .filter(pk=template_id)
        .first()
    )
    if template is None:
        raise NotFoundError(_("Không tìm thấy mẫu báo cáo, hoặc bạn không có quyền xem mẫu này."))
    versions = list(template.versions.all())
    if query.version is not None:
        version = next((v for v in versions if v.number == query.version), None)
        if version is None:
            raise NotFoundError(
                _("Mẫu báo cáo không có phiên bản %(number)d.") % {"number": query.version}, code="not_found"
            )
    else:
        published = [v for v in versions if v.status == TemplateVersionStatus.PUBLISHED]
        version = published[0] if published else (versions[0] if versions else None)
    template.version = version  # type: ignore[attr-defined]
    return template


# --- Endpoints: duties and periods -----------------------------------------------------------------------------


@router.get(
    "/duties",
    response={200: list[DutySchema], **READ_ERRORS},
    summary="Danh sách chế độ báo cáo",
    operation_id="khoagiao_reporting_api_duties_list",
)
@paginate(Pagination)
def duties_list(request: HttpRequest, filters: Query[DutyFilters]) -> object:
    """Chế độ báo cáo mà người dùng quản lý, theo dõi, hoặc đơn vị của họ phải thực hiện."""
    duties = visible_duties(request.user).select_related("template", "receiving_unit")
    if filters.is_active is not None:
        duties = duties.filter(is_active=filters.is_active)
    return search_filter(duties, filters.q).order_by("name", "pk")


@router.get(
    "/duties/{int:duty_id}",
    response={200: DutyDetailSchema, **DETAIL_ERRORS},
    summary="Chi tiết chế độ báo cáo",
    operation_id="khoagiao_reporting_api_duties_detail",
)
def duties_detail(request: HttpRequest, duty_id: int) -> object:
    """Tần suất, cách chốt số liệu, cách tính hạn, đơn vị phải báo cáo, duyệt và khóa sổ."""
    return visible_duty(request.user, duty_id)


@router.get(
    "/duties/{int:duty_id}/periods",
    response={200: list[PeriodSchema], **DETAIL_ERRORS},
    summary="Các kỳ báo cáo của một chế độ",
    operation_id="khoagiao_reporting_api_duties_periods",
)
@paginate(Pagination)
def duties_periods(request: HttpRequest, duty_id: int, filters: Query[PeriodFilters]) -> object:
    """Các kỳ (đã tạo trước) với thời gian chốt số liệu, hạn nộp và số báo cáo phải nộp; mới nhất trước."""
    duty = visible_duty(request.user, duty_id)
    periods = (
        Period.objects.filter(duty=duty)
        .select_related("template_version")
        .annotate(expected=Count("submissions"))
        .order_by("-window_end", "-pk")
    )
    if filters.year is not None:
        periods = periods.filter(year=filters.year)
    return periods
