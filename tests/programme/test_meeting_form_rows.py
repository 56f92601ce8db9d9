"""The meeting form's participants and agenda items added and removed in place: with htmx the formset's part
only, without JavaScript the whole page; nothing is saved until "Save the meeting", and a removed row is
deleted only then."""

import re
from html import unescape

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import signed_in_client
from tests.programme.test_audit import meeting_data
from torju.accounts.models import User
from torju.programme.models import Meeting, Programme

HTMX = {"HX-Request": "true"}
NEW = "programme:meeting_new"


def field_names(html: str) -> set[str]:
    return set(re.findall(r'name="([^"]+)"', html))


def value_of(html: str, name: str) -> str | None:
    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html)
    assert tag is not None, f"no input {name}"
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return unescape(value.group(1)) if value else None


@pytest.fixture
def client(coordinator: User) -> Client:
    signed_in = signed_in_client(coordinator)
    signed_in.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return signed_in


def test_a_new_meeting_starts_with_one_participant_and_one_agenda_item(client: Client) -> None:
    page = client.get(reverse(NEW)).content.decode()
    assert {"participants-0-name", "agenda-0-title"} <= field_names(page)
    assert "participants-1-name" not in field_names(page)
    assert 'value="add:participants"' in page and 'value="add:agenda"' in page
    assert 'value="remove:participants:0"' in page


def test_without_javascript_add_shows_the_whole_form_again_with_a_row_more_and_saves_nothing(
    client: Client, programme: Programme
) -> None:
    data = meeting_data(programme, row="add:participants", **{"participants-0-role": ""})
    response = client.post(reverse(NEW), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" in page and "Save the meeting" in page
    assert value_of(page, "participants-TOTAL_FORMS") == "2"
    assert "participants-1-name" in field_names(page)
    assert value_of(page, "participants-0-name") == "Aino Esimerkki"  # what was typed is kept
    assert "error-summary" not in page  # not judged until saved: the missing role is not shown as an error
    assert re.search(r'<select[^>]*name="participants-1-user"[^>]*autofocus', page)
    assert not Meeting.objects.exists()


def test_with_htmx_add_answers_with_the_formset_only(client: Client, programme: Programme) -> None:
    response = client.post(reverse(NEW), meeting_data(programme, row="add:agenda"), headers=HTMX)
    part = response.content.decode().strip()
    assert response.status_code == 200
    assert part.startswith('<fieldset class="formset" id="agenda-rows">')
    assert "<html" not in part and "participants-0-name" not in part
    assert value_of(part, "agenda-TOTAL_FORMS") == "2"
    assert {"agenda-0-title", "agenda-1-title", "agenda-1-number"} <= field_names(part)
    assert re.search(r'<input[^>]*name="agenda-1-number"[^>]*autofocus', part)
    assert "Agenda item 2" in part
    assert not Meeting.objects.exists()


def saved_meeting(client: Client, programme: Programme) -> Meeting:
    data = meeting_data(
        programme,
        **{
            "participants-TOTAL_FORMS": "2",
            "participants-1-name": "Terttu Työmaa",
            "participants-1-role": "member",
        },
    )
    assert client.post(reverse(NEW), data).status_code == 302
    return Meeting.objects.get()


def edit_data(meeting: Meeting, programme: Programme, **overrides: str) -> dict[str, str]:
    first, second = meeting.participants.order_by("position", "id")
    return meeting_data(
        programme,
        revision=str(meeting.revision),
        **{
            "participants-TOTAL_FORMS": "2",
            "participants-INITIAL_FORMS": "2",
            "participants-0-id": str(first.pk),
            "participants-1-id": str(second.pk),
            "participants-1-name": second.name,
            "participants-1-role": second.role,
            "agenda-INITIAL_FORMS": "1",
            "agenda-0-id": str(meeting.agenda_items.get().pk),
            **overrides,
        },
    )


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["without JavaScript", "htmx"])
def test_remove_marks_the_row_and_saving_deletes_it(
    client: Client, programme: Programme, headers: dict[str, str]
) -> None:
    meeting = saved_meeting(client, programme)
    url = reverse("programme:meeting_edit", args=[meeting.pk])
    response = client.post(url, edit_data(meeting, programme, row="remove:participants:1"), headers=headers)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Participant 2 is removed when the form is saved." in page
    assert value_of(page, "participants-1-DELETE") == "on"
    assert value_of(page, "participants-1-name") == "Terttu Työmaa"  # kept, hidden, for "Undo"
    assert re.search(r'<button[^>]*value="restore:participants:1"[^>]*autofocus', page)
    assert meeting.participants.count() == 2  # nothing saved yet

    saved = client.post(url, edit_data(meeting, programme, **{"participants-1-DELETE": "on"}))
    assert saved.status_code == 302
    assert list(meeting.participants.values_list("name", flat=True)) == ["Aino Esimerkki"]


def test_undo_gives_the_removed_row_back(client: Client, programme: Programme) -> None:
    meeting = saved_meeting(client, programme)
    url = reverse("programme:meeting_edit", args=[meeting.pk])
    data = edit_data(meeting, programme, row="restore:participants:1", **{"participants-1-DELETE": "on"})
    part = client.post(url, data, headers=HTMX).content.decode()
    assert "is removed when the form is saved" not in part
    assert value_of(part, "participants-1-DELETE") is None
    assert 'value="remove:participants:1"' in part


def test_a_removed_row_is_not_judged_and_the_meeting_saves_without_it(client: Client, programme: Programme) -> None:
    data = meeting_data(
        programme,
        **{
            "participants-TOTAL_FORMS": "2",
            "participants-1-title": "half typed, no name or role",
            "participants-1-DELETE": "on",
        },
    )
    assert client.post(reverse(NEW), data).status_code == 302
    assert list(Meeting.objects.get().participants.values_list("name", flat=True)) == ["Aino Esimerkki"]


@pytest.mark.parametrize("row", ["add:nothing", "remove:participants:9", "remove:participants:x", "drop:agenda"])
def test_a_row_action_no_page_sends_is_a_bad_request(client: Client, programme: Programme, row: str) -> None:
    assert client.post(reverse(NEW), meeting_data(programme, row=row)).status_code == 400
    assert not Meeting.objects.exists()
