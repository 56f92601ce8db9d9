"""Exports and the statistics' computation read from a replica when one is configured (issue 17; PostgreSQL).

The test keeps a second database as a copy of the primary (pg_dump and
pg_restore, as a replica that has stopped following), then writes to the
primary only. With TORJU_REPLICA_DATABASE_URL naming the copy, the export
and the figures are those of the copy, while what they write (the export's
audit entry, the stored figures) lands on the primary; the figures stored
from the lagging copy carry its older register version, so the primary
knows them to be out of date and computes them anew once no replica is
named. Without the setting everything reads the primary.
"""

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from pytest_django.fixtures import Settings

from bench.generate_register import generate_register
from tests.factories import caseworker_at, new_application
from tests.processes import database_url
from tests.register.conftest import OPERATOR
from tests.web.test_backup_restore import manage, run
from torju.audit.models import Action, AuditEvent
from torju.register.exchange import import_register
from torju.statistics.models import YearSnapshot
from torju.statistics.snapshots import versions_of

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

YEAR = timezone.localdate().year - 1
FIGURES = (
    "import json; from torju.statistics.snapshots import figures_of_year; "
    f"print(json.dumps(figures_of_year({YEAR}).statistics, sort_keys=True))"
)


@pytest.fixture
def copy_name() -> Iterator[str]:
    name = f"{connection.settings_dict['NAME']}_replica"
    maintenance = f"--maintenance-db={database_url('postgres')}"
    run("dropdb", "--if-exists", "--force", maintenance, name)
    yield name
    run("dropdb", "--if-exists", "--force", maintenance, name)


def persons_exported(folder: Path, **replica: str) -> int:
    result = manage(database_url(), "export_register", str(folder), **replica)
    assert result.returncode == 0, result.stderr
    return len((folder / "persons.csv").read_text().splitlines()) - 1


def figures(database: str, **replica: str) -> object:
    result = manage(database, "shell", "--no-imports", "-c", FIGURES, **replica)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_exports_and_figures_read_the_replica_and_write_the_primary(
    tmp_path: Path, settings: Settings, copy_name: str
) -> None:
    settings.DATA_DIR = tmp_path / "data"
    generate_register(tmp_path / "generated", 200, seed=9)
    import_register(tmp_path / "generated", actor=OPERATOR)
    versions_of([YEAR])  # the years' version rows, as a running system has them (a flushed test database has none)
    dump = tmp_path / "primary.dump"
    run("pg_dump", "--format=custom", f"--file={dump}", database_url())
    run("createdb", f"--maintenance-db={database_url('postgres')}", copy_name)
    run("pg_restore", "--no-owner", f"--dbname={database_url(copy_name)}", str(dump))
    replica = {"TORJU_REPLICA_DATABASE_URL": database_url(copy_name)}

    # The primary moves on; the copy does not.
    new_application(caseworker_at("HEL"), first_names="Uusi", received_on=date(YEAR, 6, 1))
    exports = AuditEvent.objects.filter(action=Action.EXPORT, object_type="register").count()

    on_replica = persons_exported(tmp_path / "from-replica", **replica)
    on_primary = persons_exported(tmp_path / "from-primary")
    assert on_primary == on_replica + 1
    assert AuditEvent.objects.filter(action=Action.EXPORT, object_type="register").count() == exports + 2

    from_replica = figures(database_url(), **replica)
    assert from_replica == figures(database_url(copy_name))  # the copy's figures, as the copy itself has them
    stored = YearSnapshot.objects.get(year=YEAR)  # stored on the primary ...
    assert stored.version < versions_of([YEAR])[YEAR]  # ... as already out of date: the primary moved on
    from_primary = figures(database_url())
    assert from_primary != from_replica  # computed anew on the primary: the new application counts
    assert YearSnapshot.objects.get(year=YEAR).version == versions_of([YEAR])[YEAR]
