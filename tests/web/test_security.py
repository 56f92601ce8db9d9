"""Security settings: CSP, cookies, CSRF, session idle timeout, check --deploy."""

import json
import os
import shutil
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import signed_in_client
from tests.factories import TEST_PASSWORD, user_with_role
from torju.accounts.models import Role
from torju.audit.models import Action, AuditEvent
from torju.web.middleware import SESSION_REFRESHED_KEY

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    "DJANGO_SETTINGS_MODULE": "torju.settings",
    "DJANGO_SECRET_KEY": "a-production-like-secret-key-" + "k9Xq2" * 12,
    "TORJU_FIELD_ENCRYPTION_KEY": "bGJbJH4o0lOtzkoaaXzG4Qx3MWTNHfs-DrNbeLbMrmw=",
    "TORJU_IDENTIFIER_HASH_KEY": "a-production-like-hash-key-" + "Zq81" * 8,
    "DJANGO_ALLOWED_HOSTS": "torju.example.fi",
    "DATABASE_URL": "sqlite:///:memory:",
}


def production_settings(*names: str, env: dict[str, str] | None = None) -> dict[str, object]:
    """Read settings as a production process (no test overrides) sees them."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {list(names)!r}}}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env or PRODUCTION_ENV, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    loaded: dict[str, object] = json.loads(result.stdout)
    return loaded


def test_production_cookies_are_secure_and_http_only() -> None:
    values = production_settings(
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "LANGUAGE_COOKIE_SECURE",
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "PASSWORD_HASHERS",
    )
    assert values["DEBUG"] is False
    for name in ("SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_SECURE", "CSRF_COOKIE_HTTPONLY"):
        assert values[name] is True, name
    assert values["LANGUAGE_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["PASSWORD_HASHERS"][0].endswith("Argon2PasswordHasher")  # type: ignore[index]


# Run by a production process (no test overrides): sign in over HTTPS and switch the language, printing
# the Set-Cookie headers of the real responses: the CSRF cookie of the sign-in page, the session cookie of
# the sign-in, the language cookie of the switch.
COOKIE_PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.test.utils import override_settings
from torju.accounts.services import create_user
# The manifest of hashed static file names is made by collectstatic; static files set no cookies.
override_settings(
    STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
).enable()
create_user(username="probe", password="a long enough probe password", roles=[], organisation=None)
client = Client(HTTP_HOST=HOST)
responses = [
    client.get("/accounts/login/", secure=True),
    client.post(
        "/accounts/login/", {"username": "probe", "password": "a long enough probe password"}, secure=True
    ),
    client.post("/language/", {"language": "sv", "next": "/"}, secure=True),
]
print(json.dumps({
    "statuses": [response.status_code for response in responses],
    "cookies": {
        name: morsel.OutputString()
        for response in responses
        for name, morsel in response.cookies.items()
        if morsel.value
    },
}))
"""


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file; each probe works on a copy of it."""
    database = tmp_path_factory.mktemp("migrated") / "torju.sqlite3"
    env = {**PRODUCTION_ENV, "DATABASE_URL": f"sqlite:///{database}"}
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return database


def cookies_set(env: dict[str, str], host: str, database: Path, workdir: Path) -> dict[str, dict[str, str]]:
    """The attributes of each cookie a production process sets, lower-cased (flags map to "")."""
    copy = workdir / "probe.sqlite3"
    shutil.copyfile(database, copy)
    env = {**env, "DATABASE_URL": f"sqlite:///{copy}"}
    result = subprocess.run(
        [sys.executable, "-c", f"HOST = {host!r}\n{COOKIE_PROBE}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["statuses"] == [200, 302, 302], probe
    cookies = {}
    for name, header in probe["cookies"].items():
        _value, *attributes = (part.strip() for part in header.split(";"))
        cookies[name] = {
            key.lower(): value for key, _sep, value in (attribute.partition("=") for attribute in attributes)
        }
    return cookies


def test_production_responses_set_secure_http_only_same_site_cookies(migrated_database: Path, tmp_path: Path) -> None:
    cookies = cookies_set(PRODUCTION_ENV, "torju.example.fi", migrated_database, tmp_path)
    assert set(cookies) == {"csrftoken", "sessionid", "django_language"}
    for name, attributes in cookies.items():
        assert "secure" in attributes, f"{name} is sent over plain HTTP too"
        assert "httponly" in attributes, f"{name} is readable by scripts"
        assert attributes.get("samesite") == "Lax", name
        assert attributes.get("path") == "/", name
    # The session ends with the browser (and after 30 idle minutes on the server), never later.
    assert "expires" not in cookies["sessionid"] and "max-age" not in cookies["sessionid"]


def test_demo_mode_cookies_lack_only_secure(migrated_database: Path, tmp_path: Path) -> None:
    """Demo mode serves plain HTTP on 127.0.0.1 (docs/decisions/0010-foundation-audit-gaps.md): only Secure goes."""
    env = {
        "PATH": PRODUCTION_ENV["PATH"],
        "DJANGO_SETTINGS_MODULE": "torju.settings",
        "TORJU_DEMO_MODE": "1",
        "TORJU_DATA_DIR": str(tmp_path),
    }
    cookies = cookies_set(env, "127.0.0.1", migrated_database, tmp_path)
    assert set(cookies) == {"csrftoken", "sessionid", "django_language"}
    for name, attributes in cookies.items():
        assert "secure" not in attributes, name
        assert "httponly" in attributes and attributes.get("samesite") == "Lax", name


def test_session_expires_after_thirty_idle_minutes_by_settings() -> None:
    values = production_settings("SESSION_COOKIE_AGE", "SESSION_REFRESH_SECONDS", "MIDDLEWARE")
    assert (values["SESSION_COOKIE_AGE"], values["SESSION_REFRESH_SECONDS"]) == (1800, 60)
    middleware: list[str] = values["MIDDLEWARE"]  # type: ignore[assignment]
    # Right after SessionMiddleware, which saves what it marks as changed.
    assert middleware.index("torju.web.middleware.SessionRefreshMiddleware") == (
        middleware.index("django.contrib.sessions.middleware.SessionMiddleware") + 1
    )


def test_check_deploy_is_clean_with_production_settings() -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=PRODUCTION_ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "TORJU_FIELD_ENCRYPTION_KEY", "TORJU_IDENTIFIER_HASH_KEY"])
def test_start_up_fails_closed_without_secrets(missing: str) -> None:
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def test_demo_mode_generates_and_keeps_its_secrets(tmp_path: Path) -> None:
    env = {
        **{
            key: value
            for key, value in PRODUCTION_ENV.items()
            if key.startswith(("PATH", "DJANGO_SETTINGS", "DATABASE"))
        },
        "TORJU_DEMO_MODE": "1",
        "TORJU_DATA_DIR": str(tmp_path),
    }
    first = production_settings("SECRET_KEY", "DEMO_MODE", "SESSION_COOKIE_SECURE", env=env)
    second = production_settings("SECRET_KEY", env=env)
    assert first["DEMO_MODE"] is True
    assert first["SECRET_KEY"] == second["SECRET_KEY"]
    assert (tmp_path / "demo-field-encryption-key").exists()


@pytest.mark.django_db
def test_content_security_policy_header() -> None:
    response = Client().get(reverse("web:home"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_post_without_csrf_token_is_refused_and_audited() -> None:
    user = user_with_role(Role.COORDINATOR)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": "x" * 20, "new_password2": "x" * 20},
    )
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action=Action.PERMISSION_DENIED, reason__startswith="csrf").exists()


def _session_writes(queries: CaptureQueriesContext) -> int:
    return sum(
        query["sql"].startswith(("UPDATE", "INSERT")) and "django_session" in query["sql"]
        for query in queries.captured_queries
    )


@pytest.mark.django_db
def test_a_session_in_use_is_saved_again_once_a_minute_not_on_every_request() -> None:
    client = signed_in_client(user_with_role(Role.AUDITOR))
    assert client.get(reverse("audit:trail")).status_code == 200
    key = client.session.session_key
    saved = Session.objects.get(session_key=key).expire_date
    # Within the minute: a page view writes no session (a read stays a read).
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("audit:trail")).status_code == 200
    assert _session_writes(queries) == 0
    assert Session.objects.get(session_key=key).expire_date == saved
    # A minute after its last save, the next request saves it with a new expiry, 30 minutes from now.
    session = client.session
    session[SESSION_REFRESHED_KEY] = int(time.time()) - settings.SESSION_REFRESH_SECONDS
    session.save()
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + timedelta(minutes=29))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("audit:trail")).status_code == 200
    assert _session_writes(queries) == 1
    renewed = Session.objects.get(session_key=key).expire_date
    assert timezone.now() + timedelta(minutes=29, seconds=50) < renewed <= timezone.now() + timedelta(minutes=30)


@pytest.mark.django_db
def test_an_anonymous_visitor_gets_no_session_row() -> None:
    client = Client()
    assert client.get("/", secure=True).status_code == 200
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_session_ends_after_thirty_idle_minutes() -> None:
    client = signed_in_client(user_with_role(Role.AUDITOR))
    assert client.get(reverse("audit:trail")).status_code == 200
    session = Session.objects.get(session_key=client.session.session_key)
    assert session.expire_date <= timezone.now() + timedelta(minutes=30)
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("audit:trail"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
