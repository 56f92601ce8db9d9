"""Per-user throttles of the person search: pages and API alike, a shared cache, a burst flagged for the auditor."""

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pytest_django.fixtures import Settings

from tests.conftest import signed_in_client
from tests.factories import user_with_role
from tests.processes import database_url
from tests.web.test_security import PRODUCTION_ENV, production_settings
from torju.accounts.models import Role, User
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.shared_cache import DatabaseCache
from torju.throttling import NOT_FOUND_PROBE, PERSON_SEARCH, Rate, take, wait_message

ROOT = Path(__file__).resolve().parents[2]
SEARCH = {"hetu": "131052-308T"}


@pytest.fixture
def three_a_day(settings: Settings) -> None:
    # Per day: a test never straddles the end of the window (it would at a minute's end now and then).
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, PERSON_SEARCH: ["3/day"]}


def search_page(client: Client) -> int:
    return client.post(reverse("register:person_search"), SEARCH).status_code


def search_api(client: Client) -> int:
    return client.post(reverse("register_api:person-search"), SEARCH, content_type="application/json").status_code


def caseworker_client(language: str = "fi") -> tuple[User, Client]:
    user = user_with_role(Role.CASEWORKER)
    client = signed_in_client(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return user, client


@pytest.mark.django_db
@pytest.mark.usefixtures("three_a_day")
def test_the_web_search_is_refused_over_the_limit_with_the_wait_in_the_users_language() -> None:
    user, client = caseworker_client("sv")
    assert client.get(reverse("register:person_search")).status_code == 200  # showing the form is no search
    assert [search_page(client) for _ in range(3)] == [200, 200, 200]
    response = client.post(reverse("register:person_search"), SEARCH)
    assert response.status_code == 429
    wait = int(response["Retry-After"])
    assert 0 < wait <= 24 * 3600
    with translation.override("sv"):
        expected = wait_message(wait)
    with translation.override("en"):
        assert expected != wait_message(wait)  # translated
    assert expected in response.content.decode()
    assert search_page(client) == 429
    flagged = AuditEvent.objects.filter(action=Action.THROTTLED, actor=user)
    assert [(event.object_id, event.flagged) for event in flagged] == [(PERSON_SEARCH, True)]  # once per window
    _other, someone_else = caseworker_client()
    assert search_page(someone_else) == 200


@pytest.mark.django_db
@pytest.mark.usefixtures("three_a_day")
def test_the_api_search_is_refused_over_the_limit_with_retry_after() -> None:
    user, client = caseworker_client("fi")
    assert [search_api(client) for _ in range(3)] == [200, 200, 200]
    response = client.post(reverse("register_api:person-search"), SEARCH, content_type="application/json")
    assert response.status_code == 429
    wait = int(response["Retry-After"])
    with translation.override("fi"):
        assert response.json() == {"detail": wait_message(wait)}
    assert AuditEvent.objects.filter(action=Action.THROTTLED, actor=user, flagged=True).count() == 1


@pytest.mark.django_db
@pytest.mark.usefixtures("three_a_day")
def test_pages_and_api_count_against_one_budget() -> None:
    _user, client = caseworker_client()
    assert [search_page(client), search_api(client), search_page(client)] == [200, 200, 200]
    assert search_api(client) == 429
    assert search_page(client) == 429


def test_rates_are_checked_when_read() -> None:
    assert Rate.parse("10/minute") == Rate(10, 60)
    assert Rate.parse(" 200/days ") == Rate(200, 86400)
    for bad in ("ten/minute", "0/minute", "10/fortnight", "10"):
        with pytest.raises(ImproperlyConfigured):
            Rate.parse(bad)


def test_the_counters_live_in_the_database_cache_not_in_a_process() -> None:
    assert isinstance(caches["default"], DatabaseCache)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_another_process_counts_against_the_same_limit(settings: Settings) -> None:
    """A second server (here a second process) and this one share the counters."""
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, PERSON_SEARCH: ["3/day"]}
    user = user_with_role(Role.CASEWORKER)
    url = database_url()
    code = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "settings.THROTTLE_RATES = {'person_search': ['3/day']}\n"
        "from torju.accounts.models import User\n"
        "from torju.actor import Actor\n"
        "from torju.throttling import take\n"
        f"user = User.objects.get(pk={user.pk})\n"
        "print([take('person_search', Actor.for_user(user, channel='web')).allowed for _ in range(2)])\n"
    )
    other = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": url, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert other.returncode == 0, other.stderr
    assert other.stdout.strip() == "[True, True]"
    actor = Actor.for_user(user, channel="web")
    assert take(PERSON_SEARCH, actor).allowed
    assert not take(PERSON_SEARCH, actor).allowed


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_requests_at_the_same_moment_are_all_counted() -> None:
    """Several servers counting one user at once lose no count (an attacker's parallel requests)."""
    cache.set("throttle-test", 0, timeout=60)
    errors: list[BaseException] = []

    def count_many() -> None:
        try:
            for _ in range(25):
                cache.incr("throttle-test")
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=count_many) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert cache.get("throttle-test") == 150


@pytest.mark.django_db
def test_a_rate_limited_audit_records_the_first_probes_and_flags_the_rest_once(settings: Settings) -> None:
    """How an id walk is audited without flooding the trail (torju.throttling.NOT_FOUND_PROBE)."""
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, NOT_FOUND_PROBE: ["5/day"]}
    user = user_with_role(Role.CASEWORKER)
    actor = Actor.for_user(user, channel="web")
    recorded = [take(NOT_FOUND_PROBE, actor).allowed for _ in range(50)]
    assert recorded == [True] * 5 + [False] * 45
    assert AuditEvent.objects.filter(action=Action.THROTTLED, actor=user, object_id=NOT_FOUND_PROBE).count() == 1


def test_a_redis_url_makes_redis_the_shared_cache() -> None:
    env = {**PRODUCTION_ENV, "TORJU_REDIS_URL": "redis://cache.example.fi:6379/0"}
    cache_settings = production_settings("CACHES", env=env)["CACHES"]
    assert cache_settings == {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://cache.example.fi:6379/0",
            "KEY_PREFIX": "torju",
        }
    }


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A Redis server of the test's own (Debian's redis-server, which scripts/test.sh installs)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _attempt in range(100):
            with socket.socket() as client:
                if client.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.django_db
def test_the_throttles_count_in_redis_too(settings: Settings, redis_url: str) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}}
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, PERSON_SEARCH: ["3/day"]}
    user = user_with_role(Role.CASEWORKER)
    actor = Actor.for_user(user, channel="api")
    assert [take(PERSON_SEARCH, actor).allowed for _ in range(5)] == [True, True, True, False, False]
    assert AuditEvent.objects.filter(action=Action.THROTTLED, actor=user).count() == 1
