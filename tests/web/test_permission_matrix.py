"""Every URL of the project, requested as anonymous, as every role and as an administrator.

The test fails for a URL that has no row in EXPECTED (a new view must be
given its rule here) and for a view that declares no access rule. Object
pages are opened on real objects, made for each identity by the apps' sample
makers (SAMPLE_MAKERS, see tests/matrix.py). Every refusal (a 403, or an
anonymous visitor sent to sign in) must leave exactly one refusal row in the
audit trail, and nothing else may leave one. It also checks that every POST
form on every page it opens carries a CSRF token.

Each request runs in a savepoint that is rolled back afterwards, so that one
request (closing a round, deleting an event, signing out) never changes what
the next one finds.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.http import HttpResponseBase
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.regex_helper import normalize
from pytest_django.fixtures import Settings

from tests.conftest import pass_second_factor
from tests.documents.matrix_documents import DOCUMENT_JOBS, document_samples
from tests.factories import UserFactory, user_with_role
from tests.helpline.matrix_api import HELPLINE_API
from tests.helpline.matrix_pages import HELPLINE_PAGES
from tests.helpline.matrix_samples import helpline_samples
from tests.international.matrix_international import INTERNATIONAL
from tests.legalpath.matrix_legalpath import LEGALPATH, legalpath_samples
from tests.matrix import ANONYMOUS, IDENTITIES, STAFF, Expectation, SampleMaker, Samples, everyone, only, signed_in
from tests.programme.matrix_api import PROGRAMME_API
from tests.programme.matrix_documents import PROGRAMME_DOCUMENTS
from tests.programme.matrix_pages import PROGRAMME_PAGES
from tests.programme.matrix_samples import programme_samples
from tests.register.matrix_api import REGISTER_API
from tests.register.matrix_import import REGISTER_IMPORT
from tests.register.matrix_pages import REGISTER_PAGES
from tests.register.matrix_samples import register_samples
from tests.situation.matrix_situation import SITUATION, situation_samples
from tests.statistics.matrix_statistics import STATISTICS, statistics_samples
from tests.web.matrix_admin import ADMIN, admin_samples
from torju.accounts.models import Organisation, Role, User
from torju.accounts.permissions import rule_of
from torju.actor import recorded_path
from torju.audit.models import Action, AuditEvent

EXPECTED: dict[str, Expectation] = {
    **PROGRAMME_PAGES,
    **PROGRAMME_DOCUMENTS,
    **PROGRAMME_API,
    **REGISTER_PAGES,
    **REGISTER_API,
    **REGISTER_IMPORT,
    **LEGALPATH,
    **HELPLINE_PAGES,
    **HELPLINE_API,
    **STATISTICS,
    **SITUATION,
    **INTERNATIONAL,
    **DOCUMENT_JOBS,
    **ADMIN,
    "web:home": Expectation(everyone(200)),
    "web:healthz": Expectation(everyone(200)),
    "web:set_language": Expectation(everyone(302), method="post", data={"language": "sv", "next": "/"}),
    "accounts:login": Expectation(signed_in(302, anonymous=200)),
    "accounts:logout": Expectation(everyone(302), method="post"),
    "accounts:password_change": Expectation(signed_in(200)),
    # Signed-in users in the matrix have passed their second factor: both pages send them on.
    "accounts:second_factor": Expectation(signed_in(302)),
    "accounts:second_factor_setup": Expectation(signed_in(302)),
    # Every signed-in user sees the tokens of the service accounts they are responsible for (none here), and
    # cannot revoke another's (404, as for one that does not exist); the rapporteur posts nothing (read-only role).
    # Issuing and revoking: tests/accounts/test_api_tokens.py.
    "accounts:api_tokens": Expectation(signed_in(200)),
    "accounts:api_token_revoke": Expectation({**signed_in(404), Role.RAPPORTEUR.value: 403}, method="post"),
    "audit:trail": Expectation(only(Role.AUDITOR)),
    "audit:export": Expectation(only(Role.AUDITOR)),
    # The API answers 401 (not a redirect) to anonymous callers: no session and no token (decision 0010).
    "api-schema": Expectation(signed_in(200, anonymous=401)),
}
# Each app's sample objects (tests/matrix.py); the admin's come last, as they may show the others'.
SAMPLE_MAKERS: list[SampleMaker] = [
    programme_samples,
    register_samples,
    legalpath_samples,
    helpline_samples,
    document_samples,
    statistics_samples,
    situation_samples,
    admin_samples,
]

# Values for URL parameters of rows without `kwargs`; every other parameter gets "1" (usually an object
# that does not exist: 404).
SAMPLE_ARGUMENTS = {"app_label": "accounts", "url": "no-such-page/", "slug": "2026-2027", "programme": "2026-2027"}


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str
    callback: Callable[..., Any]


def _endpoints(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Endpoint]:
    for pattern in patterns:
        regex = pattern.pattern.regex.pattern.lstrip("^").rstrip("$").replace("\\Z", "")
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            yield from _endpoints(pattern.url_patterns, prefix + regex, inner)
        elif isinstance(pattern, URLPattern):
            full_regex = prefix + regex
            name = ":".join(filter(None, [namespace, pattern.name or f"<unnamed {full_regex}>"]))
            template, parameters = normalize(full_regex)[0]
            arguments = {parameter: SAMPLE_ARGUMENTS.get(parameter, "1") for parameter in parameters}
            path = "/" + template % arguments
            if pattern.name:
                path = reverse(":".join(filter(None, [namespace, pattern.name])), kwargs=arguments)
            yield Endpoint(name=name, path=path, callback=pattern.callback)


def all_endpoints() -> list[Endpoint]:
    return list(_endpoints(get_resolver().url_patterns))


def expectation_for(endpoint: Endpoint) -> Expectation | None:
    return EXPECTED.get(endpoint.name)


def path_of(endpoint: Endpoint, expectation: Expectation, samples: Samples) -> str:
    if callable(expectation.path):
        return expectation.path(samples)
    if expectation.path:
        return expectation.path
    if expectation.kwargs:
        return reverse(endpoint.name, kwargs=expectation.kwargs(samples))
    return endpoint.path


def user_of(identity: str) -> User | None:
    if identity == ANONYMOUS:
        return None
    if identity == STAFF:
        administrator: User = UserFactory(
            is_staff=True, is_superuser=True, organisation=Organisation.objects.get(code="KOORDINAATIO")
        )
        return administrator
    return user_with_role(Role(identity))


def make_samples(user: User | None) -> dict[str, Any]:
    samples: dict[str, Any] = {}
    for make in SAMPLE_MAKERS:
        made = make(user)
        clash = samples.keys() & made.keys()
        assert not clash, f"two sample makers name {sorted(clash)}"
        samples.update(made)
    return samples


def session_of(user: User | None) -> str | None:
    """A session signed in as the user, second factor passed; requests copy its cookie."""
    if user is None:
        return None
    client = Client()
    client.force_login(user)
    pass_second_factor(client, user)
    return client.session.session_key


def is_refusal(identity: str, endpoint: Endpoint, response: HttpResponseBase) -> bool:
    """A 403, a 401 (an anonymous API call), or an anonymous visitor sent to sign in by a view that is not public."""
    if response.status_code in (401, 403):
        return True
    rule = rule_of(endpoint.callback)
    return identity == ANONYMOUS and response.status_code == 302 and rule is not None and not rule.public


class _Forms(HTMLParser):
    """Collects, per <form>, its method and whether it has a CSRF token."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append({"method": (attributes.get("method") or "get").lower(), "csrf": False})
        elif tag == "input" and self.forms and attributes.get("name") == "csrfmiddlewaretoken":
            self.forms[-1]["csrf"] = bool(attributes.get("value"))


def test_every_url_has_an_explicit_rule() -> None:
    missing = [endpoint.name for endpoint in all_endpoints() if expectation_for(endpoint) is None]
    assert missing == [], f"URLs without a row in the permission matrix: {missing}"
    undeclared = [endpoint.name for endpoint in all_endpoints() if rule_of(endpoint.callback) is None]
    assert undeclared == [], f"views that declare no access rule: {undeclared}"


def test_every_row_names_every_identity() -> None:
    incomplete = [name for name, row in EXPECTED.items() if set(row.statuses) != set(IDENTITIES)]
    assert incomplete == [], f"rows without a status for each of {IDENTITIES}: {incomplete}"


def test_matrix_has_no_stale_rows() -> None:
    names = {endpoint.name for endpoint in all_endpoints()}
    assert set(EXPECTED) <= names


@pytest.mark.django_db
@pytest.mark.parametrize("identity", IDENTITIES)
def test_permission_matrix(identity: str, settings: Settings, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path  # the sample document's file
    user = user_of(identity)
    session_key = session_of(user)
    samples = make_samples(user)
    failures = []
    for endpoint in all_endpoints():
        expectation = expectation_for(endpoint)
        if expectation is None:
            continue  # test_every_url_has_an_explicit_rule names it
        path = path_of(endpoint, expectation, samples)
        request_line = f"{expectation.method.upper()} {path} ({endpoint.name})"
        with transaction.atomic():
            client = Client()
            if session_key is not None:
                client.cookies[settings.SESSION_COOKIE_NAME] = session_key
            latest = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            response = getattr(client, expectation.method)(path, data=expectation.request_data(samples))
            refusals = [  # a register id that answers "not found" is recorded as a probe, no refusal (decision 0062)
                event
                for event in AuditEvent.objects.filter(pk__gt=latest, action=Action.PERMISSION_DENIED)
                if (event.changes or {}).get("what") != "not_found"
            ]
            transaction.set_rollback(True)
        expected = expectation.statuses[identity]
        if response.status_code != expected:
            failures.append(f"{request_line}: {response.status_code}, expected {expected}")
        failures += refusal_failures(identity, user, endpoint, response, refusals, request_line)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            parser = _Forms()
            parser.feed(response.content.decode())
            unprotected = [form for form in parser.forms if form["method"] == "post" and not form["csrf"]]
            if unprotected:
                failures.append(f"{path}: a POST form without a CSRF token")
    assert failures == [], "\n".join(failures)


def refusal_failures(
    identity: str,
    user: User | None,
    endpoint: Endpoint,
    response: HttpResponseBase,
    refusals: list[AuditEvent],
    request_line: str,
) -> list[str]:
    """Exactly one refusal row for a refusal, by the user (none for anonymous visitors), at the path; else none."""
    if not is_refusal(identity, endpoint, response):
        return [f"{request_line}: {len(refusals)} refusal rows for a {response.status_code}"] if refusals else []
    if identity == ANONYMOUS and response.status_code == 302:
        login = reverse("accounts:login")
        if not response["Location"].startswith(f"{login}?"):
            return [f"{request_line}: an anonymous visitor sent to {response['Location']}, not to sign in"]
    if len(refusals) != 1:
        return [f"{request_line}: {len(refusals)} refusal rows for a refusal ({response.status_code}), not 1"]
    refusal = refusals[0]
    wrong = []
    if refusal.actor_id != (user.pk if user else None):
        wrong.append(f"user {refusal.actor_id}")
    if refusal.path != recorded_path(response.wsgi_request):  # type: ignore[attr-defined]
        wrong.append(f"path {refusal.path}")
    if refusal.ip_address != "127.0.0.1":
        wrong.append(f"address {refusal.ip_address}")
    return [f"{request_line}: the refusal row has the wrong {', '.join(wrong)}"] if wrong else []
