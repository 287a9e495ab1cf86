"""The reporting app's URLs, one module per concept (templates and duties, reports, board, Excel)."""

from django.urls import include, path

app_name = "reporting"

urlpatterns = [
    path("", include("khoagiao.reporting.urls_submissions")),
    path("", include("khoagiao.reporting.urls_templates")),
    path("", include("khoagiao.reporting.urls_board")),
    path("", include("khoagiao.reporting.urls_excel")),
    path("", include("khoagiao.reporting.urls_consolidation")),
    path("", include("khoagiao.reporting.urls_register")),
]
