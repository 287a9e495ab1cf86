"""The register of outgoing documents (sổ văn bản đi)."""

from django.urls import path

from . import views_register

urlpatterns = [
    path("so-van-ban-di/", views_register.register_list_view, name="register_list"),
    path("so-van-ban-di/xlsx/", views_register.register_export, name="register_export"),
    path("so-van-ban-di/<int:pk>/", views_register.register_detail, name="register_detail"),
    path("so-van-ban-di/<int:pk>/docx/", views_register.register_docx, name="register_docx"),
    path("so-van-ban-di/<int:pk>/pdf/", views_register.register_pdf, name="register_pdf"),
    path("so-van-ban-di/<int:pk>/huy-so/", views_register.register_cancel, name="register_cancel"),
]
