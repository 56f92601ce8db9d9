"""The analyst opens the review of a year, previews the public form, downloads the public JSON, switches language
and prepares the PDF; axe-core on every page."""

import json
import re
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from tests.browser.conftest import assert_accessible, sign_in
from tests.documents.flow import run_tasks_at_once
from tests.factories import TEST_PASSWORD, user_with_role
from tests.statistics.test_review_pages import ICELAND, YEAR, small_register
from torju.accounts.models import Role
from torju.register.countries import country_name


def switch_language(page: Page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def label(language: str, message: str) -> str:
    with translation.override(language):
        return _(message)


def title(language: str) -> str:
    with translation.override(language):
        return _("Statistics of the Assistance System for Victims of Human Trafficking %(year)s") % {"year": YEAR}


def test_analyst_reads_the_review_previews_the_public_form_and_switches_language(
    page: Page, settings: Settings, tmp_path: Path
) -> None:
    run_tasks_at_once(settings, tmp_path / "data")
    settings.DEMO_MODE = True  # a demo analyst signs in without a second factor
    settings.STATISTICS_DISCLOSURE_K = 3
    analyst = user_with_role(Role.ANALYST, is_demo=True)
    small_register()
    sign_in(page, analyst.username, TEST_PASSWORD)
    switch_language(page, "English")
    page.goto("/statistics/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Statistics of the assistance system")
    assert_accessible(page)

    page.get_by_role("link", name=f"Statistics {YEAR}", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title("en"))
    expect(page.locator("main")).to_contain_text(country_name("IS", "en"))
    expect(page.get_by_role("img", name="New clients by nationality", exact=False)).to_be_visible()
    expect(page.get_by_role("table", name="New clients by sex", exact=False)).to_be_visible()
    expect(page.get_by_role("img", name="Forms of exploitation of the new clients by sex", exact=False)).to_be_visible()
    by_sex = page.get_by_role("table", name="Trafficking events of the new clients by form of exploitation and sex")
    expect(by_sex.get_by_role("row", name=re.compile("^Forced labour"))).to_have_text(re.compile(r"6\s*3\s*0\s*9"))
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name=f"Statistics {YEAR} as JSON").click()
    assert download.value.suggested_filename == f"assistance-system-statistics-{YEAR}.json"
    downloaded = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert downloaded["new_clients"]["by_nationality"] == {"NP": 4, "SO": 3, "other": 3}, "the public form"

    page.get_by_role("link", name="Preview the public form").focus()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Public form under disclosure control")
    expect(page.locator("main")).not_to_contain_text(country_name("IS", "en"))
    expect(by_sex.get_by_role("row", name=re.compile("^Forced labour"))).to_have_text(
        re.compile(r"\.\.\s*\.\.\s*0\s*9")
    )
    assert_accessible(page)

    page.get_by_role("link", name="Back to the exact figures").click()
    switch_language(page, "suomi")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    expect(page.get_by_role("heading", level=1)).to_have_text(title("fi"))
    expect(page.locator("main")).to_contain_text(ICELAND)
    assert_accessible(page)

    switch_language(page, "svenska")
    expect(page.get_by_role("heading", level=1)).to_have_text(title("sv"))
    expect(page.locator("main")).to_contain_text("Tvångsarbete")
    assert_accessible(page)

    # The review as a document job, in the page's language: its page shows the progress, then the link (the
    # task runs on the request's commit here, with the immediate backend).
    expect(page.locator("#document-language")).to_have_value("sv")
    page.get_by_role("button", name=label("sv", "Prepare the %(format)s") % {"format": "PDF"}).click()
    link = page.get_by_role("link", name=re.compile(rf"-{YEAR}-sv\.pdf$"))
    expect(link).to_be_visible(timeout=120_000)  # rendering takes seconds, more on a busy machine
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(YEAR))
    assert_accessible(page)
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(f"-{YEAR}-sv.pdf")
