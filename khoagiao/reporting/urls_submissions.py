"""A unit's report: the list, the report page, autosave, the review cycle, revisions and attachments."""

from django.urls import path

from . import views_attachments, views_drafts, views_review, views_submissions

urlpatterns = [
    path("", views_submissions.submission_list, name="submission_list"),
    path("<int:pk>/", views_submissions.submission_detail, name="submission_detail"),
    path("<int:pk>/luu/", views_drafts.submission_save, name="submission_save"),
    path("<int:pk>/tu-dong-luu/", views_drafts.submission_autosave, name="submission_autosave"),
    path(
        "<int:pk>/sao-chep-ky-truoc/",
        views_drafts.submission_copy_from_last,
        name="submission_copy_from_last",
    ),
    path("<int:pk>/gui/", views_drafts.submission_submit, name="submission_submit"),
    path("<int:pk>/duyet/", views_review.submission_approve, name="submission_approve"),
    path("<int:pk>/tra-dau-moi/", views_review.submission_leader_return, name="submission_leader_return"),
    path("<int:pk>/tiep-nhan/", views_review.submission_accept, name="submission_accept"),
    path("<int:pk>/tra-lai/", views_review.submission_return, name="submission_return"),
    path("<int:pk>/mo-lai/", views_review.submission_reopen, name="submission_reopen"),
    path("<int:pk>/cho-nop-muon/", views_review.submission_unlock, name="submission_unlock"),
    path("<int:pk>/lan-gui/<int:number>/", views_submissions.submission_revision, name="submission_revision"),
    path(
        "<int:pk>/lich-su-so-lieu/",
        views_submissions.submission_value_history,
        name="submission_value_history",
    ),
    path("<int:pk>/tep/", views_attachments.attachment_add, name="attachment_add"),
    path("tep/<int:pk>/", views_attachments.attachment_download, name="attachment_download"),
    path("tep/<int:pk>/go/", views_attachments.attachment_remove, name="attachment_remove"),
]
