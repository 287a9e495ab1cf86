"""Report templates (mẫu báo cáo) and reporting duties (chế độ báo cáo): the department's screens."""

from django.urls import path

from . import views_duties, views_template_parts, views_templates

urlpatterns = [
    path("mau/", views_templates.template_list, name="template_list"),
    path("mau/them/", views_templates.template_create, name="template_create"),
    path("mau/<int:pk>/", views_templates.template_detail, name="template_detail"),
    path("mau/<int:pk>/sua/", views_templates.template_edit, name="template_edit"),
    path("mau/<int:pk>/phien-ban-moi/", views_templates.version_start, name="version_start"),
    path("mau/phien-ban/<int:pk>/", views_templates.version_detail, name="version_detail"),
    path("mau/phien-ban/<int:pk>/ban-hanh/", views_templates.version_publish, name="version_publish"),
    path("mau/phien-ban/<int:pk>/huy-nhap/", views_templates.version_discard, name="version_discard"),
    path("mau/phien-ban/<int:pk>/muc/them/", views_template_parts.section_create, name="section_create"),
    path("mau/muc/<int:pk>/sua/", views_template_parts.section_edit, name="section_edit"),
    path("mau/muc/<int:pk>/xoa/", views_template_parts.section_delete, name="section_delete"),
    path("mau/muc/<int:pk>/di-chuyen/", views_template_parts.section_move, name="section_move"),
    path(
        "mau/phien-ban/<int:pk>/chi-tieu/them/",
        views_template_parts.indicator_create,
        name="indicator_create",
    ),
    path("mau/chi-tieu/<int:pk>/sua/", views_template_parts.indicator_edit, name="indicator_edit"),
    path("mau/chi-tieu/<int:pk>/xoa/", views_template_parts.indicator_delete, name="indicator_delete"),
    path("mau/chi-tieu/<int:pk>/di-chuyen/", views_template_parts.indicator_move, name="indicator_move"),
    path("mau/phien-ban/<int:pk>/quy-tac/them/", views_template_parts.rule_create, name="rule_create"),
    path("mau/quy-tac/<int:pk>/sua/", views_template_parts.rule_edit, name="rule_edit"),
    path("mau/quy-tac/<int:pk>/xoa/", views_template_parts.rule_delete, name="rule_delete"),
    path("che-do/", views_duties.duty_list, name="duty_list"),
    path("che-do/them/", views_duties.duty_create, name="duty_create"),
    path("che-do/don-vi-du-kien/", views_duties.duty_units_preview, name="duty_units_preview"),
    path("che-do/<int:pk>/", views_duties.duty_detail, name="duty_detail"),
    path("che-do/<int:pk>/sua/", views_duties.duty_edit, name="duty_edit"),
    path("che-do/<int:pk>/tao-ky/", views_duties.duty_generate, name="duty_generate"),
    path("che-do/<int:pk>/dot-xuat/", views_duties.duty_ad_hoc, name="duty_ad_hoc"),
]
