from django.urls import path
from django.views.generic import TemplateView

from . import views

app_name = "accounts"

urlpatterns = [
    path("dang-nhap/", views.login_view, name="login"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("doi-mat-khau/", views.password_change_view, name="password_change"),
    path("quen-mat-khau/", views.password_reset_view, name="password_reset"),
    path(
        "quen-mat-khau/da-gui/",
        TemplateView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "dat-lai-mat-khau/xong/",
        TemplateView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    # Profile and API tokens: every logged-in user.
    path("ho-so/", views.profile, name="profile"),
    path("ho-so/ma-truy-cap/tao/", views.api_token_create_view, name="api_token_create"),
    path("ho-so/ma-truy-cap/<int:pk>/thu-hoi/", views.api_token_revoke_view, name="api_token_revoke"),
    # User administration: administrators, within their subtree.
    path("nguoi-dung/", views.user_list_view, name="user_list"),
    path("nguoi-dung/them/", views.user_create_view, name="user_create"),
    path("nguoi-dung/<int:pk>/", views.user_detail_view, name="user_detail"),
    path("nguoi-dung/<int:pk>/sua/", views.user_edit_view, name="user_edit"),
    path("nguoi-dung/<int:pk>/khoa/", views.user_lock_view, name="user_lock"),
    path("nguoi-dung/<int:pk>/mo-khoa/", views.user_unlock_view, name="user_unlock"),
    path(
        "nguoi-dung/<int:pk>/gui-lien-ket-mat-khau/", views.user_password_link_view, name="user_password_link"
    ),
    path("nguoi-dung/<int:pk>/phan-quyen/them/", views.membership_create_view, name="membership_create"),
    path("phan-quyen/<int:pk>/ket-thuc/", views.membership_end_view, name="membership_end"),
]
