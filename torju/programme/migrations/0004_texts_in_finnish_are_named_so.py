"""The Finnish texts of a measure get the `_fi` suffix that the Swedish and English ones will sit beside.

Only the model's names change: the columns keep theirs (db_column), so the
data migrations before this one still run, with their historical models,
on the tables as they are now.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("programme", "0003_measure_13_whole_text")]
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RenameField("measure", "responsible_bodies_text", "responsible_bodies_text_fi"),
                migrations.AlterField(
                    "measure",
                    "responsible_bodies_text_fi",
                    models.TextField(
                        blank=True,
                        db_column="responsible_bodies_text",
                        verbose_name="responsible bodies as written in the plan",
                    ),
                ),
                migrations.RenameField("measure", "funding_note", "funding_note_fi"),
                migrations.AlterField(
                    "measure",
                    "funding_note_fi",
                    models.TextField(blank=True, db_column="funding_note", verbose_name="funding note in Finnish"),
                ),
            ],
            database_operations=[],
        )
    ]
