"""Unconfirmed authenticator devices go: their secrets were shown to whoever opened the set-up page.

Enrolment now keeps the secret in the session that was shown it, with an
expiry, and saves a device only once confirmed (docs/decisions/0051). A
secret saved by the old set-up page could have been seen by someone else
(who then held a working second factor once the user confirmed it).
"""

from django.db import migrations


def forget_pending_secrets(apps, schema_editor):
    apps.get_model("otp_totp", "TOTPDevice").objects.filter(confirmed=False).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_shared_cache_table"), ("otp_totp", "0003_add_timestamps")]
    operations = [migrations.RunPython(forget_pending_secrets, migrations.RunPython.noop)]
