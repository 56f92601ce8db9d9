"""Two database roles on PostgreSQL: the owner that migrates, and the application's role that only works on rows.

The application (gunicorn, the task workers) connects as a role that owns
nothing: it reads and writes rows, may only INSERT and SELECT on the audit
trail, and only SELECT on the migration history. A flaw anywhere in Torju
(an injected statement, a stray `.delete()`) cannot alter or empty the
trail: the database refuses (and the trail's triggers refuse even its owner,
torju/audit/append_only.py). The owner role runs `migrate`, and the bulk
load of an empty register (`manage.py import_register` from the command
line), which sets indexes and constraints aside and needs ownership.

`grant_application_role` states the application role's privileges exactly;
`migrate` runs it when DATABASE_APPLICATION_ROLE names the role, so that the
tables of every new release are granted as well (docs/operations.md).
"""

from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from torju.audit.models import AuditEvent

READ_ONLY_TABLES = ("django_migrations",)


def grant_application_role(role: str, using: str = DEFAULT_DB_ALIAS) -> None:
    """Give `role` rows of every table of the schema, but only INSERT and SELECT on the audit trail.

    Run as the tables' owner (or a superuser). Idempotent: what the role had
    beyond this on the audit trail or the migration history is revoked.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        raise ValueError("database roles are PostgreSQL's: SQLite has no roles")
    quote = connection.ops.quote_name
    audit = quote(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone() is None:
            raise ValueError(f"there is no database role {role!r}: create it first (docs/operations.md)")
        cursor.execute("SELECT current_schema()")
        schema = quote(cursor.fetchone()[0])
        grantee = quote(role)
        cursor.execute(f"GRANT USAGE ON SCHEMA {schema} TO {grantee}")
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {grantee}")
        cursor.execute(f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {grantee}")
        cursor.execute(f"REVOKE ALL ON {audit} FROM {grantee}")
        cursor.execute(f"GRANT SELECT, INSERT ON {audit} TO {grantee}")
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [AuditEvent._meta.db_table])
        sequence = cursor.fetchone()[0]
        if sequence:
            cursor.execute(f"REVOKE UPDATE ON SEQUENCE {sequence} FROM {grantee}")  # no setval: ids only grow
        for table in READ_ONLY_TABLES:
            cursor.execute(f"REVOKE ALL ON {quote(table)} FROM {grantee}")
            cursor.execute(f"GRANT SELECT ON {quote(table)} TO {grantee}")


def grant_after_migrate(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """post_migrate receiver: the application role gets the privileges of the tables as they now are."""
    role = settings.DATABASE_APPLICATION_ROLE
    if role and using == DEFAULT_DB_ALIAS and connections[using].vendor == "postgresql":
        grant_application_role(role, using)
