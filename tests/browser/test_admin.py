"""The admin in the site's frame, translated, and accessible on the pages the staff use (issue 16)."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import TEST_PASSWORD, user_with_role
from torju.accounts.models import Organisation, Role, User


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_staff_use_the_admin_in_their_language(page: Page, settings: Settings, language: str) -> None:
    settings.DEMO_MODE = True  # demo users skip the second factor: the test is about the admin's pages
    admin = User.objects.create_user(
        "yllapito", password=TEST_PASSWORD, first_name="Ylläpito", last_name="Pääkäyttäjä", is_demo=True
    )
    admin.is_staff = admin.is_superuser = True
    admin.language = language  # the language a user chose is the one they get after signing in
    admin.organisation = Organisation.objects.first()
    admin.save()
    other = user_with_role(Role.CASEWORKER)

    page.context.set_extra_http_headers({"Accept-Language": language})
    sign_in(page, admin.username, TEST_PASSWORD)
    pages = [
        "/admin/",
        "/admin/accounts/user/",
        f"/admin/accounts/user/{other.pk}/change/",
        "/admin/accounts/organisation/",
        "/admin/accounts/signinlock/",
        "/admin/accounts/secondfactordevice/",
    ]
    english = ["TOTP device", "ccess attempt", "Axes", "Task Results", "Access logs", "Groups", "User permissions"]
    for path in pages:
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("header.site-header")).to_be_visible()  # the site's own header and navigation
        expect(page.get_by_role("navigation").first).to_be_visible()
        text = page.locator("body").inner_text()
        assert not [word for word in english if word in text], path
        assert_accessible(page)
    page.goto("/admin/")
    if language == "fi":
        expect(page.locator("#content")).to_contain_text("Lukitut kirjautumiset")
        expect(page.locator("#content")).to_contain_text("Toisen tunnistautumisvaiheen laitteet")
    else:
        expect(page.locator("#content")).to_contain_text("Spärrade inloggningar")
