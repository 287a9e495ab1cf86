from django.urls import path

from . import views

app_name = "orgs"

urlpatterns = [
    path("", views.unit_tree, name="unit_tree"),
    path("them/", views.unit_create, name="unit_create"),
    path("hop-nhat/", views.unit_merge, name="unit_merge"),
    path("<int:pk>/", views.unit_detail, name="unit_detail"),
    path("<int:pk>/sua/", views.unit_edit, name="unit_edit"),
    path("<int:pk>/dong/", views.unit_close, name="unit_close"),
]
