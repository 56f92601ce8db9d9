"""The audit trail refuses TRUNCATE on PostgreSQL, and UPDATE and DELETE on SQLite too.

PostgreSQL's TRUNCATE fires no row trigger: a statement trigger refuses it.
The refusing function lets DELETE and TRUNCATE through only in a transaction
that set `torju.audit_trail_erasable` (torju/audit/append_only.py: tests'
flush and a demo reset, never production). SQLite gets the triggers it
lacked; its DELETE asks the function Torju registers on its connections.

Note for later migrations: SQLite rebuilds a table for most column changes
and the rebuild drops these triggers; such a migration must create them
again (tests/audit/test_append_only.py fails otherwise).
"""

from django.db import migrations

POSTGRESQL_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'TRUNCATE') AND current_setting('torju.audit_trail_erasable', true) = 'on' THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NULL;
    END IF;
    RAISE EXCEPTION USING
        MESSAGE = 'the audit trail is append-only: ' || TG_OP || ' refused',
        ERRCODE = 'insufficient_privilege';
END;
$$;
"""
POSTGRESQL_TRUNCATE = """
CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();
"""
POSTGRESQL_OLD_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING
        MESSAGE = 'the audit trail is append-only: ' || TG_OP || ' refused',
        ERRCODE = 'insufficient_privilege';
END;
$$;
"""
SQLITE_TRIGGERS = [
    """
    CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent
    BEGIN
        SELECT RAISE(ABORT, 'the audit trail is append-only: UPDATE refused');
    END
    """,
    """
    CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
    WHEN torju_audit_trail_erasable() = 0
    BEGIN
        SELECT RAISE(ABORT, 'the audit trail is append-only: DELETE refused');
    END
    """,
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_FUNCTION)
        schema_editor.execute(POSTGRESQL_TRUNCATE)
    elif vendor == "sqlite":
        for statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent")
        schema_editor.execute(POSTGRESQL_OLD_FUNCTION)
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_throttled_action")]
    operations = [migrations.RunPython(forwards, backwards)]
