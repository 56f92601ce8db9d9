"""The case page as its users read it: the summary, the side list, asking before destroying, the return reason."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in
from tests.browser.test_register import sign_out, to_english
from tests.factories import new_application
from torju.accounts.models import User
from torju.register.models import Application


def test_summary_asking_before_destroying_and_the_return_reason(page: Page, demo_passwords: dict[str, str]) -> None:
    caseworker = User.objects.get(username="demo-caseworker")
    case = new_application(caseworker, first_names="Selainkoe", received_on=timezone.localdate() - timedelta(days=30))
    assert case.assigned_to == caseworker  # who registers a case answers for it
    case_url = f"/register/cases/{case.pk}/"
    sign_in(page, "demo-caseworker", demo_passwords["demo-caseworker"])
    to_english(page)
    page.goto(case_url)

    # The summary: status, office, who answers for the case (by name), days since received, the next step.
    summary = page.locator(".case-summary")
    for fact, value in (
        ("Status", "Pending"),
        ("Office", "Helsinki"),
        ("Responsible person", "Sanna Sosiaalityöntekijä"),
        ("Days since received", "30"),
        ("Next step", "Waiting for a decision"),
    ):
        expect(summary.locator("div", has=page.locator("dt", has_text=fact)).locator("dd")).to_have_text(value)
    expect(summary).not_to_contain_text("demo-caseworker")
    sections = page.get_by_role("navigation", name="Sections of the case")
    sections.get_by_role("link", name="Timeline").click()
    expect(page).to_have_url(re.compile(r"#timeline-title$"))
    expect(page.locator("ol.timeline li").first).to_contain_text("Application registered by Sanna Sosiaalityöntekijä")

    # Drafting with no exploitation event asks first; the draft is made only when the caseworker goes on.
    page.get_by_role("link", name="Draft a decision").click()
    page.get_by_label(re.compile(r"^Decision\b")).select_option("negative")
    page.get_by_label("Reason for the negative decision").select_option("not_trafficking")
    page.get_by_role("button", name="Send for confirmation").click()
    expect(page.get_by_role("heading", name="No exploitation events recorded — continue?")).to_be_visible()
    assert not case.decision_drafts.exists()
    page.get_by_label("Draft the decision without exploitation events").check()
    page.get_by_role("button", name="Send for confirmation").click()
    expect(page.locator(".message--success")).to_contain_text("waits for a decision maker")
    expect(summary.locator("dd").last).to_have_text("Decision draft waiting for confirmation")

    # Deleting an event asks on a page of its own; cancelling keeps it, only the danger button deletes.
    page.get_by_role("link", name="Add an exploitation event").click()
    page.get_by_label("Form of exploitation").select_option("forced_labour")
    page.get_by_label("Country").select_option("FI")
    page.get_by_role("button", name="Add").click()
    events = page.locator("section", has=page.get_by_role("heading", name="Exploitation events"))
    events.get_by_role("link", name=re.compile(r"^Delete")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete the exploitation event?")
    expect(page.locator(".facts")).to_contain_text("forced labour")
    assert case.exploitation_events.count() == 1
    page.get_by_role("link", name="Cancel").click()
    expect(events.locator("tbody tr")).to_have_count(1)
    expect(events).to_contain_text("forced labour")
    events.get_by_role("link", name=re.compile(r"^Delete")).click()
    page.get_by_role("button", name="Delete the event").click()
    expect(page.locator(".message--success")).to_contain_text("exploitation event was removed")
    expect(events.locator("tbody")).to_contain_text("None recorded.")
    assert not case.exploitation_events.exists()
    sign_out(page)

    # The decision maker: the reason is asked only when the draft goes back to its drafter.
    sign_in(page, "demo-decision-maker", demo_passwords["demo-decision-maker"])
    to_english(page)
    page.goto(case_url)
    reason = page.get_by_label("Reason")
    expect(page.get_by_role("button", name="Confirm the decision")).to_be_visible()
    expect(reason).to_be_hidden()
    page.locator("summary", has_text="Return to the drafter").click()
    expect(reason).to_be_visible()
    reason.fill("Tapahtumat puuttuvat: kirjaa ne ensin.")
    page.get_by_role("button", name="Return the draft").click()
    expect(page.locator(".message--success")).to_contain_text("returned")
    expect(page.locator("ol.timeline li").last).to_contain_text(
        "Decision draft returned to the drafter by Paula Päättäjä: Tapahtumat puuttuvat"
    )
    expect(page.locator(".case-summary dd").last).to_have_text("Waiting for a decision")
    assert Application.objects.get(pk=case.pk).decision_drafts.count() == 0
