"""The Excel figure form of a unit's report: download, upload with a dry-run preview, save, cancel."""

from django.urls import path

from . import views_excel

urlpatterns = [
    path("<int:pk>/bieu-so-lieu.xlsx", views_excel.excel_download, name="excel_download"),
    path("<int:pk>/bieu-so-lieu/tai-len/", views_excel.excel_upload, name="excel_upload"),
    path("<int:pk>/bieu-so-lieu/luu/", views_excel.excel_apply, name="excel_apply"),
    path("<int:pk>/bieu-so-lieu/huy/", views_excel.excel_cancel, name="excel_cancel"),
]
