"""Sign in as a demo user, switch language, use the audit trail; axe-core on every page."""

import re
from base64 import b32decode

from django.utils import translation
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import TEST_PASSWORD, user_with_role
from torju.accounts.models import Role


def switch_language(page: Page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def test_demo_user_signs_in_switches_language_and_audits(page: Page, demo_passwords: dict[str, str]) -> None:
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    expect(page.locator(".demo-banner")).to_be_visible()
    assert_accessible(page)

    sign_in(page, "demo-auditor", demo_passwords["demo-auditor"])
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tuula Tietosuojavastaava")
    assert_accessible(page)

    switch_language(page, "svenska")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()
    assert_accessible(page)

    switch_language(page, "English")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Audit trail").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit trail")
    expect(page.locator("table")).to_contain_text("Tuula Tietosuojavastaava")  # full names, not user names
    assert_accessible(page)

    page.get_by_label("User name").fill("demo-auditor")
    page.get_by_label("From").fill("2000-02-01")
    page.get_by_label("Until").fill("2000-01-01")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator(".error-summary")).to_contain_text("Until:")
    assert_accessible(page)

    page.goto("/audit/?user=demo-auditor&action=login")
    with page.expect_download() as download:
        page.get_by_role("link", name="Export as CSV").click()
    assert download.value.suggested_filename.startswith("torju-audit-")

    page.reload()  # the language persists across pages and reloads
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Change password").click()
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".error-summary")).to_contain_text("Old password:")
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_caseworker_enrols_an_authenticator_app(page: Page) -> None:
    user = user_with_role(Role.CASEWORKER)
    sign_in(page, user.username, TEST_PASSWORD)
    expect(page).to_have_url(re.compile(r"/accounts/second-factor/setup/"))
    assert_accessible(page)
    secret = page.locator("code.secret").inner_text()
    page.locator("input[name=token]").fill("12345")
    page.locator("main button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    page.locator("input[name=token]").fill(f"{totp(b32decode(secret)):06d}")
    page.wait_for_timeout(1100)  # django-otp throttles a retry within a second of a failure
    page.locator("main button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(user.get_full_name())
    assert_accessible(page)


def test_failed_sign_in_and_refusal_pages_are_accessible(page: Page) -> None:
    sign_in(page, "nobody", "wrong password")
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    reporter = user_with_role(Role.REPORTER)
    sign_in(page, reporter.username, TEST_PASSWORD)
    page.goto("/audit/")
    with translation.override("fi"):
        no_access = translation.gettext("No access")
    assert no_access != "No access"
    expect(page.get_by_role("heading", level=1)).to_have_text(no_access)
    assert_accessible(page)
    page.goto("/no-such-page/")
    assert_accessible(page)


def test_administrator_uses_the_admin_with_the_banner_and_the_language_switch(
    page: Page, demo_passwords: dict[str, str]
) -> None:
    sign_in(page, "demo-admin", demo_passwords["demo-admin"])
    switch_language(page, "English")
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Administration").click()
    expect(page.locator("#site-name")).to_have_text("Torju administration")
    expect(page.locator(".demo-banner")).to_be_visible()

    switch_language(page, "svenska")  # on an admin page, which it shows again in Swedish
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.locator("#site-name")).to_have_text("Administration av Torju")
    expect(page.get_by_role("button", name="svenska", exact=True)).to_have_attribute("aria-current", "true")

    page.locator("#content-main").get_by_role("link", name="Användare", exact=True).click()
    expect(page.locator(".demo-banner")).to_be_visible()
    expect(page.locator("#result_list")).to_contain_text("demo-admin")
    page.goto("/admin/accounts/organisation/add/")
    expect(page.locator(".language-switch")).to_be_visible()
    switch_language(page, "suomi")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    expect(page).to_have_url(re.compile(r"/admin/accounts/organisation/add/$"))
