"""Key rotation leaves nothing behind (issue 10, hole 8).

Every encrypted column is re-encrypted (found, not listed), the identifier
hash key can be changed with a re-hash, both go on after an interruption, and
a missing or malformed key stops the process at start-up.
"""

import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from pytest_django.fixtures import Settings

from tests.factories import caseworker_at, decided_application, decision_maker_at, new_application
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.register import crypto, services
from torju.register.models import KeyRotationRun, Person, ServiceNeedsAssessment

ROOT = Path(__file__).resolve().parents[2]
OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()
NOTES = "Asuu sisarensa luona Kalliossa; pelkää entistä työnantajaa."


def assessed_client() -> ServiceNeedsAssessment:
    caseworker = caseworker_at("HEL")
    case = decided_application(caseworker, decision_maker_at("HEL"), hetu="131052-308T", birth_date=None)
    return services.record_needs_assessment(
        actor=Actor.for_user(caseworker),
        application=case,
        person_id=case.person_id,
        assessed_on=date.today(),
        needs=[],
        notes=NOTES,
    )


def test_every_encrypted_column_of_every_app_is_found() -> None:
    found = {model._meta.label_lower: fields for model, fields in crypto.encrypted_fields()}
    assert found["register.serviceneedsassessment"] == ("notes_encrypted",)
    assert set(found["register.person"]) >= {"first_names_encrypted", "hetu_encrypted", "address_encrypted"}
    every = {
        (model._meta.label_lower, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.name.endswith("_encrypted")
    }
    assert every == {(label, name) for label, names in found.items() for name in names}


@pytest.mark.django_db
def test_rotation_moves_the_needs_assessments_notes_to_the_new_key_too(settings: Settings) -> None:
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]
    assessment = assessed_client()
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    stdout = io.StringIO()
    call_command("reencrypt_identifiers", stdout=stdout)
    assert "register.serviceneedsassessment: 1 rows re-encrypted" in stdout.getvalue()
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]  # the old key removed: a leaked old key opens nothing
    assessment.refresh_from_db()
    assert assessment.read_notes() == NOTES
    assert Person.objects.get(pk=assessment.person_id).read_identifiers().hetu == "131052-308T"
    with pytest.raises(crypto.InvalidToken):
        Fernet(OLD_KEY.encode()).decrypt(assessment.notes_encrypted.encode())


@pytest.mark.django_db
def test_an_interrupted_rotation_goes_on_where_it_stopped(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]
    caseworker = caseworker_at("HEL")
    for number in range(5):
        new_application(caseworker, first_names=f"Nimi{number}")
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    real = crypto.reencrypt
    calls = {"count": 0}

    def failing_in_the_third_batch(token: str) -> str:
        calls["count"] += 1
        if calls["count"] > 2 * 2 * 5:  # two batches of two persons, five columns each
            raise OSError("the server went down")
        return real(token)

    monkeypatch.setattr(crypto, "reencrypt", failing_in_the_third_batch)
    actor = Actor.system("test operator")
    with pytest.raises(OSError, match="went down"):
        services.reencrypt_identifiers(actor=actor, batch_size=2)
    run = KeyRotationRun.objects.get(task="reencrypt")
    assert run.rows == {"register.person": 4} and run.finished_at is None
    done_first = Person.objects.filter(pk__lte=run.position["register.person"]).order_by("pk")
    assert all(crypto.encrypted_under_current_key(person.first_names_encrypted) for person in done_first)
    monkeypatch.setattr(crypto, "reencrypt", real)
    result = services.reencrypt_identifiers(actor=actor, batch_size=2)
    assert result.resumed and result.rows["register.person"] == 1, "only the rest"
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    assert sorted(person.read_identifiers().first_names for person in Person.objects.all()) == [
        f"Nimi{number}" for number in range(5)
    ]
    assert KeyRotationRun.objects.get(task="reencrypt").finished_at is not None
    event = AuditEvent.objects.get(action=Action.UPDATE, object_type="register.key")
    changes = dict(event.changes or {})
    rows = changes.pop("rows")
    assert changes == {"resumed": True, "rows_in_all_runs": {"register.person": 5}}
    # Every model with an encrypted field is in the run (other apps' too, e.g. the legal path's disclosures);
    # here only persons have rows.
    assert rows["register.person"] == 1 and "register.serviceneedsassessment" in rows
    assert all(count == 0 for table, count in rows.items() if table != "register.person")
    again = services.reencrypt_identifiers(actor=actor, batch_size=2)
    assert not again.resumed and again.rows["register.person"] == 5, "a finished run is not resumed"


@pytest.mark.django_db
def test_the_rehash_command_makes_the_persons_findable_under_a_new_hash_key(settings: Settings) -> None:
    caseworker = caseworker_at("HEL")
    new_application(caseworker, hetu="131052-308T", birth_date=None, first_names="Anna", last_name="Virtanen")
    settings.IDENTIFIER_HASH_KEY = "a new identifier hash key, " + "k" * 20
    assert not Person.objects.filter(hetu_hash=crypto.hetu_hash("131052-308T")).exists()
    stdout = io.StringIO()
    call_command("rehash_identifiers", "--batch-size", "1", stdout=stdout)
    assert "register.person: 1 rows re-hashed" in stdout.getvalue()
    person = Person.objects.get(hetu_hash=crypto.hetu_hash("131052-308T"))
    assert person.name_birth_hash == crypto.name_birth_hash("anna", "virtanen", date(1952, 10, 13))
    assert KeyRotationRun.objects.get(task="rehash").key_fingerprint == crypto.hash_key_fingerprint()
    assert AuditEvent.objects.filter(object_type="register.key", object_id="rehash").count() == 1


@pytest.mark.parametrize(
    ("keys", "hash_key", "message"),
    [
        ([], "h" * 40, "missing"),
        (["not a fernet key"], "h" * 40, "key 1 of 1 is not a Fernet key"),
        ([NEW_KEY, NEW_KEY[:-4]], "h" * 40, "key 2 of 2 is not a Fernet key"),
        ([NEW_KEY, NEW_KEY], "h" * 40, "the same key twice"),
        ([NEW_KEY], "short", "at least 32 characters"),
    ],
)
def test_bad_keys_are_named_without_showing_them(
    settings: Settings, keys: list[str], hash_key: str, message: str
) -> None:
    settings.FIELD_ENCRYPTION_KEYS = keys
    settings.IDENTIFIER_HASH_KEY = hash_key
    with pytest.raises(ImproperlyConfigured, match=message) as refused:
        crypto.check_keys()
    assert all(key not in str(refused.value) for key in keys if key)


@pytest.mark.parametrize(
    ("variable", "value"),
    [("TORJU_FIELD_ENCRYPTION_KEY", "tämä ei ole avain"), ("TORJU_IDENTIFIER_HASH_KEY", "lyhyt")],
)
def test_a_malformed_key_stops_the_start_up(variable: str, value: str) -> None:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", variable: value}
    started = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert started.returncode != 0 and "started" not in started.stdout
    assert "ImproperlyConfigured" in started.stderr and variable in started.stderr
    assert value not in started.stderr
