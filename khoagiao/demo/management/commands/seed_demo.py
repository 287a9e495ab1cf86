"""Load the demo province (idempotent) and print the demo logins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from khoagiao.demo.consolidation import seed_demo_consolidation
from khoagiao.demo.directives import seed_demo_directives
from khoagiao.demo.meetings import seed_demo_meetings
from khoagiao.demo.opinion import seed_demo_opinion
from khoagiao.demo.province import DEMO_PASSWORD
from khoagiao.demo.reporting import seed_demo_reporting
from khoagiao.demo.seeding import seed_demo_province, system_actor
from khoagiao.demo.tasks import seed_demo_tasks


class Command(BaseCommand):
    help = "Nạp tỉnh mẫu (Quảng Ngãi sau sắp xếp 2025) với đơn vị, lịch sử hợp nhất và tài khoản mẫu."

    def handle(self, *args: Any, **options: Any) -> None:
        report = seed_demo_province()
        reporting = seed_demo_reporting(actor=system_actor())
        self.stdout.write(
            f"Tỉnh mẫu: thêm {report.created_units} đơn vị, {report.merges} lần hợp nhất, "
            f"{report.created_users} người dùng, {report.created_memberships} phân quyền."
        )
        self.stdout.write(
            f"Chế độ báo cáo quý: {reporting['periods']} kỳ, thêm {reporting['reports']} báo cáo của đơn vị."
        )
        # Each part's demo data, in the order they build on each other (tasks before the sources of tasks).
        for seed in (
            seed_demo_consolidation,
            seed_demo_tasks,
            seed_demo_directives,
            seed_demo_meetings,
            seed_demo_opinion,
        ):
            summary = seed(actor=system_actor())
            if summary:
                self.stdout.write(summary)
        self.stdout.write("")
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):")
        width = max(len(username) for username, _, _ in report.logins)
        for username, role, unit in report.logins:
            self.stdout.write(f"  {username.ljust(width)}  {role} — {unit}")
        self.stdout.write("  (mỗi đơn vị báo cáo còn có tài khoản đầu mối daumoi.<mã đơn vị>, cùng mật khẩu)")
