"""A TEM reporter reports on measure 3, is refused measure 5 (no page offers it, and its address answers
"no access"); the coordinator follows up and prepares the implementation report. axe-core on every page."""

import re
from pathlib import Path

from django.utils import translation
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from tests.browser.conftest import assert_accessible, sign_in
from tests.documents.flow import run_tasks_at_once
from torju.programme.models import ReportState, StatusReport


def sign_out(page: Page) -> None:
    page.locator(".user-menu button[type=submit]").click()
    page.wait_for_load_state()


def test_reporter_submits_coordinator_follows_up(
    page: Page, demo_passwords: dict[str, str], tmp_path: Path, settings: Settings
) -> None:
    run_tasks_at_once(settings, tmp_path / "data")
    sign_in(page, "demo-reporter", demo_passwords["demo-reporter"])
    page.get_by_role("button", name="English", exact=True).click()
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="My reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My reports")
    assert_accessible(page)

    page.get_by_role("link", name="Write the report (measure 3)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("measure 3")
    assert_accessible(page)
    page.get_by_label("Status").select_option("on_track")
    page.get_by_label("What was done").fill("Selvitys työperusteisten lupien valvonnasta on käynnistetty.")
    page.get_by_label("Links").fill("not a link")
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.locator(".error-summary")).to_contain_text("Links:")
    assert_accessible(page)
    page.get_by_label("Links").fill("https://tem.fi/ihmiskauppa")
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("measure 3")
    expect(page.locator("article.version")).to_contain_text("On track")
    assert_accessible(page)
    report = StatusReport.objects.get(measure__programme__slug="2026-2027", measure__number=3, organisation__code="TEM")
    assert report.state == ReportState.SUBMITTED

    # Measure 5 is Maahanmuuttovirasto's alone: nothing the reporter is shown offers a report on it.
    report_on = {number: page.locator(f'a[href$="/measures/{number}/report/"]') for number in (3, 5)}
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="My reports").click()
    expect(page.get_by_role("link", name="Update (measure 3)")).to_be_visible()
    expect(report_on[5]).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile(r"\(measure 5\)"))).to_have_count(0)
    assert_accessible(page)
    page.goto("/programme/2026-2027/")
    assert_accessible(page)
    page.get_by_role("link", name=report.round.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(report.round.name)
    expect(report_on[3]).to_have_count(1)
    expect(report_on[5]).to_have_count(0)
    assert_accessible(page)
    page.go_back()
    page.locator('table.measures a[href$="/measures/5/"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Measure 5")
    expect(page.get_by_role("heading", name="Report on this measure")).to_have_count(0)
    expect(page.locator('a[href*="/report/"]')).to_have_count(0)
    assert_accessible(page)

    round_id = report.round_id
    response = page.goto(f"/programme/rounds/{round_id}/measures/5/report/")
    assert response is not None and response.status == 403
    with translation.override("en"):
        expect(page.get_by_role("heading", level=1)).to_have_text("No access")
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "demo-coordinator", demo_passwords["demo-coordinator"])
    page.goto("/programme/2026-2027/dashboard/?organisation=TEM")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    measure_3_row = page.locator("table.measures").last.locator("tr", has=page.locator("td:first-child", has_text="3"))
    expect(measure_3_row.first).to_contain_text("On track")
    assert_accessible(page)

    page.goto("/programme/2026-2027/")
    assert_accessible(page)
    # The report is a document job: its page shows the progress, then the link (the task runs on the
    # request's commit here, with the immediate backend).
    # The click waits for the POST's answer, which comes once the job has run: the same wait as the link's.
    page.get_by_role("button", name="Prepare the PDF").click(timeout=120_000)
    link = page.get_by_role("link", name=re.compile(r"^Download .*-2026-2027-.*\.pdf$"))
    expect(link).to_be_visible(timeout=120_000)  # rendering takes seconds, more on a busy machine
    expect(page.get_by_role("heading", level=1)).to_contain_text("Implementation report")
    assert_accessible(page)
    with page.expect_download() as download:
        link.click()
    target = tmp_path / "report.pdf"
    download.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
