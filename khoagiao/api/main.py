"""The JSON API at /api/v1/: one NinjaAPI, one router per app, one error shape.

Every 4xx answer is `{"code", "message", "details"}` (khoagiao.api.schemas.ErrorSchema): business errors
(ApplicationError) with their own status, 401 without valid credentials, 422 for malformed input, 404 for
unknown paths. A 500 is a bug and is left to Django's handler (logged with its traceback).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Router, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError

from khoagiao.accounts.api import router as accounts_router
from khoagiao.core.errors import ApplicationError
from khoagiao.directives.api import router as directives_router
from khoagiao.meetings.api import router as meetings_router
from khoagiao.opinion.api import router as opinion_router
from khoagiao.orgs.api import router as orgs_router
from khoagiao.reporting.api import router as reporting_router
from khoagiao.tasks.api import router as tasks_router

from .auth import ActiveSessionAuth, BearerTokenAuth

api = NinjaAPI(
    title="Khoa giáo API",
    version="1.0.0",
    description=(
        "API của hệ thống điều phối và báo cáo khối Khoa giáo. Xác thực bằng mã truy cập: "
        "`Authorization: Bearer <mã>` (tạo mã tại trang Hồ sơ hoặc bằng `manage.py create_api_token`), "
        "hoặc bằng phiên đăng nhập của trình duyệt. Mỗi người dùng chỉ thấy dữ liệu trong phạm vi đơn vị "
        "được phân quyền, giống hệt các màn hình. "
        'Lỗi trả về `{"code", "message", "details"}` với mã trạng thái 4xx.'
    ),
    auth=[BearerTokenAuth(), ActiveSessionAuth()],
    openapi_url="/openapi.json",
    docs_url="/docs",
    # Ninja's bundled Swagger UI ("ninja" is in INSTALLED_APPS): our own static files, no CDN, no inline
    # script (so it runs under the strict CSP). validatorUrl=None: no badge fetched from validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
)

HTTP_ERRORS = {
    400: ("bad_request", "Yêu cầu không hợp lệ."),
    403: ("permission_denied", "Bạn không có quyền thực hiện thao tác này."),
    404: ("not_found", "Không tìm thấy."),
    405: ("method_not_allowed", "Phương thức không được hỗ trợ."),
    429: ("rate_limited", "Quá nhiều yêu cầu. Vui lòng thử lại sau."),
}


def error_response(
    request: HttpRequest, *, status: int, code: str, message: str, details: dict | None = None
) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "message": message, "details": details or {}}, status=status
    )


@api.exception_handler(ApplicationError)
def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return error_response(
        request,
        status=422,
        code="validation_failed",
        message="Dữ liệu gửi lên không hợp lệ.",
        details={"errors": exc.errors},
    )


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(
        request,
        status=401,
        code="unauthenticated",
        message="Cần đăng nhập hoặc mã truy cập hợp lệ (mã có thể đã bị thu hồi hoặc tài khoản đã bị khóa).",
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code, message = HTTP_ERRORS.get(exc.status_code, ("http_error", "Yêu cầu không thể xử lý."))
    return error_response(request, status=exc.status_code, code=code, message=message)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    code, message = HTTP_ERRORS[404]
    return error_response(request, status=404, code=code, message=message)


api.add_router("", orgs_router)
api.add_router("", accounts_router)
api.add_router("/reporting", reporting_router)
api.add_router("/tasks", tasks_router)
api.add_router("/meetings", meetings_router)
api.add_router("/directives", directives_router)
api.add_router("/opinion", opinion_router)

# Registered last, so its catch-all path comes after every real route: an unknown path under /api/v1/ (or a
# malformed id such as /units/abc) is a 404 in the error shape rather than Django's HTML page.
fallback_router = Router()


@fallback_router.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", auth=None, include_in_schema=False
)
def unknown_path(request: HttpRequest, rest: str) -> HttpResponse:
    raise Http404(rest)


api.add_router("", fallback_router)
