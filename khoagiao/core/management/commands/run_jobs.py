"""The job worker: enqueues due periodic jobs, then runs every ready job, and sleeps a little.

It needs no server beyond the database, so the embedded SQLite install runs reminders too. `make run` starts
it beside the web server. With a queue outside the database (e.g. Redis in production) it only enqueues the
periodic jobs, and that queue's own worker runs them.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
import uuid
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

from khoagiao.core.scheduling import schedule_due_jobs

logger = logging.getLogger("khoagiao.jobs")


def database_backend_aliases() -> list[str]:
    """The configured job backends whose queue lives in the database, i.e. those this worker runs."""
    return [alias for alias in settings.TASKS if isinstance(task_backends[alias], DatabaseBackend)]


class Command(BaseCommand):
    help = "Chạy các công việc nền và lịch định kỳ (nhắc hạn, dọn dữ liệu)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=5.0, help="Giây chờ giữa hai lượt kiểm tra.")
        parser.add_argument("--once", action="store_true", help="Chạy một lượt rồi dừng.")

    def handle(self, *args: Any, interval: float, once: bool, **options: Any) -> None:
        self.running = True

        def stop(signum: int, frame: FrameType | None) -> None:
            self.running = False

        # Signals can be caught only in the main thread; the previous handlers come back when the loop ends.
        previous: dict[signal.Signals, Any] = {}
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                previous[sig] = signal.signal(sig, stop)
        worker_id = f"khoagiao-{uuid.uuid4().hex[:8]}"
        aliases = database_backend_aliases()
        if not aliases:
            logger.warning("no database job backend: only the periodic schedule runs here")
        logger.info("job worker started", extra={"worker_id": worker_id, "backends": ",".join(aliases)})
        try:
            while self.running:
                close_old_connections()
                try:
                    schedule_due_jobs()
                    for alias in aliases:
                        self._run_ready_jobs(alias, worker_id)
                except Exception:
                    # The loop must outlive a broken job or a database hiccup: log the failure, try again.
                    logger.exception("job worker loop failed")
                if once:
                    break
                time.sleep(interval)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        logger.info("job worker stopped", extra={"worker_id": worker_id})

    def _run_ready_jobs(self, alias: str, worker_id: str) -> None:
        """Run every job ready now on the database queue `alias` (a failing job is recorded as failed)."""
        Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name=alias,
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        ).run()
