"""An analyst proposes the year's review, a coordinator approves it, and a visitor without an account reads it and
downloads its PDF and CSV; axe-core on every page (the `page` fixture checks each new document)."""

import re
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import TEST_PASSWORD, user_with_role
from tests.statistics.helpline_records import record_helpline_years
from tests.statistics.test_review_pages import YEAR, small_register
from torju.accounts.models import Role


def title(language: str) -> str:
    with translation.override(language):
        return _("Statistics of the Assistance System for Victims of Human Trafficking %(year)s") % {"year": YEAR}


def sign_out(page: Page) -> None:
    page.get_by_role("button", name=re.compile("^(Kirjaudu ulos|Logga ut|Sign out)$")).click()
    page.wait_for_load_state()
    page.context.clear_cookies()


def test_a_release_is_proposed_approved_and_read_and_downloaded_by_a_visitor(
    page: Page, settings: Settings, tmp_path: Path
) -> None:
    settings.DEMO_MODE = True  # demo users sign in without a second factor
    settings.STATISTICS_DISCLOSURE_K = 3
    small_register()
    record_helpline_years(3)  # the info line's section (issue #12)
    analyst = user_with_role(Role.ANALYST, is_demo=True)
    coordinator = user_with_role(Role.COORDINATOR, is_demo=True)

    page.goto("/public/statistics/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Julkiset tilastot")
    expect(page.locator("main")).to_contain_text("Mitään ei ole vielä julkaistu.")

    sign_in(page, analyst.username, TEST_PASSWORD)
    page.goto("/statistics/releases/")
    page.locator("#release-year").select_option(str(YEAR))
    page.get_by_role("button", name="Ehdota hyväksyttäväksi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title("fi"))
    expect(page.locator("main")).to_contain_text("Ehdotettu, odottaa hyväksyntää")
    expect(page.get_by_role("button", name="Hyväksy ja julkaise")).to_have_count(0)  # not the proposer
    assert_accessible(page)
    sign_out(page)

    sign_in(page, coordinator.username, TEST_PASSWORD)
    page.goto("/statistics/releases/")
    page.get_by_role("link", name=title("fi")).click()
    withheld = page.get_by_role("table").first
    expect(withheld).to_contain_text("Islanti")  # the small country the public form merges, and why
    page.get_by_role("button", name="Hyväksy ja julkaise").click()
    expect(page).to_have_url(re.compile(r"/public/statistics/\d+/$"))
    sign_out(page)

    page.goto("/public/statistics/")
    page.get_by_role("link", name=title("fi")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title("fi"))
    expect(page.locator("main")).to_contain_text("CC BY 4.0")
    expect(page.locator("main")).not_to_contain_text("Islanti")
    expect(page.get_by_role("img", name=re.compile("^Uudet asiakkaat kansalaisuuden mukaan"))).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("^Uudet asiakkaat sukupuolen mukaan"))).to_be_visible()
    expect(page.get_by_role("heading", name="Infopuhelin: neuvonta, konsultaatiot ja ohjaukset")).to_be_visible()
    expect(
        page.get_by_role("table", name=re.compile("^Yhteydenotot infopuhelimeen yhteydenottajan mukaan"))
    ).to_be_visible()
    with page.expect_download(timeout=120_000) as pdf:
        page.get_by_role("link", name="PDF (fi)").click()
    assert Path(pdf.value.path()).read_bytes().startswith(b"%PDF")
    with page.expect_download() as csv:
        page.get_by_role("link", name="Taulukot CSV-muodossa").click()
    content = Path(csv.value.path()).read_text(encoding="utf-8")
    assert "new_clients.by_nationality" in content and "Islanti" not in content
    assert "helpline_contacts_by_contact_type" in content

    page.get_by_role("button", name="English", exact=True).click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text(title("en"))
    page.get_by_role("button", name="svenska", exact=True).click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text(title("sv"))
    page.get_by_role("link", name="Alla publiceringar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Offentlig statistik")


def test_a_coordinator_drafts_the_situational_picture_another_approves_and_it_appears_publicly(
    page: Page, settings: Settings
) -> None:
    settings.DEMO_MODE = True
    settings.STATISTICS_DISCLOSURE_K = 3
    small_register()
    author = user_with_role(Role.COORDINATOR, is_demo=True)
    approver = user_with_role(Role.COORDINATOR, is_demo=True)

    sign_in(page, author.username, TEST_PASSWORD)
    page.goto("/situation/pictures/")
    page.locator("#picture-first").fill(str(YEAR - 1))
    page.locator("#picture-last").fill(str(YEAR))
    page.get_by_role("button", name="Aloita luonnos").click()
    for textarea in page.locator("textarea").all():
        textarea.fill(f"Teksti {textarea.get_attribute('lang')}.")
    page.get_by_role("button", name="Tallenna luonnos").click()
    expect(page.locator("main")).to_contain_text("Tallennettu.")
    page.get_by_role("button", name="Ehdota hyväksyttäväksi").click()
    expect(page.locator("main")).to_contain_text("Ehdotettu, odottaa hyväksyntää")
    expect(page.get_by_role("button", name="Hyväksy ja julkaise")).to_have_count(0)  # not the proposer
    sign_out(page)

    sign_in(page, approver.username, TEST_PASSWORD)
    page.goto("/situation/pictures/")
    page.get_by_role("link", name=f"Tilannekuva {YEAR - 1}–{YEAR}").click()
    page.get_by_role("button", name="Hyväksy ja julkaise").click()
    expect(page).to_have_url(re.compile(r"/public/statistics/\d+/$"))
    sign_out(page)

    page.goto("/public/statistics/")
    page.get_by_role("link", name=f"Ihmiskaupan tilannekuva {YEAR - 1}–{YEAR}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Ihmiskaupan tilannekuva {YEAR - 1}–{YEAR}")
    expect(page.get_by_role("table", name=re.compile("^Kuvio 1\\."))).to_be_visible()
    with page.expect_download(timeout=120_000) as pdf:
        page.get_by_role("link", name="PDF (fi)").click()
    assert Path(pdf.value.path()).read_bytes().startswith(b"%PDF")
