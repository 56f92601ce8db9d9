"""`make run`'s preparation (migrate + setup_demo) is safe to repeat, and demo-only."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from torju.demo.users import DEMO_USERS

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, data_dir: Path) -> str:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "torju.settings",
        "TORJU_DEMO_MODE": "1",
        "TORJU_DATA_DIR": str(data_dir),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_migrate_and_setup_demo_twice_duplicate_nothing(tmp_path: Path) -> None:
    manage("migrate", "--noinput", data_dir=tmp_path)
    first = manage("setup_demo", data_dir=tmp_path)
    assert "demo-caseworker" in first
    assert "shown once" in first
    caseworker_line = next(line for line in first.splitlines() if line.strip().startswith("demo-caseworker "))
    assert caseworker_line.rstrip().endswith("(HEL)")  # each user's organisation and office (issue 16)
    assert "Subject:" not in first and "Content-Type:" not in first  # no mail printed to the terminal
    manage("migrate", "--noinput", data_dir=tmp_path)
    second = manage("setup_demo", data_dir=tmp_path)
    assert "exist already" in second
    script = (
        "from torju.accounts.models import User, RoleGrant, Organisation; from torju.codes.models import Code; "
        "from torju.register.models import Person, WaitingForInformation; "
        "print(User.objects.count(), RoleGrant.objects.count(), Organisation.objects.filter(code='TEM').count(), "
        "Code.objects.count(), Person.objects.count(), Person.objects.filter(first_names_encrypted='').count(), "
        "WaitingForInformation.objects.filter(application__assigned_to__username='demo-caseworker').count())"
    )
    counts = manage("shell", "-c", script, data_dir=tmp_path).strip().splitlines()[-1].split()
    users = len(DEMO_USERS)
    grants = sum(len(demo.roles) for demo in DEMO_USERS)
    assert counts[:3] == [str(users), str(grants), "1"]  # every demo user once, each role granted once
    assert users >= 15 and grants >= 14
    assert int(counts[3]) > 60
    assert int(counts[4]) > 1000 and counts[5] == "0"  # the demo register, loaded once, every person named
    assert counts[6] == "2"  # two of the demo caseworker's cases wait for information
    assert "nothing was added" in second


@pytest.mark.django_db
def test_setup_demo_refuses_outside_demo_mode() -> None:
    with pytest.raises(CommandError, match="TORJU_DEMO_MODE"):
        call_command("setup_demo")
