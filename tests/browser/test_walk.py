"""axe-core on every page of every identity, the admin's included, in Finnish (issue 16, "Must show").

The pages are the walk's (tests/web/walk.py: one per URL pattern that the identity opens, on the
permission matrix's sample objects); tests/web/test_walk.py reads the same pages in fi, sv and en for
their words. The browser (one Chromium for the session) gets the identity's signed-in session as a
cookie and opens each HTML page; every violation of every page is collected, so one run names them all.
Runs on SQLite only, as the other browser tests (decision 0101).
"""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import Page
from pytest_django.fixtures import Settings

from tests.browser.conftest import CHECKED_MARK, axe_of
from tests.matrix import IDENTITIES
from tests.web.test_permission_matrix import make_samples, session_of, user_of
from tests.web.walk import pages_for

pytestmark = pytest.mark.slow
LANGUAGE = "fi"


@pytest.mark.parametrize("identity", IDENTITIES)
def test_every_page_of_every_identity_is_accessible(
    page: Page, live_server: object, settings: Settings, tmp_path: Path, identity: str
) -> None:
    settings.DATA_DIR = tmp_path  # the sample document's file
    user = user_of(identity)
    if user is not None:
        user.language = ""  # the cookie chooses
        user.save(update_fields=["language"])
    session_key = session_of(user)
    samples = make_samples(user)
    client = Client()
    cookies = [{"name": django_settings.LANGUAGE_COOKIE_NAME, "value": LANGUAGE, "url": str(live_server)}]
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = LANGUAGE
    if session_key is not None:
        cookies.append({"name": django_settings.SESSION_COOKIE_NAME, "value": session_key, "url": str(live_server)})
        client.cookies[django_settings.SESSION_COOKIE_NAME] = session_key
    page.context.add_cookies(cookies)  # type: ignore[arg-type]

    checker = axe_of(page)
    opened, violations = 0, []
    for walked in pages_for(identity, samples):
        response = client.get(walked.path)
        # Downloads (CSV, PDF, DOCX) have no page to check, and a fragment (htmx swaps it into its page) no
        # document: axe-core checks the page that shows it.
        html = response.get("Content-Type", "").startswith("text/html")
        if response.status_code != 200 or not html or b"<html" not in response.content[:1000]:
            continue
        page.goto(walked.path)
        opened += 1
        try:
            checker.check_new_document()
        except AssertionError as violation:
            violations.append(f"{walked.name}: {violation}")
            checker.evaluate(f"() => {{ window.{CHECKED_MARK} = true; }}")  # named once; the walk goes on
    assert opened > 0, f"{identity} opened no page"
    assert violations == [], f"{len(violations)} pages with axe-core violations:\n" + "\n\n".join(violations)
