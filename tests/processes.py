"""Task workers and gunicorn servers as processes of their own, against the test database (PostgreSQL).

For the crash-safety, two-server and backup tests: each process gets the
test database's URL, the test's data folder and the tests' settings, in a
process group of its own so that it can be killed (SIGKILL) with its
children, as an operating system kills a process that ran out of memory.
"""

import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")


def database_url(name: str | None = None) -> str:
    """The URL of the test database (or of another database on the same server)."""
    config = connection.settings_dict
    user = quote(config["USER"] or "")
    password = f":{quote(config['PASSWORD'])}" if config["PASSWORD"] else ""
    # A Unix socket's folder as host is percent-encoded, as libpq and dj-database-url read it.
    host = quote(config["HOST"], safe="") if config["HOST"] else "localhost"
    port = f":{config['PORT']}" if config["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{name or config['NAME']}"


def environment(**extra: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url(),
        "TORJU_DATA_DIR": str(settings.DATA_DIR),
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def start(command: list[str], log: Path, **extra: str) -> subprocess.Popen[bytes]:
    with log.open("ab") as output:
        return subprocess.Popen(
            command, cwd=ROOT, env=environment(**extra), stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )


def start_worker(log: Path, **extra: str) -> subprocess.Popen[bytes]:
    """`manage.py task_worker` polling every 0.2 s."""
    return start(
        [PYTHON, "manage.py", "task_worker", "--no-startup-delay", "--no-reload", "--interval", "0.2"], log, **extra
    )


def kill(process: subprocess.Popen[bytes], how: signal.Signals = signal.SIGKILL) -> None:
    """The process and its children, at once (SIGKILL) or asked to stop (SIGTERM)."""
    if process.poll() is None:
        os.killpg(process.pid, how)
    process.wait(timeout=60)


@contextmanager
def running(process: subprocess.Popen[bytes]) -> Iterator[subprocess.Popen[bytes]]:
    try:
        yield process
    finally:
        kill(process, signal.SIGTERM if process.poll() is None else signal.SIGKILL)


def wait_until(check: Callable[[], Any], what: str, *, seconds: float = 120, log: Path | None = None) -> Any:
    """Poll `check` until it gives a true value; that value. Fails (with the log) after `seconds`."""
    deadline = time.monotonic() + seconds
    while not (found := check()):
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {seconds} s\n{log.read_text() if log else ''}")
        time.sleep(0.1)
    return found
