"""The national rapporteur reads, and writes nothing: every POST, PUT, PATCH and DELETE to every URL of the
project is refused, whatever the view would allow, except those of their own session (sign-in and out, the
language, the password, the second factor). Each refusal is in the audit trail; nothing else is written.

The URLs are those the permission matrix walks, on its real sample objects (tests/web/test_permission_matrix.py),
so a new URL is covered without being named here.
"""

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import resolve
from pytest_django.fixtures import Settings

from tests.factories import user_with_role
from tests.web.test_permission_matrix import all_endpoints, expectation_for, make_samples, path_of, session_of
from torju.accounts.middleware import OWN_SESSION
from torju.accounts.models import Role
from torju.audit.models import Action, AuditEvent

UNSAFE = ("post", "put", "patch", "delete")


@pytest.mark.slow
@pytest.mark.django_db
def test_every_write_of_the_rapporteur_is_refused_but_their_own_sessions(settings: Settings, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path
    rapporteur = user_with_role(Role.RAPPORTEUR)
    session_key = session_of(rapporteur)
    assert session_key is not None
    samples = make_samples(rapporteur)
    failures = []
    walked = 0
    for endpoint in all_endpoints():
        expectation = expectation_for(endpoint)
        assert expectation is not None, endpoint.name
        path = path_of(endpoint, expectation, samples)
        for method in UNSAFE:
            with transaction.atomic():
                client = Client()
                client.cookies[settings.SESSION_COOKIE_NAME] = session_key
                latest = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
                data = expectation.request_data(samples)
                if method == "post":
                    response = client.post(path, data=data)
                else:
                    response = getattr(client, method)(path, data=data, content_type="application/json")
                written = list(AuditEvent.objects.filter(pk__gt=latest).values_list("action", flat=True))
                transaction.set_rollback(True)
            walked += 1
            line = f"{method.upper()} {path} ({endpoint.name}): {response.status_code}, audit {written}"
            if endpoint.name in OWN_SESSION:
                if response.status_code == 403:
                    failures.append(f"{line}: their own session is refused")
                continue
            if response.status_code != 403:
                failures.append(f"{line}: not refused")
            elif written != [Action.PERMISSION_DENIED]:
                failures.append(f"{line}: the refusal is not the one row in the audit trail")
    assert walked > 4 * 100, "the walk covers the project's URLs"
    assert failures == [], "\n".join(failures)


@pytest.mark.django_db
def test_a_rapporteur_who_also_coordinates_may_write(settings: Settings) -> None:
    """Only a user whose every role reads is held to reading: the roles add up."""
    both = user_with_role(Role.RAPPORTEUR)
    both.role_grants.create(role=Role.COORDINATOR)
    both.forget_roles()
    client = Client()
    client.force_login(both)
    response = client.post("/programme/new/", {"name_fi": ""})
    assert response.status_code == 400, "the form is read and answered, not refused"


class _PostForms(HTMLParser):
    """The actions of a page's POST forms (an empty action posts to the page itself)."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.actions: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form" and (attributes.get("method") or "get").lower() == "post":
            self.actions.append(urlsplit(attributes.get("action") or self.page).path)


@pytest.mark.slow
@pytest.mark.django_db
def test_the_rapporteur_is_offered_no_button_that_would_be_refused(settings: Settings, tmp_path: Path) -> None:
    """Every page of action-plan monitoring that the rapporteur reads offers them no form that writes: a button
    they may not press is not shown (their session's own forms, sign-out and the language, are)."""
    settings.DATA_DIR = tmp_path
    rapporteur = user_with_role(Role.RAPPORTEUR)
    session_key = session_of(rapporteur)
    samples = make_samples(rapporteur)
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key or ""
    offered = []
    read = 0
    for endpoint in all_endpoints():
        expectation = expectation_for(endpoint)
        assert expectation is not None, endpoint.name
        if not endpoint.name.startswith(("programme:", "progress:")) or expectation.method != "get":
            continue
        if expectation.statuses[Role.RAPPORTEUR.value] != 200:
            continue
        path = path_of(endpoint, expectation, samples)
        response = client.get(path)
        assert response.status_code == 200, path
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        read += 1
        forms = _PostForms(path)
        forms.feed(response.content.decode())
        for action in forms.actions:
            if resolve(action).view_name not in OWN_SESSION:
                offered.append(f"{path} ({endpoint.name}) offers a form to {action}")
    assert read >= 8, "the walk reads the module's pages"
    assert offered == [], "\n".join(offered)
