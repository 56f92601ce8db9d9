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
decrypts is visible in the code and can be audited.
"""

import hashlib
import hmac
import unicodedata
from datetime import date
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

from torju.register.hetu import normalise as normalise_hetu

__all__ = ["InvalidToken", "decrypt", "encrypt", "hetu_hash", "name_birth_hash", "reencrypt"]


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
