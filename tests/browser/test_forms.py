"""Forms as their users work them, axe-core on every page: the coordinator adds and removes participants and
agenda items of a meeting in place (no new page until saving), and chooses a round's measures with "Select
none" and "Select all"."""

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import TEST_PASSWORD, user_with_role
from torju.accounts.models import Role
from torju.programme.models import Meeting

SHIPPED = "2026-2027"
SAME_DOCUMENT = "__torjuSameDocument"


def label(text: str) -> re.Pattern[str]:
    """A field's label, with or without the mark of a required field."""
    return re.compile(rf"^\s*{re.escape(text)}(\s*\*)?\s*$")


def named(action: str, what: str) -> re.Pattern[str]:
    """A button's name, "Remove: Participant 3": its object in visually hidden text, which Chromium sets apart."""
    return re.compile(rf"^{re.escape(action)}\s*:\s*{re.escape(what)}$")


def mark_document(page: Page) -> None:
    page.evaluate(f"() => {{ window.{SAME_DOCUMENT} = true; }}")


def still_the_same_document(page: Page) -> bool:
    return bool(page.evaluate(f"() => window.{SAME_DOCUMENT} === true"))


def test_the_coordinator_adds_and_removes_participants_and_agenda_items_in_place(page: Page) -> None:
    user_with_role(Role.COORDINATOR, username="koordinaattori")
    sign_in(page, "koordinaattori", TEST_PASSWORD)
    page.get_by_role("button", name="English", exact=True).click()
    page.goto("/programme/meetings/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("New meeting")
    expect(page.get_by_label(label("Body"))).to_have_value("")  # "Choose…", not the first body
    page.get_by_label(label("Body")).select_option("steering_group")
    page.get_by_label(label("Date")).fill("1.2.2027")
    page.get_by_label(label("Starts")).fill("13:00")
    page.get_by_label(label("Place")).fill("Teams")
    mark_document(page)

    participants = page.locator("#participants-rows")
    first = participants.get_by_role("group", name="Participant 1")
    first.get_by_label(label("Name")).fill("Aino Esimerkki")
    first.get_by_label(label("Role")).select_option("chair")
    participants.get_by_role("button", name="Add a participant").click()
    second = participants.get_by_role("group", name="Participant 2")
    expect(second.get_by_label(label("Member"))).to_be_focused()
    second.get_by_label(label("Name")).fill("Terttu Työmaa")
    second.get_by_label(label("Role")).select_option("member")
    participants.get_by_role("button", name="Add a participant").click()
    third = participants.get_by_role("group", name="Participant 3")
    third.get_by_label(label("Name")).fill("Ei tullutkaan")
    third.get_by_role("button", name=named("Remove", "Participant 3")).click()
    expect(participants).to_contain_text("Participant 3 is removed when the form is saved.")
    expect(participants.get_by_role("button", name=named("Undo", "Participant 3"))).to_be_focused()
    expect(participants.get_by_role("group", name="Participant 3")).to_have_count(0)
    assert_accessible(page)

    agenda = page.locator("#agenda-rows")
    item = agenda.get_by_role("group", name="Agenda item 1")
    item.get_by_label(label("Number")).fill("1")
    item.get_by_label(label("Title")).fill("Poistettava asia")
    agenda.get_by_role("button", name="Add an agenda item").click()
    added = agenda.get_by_role("group", name="Agenda item 2")
    expect(added.get_by_label(label("Number"))).to_be_focused()
    added.get_by_label(label("Number")).fill("2")
    added.get_by_label(label("Title")).fill("Toimeenpanon tilanne")
    added.get_by_label(label("Minutes")).fill("Keskusteltiin.\nSovittiin jatkosta.")
    item.get_by_role("button", name=named("Remove", "Agenda item 1")).click()
    expect(agenda).to_contain_text("Agenda item 1 is removed when the form is saved.")
    assert_accessible(page)
    assert still_the_same_document(page)  # every row came and went in place
    assert not Meeting.objects.exists()

    page.get_by_role("button", name="Save the meeting", exact=True).last.click()
    expect(page.locator(".message--success")).to_contain_text("The meeting was saved.")
    meeting = Meeting.objects.get()
    assert list(meeting.participants.order_by("position").values_list("name", "role")) == [
        ("Aino Esimerkki", "chair"),
        ("Terttu Työmaa", "member"),
    ]
    assert list(meeting.agenda_items.values_list("number", "title", "minutes")) == [
        (2, "Toimeenpanon tilanne", "Keskusteltiin.\r\nSovittiin jatkosta.")
    ]


def test_select_none_and_select_all_choose_a_rounds_measures(page: Page) -> None:
    user_with_role(Role.COORDINATOR, username="koordinaattori")
    sign_in(page, "koordinaattori", TEST_PASSWORD)
    page.get_by_role("button", name="English", exact=True).click()
    page.goto(f"/programme/{SHIPPED}/rounds/new/")
    measures = page.get_by_role("group", name=re.compile("^Measures"))
    boxes = measures.get_by_role("checkbox")
    expect(boxes).to_have_count(43)
    expect(measures.locator("input:checked")).to_have_count(43)
    measures.get_by_role("button", name=named("Select none", "Measures")).click()
    expect(measures.locator("input:checked")).to_have_count(0)
    boxes.nth(4).check()
    measures.get_by_role("button", name=named("Select all", "Measures")).click()
    expect(measures.locator("input:checked")).to_have_count(43)
    assert_accessible(page)
    # A long measure wraps between words: its label is as tall as several lines, none wider than the list.
    longest = measures.locator("label").filter(has_text=re.compile(r"^\s*13\. ")).first
    box = longest.bounding_box()
    list_box = measures.bounding_box()
    assert box is not None and list_box is not None
    assert box["height"] > 40 and box["x"] + box["width"] <= list_box["x"] + list_box["width"] + 1
