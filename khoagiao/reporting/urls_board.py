"""Completeness and timeliness: the boards, their export, and a unit's report history."""

from django.urls import path

from . import views_board

urlpatterns = [
    path("tinh-hinh-nop/", views_board.board_list, name="board_list"),
    path("tinh-hinh-nop/<int:pk>/", views_board.board, name="board"),
    path("tinh-hinh-nop/<int:pk>/xlsx/", views_board.board_export, name="board_export"),
    path("lich-su/don-vi/<int:pk>/", views_board.unit_history, name="unit_history"),
]
