from django.urls import path

from . import views, views_agreements

app_name = "directives"

urlpatterns = [
    path("", views.directive_list, name="directive_list"),
    path("them/", views.directive_create, name="directive_create"),
    path("<int:pk>/", views.directive_detail, name="directive_detail"),
    path("<int:pk>/sua/", views.directive_edit, name="directive_edit"),
    path("<int:pk>/moc-so-ket/", views.directive_review_rule, name="directive_review_rule"),
    path("<int:pk>/van-ban-tiep-noi/", views.directive_successor, name="directive_successor"),
    path("<int:pk>/tep/", views.directive_attachment_add, name="directive_attachment_add"),
    path("tep/<int:pk>/", views.directive_attachment_download, name="directive_attachment_download"),
    path("<int:pk>/ke-hoach/them/", views.plan_create, name="plan_create"),
    path("ke-hoach/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("so-ket-tong-ket/", views.review_list, name="review_list"),
    path("so-ket-tong-ket/<int:pk>/", views.milestone_detail, name="milestone_detail"),
    path("so-ket-tong-ket/<int:pk>/mo/", views.milestone_open, name="milestone_open"),
    path("so-ket-tong-ket/<int:pk>/hoan-thanh/", views.milestone_done, name="milestone_done"),
    path("phoi-hop/", views_agreements.agreement_list, name="agreement_list"),
    path("phoi-hop/them/", views_agreements.agreement_create, name="agreement_create"),
    path("phoi-hop/<int:pk>/", views_agreements.agreement_detail, name="agreement_detail"),
    path("phoi-hop/<int:pk>/tao-nhiem-vu/", views_agreements.agreement_generate, name="agreement_generate"),
    path("phoi-hop/<int:pk>/danh-gia/", views_agreements.agreement_evaluation, name="agreement_evaluation"),
]
