"""A unit's report: the list, the report page, autosave, the review cycle, revisions and attachments."""

from django.urls import path

from . import views_submissions as views

urlpatterns = [
    path("", views.submission_list, name="submission_list"),
    path("<int:pk>/", views.submission_detail, name="submission_detail"),
    path("<int:pk>/luu/", views.submission_save, name="submission_save"),
    path("<int:pk>/tu-dong-luu/", views.submission_autosave, name="submission_autosave"),
    path("<int:pk>/sao-chep-ky-truoc/", views.submission_copy_from_last, name="submission_copy_from_last"),
    path("<int:pk>/gui/", views.submission_submit, name="submission_submit"),
    path("<int:pk>/duyet/", views.submission_approve, name="submission_approve"),
    path("<int:pk>/tra-dau-moi/", views.submission_leader_return, name="submission_leader_return"),
    path("<int:pk>/tiep-nhan/", views.submission_accept, name="submission_accept"),
    path("<int:pk>/tra-lai/", views.submission_return, name="submission_return"),
    path("<int:pk>/mo-lai/", views.submission_reopen, name="submission_reopen"),
    path("<int:pk>/cho-nop-muon/", views.submission_unlock, name="submission_unlock"),
    path("<int:pk>/lan-gui/<int:number>/", views.submission_revision, name="submission_revision"),
    path("<int:pk>/lich-su-so-lieu/", views.submission_value_history, name="submission_value_history"),
    path("<int:pk>/tep/", views.attachment_add, name="attachment_add"),
    path("tep/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("tep/<int:pk>/go/", views.attachment_remove, name="attachment_remove"),
]
