from django.urls import path

from . import views, views_detail

app_name = "tasks"

urlpatterns = [
    path("", views.task_list, name="task_list"),
    path("xuat-excel/", views.task_list_export, name="task_list_export"),
    path("cua-don-vi/", views.my_tasks, name="my_tasks"),
    path("theo-don-vi/", views.unit_table, name="unit_table"),
    path("theo-don-vi/xuat-excel/", views.unit_table_export, name="unit_table_export"),
    path("giao/", views_detail.task_create, name="task_create"),
    path("dinh-ky/", views_detail.recurrence_list, name="recurrence_list"),
    path("<int:pk>/", views_detail.task_detail, name="task_detail"),
    path("<int:pk>/sua/", views_detail.task_edit, name="task_edit"),
    path("<int:pk>/bat-dau/", views_detail.task_start, name="task_start"),
    path("<int:pk>/tien-do/", views_detail.task_progress, name="task_progress"),
    path("<int:pk>/bao-cao-hoan-thanh/", views_detail.task_report_done, name="task_report_done"),
    path("<int:pk>/xac-nhan/", views_detail.task_verify, name="task_verify"),
    path("<int:pk>/tra-lai/", views_detail.task_send_back, name="task_send_back"),
    path("<int:pk>/huy/", views_detail.task_cancel, name="task_cancel"),
    path("<int:pk>/xin-gia-han/", views_detail.extension_request, name="extension_request"),
    path("gia-han/<int:pk>/quyet-dinh/", views_detail.extension_decide, name="extension_decide"),
    path("tep/<int:pk>/", views_detail.attachment_download, name="attachment_download"),
]
