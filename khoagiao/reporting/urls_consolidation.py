"""Consolidated reports (báo cáo tổng hợp), under /bao-cao/tong-hop/."""

from django.urls import path, re_path

from . import views_consolidation as views

urlpatterns = [
    path("tong-hop/", views.consolidation_list, name="consolidation_list"),
    path("tong-hop/lap/", views.consolidation_start_view, name="consolidation_start"),
    path("tong-hop/ky/<int:period_pk>/", views.consolidation_for_period, name="consolidation_for_period"),
    path("tong-hop/<int:pk>/", views.consolidation_detail, name="consolidation_detail"),
    path("tong-hop/<int:pk>/soan/", views.consolidation_build, name="consolidation_build"),
    path("tong-hop/<int:pk>/tong-hop-lai/", views.consolidation_rebuild_view, name="consolidation_rebuild"),
    path("tong-hop/<int:pk>/ban-hanh/", views.consolidation_issue_view, name="consolidation_issue"),
    path(
        "tong-hop/<int:pk>/phien-ban-moi/",
        views.consolidation_new_version_view,
        name="consolidation_new_version",
    ),
    path("tong-hop/<int:pk>/du-thao/", views.consolidation_preview_job, name="consolidation_preview_job"),
    path(
        "tong-hop/<int:pk>/tien-do/", views.consolidation_preview_status, name="consolidation_preview_status"
    ),
    re_path(
        r"^tong-hop/(?P<pk>[0-9]+)/tai/(?P<fmt>docx|pdf|xlsx)/$",
        views.consolidation_download,
        name="consolidation_download",
    ),
]
