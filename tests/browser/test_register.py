"""From an application to the end of a clienthood, four eyes, break-glass, the analyst; axe-core on every page."""

import re
import zipfile
from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from tests.browser.conftest import assert_accessible, sign_in
from tests.documents.flow import run_tasks_at_once
from torju.audit.models import AuditEvent
from torju.register.models import Application, Person

FIRST_NAME = "Selainkoe"


def sign_out(page: Page) -> None:
    page.locator(".user-menu button[type=submit]").click()
    page.wait_for_load_state()


def to_english(page: Page) -> None:
    page.get_by_role("button", name="English", exact=True).click()


def test_application_to_the_end_of_a_clienthood(
    page: Page, demo_passwords: dict[str, str], settings: Settings, tmp_path: Path
) -> None:
    run_tasks_at_once(settings, tmp_path / "data")  # the analyst's extract is prepared at once
    today = timezone.localdate()
    received = (today - timedelta(days=30)).isoformat()
    sign_in(page, "demo-caseworker", demo_passwords["demo-caseworker"])
    to_english(page)
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Assistance register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Assistance register")
    assert_accessible(page)

    page.get_by_role("link", name="New applicant").click()
    assert_accessible(page)
    page.get_by_label("First names").fill(FIRST_NAME)
    page.get_by_label("Last name").fill("Kuvitteellinen")
    page.get_by_label("Personal identity code").fill("131052-308U")  # wrong check character
    page.get_by_label("Sex").select_option("F")
    page.get_by_label("Nationality").select_option("NP")
    page.get_by_label("Received on").fill(received)
    page.get_by_label("Submitted by").select_option("police")
    page.get_by_label("Residence status").select_option("work_permit")
    page.get_by_role("button", name="Register the application").click()
    expect(page.locator(".error-summary")).to_contain_text("Personal identity code")
    assert_accessible(page)
    page.get_by_label("Personal identity code").fill("131052-308T")
    page.get_by_role("button", name="Register the application").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Case HEL-")
    assert_accessible(page)
    application = Application.objects.get(person__hetu_hash__isnull=False, received_on=received, source="police")
    case_url = f"/register/cases/{application.pk}/"

    for form, country in (("forced_labour", "FI"), ("sexual_exploitation", "NP")):
        page.get_by_role("link", name="Add an exploitation event").click()
        assert_accessible(page)
        page.get_by_label("Form of exploitation").select_option(form)
        if form == "forced_labour":
            page.get_by_label("Primary form").check()
            page.get_by_label("Sector (forced labour)").select_option("berry_farms")
        page.get_by_label("Country").select_option(country)
        page.get_by_role("button", name="Add").click()
        expect(page.locator(".message--success")).to_be_visible()
    events = page.locator("section", has=page.get_by_role("heading", name="Exploitation events"))
    expect(events.locator("tbody tr")).to_have_count(2)

    # A positive decision rests on the grounds of the identification (torju.legalpath).
    page.get_by_role("link", name="Record the grounds").click()
    assert_accessible(page)
    for element in ("the act", "the means", "the purpose of exploitation"):
        page.get_by_label(f"Element assessed: {element}").check()
    page.get_by_label("debt bondage").check()
    page.get_by_label("Preliminary assessment on").fill(received)
    page.get_by_label("Reasonable grounds to believe the person is a victim").select_option("true")
    page.get_by_label("Final assessment on").fill(today.isoformat())
    page.get_by_label("Final assessment: grounds for identification").select_option("true")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".message--success")).to_contain_text("grounds of the identification were saved")

    page.get_by_role("link", name="Draft a decision").click()
    assert_accessible(page)
    page.get_by_label(re.compile(r"^Decision\b")).select_option("positive")
    page.get_by_label("Decided on").fill(today.isoformat())
    page.get_by_role("button", name="Send for confirmation").click()
    expect(page.get_by_text("waiting for confirmation", exact=True)).to_be_visible()  # the draft, not the summary
    expect(page.get_by_role("button", name="Confirm the decision")).to_have_count(0)  # not by the drafter
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "demo-decision-maker", demo_passwords["demo-decision-maker"])
    to_english(page)
    page.goto("/register/?list=to_confirm")
    assert_accessible(page)
    page.get_by_role("link", name=application.case_number).click()
    page.get_by_role("button", name="Confirm the decision").click()
    expect(page.locator(".message--success")).to_contain_text("confirmed")
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "demo-caseworker", demo_passwords["demo-caseworker"])
    page.goto(case_url)
    page.get_by_role("link", name="Add a service").click()
    assert_accessible(page)
    page.get_by_label(re.compile(r"^Service\b")).select_option("counselling")
    page.get_by_label("Started on").fill(today.isoformat())
    page.get_by_role("button", name="Add").click()
    expect(page.locator("section", has=page.get_by_role("heading", name="Services", exact=True))).to_contain_text(
        "counselling and guidance"
    )
    page.get_by_role("link", name="End the clienthood").click()
    assert_accessible(page)
    page.get_by_label("Ended on").fill(today.isoformat())
    page.get_by_label("Reason the clienthood ended").select_option("no_longer_needs_assistance")
    page.get_by_label("I confirm that the clienthood ends").check()
    page.get_by_role("button", name="End the clienthood").click()
    expect(page.locator(".message--success")).to_contain_text("clienthood was ended")
    # registered, 2 events, grounds, draft, decision, service, end
    expect(page.locator("ol.timeline li")).to_have_count(8)
    assert_accessible(page)
    application.refresh_from_db()
    assert (application.decision, application.clienthood_ended_on) == ("positive", today)
    sign_out(page)

    sign_in(page, "demo-caseworker-tre", demo_passwords["demo-caseworker-tre"])
    to_english(page)
    missing = page.goto(case_url)  # another office's case: "not found", as an id that does not exist
    assert missing is not None and missing.status == 404
    page.goto("/register/persons/search/")
    page.get_by_label("First names").fill(FIRST_NAME)
    page.get_by_label("Last name").fill("Kuvitteellinen")
    page.get_by_label("Date of birth").fill("13.10.1952")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("main")).not_to_contain_text(application.case_number)
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("A case of another office")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A case of another office")
    expect(page.get_by_text(FIRST_NAME)).to_have_count(0)
    expect(page.get_by_role("main")).not_to_contain_text(application.case_number)
    assert_accessible(page)
    page.get_by_label("Reason").fill("Asiakas asioi Tampereen toimistossa.")
    page.get_by_role("button", name="Open the case").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(application.case_number)
    expect(page.get_by_text(FIRST_NAME).first).to_be_visible()
    assert AuditEvent.objects.filter(flagged=True, reason="Asiakas asioi Tampereen toimistossa.").exists()
    # Read-only: writing takes a reason of its own.
    expect(page.get_by_role("heading", name="Opened with a reason: read only")).to_be_visible()
    expect(page.get_by_role("link", name="Add a service")).to_have_count(0)
    assert_accessible(page)
    page.locator("#write_reason").fill("Asiakas tarvitsee palvelun Tampereella.")
    page.get_by_role("button", name="Write on this case").click()
    expect(page.locator(".message--success")).to_contain_text("write on this case")
    expect(page.get_by_role("link", name="Add a service")).to_be_visible()
    sign_out(page)

    sign_in(page, "demo-analyst", demo_passwords["demo-analyst"])
    to_english(page)
    expect(page.get_by_role("navigation", name="Main navigation")).not_to_contain_text("Assistance register")
    for url in (case_url, f"/register/persons/{application.person_id}/", "/register/"):
        response = page.goto(url)
        assert response is not None and response.status == 403
        expect(page.get_by_text(FIRST_NAME)).to_have_count(0)
        assert_accessible(page)

    # The analyst's own way in: the pseudonymous extract, which carries no name of anybody.
    names = {FIRST_NAME, "Kuvitteellinen", "131052-308T"}
    for person in Person.objects.exclude(first_names_encrypted=""):
        identifiers = person.read_identifiers()
        names |= {identifiers.first_names, identifiers.last_name} - {""}
    page.goto("/")
    page.get_by_role("link", name="Pseudonymous register extract").click()
    assert_accessible(page)
    page.get_by_role("button", name="Prepare the document").click()
    expect(page.get_by_text("The document is ready.")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"^Download register-")).click()
    with zipfile.ZipFile(download.value.path()) as archive:
        contents = "".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    assert application.application_id not in contents  # pseudonyms of this extract
    assert len(names) > 3 and not any(name in contents for name in names)
