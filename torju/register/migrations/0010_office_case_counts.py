"""Each office's number of applications, kept by triggers on register_application (docs/decisions/0124).

The size of a large office's "all cases" list is then one row read, not a
count of its every case. PostgreSQL: one trigger function per statement
(with the transition tables, as the statistics' version triggers); an
update counts only the rows whose office changed, so that the many updates
of a case lock no count. SQLite: a trigger per row.
"""

from django.db import migrations, models

POSTGRESQL = """
CREATE FUNCTION register_count_office_cases() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM register_officecasecount;
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        UPDATE register_officecasecount counted SET applications = counted.applications - gone.n
        FROM (SELECT office, count(*) AS n FROM old_rows GROUP BY office) gone WHERE counted.office = gone.office;
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO register_officecasecount (office, applications)
        SELECT office, count(*) FROM new_rows GROUP BY office
        ON CONFLICT (office) DO UPDATE SET applications = register_officecasecount.applications + excluded.applications;
    ELSE
        UPDATE register_officecasecount counted SET applications = counted.applications - moved.n
        FROM (SELECT old_rows.office, count(*) AS n FROM old_rows JOIN new_rows USING (id)
              WHERE old_rows.office <> new_rows.office GROUP BY old_rows.office) moved
        WHERE counted.office = moved.office;
        INSERT INTO register_officecasecount (office, applications)
        SELECT new_rows.office, count(*) FROM old_rows JOIN new_rows USING (id)
        WHERE old_rows.office <> new_rows.office GROUP BY new_rows.office
        ON CONFLICT (office) DO UPDATE SET applications = register_officecasecount.applications + excluded.applications;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER register_office_cases_inserted AFTER INSERT ON register_application
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION register_count_office_cases();
CREATE TRIGGER register_office_cases_updated AFTER UPDATE ON register_application
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION register_count_office_cases();
CREATE TRIGGER register_office_cases_deleted AFTER DELETE ON register_application
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION register_count_office_cases();
CREATE TRIGGER register_office_cases_truncated AFTER TRUNCATE ON register_application
    FOR EACH STATEMENT EXECUTE FUNCTION register_count_office_cases();
"""

_ADD = (
    "INSERT INTO register_officecasecount (office, applications) VALUES ({row}.office, 1) "
    "ON CONFLICT (office) DO UPDATE SET applications = applications + 1;"
)
_REMOVE = "UPDATE register_officecasecount SET applications = applications - 1 WHERE office = {row}.office;"
SQLITE = [
    f"CREATE TRIGGER register_office_cases_insert AFTER INSERT ON register_application FOR EACH ROW BEGIN "
    f"{_ADD.format(row='NEW')} END;",
    f"CREATE TRIGGER register_office_cases_delete AFTER DELETE ON register_application FOR EACH ROW BEGIN "
    f"{_REMOVE.format(row='OLD')} END;",
    f"CREATE TRIGGER register_office_cases_update AFTER UPDATE OF office ON register_application FOR EACH ROW "
    f"WHEN OLD.office <> NEW.office BEGIN {_REMOVE.format(row='OLD')} {_ADD.format(row='NEW')} END;",
]
COUNT_EXISTING = (
    "INSERT INTO register_officecasecount (office, applications) "
    "SELECT office, count(*) FROM register_application GROUP BY office"
)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    schema_editor.execute(COUNT_EXISTING)
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL)
    elif vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for event in ("inserted", "updated", "deleted", "truncated"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS register_office_cases_{event} ON register_application")
        schema_editor.execute("DROP FUNCTION IF EXISTS register_count_office_cases()")
    elif vendor == "sqlite":
        for event in ("insert", "delete", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS register_office_cases_{event}")


class Migration(migrations.Migration):
    dependencies = [
        ("register", "0009_waiting_for_information"),
    ]

    operations = [
        migrations.CreateModel(
            name="OfficeCaseCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("office", models.CharField(max_length=80, unique=True)),
                ("applications", models.BigIntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("applications__gte", 0)), name="office_case_count_not_negative"
                    )
                ],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
