"""Nothing typed is lost: dates typed the Finnish way, every text field with a maximum, a page for posts too large.

The walk over every form class fails on a text field without a maximum and
on a date field that is not torju.form_fields.DateField (the browser's date
input sent 30.2.2025 as empty, and the record was saved without the date).
"""

import re
from datetime import date
from html import unescape

import pytest
from django import forms
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.conftest import signed_in_client
from tests.factories import user_with_role
from tests.register.matrix_samples import register_samples
from tests.web.test_every_form import declared_fields, project_forms
from torju.accounts.models import Role
from torju.form_fields import DateField, DateInput, parse_date
from torju.register.forms import NeedsAssessmentForm


def test_every_text_field_has_a_maximum_and_every_date_field_is_typed_the_finnish_way() -> None:
    problems = []
    for name in project_forms():
        for field_name, field in declared_fields(name).items():
            if isinstance(field, forms.CharField) and field.max_length is None:
                problems.append(f"{name}.{field_name}: a text field without max_length")
            if isinstance(field, forms.DateField) and not isinstance(field, DateField):
                problems.append(f"{name}.{field_name}: a date field that is not torju.form_fields.DateField")
            if isinstance(field.widget, forms.DateInput) or field.widget.attrs.get("type") == "date":
                problems.append(f"{name}.{field_name}: the browser's date input")
            if isinstance(field, DateField) and not isinstance(field.widget, DateInput):
                problems.append(f"{name}.{field_name}: a date field without its text input")
    assert problems == []


@pytest.mark.parametrize(
    ("typed", "parsed"),
    [("31.1.2025", date(2025, 1, 31)), ("01.02.2025", date(2025, 2, 1)), ("2025-02-01", date(2025, 2, 1))],
)
def test_dates_are_read_the_finnish_way_and_as_iso(typed: str, parsed: date) -> None:
    assert parse_date(f" {typed} ") == parsed


@pytest.mark.parametrize(
    ("typed", "problem"),
    [("30.2.2025", "impossible"), ("2025-13-01", "impossible"), ("1/2/2025", "unreadable"), ("31.12.99", "unreadable")],
)
def test_impossible_and_unreadable_dates_are_told_apart(typed: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_date(typed)


def assessment_page() -> tuple[Client, str]:
    samples = register_samples(None)
    client = signed_in_client(user_with_role(Role.CASEWORKER))
    return client, reverse("register:assessment_new", args=[samples["register.case"].pk])


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_an_impossible_date_and_a_text_over_its_maximum_come_back_with_everything_typed(language: str) -> None:
    client, url = assessment_page()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    form_page = client.get(url).content.decode()
    person = form_page.split('name="person"', 1)[1].split('value="', 1)[1].split('"', 1)[0]
    notes = ("Tarvitsee tulkin ja turvallisen asunnon. " * 200).strip()  # 8 199 characters; at most 5 000
    response = client.post(
        url, {"person": person, "assessed_on": "30.2.2025", "needs": ["counselling"], "notes": notes}
    )
    assert response.status_code == 400
    page = unescape(response.content.decode())
    fields = NeedsAssessmentForm([]).fields
    with translation.override(language):
        date_label, notes_label = str(fields["assessed_on"].label), str(fields["notes"].label)
        no_such_day = translation.gettext("There is no such day: %(value)s.") % {"value": "30.2.2025"}
        too_long = translation.ngettext(
            "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
            "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
            5000,
        ) % {"limit_value": 5000, "show_value": len(notes)}
    assert f"{date_label}: {no_such_day}" in page
    assert f"{notes_label}: {too_long}" in page
    assert 'value="30.2.2025"' in page
    assert notes in page
    assert re.search(r'<input [^>]*value="counselling"[^>]* checked', page)
    assert "maxlength" not in page  # the browser would cut what is pasted, silently
    assert 'data-max-length="5000"' in page


@pytest.mark.django_db
def test_every_text_field_shows_its_maximum() -> None:
    client, url = assessment_page()
    page = client.get(url).content.decode()
    field_id = "id_notes"
    assert f'aria-describedby="{field_id}_helptext {field_id}_counter"' in page
    with translation.override("fi"):
        counter = translation.gettext("At most %(limit)s characters.") % {"limit": 5000}
    assert f'id="{field_id}_counter"' in page and counter in page
    assert 'src="/static/torju/counter.js"' in page
    assert 'aria-describedby="id_assessed_on_format"' in page


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_post_over_the_request_limit_gets_a_page_saying_the_limit(language: str) -> None:
    client, url = assessment_page()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = client.post(url, {"notes": "x" * (limit + 1)})
    assert response.status_code == 413
    with translation.override(language):
        title = translation.gettext("Too much to send at once")
    page = response.content.decode()
    assert title in page and f"{limit // (1024 * 1024)} MB" in page
