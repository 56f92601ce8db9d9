"""From a call to the info line to an application in the register, both ends in a browser; axe-core on every page.

An adviser logs two contacts about the same situation (the first attempt
refused for a mobile number in the notes), groups them into a consultation
case, ticks screening indicators and refers the case to the Helsinki office.
A caseworker of that office finds the referral on the office's work list,
registers the application, and finds it in the register with its source
mapped from the referring party. The adviser's case then shows that it led
to an application, without the register's case number or a way into it.
"""

import re
from datetime import datetime, timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_register import sign_out, to_english
from tests.factories import TEST_PASSWORD, user_with_role
from tests.helpline.builders import caseworker
from torju.accounts.models import Role
from torju.helpline.models import ConsultationCase, Referral, ReferralStatus
from torju.register.models import Application


def log_contact(page: Page, when: datetime, contact_type: str, notes: str) -> None:
    page.get_by_label("Date of the contact").fill(f"{when.day}.{when.month}.{when.year}")
    page.get_by_label("Time of the contact").fill(when.strftime("%H:%M"))
    page.get_by_label("Channel").select_option("phone")
    page.get_by_label("Who contacted").select_option(contact_type)
    page.get_by_label("Subject").select_option("suspected_case")
    page.get_by_label("forced labour", exact=True).check()
    page.get_by_label("Sector (forced labour)").select_option("berry_farms")
    page.get_by_label("Region of Finland").select_option("19")
    page.get_by_label("advice given").check()
    page.get_by_label("The person concerned", exact=True).fill("Poimija, noin 30-vuotias mies Thaimaasta.")
    page.get_by_label("Notes").fill(notes)
    page.get_by_role("button", name="Save the contact").click()


def test_a_consultation_leads_to_an_application(page: Page, settings: Settings) -> None:
    settings.DEMO_MODE = True  # demo users skip the second factor; everything else is as in production
    adviser = user_with_role(Role.HELPLINE_ADVISER, is_demo=True, username="neuvoja")
    worker = caseworker("HEL")
    worker.username, worker.is_demo = "sosiaalityontekija", True
    worker.save()
    now = timezone.localtime().replace(second=0, microsecond=0)
    first_call, second_call = now - timedelta(days=2), now - timedelta(hours=3)

    sign_in(page, adviser.username, TEST_PASSWORD)
    to_english(page)
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Helpline").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Helpline")
    page.get_by_role("link", name="Log a contact", exact=True).click()
    log_contact(page, first_call, "employer", "Työnantaja soitti, numero 040 123 4567.")
    expect(page.locator(".error-summary")).to_contain_text("looks like a mobile phone number")
    assert_accessible(page)
    page.get_by_label("Notes").fill("Työnantaja epäilee alihankkijaa; poimijat asuvat teltoissa.")
    page.get_by_role("button", name="Save the contact").click()
    expect(page.locator(".message--success")).to_contain_text("The contact was saved")

    page.goto("/helpline/contacts/new/")
    log_contact(page, second_call, "potential_victim", "Poimija soitti itse, vaihde 09 1234 5678.")
    expect(page.locator(".message--warning")).to_contain_text("looks like a phone number")

    page.goto("/helpline/contacts/?in_case=none")
    for when in (first_call, second_call):
        page.get_by_label(f"Choose the contact of {when:%-d.%-m.%Y %H:%M}").check()
    page.get_by_role("button", name="Group into a consultation case").click()
    case = ConsultationCase.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Consultation case {case.case_number}")
    expect(
        page.locator("section", has=page.get_by_role("heading", name="Contacts", exact=True)).locator("tbody tr")
    ).to_have_count(2)

    page.get_by_label("debt bondage").check()
    page.get_by_label("degrading housing arranged by the employer").check()
    page.get_by_role("button", name="Save the indicators").click()
    expect(page.locator(".message--success")).to_contain_text("screening indicators were saved")
    expect(page.get_by_label("debt bondage")).to_be_checked()

    page.get_by_role("link", name="Refer to an office").click()
    expect(page.get_by_label("Referring party")).to_have_value("employer")  # who contacted first
    page.get_by_role("combobox", name=re.compile("^Office")).select_option("HEL")
    page.get_by_label("Details for the office").fill(
        "Poimija haluaa hakea apua; tapaaminen sovittu työnantajan kautta."
    )
    page.get_by_role("button", name="Send the referral").click()
    expect(page.locator(".message--success")).to_contain_text("sent to the office")
    referral = Referral.objects.get()
    assert referral.status == ReferralStatus.SENT and referral.case == case
    sign_out(page)

    sign_in(page, worker.username, TEST_PASSWORD)
    to_english(page)
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Referrals").click()
    waiting = page.locator("section", has=page.get_by_role("heading", name=re.compile("^Waiting to be taken up")))
    expect(waiting.locator("tbody tr")).to_have_count(1)
    waiting.get_by_role("link").first.click()
    expect(page.get_by_text(case.case_number)).to_have_count(0)  # the office never sees the consultation case
    page.get_by_role("link", name="Register the application").click()
    page.get_by_label("Received on").fill(timezone.localdate().isoformat())
    page.get_by_label("Residence status").select_option("seasonal_work_permit")
    page.get_by_label("First names").fill("Somchai")
    page.get_by_label("Last name").fill("Kuvitteellinen")
    page.get_by_label("Sex").select_option("M")
    page.get_by_label("Nationality").select_option("TH")
    page.get_by_role("button", name="Register the application").click()
    application = Application.objects.get()
    expect(page.get_by_role("heading", level=1)).to_contain_text(application.case_number)
    # Submitted by: the referring party, an employer, maps to `other` (docs/helpline.md).
    expect(page.locator("dt:has-text('Submitted by') + dd")).to_have_text("other")
    assert application.source == "other" and application.office == "HEL"
    page.goto("/register/")
    expect(page.get_by_role("link", name=application.case_number)).to_be_visible()
    sign_out(page)

    sign_in(page, adviser.username, TEST_PASSWORD)
    to_english(page)
    page.goto(f"/helpline/cases/{case.pk}/")
    expect(page.get_by_text("This consultation led to an application")).to_be_visible()
    referrals = page.locator("section", has=page.get_by_role("heading", name="Referrals", exact=True))
    expect(referrals).to_contain_text("application registered")
    expect(page.get_by_text(application.case_number)).to_have_count(0)
    expect(page.locator(f"a[href='/register/cases/{application.pk}/']")).to_have_count(0)
    assert_accessible(page)
