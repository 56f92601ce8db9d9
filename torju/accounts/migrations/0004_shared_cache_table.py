"""The table of the shared cache (CACHES, torju/shared_cache.py), where the throttles count.

`migrate` creates it, so that `make run`, the tests and every deployment have
it without a separate `createcachetable`. With Redis configured (TORJU_REDIS_URL)
there is no database cache and nothing is created; a deployment that moves
from Redis to the database cache runs `python manage.py createcachetable`.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_more_roles")]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
