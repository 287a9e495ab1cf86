"""Report templates (mẫu báo cáo) and reporting duties (chế độ báo cáo): the department's screens."""

from django.urls import path

from . import views_templates as views

urlpatterns = [
    path("mau/", views.template_list, name="template_list"),
    path("mau/them/", views.template_create, name="template_create"),
    path("mau/<int:pk>/", views.template_detail, name="template_detail"),
    path("mau/<int:pk>/sua/", views.template_edit, name="template_edit"),
    path("mau/<int:pk>/phien-ban-moi/", views.version_start, name="version_start"),
    path("mau/phien-ban/<int:pk>/", views.version_detail, name="version_detail"),
    path("mau/phien-ban/<int:pk>/ban-hanh/", views.version_publish, name="version_publish"),
    path("mau/phien-ban/<int:pk>/huy-nhap/", views.version_discard, name="version_discard"),
    path("mau/phien-ban/<int:pk>/muc/them/", views.section_create, name="section_create"),
    path("mau/muc/<int:pk>/sua/", views.section_edit, name="section_edit"),
    path("mau/muc/<int:pk>/xoa/", views.section_delete, name="section_delete"),
    path("mau/muc/<int:pk>/di-chuyen/", views.section_move, name="section_move"),
    path("mau/phien-ban/<int:pk>/chi-tieu/them/", views.indicator_create, name="indicator_create"),
    path("mau/chi-tieu/<int:pk>/sua/", views.indicator_edit, name="indicator_edit"),
    path("mau/chi-tieu/<int:pk>/xoa/", views.indicator_delete, name="indicator_delete"),
    path("mau/chi-tieu/<int:pk>/di-chuyen/", views.indicator_move, name="indicator_move"),
    path("mau/phien-ban/<int:pk>/quy-tac/them/", views.rule_create, name="rule_create"),
    path("mau/quy-tac/<int:pk>/sua/", views.rule_edit, name="rule_edit"),
    path("mau/quy-tac/<int:pk>/xoa/", views.rule_delete, name="rule_delete"),
    path("che-do/", views.duty_list, name="duty_list"),
    path("che-do/them/", views.duty_create, name="duty_create"),
    path("che-do/don-vi-du-kien/", views.duty_units_preview, name="duty_units_preview"),
    path("che-do/<int:pk>/", views.duty_detail, name="duty_detail"),
    path("che-do/<int:pk>/sua/", views.duty_edit, name="duty_edit"),
    path("che-do/<int:pk>/tao-ky/", views.duty_generate, name="duty_generate"),
    path("che-do/<int:pk>/dot-xuat/", views.duty_ad_hoc, name="duty_ad_hoc"),
]
