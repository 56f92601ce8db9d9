"""The audit trail is append-only in the database itself, and the one way past that for disposable databases.

Triggers (migrations 0002 and 0005) refuse every UPDATE of an audit row,
and every DELETE and (PostgreSQL) TRUNCATE of the trail, whoever connects:

- PostgreSQL: row triggers for UPDATE and DELETE and a statement trigger for
  TRUNCATE call `audit_event_refuse_change()`, which raises unless the
  transaction has set `torju.audit_trail_erasable` to `on` (DELETE and
  TRUNCATE only). In production the application's role may not even try
  (only INSERT and SELECT are granted, docs/operations.md); the switch
  matters to the owner role, i.e. `migrate` and the operator.
- SQLite: triggers refuse UPDATE always and DELETE unless the function
  `torju_audit_trail_erasable()` answers 1. Torju registers that function
  on each of its connections (it answers 1 only inside
  `erasable_audit_trail`); any other program that opens the file has no
  such function and its DELETE fails too.

The switch: `erasable_audit_trail()` lets the `flush` command (Django's,
extended in torju/audit/management/commands/flush.py) empty the trail. It is
honoured only with AUDIT_TRAIL_ERASABLE, which the settings derive from demo
mode alone (a demo reset) and the test settings set (Django's test runner
empties the tables between tests with `flush`). No environment variable
turns it on in production (tests/audit/test_append_only.py).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS, connections, transaction

SQLITE_FUNCTION = "torju_audit_trail_erasable"
POSTGRESQL_SETTING = "torju.audit_trail_erasable"

_erasing: ContextVar[bool] = ContextVar("torju_audit_trail_erasing", default=False)


def _answer_erasable() -> int:
    return 1 if _erasing.get() else 0


def register_sqlite_function(sender: Any, connection: Any, **kwargs: Any) -> None:
    """connection_created receiver: SQLite's triggers ask this function whether the switch is on."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 0, _answer_erasable, deterministic=False)


@contextmanager
def erasable_audit_trail(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Within this block (and its transaction), DELETE and TRUNCATE of the audit trail are let through.

    Refused (PermissionDenied) unless AUDIT_TRAIL_ERASABLE: production cannot
    turn it on. UPDATE stays refused: nothing ever rewrites a row.
    """
    if not settings.AUDIT_TRAIL_ERASABLE:
        raise PermissionDenied("the audit trail is append-only: erasing it is possible in demo mode and tests only")
    connection = connections[using]
    token = _erasing.set(True)
    try:
        with transaction.atomic(using=using):
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config(%s, 'on', true)", [POSTGRESQL_SETTING])
            yield
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config(%s, 'off', true)", [POSTGRESQL_SETTING])
    finally:
        _erasing.reset(token)
