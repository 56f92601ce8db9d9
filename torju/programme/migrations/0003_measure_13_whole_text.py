"""Measure 13 of the 2026–2027 plan gets its whole published text back.

Its last sentence, on funding, had been moved from the text into the
funding note, so the measure was not shown as the plan publishes it. A
database loaded from the corrected data file already has the whole text; a
database loaded before gets the sentence back at the end of the text. Only a
measure whose note is still that sentence is changed, so a correction made
in Torju is kept.
"""

from django.db import migrations

SLUG = "2026-2027"
NUMBER = 13
FUNDING_SENTENCE = (
    "Se lisättäisiin omana osiona THL:n sivuilla olevaan Lasten ja nuorten lastensuojeluoppaaseen, "
    "mikäli siihen saadaan rahoitus STM:stä."
)


def restore_whole_text(apps, schema_editor):
    measure_model = apps.get_model("programme", "Measure")
    for measure in measure_model.objects.filter(programme__slug=SLUG, number=NUMBER, funding_note=FUNDING_SENTENCE):
        if not measure.text_fi.rstrip().endswith(FUNDING_SENTENCE):
            measure.text_fi = f"{measure.text_fi.rstrip()} {FUNDING_SENTENCE}"
        measure.funding_note = ""
        measure.save(update_fields=["text_fi", "funding_note"])


class Migration(migrations.Migration):
    dependencies = [("programme", "0002_load_programme_2026_2027")]
    operations = [migrations.RunPython(restore_whole_text, migrations.RunPython.noop)]
