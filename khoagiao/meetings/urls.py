from django.urls import path

from . import views, views_calendar

app_name = "meetings"

urlpatterns = [
    path("", views.briefing_list, name="briefing_list"),
    path("them/", views.briefing_create, name="briefing_create"),
    path("lich/", views_calendar.calendar_page, name="calendar"),
    path("lich/doi-dia-chi/", views_calendar.calendar_feed_reset, name="calendar_feed_reset"),
    path("lich/<str:token>.ics", views_calendar.calendar_feed, name="calendar_feed"),
    path("<int:pk>/", views.briefing_detail, name="briefing_detail"),
    path("<int:pk>/sua/", views.briefing_edit, name="briefing_edit"),
    path("<int:pk>/huy/", views.briefing_cancel, name="briefing_cancel"),
    path("<int:pk>/da-hop/", views.briefing_mark_held, name="briefing_mark_held"),
    path("<int:pk>/giay-moi/", views.invitation_issue, name="invitation_issue"),
    path("<int:pk>/chuong-trinh/", views.agenda_add, name="agenda_add"),
    path("<int:pk>/chuong-trinh/<int:item_pk>/xoa/", views.agenda_delete, name="agenda_delete"),
    path(
        "<int:pk>/chuong-trinh/<int:item_pk>/tai-lieu/", views.agenda_document_add, name="agenda_document_add"
    ),
    path(
        "<int:pk>/tai-lieu/<int:document_pk>/",
        views.agenda_document_download,
        name="agenda_document_download",
    ),
    path("<int:pk>/de-xuat/<int:proposal_pk>/", views.proposal_decide, name="proposal_decide"),
    path("<int:pk>/tham-du/<int:attendance_pk>/", views.attendance_record, name="attendance_record"),
    path("<int:pk>/y-kien/", views.opinion_add, name="opinion_add"),
    path("<int:pk>/y-kien/<int:opinion_pk>/xoa/", views.opinion_delete, name="opinion_delete"),
    path("<int:pk>/ket-luan/", views.conclusion_add, name="conclusion_add"),
    path("<int:pk>/ket-luan/<int:item_pk>/", views.conclusion_update, name="conclusion_update"),
    path("<int:pk>/ket-luan/<int:item_pk>/xoa/", views.conclusion_delete, name="conclusion_delete"),
    path(
        "<int:pk>/ket-luan/<int:item_pk>/giao/", views.conclusion_task_create, name="conclusion_task_create"
    ),
    path("<int:pk>/ket-luan/dieu-chinh/", views.conclusion_version_new, name="conclusion_version_new"),
    path("<int:pk>/thong-bao/", views.notice_issue, name="notice_issue"),
    path("<int:pk>/van-ban/<int:document_pk>/", views.document_download, name="document_download"),
    path("<int:pk>/ket-qua-ky-truoc.docx", views.followup_docx, name="followup_docx"),
    path("<int:pk>/don-vi/", views.unit_view, name="unit_view"),
    path("<int:pk>/don-vi/tra-loi/<int:attendance_pk>/", views.attendance_respond, name="attendance_respond"),
    path("<int:pk>/don-vi/de-xuat/", views.proposal_submit, name="proposal_submit"),
]
