"""Direct identifiers encrypted at rest, key rotation, and the keyed hashes that find duplicates."""

import io
from datetime import date

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import IntegrityError
from pytest_django.fixtures import Settings

from torju.audit.models import Action, AuditEvent
from torju.register import crypto
from torju.register.models import DirectIdentifiers, Person

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


def test_round_trip_and_empty_values(settings: Settings) -> None:
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]
    token = crypto.encrypt("Äijälä-Öhman")
    assert token != "Äijälä-Öhman" and "Äijälä" not in token
    assert crypto.decrypt(token) == "Äijälä-Öhman"
    assert crypto.encrypt("Äijälä-Öhman") != token  # a fresh IV each time: equal values do not show
    assert crypto.encrypt("") == "" and crypto.decrypt("") == ""


def test_key_rotation_old_ciphertext_still_decrypts(settings: Settings) -> None:
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]
    old_token = crypto.encrypt("131052-308T")
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    assert crypto.decrypt(old_token) == "131052-308T"
    new_token = crypto.encrypt("131052-308T")
    rotated = crypto.reencrypt(old_token)
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    assert crypto.decrypt(new_token) == crypto.decrypt(rotated) == "131052-308T"
    with pytest.raises(crypto.InvalidToken):
        crypto.decrypt(old_token)


def test_keyed_hashes_normalise_and_depend_on_the_key(settings: Settings) -> None:
    assert crypto.hetu_hash(" 131052-308t") == crypto.hetu_hash("131052-308T")
    assert crypto.name_birth_hash("Anna  Maria", "VIRTANEN", date(1990, 1, 2)) == crypto.name_birth_hash(
        "anna maria", "Virtanen", date(1990, 1, 2)
    )
    assert crypto.name_birth_hash("Anna", "Mäki", date(1990, 1, 2)) != crypto.name_birth_hash(
        "Anna", "Maki", date(1990, 1, 2)
    )
    first = crypto.hetu_hash("131052-308T")
    settings.IDENTIFIER_HASH_KEY = "another key"
    assert crypto.hetu_hash("131052-308T") != first
    assert len(first) == 64


@pytest.mark.django_db
def test_identifiers_are_stored_encrypted_and_found_by_hash() -> None:
    person = Person(person_id="P1", role="victim", sex="F", nationality="FI", birth_date=date(1952, 10, 13))
    identifiers = DirectIdentifiers(
        first_names="Anna Maria", last_name="Virtanen", hetu="131052-308T", phone="+358 40 123 4567", address="Katu 1"
    )
    person.write_identifiers(identifiers)
    person.save()
    stored = Person.objects.values_list("first_names_encrypted", "last_name_encrypted", "hetu_encrypted").get()
    assert all(value and "Virtanen" not in value and "131052" not in value for value in stored)
    assert Person.objects.get().read_identifiers() == identifiers
    assert Person.objects.get(hetu_hash=crypto.hetu_hash("131052-308t")).person_id == "P1"
    assert (
        Person.objects.get(
            name_birth_hash=crypto.name_birth_hash("anna maria", "virtanen", date(1952, 10, 13))
        ).person_id
        == "P1"
    )
    twin = Person(person_id="P2", role="victim", sex="F", nationality="FI")
    twin.write_identifiers(DirectIdentifiers(hetu="131052-308T"))
    with pytest.raises(IntegrityError):
        twin.save()  # one person per identity code


@pytest.mark.django_db
def test_rotation_command_moves_every_identifier_to_the_new_key(settings: Settings) -> None:
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]
    person = Person(person_id="P1", role="victim", sex="F", nationality="FI")
    person.write_identifiers(DirectIdentifiers(first_names="Anna", hetu="131052-308T"))
    person.save()
    Person.objects.create(person_id="P2", role="victim", sex="M", nationality="FI")  # nothing to re-encrypt
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    stdout = io.StringIO()
    call_command("reencrypt_identifiers", stdout=stdout)
    assert "register.person: 1 rows re-encrypted" in stdout.getvalue()
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    assert Person.objects.get(person_id="P1").read_identifiers() == DirectIdentifiers(
        first_names="Anna", hetu="131052-308T"
    )
    assert AuditEvent.objects.filter(action=Action.UPDATE, object_type="register.key").exists()
