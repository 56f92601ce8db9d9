"""External identifiers compare byte by byte on PostgreSQL (collation "C").

Identifiers are opaque: a linguistic collation (fi_FI.UTF-8, say) gives them
no meaning, sorts them differently from the export's code-point order, and
makes every comparison in their unique indexes slower. SQLite compares text
byte by byte already. The fields do not declare the collation (Django would
then ask SQLite for a "C" collation it does not have); an AlterField of
these columns must keep COLLATE "C" by hand.
"""

from django.db import migrations

COLUMNS = [
    ("register_person", "person_id", 64),
    ("register_application", "application_id", 64),
    ("register_application", "case_number", 24),
    ("register_exploitationevent", "event_id", 64),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table, column, length in COLUMNS:
            schema_editor.execute(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE varchar({length}) COLLATE "C"')


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table, column, length in COLUMNS:
            schema_editor.execute(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE varchar({length}) COLLATE "default"')


class Migration(migrations.Migration):
    dependencies = [("register", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
