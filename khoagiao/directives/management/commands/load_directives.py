from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from khoagiao.directives.services.loading import directives_load


class Command(BaseCommand):
    help = "Nạp các văn bản chỉ đạo đi kèm sản phẩm (data/directives.csv), kể cả liên kết văn bản tiếp nối."

    def handle(self, *args: Any, **options: Any) -> None:
        result = directives_load(actor=None)
        self.stdout.write(
            f"Đã thêm {result['created']} văn bản, {result['linked']} liên kết tiếp nối (bỏ qua văn bản đã có)."
        )
