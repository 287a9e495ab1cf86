from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khoagiao.core.models import TimeStampedModel
from khoagiao.core.text import SearchableMixin

from .choices import MembershipRole


class User(SearchableMixin, AbstractUser):
    search_fields = ("username", "full_name", "email")

    full_name = models.CharField(_("Họ và tên"), max_length=150)
    phone = models.CharField(_("Điện thoại"), max_length=40, blank=True)
    position = models.CharField(_("Chức vụ"), max_length=150, blank=True)
    notify_by_email = models.BooleanField(
        _("Nhận thông báo qua e-mail"),
        default=True,
        help_text=_("Thông báo luôn hiện trong hệ thống; e-mail là thêm."),
    )

    class Meta(AbstractUser.Meta):
        ordering = ["username"]
        verbose_name = _("Người dùng")  # type: ignore[assignment]
        verbose_name_plural = _("Người dùng")  # type: ignore[assignment]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return self.full_name.split()[-1] if self.full_name else self.username


class Membership(TimeStampedModel):
    """A user holds a role over a unit and its subtree."""

    user = models.ForeignKey(
        User, verbose_name=_("Người dùng"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("Đơn vị"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("Vai trò"), max_length=30, choices=MembershipRole.choices)
    is_active = models.BooleanField(_("Đang hiệu lực"), default=True)
    ended_at = models.DateTimeField(_("Kết thúc lúc"), null=True, blank=True)

    class Meta:
        ordering = ["user__username", "unit__path", "role"]
        verbose_name = _("Phân quyền")
        verbose_name_plural = _("Phân quyền")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                condition=Q(is_active=True),
                name="accounts_membership_active_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token is shown once, at creation."""

    user = models.ForeignKey(
        User, verbose_name=_("Người dùng"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("Tên gợi nhớ"), max_length=100)
    prefix = models.CharField(_("Tiền tố"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("Tạo lúc"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("Dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("Thu hồi lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Mã truy cập API")
        verbose_name_plural = _("Mã truy cập API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class LoginFailure(models.Model):
    """A failed login, counted per account and per address to throttle guessing."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.username}@{self.ip_address}"
