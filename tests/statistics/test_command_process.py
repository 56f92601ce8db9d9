"""`manage.py annual_statistics` as an administrator runs it: a process of its own, with the production settings,
on the SQLite file that DATABASE_URL names, prepared by the test (migrated, a small register imported)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from torju.actor import Actor
from torju.register.exchange import import_register
from torju.statistics.computation import annual_statistics
from torju.statistics.disclosure import OTHER, public_form

pytestmark = pytest.mark.django_db

EXCHANGE_FILES = {
    "persons.csv": (
        "person_id,role,sex,birth_date,nationality,parent_person_id,child_joined_on,child_left_on\n"
        "S1,victim,F,1990-04-01,NP,,,\n"
        "S2,victim,M,,SO,,,\n"
        "S3,victim,F,2009-01-01,FI,,,\n"
        "C1,child_of_victim,F,2015-02-01,NP,S1,2025-03-01,\n"
    ),
    "applications.csv": (
        "application_id,person_id,received_on,office,source,residence_status,decision,decided_on,"
        "negative_reason,clienthood_ended_on,end_reason\n"
        "A1,S1,2025-01-10,HEL,police,work_permit,positive,2025-02-01,,,\n"
        "A2,S2,2025-03-05,TRE,self,no_legal_residence,positive,2025-04-01,,2025-12-31,own_request\n"
        "A3,S3,2025-05-15,LPR,ngo,finnish_citizen,positive,2025-06-01,,,\n"
        "A4,S2,2024-01-15,HEL,self,unknown,negative,2024-02-01,not_trafficking,,\n"
    ),
    "exploitation.csv": (
        "event_id,application_id,form,is_primary,country,sector,began_on,ended_on\n"
        "E1,A1,forced_labour,true,FI,berry_farms,2024-06-01,2024-09-30\n"
        "E2,A1,sexual_exploitation,false,NP,,,\n"
        "E3,A2,forced_begging,true,SO,,,\n"
        "E4,A3,forced_criminality,true,FI,,,\n"
    ),
    "reflection_periods.csv": "application_id,granted_on,months\nA2,2025-03-10,3\n",
    "services.csv": "application_id,service,started_on,ended_on\nA1,counselling,2025-02-02,2025-06-30\n",
}


def manage(database: Path, tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """`manage.py` as its own process with the production settings, on the SQLite file `database`."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "torju.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "TORJU_DATA_DIR": str(tmp_path / "data"),
    }
    return subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *arguments],
        env=environment,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )


def test_the_command_as_a_process_prints_the_json_of_the_database_url_and_nothing_else(tmp_path: Path) -> None:
    folder = tmp_path / "register"
    folder.mkdir()
    for name, text in EXCHANGE_FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    database = tmp_path / "register.sqlite3"
    manage(database, tmp_path, "migrate", "--verbosity", "0")
    manage(database, tmp_path, "import_register", str(folder))

    exact = manage(database, tmp_path, "annual_statistics", "--year", "2025", "--k", "2")
    public = manage(database, tmp_path, "annual_statistics", "--year", "2025", "--public", "--k", "2")

    import_register(folder, actor=Actor.system("test"))  # the same register in the test's database, to compare with
    assert json.loads(exact.stdout) == annual_statistics(2025)
    assert json.loads(public.stdout) == public_form(annual_statistics(2025), 2)
    assert json.loads(exact.stdout)["new_clients"]["by_nationality"] == {"FI": 1, "NP": 1, "SO": 1}
    assert json.loads(public.stdout)["new_clients"]["by_nationality"] == {OTHER: 3}
    for run in (exact, public):
        assert run.stdout == json.dumps(json.loads(run.stdout), ensure_ascii=False, indent=2) + "\n"
        assert run.stderr == ""
