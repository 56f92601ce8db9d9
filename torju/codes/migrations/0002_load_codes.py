"""Every migrated database has the code lists of codes.csv."""

from django.db import migrations


def load(apps, schema_editor):
    from torju.codes.services import load_codes

    load_codes(apps.get_model("codes", "Code"))


class Migration(migrations.Migration):
    dependencies = [("codes", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
