"""Every migrated database contains the published 2026–2027 programme (slug 2026-2027)."""

from django.db import migrations


def load(apps, schema_editor):
    from torju.accounts.services import load_organisations
    from torju.programme.programme_file.storing import PROGRAMME_2026_2027, read_programme_file, store_programme

    load_organisations(apps.get_model("accounts", "Organisation"))
    store_programme(read_programme_file(PROGRAMME_2026_2027), apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0001_initial"),
        ("accounts", "0002_load_organisations"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
