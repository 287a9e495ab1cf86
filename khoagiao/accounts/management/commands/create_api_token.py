"""Issue an API token from the server's command line, e.g. for an integration set up by the operator."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from khoagiao.accounts.models import User
from khoagiao.accounts.services import api_token_issue
from khoagiao.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Tạo mã truy cập API cho một người dùng và in mã gốc ra đúng một lần."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="Tên đăng nhập của người dùng.")
        parser.add_argument("--name", default="Dòng lệnh", help="Tên gợi nhớ của mã (mặc định: «Dòng lệnh»).")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"].strip()
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            raise CommandError(f"Không có người dùng «{username}».")
        if not user.is_active:
            raise CommandError(f"Tài khoản «{user.username}» đang bị khóa; hãy mở khóa trước khi cấp mã.")
        try:
            token, raw = api_token_issue(user=user, name=options["name"])
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(raw)
        self.stderr.write(
            f"Đã tạo mã «{token.name}» (tiền tố {token.prefix}) cho {user.username}. Mã gốc ở trên chỉ hiện "
            "một lần; dùng bằng tiêu đề: Authorization: Bearer <mã>"
        )
