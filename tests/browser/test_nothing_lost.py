"""Nothing typed is lost: an impossible date and a text far over its maximum come back with everything typed."""

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.register.matrix_samples import register_samples
from torju.register.models import ServiceNeedsAssessment

MEGABYTE = 1024 * 1024


def five_megabytes_of_notes() -> str:
    """Five megabytes in paragraphs, with letters beyond ASCII, as pasted from a long document."""
    sentence = "Asiakas tarvitsee tulkin, turvallisen asunnon ja oikeudellista neuvontaa. "
    paragraph = sentence * 100 + "\n"
    text = "Äiti ja kaksi lasta; haastattelu tulkin välityksellä.\n" + paragraph * (5 * MEGABYTE // len(paragraph))
    return text.rstrip()


def test_an_impossible_date_and_five_megabytes_of_text_come_back_untouched(
    page: Page, demo_passwords: dict[str, str]
) -> None:
    case = register_samples(None)["register.case"]  # a case of the demo caseworker's office
    sign_in(page, "demo-caseworker", demo_passwords["demo-caseworker"])
    page.get_by_role("button", name="English", exact=True).click()
    page.goto(f"/register/cases/{case.pk}/assessments/new/")
    expect(page.get_by_text("At most 5000 characters.")).to_have_count(0)  # the counter script has taken over
    expect(page.locator("#id_notes_counter")).to_have_text("Characters left: 5000")
    page.get_by_label("Assessed on").fill("30.2.2025")
    page.get_by_label("Counselling").check()
    page.get_by_label("Assessed person").select_option(index=1)  # the list starts with "Choose…"
    notes = five_megabytes_of_notes()
    page.get_by_label("Notes").fill(notes, timeout=120_000)
    over = len(notes.replace("\n", "\r\n")) - 5000
    expect(page.locator("#id_notes_counter")).to_have_text(f"Characters over the limit: {over}")
    page.get_by_role("button", name="Save").click()

    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Assessed on: There is no such day: 30.2.2025.")
    expect(summary).to_contain_text("Notes: Ensure this value has at most 5000 characters")
    assert page.get_by_label("Assessed on").input_value() == "30.2.2025"
    assert page.get_by_label("Counselling").is_checked()
    assert page.get_by_label("Notes").input_value() == notes
    expect(page.locator("#id_notes_counter")).to_have_text(f"Characters over the limit: {over}")
    assert not ServiceNeedsAssessment.objects.exists()

    today = timezone.localdate()
    page.get_by_label("Assessed on").fill(f"{today.day}.{today.month}.{today.year}")  # after the decision
    page.get_by_label("Notes").fill(notes[:4000])
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".message--success")).to_be_visible()
    assert_accessible(page)
    saved = ServiceNeedsAssessment.objects.get()
    assert saved.assessed_on == today
    assert saved.read_notes() == notes[:4000].replace("\n", "\r\n")
