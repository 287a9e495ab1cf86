"""URLs for the tests: the project's, plus views that exist only to exercise the middleware."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns
from khoagiao.core.errors import ConflictError


def raise_application_error(request: HttpRequest) -> HttpResponse:
    raise ConflictError("Báo cáo đã được gửi, không thể sửa.", details={"field": "body"})


def raise_bug(request: HttpRequest) -> HttpResponse:
    raise ValueError("a bug")


urlpatterns = [
    path("__tests__/loi-nghiep-vu/", raise_application_error, name="tests_application_error"),
    path("__tests__/loi-lap-trinh/", raise_bug, name="tests_bug"),
    *project_urlpatterns,
]
