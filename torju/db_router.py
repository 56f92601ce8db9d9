"""Reads from a PostgreSQL streaming replica, where one is configured (settings TORJU_REPLICA_DATABASE_URL).

The heavy reads (the register's exports and the computation of the
statistics and their releases) run inside `reading_from_replica()`, which
gives the alias to read from: "replica" when it is configured, else
"default". Everything else, and every write, goes to the primary, "default":
the audit entry of an export, the stored figures (YearSnapshot) and the
register versions that invalidate them are written there, so a replica that
lags behind yields figures stored with the older version, which the primary
already knows to be out of date (docs/decisions/0074-read-replica.md).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
_reading_from_replica: ContextVar[bool] = ContextVar("torju_reading_from_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def reading_from_replica() -> Iterator[str]:
    """The alias to read from in the block: the replica where configured, and reads of models routed there.

    Inside a transaction of the primary the block reads the primary: the
    caller's transaction must see its own writes.
    """
    if not replica_configured() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
        yield DEFAULT_DB_ALIAS
        return
    token = _reading_from_replica.set(True)
    try:
        yield REPLICA
    finally:
        _reading_from_replica.reset(token)


class ReplicaRouter:
    """Reads in `reading_from_replica()` from the replica; all writes, and every migration, on the primary."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        return REPLICA if _reading_from_replica.get() and replica_configured() else DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS  # also for an object read from the replica

    def allow_relation(self, first: Any, second: Any, **hints: Any) -> bool:
        return True  # the replica is a copy of the primary: their rows are the same rows

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db != REPLICA  # a streaming replica follows the primary's schema
