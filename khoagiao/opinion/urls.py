from django.urls import path

from . import views, views_admin

app_name = "opinion"

urlpatterns = [
    path("", views.issue_list, name="issue_list"),
    path("bao-cao-moi/", views.issue_create, name="issue_create"),
    path("goi-y-trung-lap/", views.issue_similar, name="issue_similar"),
    path(
        "tu-bao-cao/<int:submission_id>/<slug:section>/",
        views.raise_from_submission,
        name="raise_from_submission",
    ),
    path("<int:pk>/", views.issue_detail, name="issue_detail"),
    path("<int:pk>/sua/", views.issue_edit, name="issue_edit"),
    path("<int:pk>/xac-minh/", views.issue_verify, name="issue_verify"),
    path("<int:pk>/chuyen-xu-ly/", views.issue_route, name="issue_route"),
    path("<int:pk>/khong-xu-ly/", views.issue_reject, name="issue_reject"),
    path("<int:pk>/trao-doi/", views.issue_message, name="issue_message"),
    path("<int:pk>/giai-quyet/", views.issue_resolve, name="issue_resolve"),
    path("<int:pk>/xac-nhan/", views.issue_confirm, name="issue_confirm"),
    path("<int:pk>/mo-lai/", views.issue_reopen, name="issue_reopen"),
    path("<int:pk>/gop/", views.issue_merge, name="issue_merge"),
    path("<int:pk>/tach/", views.issue_unmerge, name="issue_unmerge"),
    path("<int:pk>/bao-cao-lanh-dao/", views.issue_escalate, name="issue_escalate"),
    path("<int:pk>/giao-nhiem-vu/", views.issue_task_create, name="issue_task_create"),
    path("tep/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("lanh-dao/", views_admin.escalated_list, name="escalated_list"),
    path("thong-ke/", views_admin.statistics, name="statistics"),
    path("dinh-huong/", views_admin.orientation_list, name="orientation_list"),
    path("phan-luong/", views_admin.routing_list, name="routing_list"),
    path("phan-luong/<int:pk>/", views_admin.routing_edit, name="routing_edit"),
    path("phan-luong/<int:pk>/xoa/", views_admin.routing_delete, name="routing_delete"),
    path("ban-tin/", views_admin.digest_list, name="digest_list"),
    path("ban-tin/<int:pk>/", views_admin.digest_detail, name="digest_detail"),
    path("ban-tin/<int:pk>/ban-hanh/", views_admin.digest_issue_view, name="digest_issue"),
    path("ban-tin/<int:pk>/tai-ve/", views_admin.digest_download, name="digest_download"),
]
