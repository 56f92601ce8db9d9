"""Backup and restore as docs/operations.md ("Backups") tells it (issue 17; PostgreSQL, processes).

The register is dumped with pg_dump, restored with pg_restore into a new
database, and the restored system, with the kept keys, gives the same
annual statistics, the same register export and every identifier
decrypted. The dump alone (without the keys, kept apart from it) reveals no
identifier, and the restored database with other keys opens none.
"""

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.db import connection
from django.utils import timezone
from pytest_django.fixtures import Settings

from bench.generate_register import generate_register
from tests.factories import caseworker_at, new_application
from tests.processes import PYTHON, ROOT, database_url, environment
from tests.register.conftest import OPERATOR
from torju.register.exchange import import_register

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

HETU = "131052-308T"
NAMES = ("Ainomarja", "Varmuuskopio")
PHONE = "+358401234567"
IDENTIFIERS = """
import json
from torju.register.models import Person
print(json.dumps(sorted(
    [person.person_id, *map(str, vars(person.read_identifiers()).values())] for person in Person.objects.all()
)))
"""


def manage(database: str, *arguments: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "manage.py", *arguments],
        cwd=ROOT,
        env=environment(DATABASE_URL=database, **extra),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def output(database: str, *arguments: str) -> str:
    result = manage(database, *arguments)
    assert result.returncode == 0, result.stderr
    return result.stdout


def run(*command: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stderr


@pytest.fixture
def restored_name() -> Iterator[str]:
    name = f"{connection.settings_dict['NAME']}_restored"
    run("dropdb", "--if-exists", "--force", f"--maintenance-db={database_url('postgres')}", name)
    yield name
    run("dropdb", "--if-exists", "--force", f"--maintenance-db={database_url('postgres')}", name)


def exported(database: str, folder: Path) -> dict[str, bytes]:
    output(database, "export_register", str(folder))
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_a_dump_restored_into_a_new_database_is_the_same_register_and_reveals_nothing_without_the_keys(
    tmp_path: Path, settings: Settings, restored_name: str
) -> None:
    settings.DATA_DIR = tmp_path / "data"
    generate_register(tmp_path / "generated", 300, seed=5)
    import_register(tmp_path / "generated", actor=OPERATOR)
    new_application(
        caseworker_at("HEL"), first_names=NAMES[0], last_name=NAMES[1], hetu=HETU, phone=PHONE, birth_date=None
    )
    original = database_url()
    restored = database_url(restored_name)

    dump = tmp_path / "torju.dump"
    run("pg_dump", "--format=custom", f"--file={dump}", original)
    run("createdb", f"--maintenance-db={database_url('postgres')}", restored_name)
    run("pg_restore", "--no-owner", f"--dbname={restored}", str(dump))

    year = str(timezone.localdate().year - 1)
    assert output(restored, "annual_statistics", "--year", year) == output(
        original, "annual_statistics", "--year", year
    )
    assert exported(restored, tmp_path / "restored") == exported(original, tmp_path / "original")
    identifiers = json.loads(output(restored, "shell", "--no-imports", "-c", IDENTIFIERS))
    assert identifiers == json.loads(output(original, "shell", "--no-imports", "-c", IDENTIFIERS))
    assert len(identifiers) > 300
    assert any(HETU in person and NAMES[0] in person and PHONE in person for person in identifiers)

    # Without the keys: the dump's text holds no identifier, and other keys open none.
    text = subprocess.run(["pg_restore", "--file=-", str(dump)], capture_output=True, check=True).stdout
    assert b"COPY public.register_person" in text
    for secret in (HETU, *NAMES, PHONE):
        assert secret.encode() not in text
    other_keys = manage(
        restored, "shell", "--no-imports", "-c", IDENTIFIERS, TORJU_FIELD_ENCRYPTION_KEY=Fernet.generate_key().decode()
    )
    assert other_keys.returncode != 0 and "InvalidToken" in other_keys.stderr
    assert HETU not in other_keys.stdout
