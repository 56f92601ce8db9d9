"""Settings for the test suite: production settings with test secrets.

Everything else (DEBUG off, CSP, second factor, throttling) stays as in
production, so the tests exercise what runs in production. The database
comes from DATABASE_URL (`make test` runs the suite on SQLite and PostgreSQL).
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-" + "x" * 50)
os.environ.setdefault("TORJU_FIELD_ENCRYPTION_KEY", "bGJbJH4o0lOtzkoaaXzG4Qx3MWTNHfs-DrNbeLbMrmw=")
os.environ.setdefault("TORJU_IDENTIFIER_HASH_KEY", "test-identifier-hash-key-" + "h" * 20)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# The live server of the browser tests speaks plain HTTP.
os.environ.setdefault("TORJU_SECURE_COOKIES", "0")
os.environ.setdefault("DATABASE_URL", "sqlite://")

from torju.settings import *  # noqa: F403

# Argon2 is deliberately slow; the tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files come from the app folders (no collectstatic before tests).
STATIC_ROOT = None  # type: ignore[assignment]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Django's test runner empties the tables between tests with `flush`, the audit trail's too
# (torju/audit/append_only.py); production settings turn this on in demo mode only.
AUDIT_TRAIL_ERASABLE = True
