"""Load the demo province (idempotent) and print the demo logins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from khoagiao.demo.province import DEMO_PASSWORD
from khoagiao.demo.seeding import seed_demo_province


class Command(BaseCommand):
    help = "Nạp tỉnh mẫu (Quảng Ngãi sau sắp xếp 2025) với đơn vị, lịch sử hợp nhất và tài khoản mẫu."

    def handle(self, *args: Any, **options: Any) -> None:
        report = seed_demo_province()
        self.stdout.write(
            f"Tỉnh mẫu: thêm {report.created_units} đơn vị, {report.merges} lần hợp nhất, "
            f"{report.created_users} người dùng, {report.created_memberships} phân quyền."
        )
        self.stdout.write("")
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):")
        width = max(len(username) for username, _, _ in report.logins)
        for username, role, unit in report.logins:
            self.stdout.write(f"  {username.ljust(width)}  {role} — {unit}")
