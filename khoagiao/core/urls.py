from django.urls import path

from . import views, views_admin

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("quan-tri/nhat-ky/", views_admin.audit_list, name="audit_list"),
    path("quan-tri/cong-viec-nen/", views_admin.job_list, name="job_list"),
    path("quan-tri/cong-viec-nen/<uuid:pk>/chay-lai/", views_admin.job_retry_view, name="job_retry"),
    path("quan-tri/lich-lam-viec/", views_admin.calendar, name="calendar"),
    path(
        "quan-tri/lich-lam-viec/<int:pk>/bo-dieu-chinh/",
        views_admin.calendar_day_remove_view,
        name="calendar_day_remove",
    ),
]
