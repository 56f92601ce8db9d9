"""The legal path's counted tables bump the register version (docs/decisions/0094).

The client category of an application changes the annual figures (an assisting person is not counted as a
victim), and the category, the criminal process and the residence permits change the legal path's figures, kept
as snapshots of their own: a write to any of them bumps the register version of the year the application was
received, as a write to an exploitation event does (0002_register_triggers)."""

from importlib import import_module

from django.db import migrations

TABLES = ("legalpath_applicantcategory", "legalpath_criminalmatter", "legalpath_residencepermit")
EARLIEST_PG = "SELECT min(a.received_on) FROM register_application a WHERE a.id IN (SELECT application_id FROM ROWS)"
EARLIEST_SQLITE = "SELECT received_on FROM register_application WHERE id = ROW.application_id"

_register_triggers = import_module("torju.statistics.migrations.0002_register_triggers")


def forwards(apps, schema_editor):
    for table in TABLES:
        _register_triggers.create_triggers(schema_editor, table, EARLIEST_PG, EARLIEST_SQLITE)


def backwards(apps, schema_editor):
    for table in TABLES:
        _register_triggers.drop_triggers(schema_editor, table)


class Migration(migrations.Migration):
    dependencies = [
        ("statistics", "0003_releases"),
        ("legalpath", "0003_child_safeguards_imported"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
