"""The helpline's figures kept per year (HelplineSnapshot), and the helpline's tables bumping the register version.

A year's helpline figures count its contacts, the consultation cases opened
in it with their first contact, indicators and referrals, and the referrals
sent in it (torju.helpline.statistics). A write to any of those tables bumps
the register version of the earliest year its rows touch, as a write to the
register does (0002_register_triggers): the row's own date, and for a row of
a case (a contact, a referral, an indicator, a contact's forms and actions)
the date the case was opened, whose year counts the case. Times are stored
in UTC, so the year is UTC's: at most a few hours earlier than Finland's,
which bumps the year before at worst and so makes every later year out of
date too (a year's figures depend on the versions of every year up to it).
"""

from importlib import import_module

from django.db import migrations, models

_register_triggers = import_module("torju.statistics.migrations.0002_register_triggers")

# The earliest date the changed rows touch, per table, over a set of rows named ROWS (as 0002 has them).
EARLIEST_PG = {
    "helpline_consultationcase": (
        "SELECT min(day)::date FROM (SELECT opened_at AS day FROM ROWS UNION ALL SELECT closed_at FROM ROWS) AS days"
    ),
    "helpline_contact": (
        "SELECT min(day)::date FROM (SELECT contacted_at AS day FROM ROWS UNION ALL SELECT k.opened_at "
        "FROM helpline_consultationcase k WHERE k.id IN (SELECT case_id FROM ROWS)) AS days"
    ),
    "helpline_referral": (
        "SELECT min(day)::date FROM (SELECT sent_at AS day FROM ROWS UNION ALL SELECT k.opened_at "
        "FROM helpline_consultationcase k WHERE k.id IN (SELECT case_id FROM ROWS)) AS days"
    ),
    "helpline_contactexploitationform": (
        "SELECT min(day)::date FROM (SELECT c.contacted_at AS day FROM helpline_contact c "
        "WHERE c.id IN (SELECT contact_id FROM ROWS) UNION ALL SELECT k.opened_at FROM helpline_consultationcase k "
        "JOIN helpline_contact c ON c.case_id = k.id WHERE c.id IN (SELECT contact_id FROM ROWS)) AS days"
    ),
    "helpline_contactaction": (
        "SELECT min(day)::date FROM (SELECT c.contacted_at AS day FROM helpline_contact c "
        "WHERE c.id IN (SELECT contact_id FROM ROWS) UNION ALL SELECT k.opened_at FROM helpline_consultationcase k "
        "JOIN helpline_contact c ON c.case_id = k.id WHERE c.id IN (SELECT contact_id FROM ROWS)) AS days"
    ),
    "helpline_indicatortick": (
        "SELECT min(k.opened_at)::date FROM helpline_consultationcase k WHERE k.id IN (SELECT case_id FROM ROWS)"
    ),
}
# The same over the row ROW, for SQLite's row triggers.
EARLIEST_SQLITE = {
    "helpline_consultationcase": "SELECT min(day) FROM (SELECT ROW.opened_at AS day UNION ALL SELECT ROW.closed_at)",
    "helpline_contact": (
        "SELECT min(day) FROM (SELECT ROW.contacted_at AS day UNION ALL "
        "SELECT opened_at FROM helpline_consultationcase WHERE id = ROW.case_id)"
    ),
    "helpline_referral": (
        "SELECT min(day) FROM (SELECT ROW.sent_at AS day UNION ALL "
        "SELECT opened_at FROM helpline_consultationcase WHERE id = ROW.case_id)"
    ),
    "helpline_contactexploitationform": (
        "SELECT min(day) FROM (SELECT contacted_at AS day FROM helpline_contact WHERE id = ROW.contact_id "
        "UNION ALL SELECT k.opened_at FROM helpline_consultationcase k JOIN helpline_contact c ON c.case_id = k.id "
        "WHERE c.id = ROW.contact_id)"
    ),
    "helpline_contactaction": (
        "SELECT min(day) FROM (SELECT contacted_at AS day FROM helpline_contact WHERE id = ROW.contact_id "
        "UNION ALL SELECT k.opened_at FROM helpline_consultationcase k JOIN helpline_contact c ON c.case_id = k.id "
        "WHERE c.id = ROW.contact_id)"
    ),
    "helpline_indicatortick": "SELECT opened_at FROM helpline_consultationcase WHERE id = ROW.case_id",
}


def forwards(apps, schema_editor):
    for table in EARLIEST_PG:
        _register_triggers.create_triggers(schema_editor, table, EARLIEST_PG[table], EARLIEST_SQLITE[table])


def backwards(apps, schema_editor):
    for table in EARLIEST_PG:
        _register_triggers.drop_triggers(schema_editor, table)


class Migration(migrations.Migration):
    dependencies = [
        ("statistics", "0005_legal_path_snapshots"),
        ("helpline", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="HelplineSnapshot",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField(unique=True, verbose_name="year")),
                ("version", models.BigIntegerField(verbose_name="version of the register")),
                ("computed_at", models.DateTimeField(verbose_name="computed at")),
                ("figures", models.TextField(verbose_name="figures")),
            ],
            options={
                "verbose_name": "snapshot of a year's helpline figures",
                "verbose_name_plural": "snapshots of the years' helpline figures",
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
