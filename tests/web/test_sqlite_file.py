"""`make run`'s SQLite file shared by the web server and the task worker (docs/decisions/0123): a transaction that
read first and writes after another process wrote waits its turn instead of failing with "database is locked"."""

import threading
from pathlib import Path
from typing import Any

from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper

from tests.web.test_security import PRODUCTION_ENV, production_settings


def file_database_options(path: Path) -> dict[str, Any]:
    """The OPTIONS a production process (the demo's) gives an SQLite file."""
    databases = production_settings("DATABASES", env={**PRODUCTION_ENV, "DATABASE_URL": f"sqlite:///{path}"})
    options: dict[str, Any] = databases["DATABASES"]["default"]["OPTIONS"]  # type: ignore[index]
    return options


def opened(path: Path, options: dict[str, Any], alias: str) -> DatabaseWrapper:
    return DatabaseWrapper({**connection.settings_dict, "NAME": str(path), "OPTIONS": options}, alias=alias)


def begin(database: DatabaseWrapper) -> None:
    """BEGIN as Django's atomic() does on SQLite."""
    database.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def test_a_transaction_that_read_first_waits_for_the_other_process_s_write_instead_of_failing(
    tmp_path: Path, django_db_blocker: Any
) -> None:
    path = tmp_path / "torju.sqlite3"
    options = file_database_options(path)
    with django_db_blocker.unblock():
        two_processes_write(path, options)


def two_processes_write(path: Path, options: dict[str, Any]) -> None:
    server = opened(path, options, "server")
    with server.cursor() as cursor:
        cursor.execute("CREATE TABLE counted (n INTEGER)")
    failures: list[BaseException] = []

    def worker() -> None:  # the task worker: writes while the server's transaction is open
        other = opened(path, options, "worker")
        try:
            begin(other)
            with other.cursor() as cursor:
                cursor.execute("INSERT INTO counted VALUES (2)")
            other.commit()
        except BaseException as error:  # reported by the assertion below
            failures.append(error)
        finally:
            other.close()

    begin(server)
    with server.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM counted")  # read first
    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(1.0)  # deferred transactions: the worker has written and committed by now
    with server.cursor() as cursor:
        cursor.execute("INSERT INTO counted VALUES (1)")  # deferred: "database is locked" at once
    server.commit()
    server.set_autocommit(True)
    thread.join()
    assert failures == []
    with server.cursor() as cursor:
        cursor.execute("SELECT n FROM counted ORDER BY n")
        assert [row[0] for row in cursor.fetchall()] == [1, 2]
    server.close()
