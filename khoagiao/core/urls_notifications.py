"""Notification list and preferences."""

from django.urls import path

from . import views_notifications as views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list_view, name="list"),
    path("<int:pk>/mo/", views.notification_open_view, name="open"),
    path("<int:pk>/da-doc/", views.notification_mark_read_view, name="mark_read"),
    path("da-doc-tat-ca/", views.notification_mark_all_read_view, name="mark_all_read"),
    path("cai-dat/", views.notification_preferences_view, name="preferences"),
]
