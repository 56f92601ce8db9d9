"""A caseworker records a consent, the grounds of the identification, a residence permit and a police report on a
case, then drafts the positive decision the grounds allow; axe-core on every page (issue 13)."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import new_application
from torju.accounts.models import User
from torju.legalpath.models import Consent, CriminalMatter, IdentificationGrounds, ResidencePermit


def test_a_caseworker_records_the_legal_path(page: Page, demo_passwords: dict[str, str]) -> None:
    today = timezone.localdate()
    received = today - timedelta(days=20)
    caseworker = User.objects.get(username="demo-caseworker")
    case = new_application(caseworker, first_names="Oikeuspolku", last_name="Selain", received_on=received)
    sign_in(page, "demo-caseworker", demo_passwords["demo-caseworker"])
    page.get_by_role("button", name="English", exact=True).click()
    page.goto(f"/register/cases/{case.pk}/")
    expect(page.get_by_role("heading", name="Legal path")).to_be_visible()
    assert_accessible(page)

    # A positive decision is refused until the grounds are recorded.
    page.get_by_role("link", name="Draft a decision").click()
    page.get_by_label(re.compile(r"^Decision\b")).select_option("positive")
    page.get_by_label("Decided on").fill(today.isoformat())
    page.get_by_role("button", name="Send for confirmation").click()
    # The case has no exploitation event: the form asks first (decision 0105), then the grounds are missing.
    page.get_by_label("Draft the decision without exploitation events").check()
    page.get_by_role("button", name="Send for confirmation").click()
    expect(page.locator(".error-summary")).to_contain_text("grounds of the identification")
    page.goto(f"/register/cases/{case.pk}/")

    page.get_by_role("link", name="Record a consent").click()
    page.get_by_label("Consent to").select_option("disclosure_police")
    page.get_by_label("Given on").fill(f"{received.day}.{received.month}.{received.year}")
    page.get_by_label("Form of the record").select_option("signed")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".message--success")).to_contain_text("consent was recorded")
    expect(page.get_by_role("table", name="Consents")).to_contain_text("disclosure to the police")

    page.get_by_role("link", name="Record the grounds").click()
    for element in ("the act", "the means", "the purpose of exploitation"):
        page.get_by_label(f"Element assessed: {element}").check()
    page.get_by_label("debt bondage").check()
    page.get_by_label("wages withheld or taken").check()
    page.get_by_label("Preliminary assessment on").fill(received.isoformat())
    page.get_by_label("Reasonable grounds to believe the person is a victim").select_option("true")
    page.get_by_label("Final assessment on").fill(today.isoformat())
    page.get_by_label("Final assessment: grounds for identification").select_option("true")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".message--success")).to_contain_text("grounds of the identification were saved")
    expect(page.get_by_text("debt bondage")).to_be_visible()

    page.get_by_role("link", name="Add a residence permit").click()
    page.get_by_label("Permit type").select_option("victim_temporary")
    page.get_by_label("Status").select_option("applied")
    page.get_by_label("Applied for on").fill(today.isoformat())
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("table", name="Residence permits")).to_contain_text("temporary residence permit")

    page.get_by_role("link", name="Record a police report or a criminal process").click()
    page.get_by_label("Client's role").select_option("complainant")
    page.get_by_label("Reported to the police on").fill(today.isoformat())
    page.get_by_label("Reported by").select_option("assistance_system")
    page.get_by_label("Police department").select_option("helsinki")
    page.get_by_label("Offence", exact=True).select_option("trafficking")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("table", name="Criminal process")).to_contain_text("trafficking in human beings")
    assert_accessible(page)

    page.get_by_role("link", name="Draft a decision").click()
    page.get_by_label(re.compile(r"^Decision\b")).select_option("positive")
    page.get_by_label("Decided on").fill(today.isoformat())
    page.get_by_role("button", name="Send for confirmation").click()
    page.get_by_label("Draft the decision without exploitation events").check()
    page.get_by_role("button", name="Send for confirmation").click()
    expect(page.locator(".message--success")).to_contain_text("waits for a decision maker")

    assert Consent.objects.filter(application=case, purpose="disclosure_police", given_on=received).exists()
    grounds = IdentificationGrounds.objects.get(application=case)
    assert grounds.final_grounds and grounds.indicators.count() == 2
    assert ResidencePermit.objects.filter(application=case, status="applied").exists()
    assert CriminalMatter.objects.filter(application=case, reported_by="assistance_system").exists()
