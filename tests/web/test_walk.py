"""The walk: every page of every identity in fi, sv and en, read for model names, English and codes (issue 16).

For each identity of the permission matrix (anonymous, every role, the administrator) the pages are those
it opens (tests/web/walk.py: one per URL pattern, on the matrix's sample objects), each requested in the
three languages with the language cookie. A page fails on a raw model name (`register.person`), on an
English msgid of the catalogs whose Finnish or Swedish translation differs (on a fi or sv page, outside
text marked with another `lang`), and on a code of a code list shown where its label exists. axe-core
walks the same pages in a browser: tests/browser/test_walk.py.
"""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client
from pytest_django.fixtures import Settings

from tests.matrix import IDENTITIES
from tests.web.test_permission_matrix import make_samples, session_of, user_of
from tests.web.walk import LANGUAGES, code_labels, findings, pages_for, visible_text

# The walk over every page, role and language runs on one database, SQLite, as the browser tests do (the issue
# asks it; docs/decisions/0101): the `browser` marker is what `make test` runs once.
pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.mark.django_db
@pytest.mark.parametrize("identity", IDENTITIES)
def test_every_page_speaks_the_users_language(identity: str, settings: Settings, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path  # the sample document's file
    user = user_of(identity)
    if user is not None:
        user.language = ""  # the cookie chooses
        user.save(update_fields=["language"])
    session_key = session_of(user)
    samples = make_samples(user)
    pages = list(pages_for(identity, samples))
    assert pages, f"{identity} opens no page"
    failures = []
    for language in LANGUAGES:
        codes = code_labels(language)
        for page in pages:
            with transaction.atomic():
                client = Client()
                client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
                if session_key is not None:
                    client.cookies[django_settings.SESSION_COOKIE_NAME] = session_key
                response = client.get(page.path)
                transaction.set_rollback(True)
            if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
                continue  # the matrix checks the statuses; a download or a feed has no visible text
            for finding in findings(response.content.decode(), language, codes):
                failures.append(f"{language} {page.path} ({page.name}): {finding}")
    assert failures == [], f"{len(failures)} findings:\n" + "\n".join(dict.fromkeys(failures))


def test_the_walk_reads_what_a_user_reads() -> None:
    html = """<html lang="fi"><head><title>Otsikko</title><style>.a{}</style></head><body>
        <script>var x = "register.person";</script>
        <p data-x="Register.person">Tapaus <a href="/register.person/" title="Register.person 4269">P-1</a></p>
        <button aria-label="Save">x</button><span lang="en">English</span>
        <input type="submit" value="Send"><img alt="Kuva"></body></html>"""
    texts = [(text.text, text.language) for text in visible_text(html)]
    assert texts == [
        ("Otsikko", "fi"),
        ("Tapaus", "fi"),
        ("Register.person 4269", "fi"),
        ("P-1", "fi"),
        ("Save", "fi"),
        ("x", "fi"),
        ("English", "en"),
        ("Send", "fi"),
        ("Kuva", "fi"),
    ]


@pytest.mark.django_db
def test_the_walk_finds_model_names_english_and_codes() -> None:
    html = """<html lang="fi"><body><p>Register.person 4269</p><button>Save</button>
        <span lang="en">Save</span><td>HEL</td><td>Helsinki</td><td>F</td>
        <td>nainen <code>F</code></td><option>English</option></body></html>"""
    found = findings(html, "fi", code_labels("fi"))
    assert found == [
        "model name 'Register.person' in 'Register.person 4269'",
        "untranslated 'Save'",
        "code 'HEL' where its label exists (office: Helsinki)",
        "code 'F' where its label exists (sex: nainen)",
    ]
