"""Every URL of the project, requested as anonymous and as every role.

The test fails for a URL that has no row in EXPECTED (a new view must be
given its rule here) and for a view that declares no access rule. It also
checks that every POST form on every page it opens carries a CSRF token.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.regex_helper import normalize

from tests.conftest import signed_in_client
from tests.documents.matrix_documents import DOCUMENT_JOBS
from tests.factories import user_with_role
from tests.matrix import ANONYMOUS, IDENTITIES, Expectation, everyone, only, signed_in
from tests.programme.matrix_api import PROGRAMME_API
from tests.programme.matrix_documents import PROGRAMME_DOCUMENTS
from tests.programme.matrix_pages import PROGRAMME_PAGES
from tests.register.matrix_api import REGISTER_API
from tests.register.matrix_import import REGISTER_IMPORT
from tests.register.matrix_pages import REGISTER_PAGES
from tests.statistics.matrix_statistics import STATISTICS
from torju.accounts.models import Role
from torju.accounts.permissions import rule_of

EXPECTED: dict[str, Expectation] = {
    **PROGRAMME_PAGES,
    **PROGRAMME_DOCUMENTS,
    **PROGRAMME_API,
    **REGISTER_PAGES,
    **REGISTER_API,
    **REGISTER_IMPORT,
    **STATISTICS,
    **DOCUMENT_JOBS,
    "web:home": Expectation(everyone(200)),
    "web:healthz": Expectation(everyone(200)),
    "web:set_language": Expectation(everyone(302), method="post", data={"language": "sv", "next": "/"}),
    "accounts:login": Expectation(signed_in(302, anonymous=200)),
    "accounts:logout": Expectation(everyone(302), method="post"),
    "accounts:password_change": Expectation(signed_in(200)),
    # Signed-in users in the matrix have passed their second factor: both pages send them on.
    "accounts:second_factor": Expectation(signed_in(302)),
    "accounts:second_factor_setup": Expectation(signed_in(302)),
    "audit:trail": Expectation(only(Role.AUDITOR)),
    "audit:export": Expectation(only(Role.AUDITOR)),
    # The API answers 403 (not a redirect) to anonymous callers.
    "api-schema": Expectation(signed_in(200, anonymous=403)),
}
# Django's admin: staff only. No role makes a user staff.
ADMIN_EXPECTATION = Expectation(signed_in(403))

# Values for URL parameters; every other parameter gets "1" (usually an object that does not exist: 404).
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
    if endpoint.name.startswith("admin:"):
        return ADMIN_EXPECTATION
    return EXPECTED.get(endpoint.name)


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
    undeclared = [
        endpoint.name
        for endpoint in all_endpoints()
        if not endpoint.name.startswith("admin:") and rule_of(endpoint.callback) is None
    ]
    assert undeclared == [], f"views that declare no access rule: {undeclared}"


def test_matrix_has_no_stale_rows() -> None:
    names = {endpoint.name for endpoint in all_endpoints()}
    assert set(EXPECTED) <= names


@pytest.mark.django_db
@pytest.mark.parametrize("identity", IDENTITIES)
def test_permission_matrix(identity: str) -> None:
    failures = []
    for endpoint in all_endpoints():
        expectation = expectation_for(endpoint)
        assert expectation is not None
        client = Client() if identity == ANONYMOUS else signed_in_client(user_with_role(Role(identity)))
        request = getattr(client, expectation.method)
        response = request(expectation.path or endpoint.path, data=expectation.data or {})
        expected = expectation.statuses[identity]
        if response.status_code != expected:
            request_line = f"{expectation.method.upper()} {endpoint.path} ({endpoint.name})"
            failures.append(f"{request_line}: {response.status_code}, expected {expected}")
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            parser = _Forms()
            parser.feed(response.content.decode())
            unprotected = [form for form in parser.forms if form["method"] == "post" and not form["csrf"]]
            if unprotected:
                failures.append(f"{endpoint.path}: a POST form without a CSRF token")
    assert failures == [], "\n".join(failures)
