"""The work lists as their users read them (issue 16): counts on the tabs, sorting by a column, the pager; the
decision maker's backlog one click away. axe-core checks every page (tests/browser/conftest.py)."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import TEST_PASSWORD, caseworker_at, decision_maker_at, new_application
from torju.actor import Actor
from torju.register import services

CASES = 30


def rows(page: Page) -> list[str]:
    return page.locator("table.data-table tbody tr td:first-child").all_inner_texts()


def test_counts_on_the_tabs_sorting_by_a_column_and_the_pager(page: Page, settings: Settings) -> None:
    settings.DEMO_MODE = True  # demo users skip the second factor: the test is about the lists
    caseworker = caseworker_at("HEL", first_name="Sanna", last_name="Sosiaalityöntekijä", is_demo=True)
    decision_maker = decision_maker_at("HEL", first_name="Paula", last_name="Päättäjä", is_demo=True)
    today = timezone.localdate()
    cases = [new_application(caseworker, received_on=today - timedelta(days=day)) for day in range(CASES)]
    services.set_waiting_for_information(
        actor=Actor.for_user(caseworker), application=cases[0], reason="Poliisin esitutkintapöytäkirja"
    )
    numbers = sorted(case.case_number for case in cases)

    sign_in(page, caseworker.username, TEST_PASSWORD)
    page.get_by_role("button", name="English", exact=True).click()
    page.goto("/register/")
    tabs = page.get_by_role("navigation", name="Work lists")
    expect(tabs.get_by_role("link", name=f"My cases {CASES}")).to_have_attribute("aria-current", "page")
    expect(tabs.get_by_role("link", name=f"Waiting for a decision {CASES}")).to_be_visible()
    expect(tabs.get_by_role("link", name="Waiting for confirmation 0")).to_be_visible()
    expect(tabs.get_by_role("link", name=f"All cases {CASES}")).to_be_visible()
    expect(page.locator("table caption")).to_have_text("My cases")

    page.get_by_role("navigation", name="Cases per page").get_by_role("link", name="25").click()
    expect(page.locator("table.data-table tbody tr")).to_have_count(25)
    pager = page.get_by_role("navigation", name="Pages")
    expect(pager).to_contain_text("Page 1 of 2")

    header = page.get_by_role("columnheader", name="Case number")
    header.get_by_role("link").click()
    expect(page.get_by_role("columnheader", name="Case number")).to_have_attribute("aria-sort", "ascending")
    assert rows(page) == numbers[:25]
    page.get_by_role("columnheader", name="Case number").get_by_role("link").click()
    expect(page.get_by_role("columnheader", name="Case number")).to_have_attribute("aria-sort", "descending")
    assert rows(page) == numbers[::-1][:25]

    pager.get_by_role("link", name="Next").click()
    expect(pager.get_by_role("link", name="Page 2")).to_have_attribute("aria-current", "page")
    assert rows(page) == numbers[::-1][25:]
    expect(page.locator("tbody")).to_contain_text("Waiting for information: Poliisin esitutkintapöytäkirja")
    pager.get_by_role("link", name="First").click()
    expect(pager.get_by_role("link", name="Page 1")).to_have_attribute("aria-current", "page")
    assert rows(page) == numbers[::-1][:25]
    pager.get_by_role("link", name="Last").click()
    expect(page.get_by_role("columnheader", name="Case number")).to_have_attribute("aria-sort", "descending")
    assert rows(page) == numbers[::-1][25:]

    page.get_by_role("columnheader", name="Days waiting").get_by_role("link").click()
    expect(page.get_by_role("columnheader", name="Days waiting")).to_have_attribute("aria-sort", "ascending")
    expect(pager.get_by_role("link", name="Page 1")).to_have_attribute("aria-current", "page")  # sorting starts over
    assert rows(page)[0] == cases[0].case_number  # received today: 0 days
    assert_accessible(page)

    page.locator(".user-menu button[type=submit]").click()
    sign_in(page, decision_maker.username, TEST_PASSWORD)
    page.goto("/register/")
    page.get_by_role("link", name="Backlog").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Backlog")
    expect(page.locator("table").first.locator("tfoot")).to_contain_text(str(CASES))  # all by age, one waiting
    expect(page.locator("body")).to_contain_text("Poliisin esitutkintapöytäkirja")
