"""`manage.py task_worker`: django-tasks' database worker that also fails the jobs of workers that died.

It takes every option of `db_worker`. When it starts, and then every
settings.JOB_HEARTBEAT_SECONDS from a thread of its own, it fails the
running jobs (register imports, documents) whose lease has run out
(torju/leases.py), so that a job whose worker was killed is marked failed
even when no new job comes: run any number of these, on any machine.
"""

import logging
import threading
from typing import Any

from django.conf import settings
from django.db import connection
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from torju import leases

logger = logging.getLogger(__name__)


def _fail_expired_every(interval: float, stop: threading.Event) -> None:
    try:
        while not stop.wait(interval):
            try:
                leases.fail_expired()
            except Exception:  # the worker must not lose its reaper to one bad round
                logger.exception("failing the expired jobs")
    finally:
        connection.close()


class Command(DatabaseWorkerCommand):
    help = "Run the background task worker; fail the jobs whose worker died (their lease ran out)"

    def handle(self, *args: Any, **options: Any) -> None:
        failed = leases.fail_expired()
        if failed:
            logger.warning("failed %s jobs whose worker had died", failed)
        stop = threading.Event()
        reaper = threading.Thread(
            target=_fail_expired_every, args=(settings.JOB_HEARTBEAT_SECONDS, stop), name="lease-reaper", daemon=True
        )
        reaper.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
