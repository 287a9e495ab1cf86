"""The job worker: enqueues due periodic jobs, then runs every ready job, and sleeps a little.

It needs no server beyond the database, so the embedded SQLite install runs reminders too. `make run` starts it
beside the web server.
"""

from __future__ import annotations

import logging
import signal
import time
import uuid
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Worker

from khoagiao.core.scheduling import schedule_due_jobs

logger = logging.getLogger("khoagiao.jobs")


class Command(BaseCommand):
    help = "Chạy các công việc nền và lịch định kỳ (nhắc hạn, dọn dữ liệu)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=5.0, help="Giây chờ giữa hai lượt kiểm tra.")
        parser.add_argument("--once", action="store_true", help="Chạy một lượt rồi dừng.")

    def handle(self, *args: Any, interval: float, once: bool, **options: Any) -> None:
        self.running = True

        def stop(signum: int, frame: FrameType | None) -> None:
            self.running = False

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        worker_id = f"khoagiao-{uuid.uuid4().hex[:8]}"
        logger.info("job worker started", extra={"worker_id": worker_id})
        while self.running:
            close_old_connections()
            try:
                schedule_due_jobs()
                Worker(
                    queue_names=["*"],
                    interval=0,
                    batch=True,
                    backend_name="default",
                    startup_delay=False,
                    max_tasks=None,
                    worker_id=worker_id,
                    excluded_queue_names=[],
                ).run()
            except Exception:
                # The loop must outlive a broken job or a database hiccup; the failure is logged and retried.
                logger.exception("job worker loop failed")
            if once:
                break
            time.sleep(interval)
        logger.info("job worker stopped", extra={"worker_id": worker_id})
