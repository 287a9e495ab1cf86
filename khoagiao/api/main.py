"""The JSON API at /api/v1/: one NinjaAPI, one router per app, one error shape."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from khoagiao.core.errors import ApplicationError

from .auth import ActiveSessionAuth, BearerTokenAuth

api = NinjaAPI(
    title="Khoa giáo API",
    version="1.0.0",
    description=(
        "API của hệ thống điều phối và báo cáo khối Khoa giáo. Xác thực bằng mã truy cập: "
        "`Authorization: Bearer <mã>` (tạo mã tại trang Hồ sơ hoặc bằng `manage.py create_api_token`). "
        'Lỗi nghiệp vụ trả về `{"code", "message", "details"}` với mã trạng thái 4xx.'
    ),
    auth=[BearerTokenAuth(), ActiveSessionAuth()],
    openapi_url="/openapi.json",
    docs_url="/docs",
)


@api.exception_handler(ApplicationError)
def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(
        request,
        {"code": "validation_failed", "message": "Dữ liệu gửi lên không hợp lệ.", "details": {"errors": exc.errors}},
        status=422,
    )


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request,
        {"code": "unauthenticated", "message": "Cần đăng nhập hoặc mã truy cập hợp lệ.", "details": {}},
        status=401,
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(
        request, {"code": "http_error", "message": str(exc), "details": {}}, status=exc.status_code
    )
