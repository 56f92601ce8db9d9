"""Triggers that bump the register version of the earliest year a write to the register touches (see models.py).

PostgreSQL: one trigger per table and statement (INSERT, UPDATE, DELETE with
their transition tables, and TRUNCATE, which bumps the first year, so every
year); SQLite: one per table, event and row. Each adds one to the version of
the earliest year the changed rows touch (earlier years count as the first);
a year's figures depend on the versions of it and every year before it
(torju.statistics.snapshots), so one row changes per write, whatever the
number of years after it.
"""

from django.db import migrations

FIRST_YEAR, LAST_YEAR = 2006, 2200

# The earliest date the changed rows touch, per table, over a set of rows named ROWS.
EARLIEST_PG = {
    "register_application": "SELECT min(received_on) FROM ROWS",
    "register_reflectionperiod": "SELECT min(granted_on) FROM ROWS",
    "register_exploitationevent": (
        "SELECT min(a.received_on) FROM register_application a WHERE a.id IN (SELECT application_id FROM ROWS)"
    ),
    "register_person": (
        "SELECT min(day) FROM (SELECT child_joined_on AS day FROM ROWS UNION ALL SELECT a.received_on "
        "FROM register_application a WHERE a.person_id IN (SELECT id FROM ROWS)) AS days"
    ),
}
EARLIEST_SQLITE = {
    "register_application": "SELECT ROW.received_on",
    "register_reflectionperiod": "SELECT ROW.granted_on",
    "register_exploitationevent": "SELECT received_on FROM register_application WHERE id = ROW.application_id",
    "register_person": (
        "SELECT min(day) FROM (SELECT ROW.child_joined_on AS day UNION ALL SELECT received_on "
        "FROM register_application WHERE person_id = ROW.id)"
    ),
}


def _postgresql(table: str, earliest: str) -> str:
    """The trigger function and triggers of `table`; `earliest`: the query of the earliest date, over ROWS."""
    return f"""
CREATE FUNCTION statistics_bump_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    earliest date;
    other date;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        UPDATE statistics_registerversion SET version = version + 1 WHERE year = {FIRST_YEAR};
        RETURN NULL;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        {earliest.replace("ROWS", "new_rows")} INTO earliest;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        {earliest.replace("ROWS", "old_rows")} INTO other;
        earliest := least(earliest, other);
    END IF;
    IF earliest IS NOT NULL THEN
        UPDATE statistics_registerversion SET version = version + 1
        WHERE year = greatest(date_part('year', earliest)::integer, {FIRST_YEAR});
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER statistics_{table}_inserted AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_bump_{table}();
CREATE TRIGGER statistics_{table}_updated AFTER UPDATE ON {table}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION statistics_bump_{table}();
CREATE TRIGGER statistics_{table}_deleted AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_bump_{table}();
CREATE TRIGGER statistics_{table}_truncated AFTER TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION statistics_bump_{table}();
"""


def _sqlite(table: str, earliest: str) -> list[str]:
    """The triggers of `table`; `earliest`: the query of the earliest date, over the row ROW."""
    statements = []
    for event, rows in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",))):
        days = " UNION ALL ".join(f"SELECT ({earliest.replace('ROW', row)}) AS day" for row in rows)
        statements.append(
            f"""
CREATE TRIGGER statistics_{table}_{event.lower()} AFTER {event} ON {table} FOR EACH ROW BEGIN
    UPDATE statistics_registerversion SET version = version + 1
    WHERE year = (SELECT max(CAST(strftime('%Y', min(day)) AS INTEGER), {FIRST_YEAR}) FROM ({days}));
END;"""
        )
    return statements


def create_triggers(schema_editor, table, earliest_pg, earliest_sqlite):
    """The version triggers of `table` (also for later migrations that add tables)."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(_postgresql(table, earliest_pg))
    elif vendor == "sqlite":
        for statement in _sqlite(table, earliest_sqlite):
            schema_editor.execute(statement)


def drop_triggers(schema_editor, table):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for event in ("inserted", "updated", "deleted", "truncated"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS statistics_{table}_{event} ON {table}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS statistics_bump_{table}()")
    elif vendor == "sqlite":
        for event in ("insert", "update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS statistics_{table}_{event}")


def forwards(apps, schema_editor):
    RegisterVersion = apps.get_model("statistics", "RegisterVersion")
    RegisterVersion.objects.using(schema_editor.connection.alias).bulk_create(
        RegisterVersion(year=year, version=0) for year in range(FIRST_YEAR, LAST_YEAR + 1)
    )
    for table in EARLIEST_PG:
        create_triggers(schema_editor, table, EARLIEST_PG[table], EARLIEST_SQLITE[table])


def backwards(apps, schema_editor):
    for table in EARLIEST_PG:
        drop_triggers(schema_editor, table)


class Migration(migrations.Migration):
    dependencies = [
        ("statistics", "0001_snapshots"),
        ("register", "0005_undecided_index_in_list_order"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
