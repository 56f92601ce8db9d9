"""The auditor reads the trail in words (issue 16): labels, full names, links, the object type chosen from a list."""

from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import TEST_PASSWORD, user_with_role
from torju.accounts.models import Role
from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record


def test_the_auditor_reads_filters_and_follows_an_object_in_the_trail(page: Page, settings: Settings) -> None:
    settings.DEMO_MODE = True  # demo users skip the second factor: the test is about the trail
    auditor = user_with_role(Role.AUDITOR)
    caseworker = user_with_role(Role.CASEWORKER)
    for user, first, last in ((auditor, "Tuula", "Tarkastaja"), (caseworker, "Sanna", "Sosiaalityöntekijä")):
        user.first_name, user.last_name, user.is_demo = first, last, True
        user.save()
    record(Action.UPDATE, Actor.for_user(caseworker), object_type="register.person", object_id="4269")
    record(Action.VIEW, Actor.for_user(caseworker), object_type="register.person", object_id="4270")
    record(Action.IMPORT, Actor.system("manage.py import_register"), object_type="register")

    page.context.set_extra_http_headers({"Accept-Language": "fi"})
    sign_in(page, auditor.username, TEST_PASSWORD)
    page.goto("/audit/")
    table = page.locator("table")
    expect(table).to_contain_text("Sanna Sosiaalityöntekijä")
    expect(table).to_contain_text("Henkilö 4269")
    expect(table).to_contain_text("Muutettu")
    expect(table).to_contain_text("Järjestelmä (manage.py import_register)")
    expect(table).not_to_contain_text("register.person")
    assert_accessible(page)

    page.get_by_label("Kohteen tyyppi").select_option(label="Henkilö")

    page.get_by_role("button", name="Suodata").click()
    expect(page.locator("table tbody tr")).to_have_count(2)
    assert_accessible(page)

    page.locator("table tbody tr", has_text="4269").get_by_role("link", name="tapahtumat").click()
    expect(page.locator("table tbody tr")).to_have_count(1)
    expect(page.locator("table")).to_contain_text("Muutettu")
    expect(page.get_by_label("Kohteen tunniste")).to_have_value("4269")
    assert_accessible(page)
