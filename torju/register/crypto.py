"""Encryption of direct identifiers at rest, and keyed hashes to find them again.

Names, the personal identity code and contact details are stored only as
Fernet tokens (AES-128-CBC with HMAC-SHA256, the cryptography package's
authenticated recipe). `settings.FIELD_ENCRYPTION_KEYS` is a list: the first
key encrypts, every key decrypts, so a key is rotated by putting the new one
first and running `manage.py reencrypt_identifiers` (`reencrypt`) before the
old one is removed.

A ciphertext cannot be searched, so duplicates are found with keyed hashes
(HMAC-SHA256 under `settings.IDENTIFIER_HASH_KEY`) of a normalised form: equal
identifiers give equal hashes, and without the key a hash cannot be tested
against guessed identity codes, of which there are only a few million per year.

Explicit functions rather than a custom model field: every place that
decrypts is visible in the code and can be audited. A column that holds
tokens is named `<something>_encrypted`: that is how the key rotation finds
every one of them (`encrypted_fields`), in every app, so that a column added
later is rotated too.

Both keys are checked when the process starts (`check_keys`, from the
register's AppConfig.ready): a missing or malformed key stops the start-up,
never the first request that needs it.
"""

import binascii
import hashlib
import hmac
import unicodedata
from datetime import date
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model

from torju.register.hetu import normalise as normalise_hetu

__all__ = [
    "InvalidToken",
    "check_keys",
    "decrypt",
    "encrypt",
    "encrypted_fields",
    "encryption_key_fingerprint",
    "hash_key_fingerprint",
    "hetu_hash",
    "name_birth_hash",
    "reencrypt",
]

ENCRYPTED_SUFFIX = "_encrypted"
MIN_HASH_KEY_LENGTH = 32


def check_keys() -> None:
    """ImproperlyConfigured unless every encryption key is a Fernet key and the hash key is long enough.

    Names the setting and the position of a bad key, never the key.
    """
    keys = list(getattr(settings, "FIELD_ENCRYPTION_KEYS", []))
    if not keys or not all(isinstance(key, str) and key.strip() for key in keys):
        raise ImproperlyConfigured("TORJU_FIELD_ENCRYPTION_KEY is missing or has an empty entry")
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key.encode("ascii"))
        except (ValueError, UnicodeEncodeError, binascii.Error) as error:
            raise ImproperlyConfigured(
                f"TORJU_FIELD_ENCRYPTION_KEY: key {position} of {len(keys)} is not a Fernet key "
                "(32 bytes in URL-safe base64, e.g. from Fernet.generate_key())"
            ) from error
    if len(set(keys)) != len(keys):
        raise ImproperlyConfigured("TORJU_FIELD_ENCRYPTION_KEY lists the same key twice")
    hash_key = getattr(settings, "IDENTIFIER_HASH_KEY", "")
    if not isinstance(hash_key, str) or len(hash_key.strip()) < MIN_HASH_KEY_LENGTH:
        raise ImproperlyConfigured(f"TORJU_IDENTIFIER_HASH_KEY must have at least {MIN_HASH_KEY_LENGTH} characters")


def encrypted_fields() -> list[tuple[type[Model], tuple[str, ...]]]:
    """Every model with token columns (named `*_encrypted`), and those columns: what a key rotation rewrites."""
    found = []
    for model in apps.get_models():
        names = tuple(field.name for field in model._meta.concrete_fields if field.name.endswith(ENCRYPTED_SUFFIX))
        if names and not model._meta.proxy:
            found.append((model, names))
    return sorted(found, key=lambda entry: entry[0]._meta.label)


def _fingerprint(purpose: str, key: str) -> str:
    """Names a key without revealing it (a hash of a random key): which key a rotation run moves to."""
    return hashlib.sha256(f"torju-key-fingerprint\x00{purpose}\x00{key}".encode()).hexdigest()[:16]


def encryption_key_fingerprint() -> str:
    """Of the key that encrypts now (the first)."""
    return _fingerprint("fernet", settings.FIELD_ENCRYPTION_KEYS[0])


def hash_key_fingerprint() -> str:
    return _fingerprint("hmac", settings.IDENTIFIER_HASH_KEY)


def encrypted_under_current_key(token: str) -> bool:
    """Whether the first key opens the token (an empty value counts as done)."""
    if not token:
        return True
    try:
        Fernet(settings.FIELD_ENCRYPTION_KEYS[0].encode("ascii")).decrypt(token.encode("ascii"))
    except InvalidToken:
        return False
    return True


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode("ascii")) for key in keys])


def _current() -> MultiFernet:
    """Built from the settings on each call (cached per key list), so that a changed setting takes effect."""
    keys = tuple(settings.FIELD_ENCRYPTION_KEYS)
    if not keys:
        raise RuntimeError("FIELD_ENCRYPTION_KEYS is empty")
    return _fernet(keys)


def encrypt(plaintext: str) -> str:
    """The token of a value; the empty string stays empty (nothing recorded)."""
    if not plaintext:
        return ""
    return _current().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """The plaintext; InvalidToken when no configured key opens the token."""
    if not token:
        return ""
    return _current().decrypt(token.encode("ascii")).decode("utf-8")


def reencrypt(token: str) -> str:
    """The same value under the first (current) key: the step of a key rotation."""
    if not token:
        return ""
    return _current().rotate(token.encode("ascii")).decode("ascii")


def _keyed_hash(purpose: str, value: str) -> str:
    # The purpose prefix keeps the two hashes apart: a name can never match an identity code.
    message = f"{purpose}\x00{value}".encode()
    return hmac.new(settings.IDENTIFIER_HASH_KEY.encode("utf-8"), message, hashlib.sha256).hexdigest()


def hetu_hash(hetu: str) -> str:
    return _keyed_hash("hetu", normalise_hetu(hetu))


def normalise_name(name: str) -> str:
    """Compatibility-normalised, case-folded, single-spaced.

    Diacritics are kept: in Finnish ä and a are different letters, and
    "Mäki" and "Maki" are different people.
    """
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def name_birth_hash(first_names: str, last_name: str, birth_date: date) -> str:
    """The hash that finds a person registered before under the same name and birth date."""
    full_name = f"{normalise_name(first_names)}\x00{normalise_name(last_name)}"
    return _keyed_hash("name-birth", f"{full_name}\x00{birth_date.isoformat()}")
