"""Monitoring as its users work it, in the browser, axe-core on every page: the coordinator reminds a body
from the dashboard; a working-group member comments on the draft minutes from their inbox and the coordinator
approves them; a visitor reads a measure in Swedish, its untranslated text marked as Finnish."""

import re
from datetime import date, time, timedelta

from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_programme import sign_out
from tests.factories import TEST_PASSWORD, user_with_role
from tests.programme.conftest import open_whole_round, reporter_of
from torju.accounts.models import Role
from torju.actor import Actor
from torju.programme import services
from torju.programme.models import GroupKind, Measure, Meeting, MemberRole, MinutesState, Programme, ReminderSent

SHIPPED = "2026-2027"


def test_the_coordinator_sends_a_reminder_from_the_dashboard(page: Page) -> None:
    programme = Programme.objects.get(slug=SHIPPED)
    coordinator = user_with_role(Role.COORDINATOR, username="koordinaattori")
    today = timezone.localdate()
    open_whole_round(
        programme,
        coordinator,
        name="Syksyn kierros",
        period_start=date(today.year, 1, 1),
        period_end=today,
        deadline=today + timedelta(days=9),
    )
    migri = reporter_of("MIGRI", email="raportoija@migri.example.fi")
    sign_in(page, "koordinaattori", TEST_PASSWORD)
    page.get_by_role("button", name="English", exact=True).click()
    page.goto(f"/programme/{SHIPPED}/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(page.locator(".key-counts")).to_contain_text("reports submitted in “Syksyn kierros”")
    expect(page.get_by_role("heading", name="Status of the measures by objective")).to_be_visible()
    expect(
        page.get_by_role("table", name=re.compile("The chart as a table: Status of the measures by objective"))
    ).to_be_visible()
    owing = page.locator("table.owing")
    migri_row = owing.locator("tr", has=page.get_by_role("rowheader", name="Finnish Immigration Service"))
    expect(migri_row).to_contain_text("9")  # days to the deadline
    page.get_by_role("link", name="Body").click()  # sorted by body, the filters kept
    expect(page.locator("table.owing th[aria-sort]")).to_have_text("Body")
    migri_row = page.locator("table.owing tr", has=page.get_by_role("rowheader", name="Finnish Immigration Service"))
    migri_row.get_by_role("button", name=re.compile("^Send a reminder")).click()
    expect(page.locator(".message--success")).to_contain_text("A reminder was sent to Finnish Immigration Service.")
    assert_accessible(page)
    assert [message.to for message in mail.outbox] == [[migri.email]]
    assert ReminderSent.objects.get().sent_by == coordinator


def test_a_member_comments_on_draft_minutes_and_the_coordinator_approves_them(page: Page) -> None:
    programme = Programme.objects.get(slug=SHIPPED)
    coordinator = user_with_role(Role.COORDINATOR, username="koordinaattori")
    member = user_with_role(Role.GROUP_MEMBER, username="jasen", first_name="Jaana", last_name="Jäsen")
    actor = Actor.for_user(coordinator)
    group = services.save_group(
        actor=actor,
        programme=programme,
        group=None,
        data=services.GroupData(kind=GroupKind.WORKING_GROUP, name_fi="Työryhmä", name_en="Working group"),
    )
    services.add_member(actor=actor, group=group, user=member, role=MemberRole.MEMBER)
    meeting = services.save_meeting(
        actor=actor,
        meeting=None,
        data=services.MeetingData(
            group=group,
            body=GroupKind.WORKING_GROUP,
            date=timezone.localdate() - timedelta(days=2),
            start_time=time(13),
            place="Oikeusministeriö",
            participants=(services.ParticipantData(name="Jaana Jäsen", role="member", user=member),),
            agenda=(services.AgendaItemData(number=1, title="Toimeenpanon tilanne", minutes="Käytiin läpi raportit."),),
        ),
        revision=None,
    )
    services.circulate_minutes(actor=actor, meeting=meeting)

    sign_in(page, "jasen", TEST_PASSWORD)
    page.get_by_role("button", name="English", exact=True).click()
    expect(page.get_by_role("heading", name="Waiting for you")).to_be_visible()
    page.get_by_role("link", name=re.compile("Working group")).click()
    expect(page.locator(".minutes-state")).to_contain_text("Circulated for comments")
    assert_accessible(page)
    page.get_by_label("Comment").fill("Kohtaan 1: lisätkää maininta Ålandin maakuntahallituksesta.")
    page.get_by_role("button", name="Send the comment").click()
    expect(page.locator(".message--success")).to_contain_text("Your comment was saved.")
    expect(page.locator("blockquote")).to_contain_text("Ålandin maakuntahallituksesta")
    expect(page.get_by_role("button", name="Approve the minutes")).to_have_count(0)
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "koordinaattori", TEST_PASSWORD)
    page.goto(f"/programme/meetings/{meeting.pk}/")
    expect(page.locator("blockquote")).to_contain_text("Jaana Jäsen")
    page.get_by_role("button", name="Approve the minutes").click()
    expect(page.locator(".message--success")).to_contain_text("The minutes were approved")
    expect(page.locator(".minutes-state")).to_contain_text("Approved")
    assert_accessible(page)
    assert Meeting.objects.get(pk=meeting.pk).minutes_state == MinutesState.APPROVED


def test_a_missing_translation_is_shown_in_finnish_and_marked_so(page: Page) -> None:
    measure = Measure.objects.get(programme__slug=SHIPPED, number=3)
    page.goto(f"/progress/{SHIPPED}/measures/3/")
    page.get_by_role("button", name="svenska", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    finnish = page.locator("main .plan-text[lang='fi']")
    expect(finnish).to_contain_text(measure.text_fi[:40])
    expect(page.locator("main .language-note").first).to_have_text("Texten finns endast på finska.")
    assert_accessible(page)
    measure.text_sv = "Arbets- och näringsministeriet och Migrationsverket utreder tillsynen över arbetstillstånden."
    measure.save()
    page.reload()
    expect(page.locator("main .plan-text").first).to_have_text(measure.text_sv)
    expect(page.locator("main .plan-text[lang='fi']")).to_have_count(0)
    page.goto(f"/progress/{SHIPPED}/")
    expect(page.locator("main span[lang='fi']").first).to_be_visible()
    assert_accessible(page)
