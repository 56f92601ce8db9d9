"""Every migrated database has the ministries, agencies and assistance offices."""

from django.db import migrations


def load(apps, schema_editor):
    from torju.accounts.services import load_organisations

    load_organisations(apps.get_model("accounts", "Organisation"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
