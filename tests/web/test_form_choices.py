"""Choices on every form, in one place (torju/form_fields.py, web/forms/field.html): a required select starts
with "Choose…" unless a choice is made, an optional one's empty choice is "–", a long list of checkboxes has
"Select all" and "Select none"; and the meeting form's labels are in the page's language."""

import re
from collections.abc import Iterator

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

from tests.conftest import signed_in_client
from tests.factories import user_with_role
from torju.accounts.models import Organisation, Role
from torju.programme.languages import shortened


@pytest.fixture(autouse=True)
def finnish() -> Iterator[None]:
    with translation.override("fi"):
        yield


class Choices(forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=[("a", "First"), ("b", "Second")])
    chosen = forms.ChoiceField(label="Chosen", choices=[("a", "First"), ("b", "Second")], initial="b")
    optional = forms.ChoiceField(label="Optional", choices=[("a", "First")], required=False)
    only_one = forms.ChoiceField(label="Only one", choices=[("zip", "ZIP")])
    own_empty = forms.ChoiceField(label="Own", choices=[("", "All"), ("a", "First")], required=False)
    many = forms.MultipleChoiceField(label="Many", choices=[("a", "First"), ("b", "Second")])


class Bodies(forms.Form):
    body = forms.ModelChoiceField(label="Body", queryset=Organisation.objects.order_by("code"))
    maybe_body = forms.ModelChoiceField(label="Maybe", queryset=Organisation.objects.order_by("code"), required=False)


def options(html: str, name: str) -> list[tuple[str, str, bool]]:
    """The select's options as (value, label, selected)."""
    select = re.search(rf'<select name="{name}".*?</select>', html, flags=re.DOTALL)
    assert select is not None, name
    return [
        (value, label.strip(), "selected" in attributes)
        for value, attributes, label in re.findall(r'<option value="([^"]*)"([^>]*)>([^<]*)</option>', select.group(0))
    ]


def test_a_required_select_without_a_choice_starts_with_choose() -> None:
    html = str(Choices())
    assert options(html, "kind") == [("", "Valitse…", True), ("a", "First", False), ("b", "Second", False)]
    assert options(html, "chosen") == [("a", "First", False), ("b", "Second", True)]  # chosen: nothing added
    assert options(html, "optional") == [("a", "First", False)]  # optional without an empty choice: as given
    assert options(html, "only_one") == [("zip", "ZIP", False)]  # nothing to choose between
    assert options(html, "own_empty")[0] == ("", "All", True)  # a form's own empty label is kept
    assert "Valitse…" not in html.split('name="many"')[1]  # a multiple select has nothing to choose first


def test_choose_is_not_a_value_the_form_takes() -> None:
    form = Choices({"kind": "", "chosen": "a", "many": ["a"]})
    assert not form.is_valid()
    assert form.errors["kind"] == ["Tämä kenttä vaaditaan."]


@pytest.mark.django_db
def test_djangos_dashes_become_choose_or_a_dash() -> None:
    html = str(Bodies())
    assert options(html, "body")[0] == ("", "Valitse…", True)
    assert options(html, "maybe_body")[0][:2] == ("", "–")
    assert "---------" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_meeting_form_is_in_the_pages_language(language: str) -> None:
    client = signed_in_client(user_with_role(Role.COORDINATOR))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("programme:meeting_new")).content.decode()
    labels = re.findall(r"<(?:label|legend)[^>]*>\s*([^<*]+?)\s*[<*]", page)
    with translation.override(language):
        expected = {translation.gettext("action plan").capitalize(), translation.gettext("organisation").capitalize()}
    assert expected <= set(labels)
    assert "Programme" not in labels
    if language == "fi":
        assert "Organisation" not in labels
    body = options(page, "body")
    assert body[0] == ("", "Valitse…" if language == "fi" else "Välj…", True)
    assert options(page, "participants-0-role")[0][:2] == ("", body[0][1])


def test_every_field_of_the_programme_models_is_named_for_translation() -> None:
    """The forms, the admin and the audit trail take a field's name from the model: never the English one."""
    untranslated = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_app_config("programme").get_models()
        for field in model._meta.get_fields()
        if not field.auto_created and not isinstance(getattr(field, "verbose_name", None), Promise)
    ]
    assert untranslated == []


class Measures(forms.Form):
    few = forms.MultipleChoiceField(
        label="Few", choices=[(n, str(n)) for n in range(5)], widget=forms.CheckboxSelectMultiple
    )
    many = forms.MultipleChoiceField(
        label="Many", choices=[(n, str(n)) for n in range(6)], widget=forms.CheckboxSelectMultiple
    )


def test_a_long_list_of_checkboxes_has_select_all_and_select_none_for_the_script_to_show() -> None:
    html = str(Measures())
    few, many = html.split('<fieldset class="field field--choices"')[1:]
    assert "data-choice-tools" not in few
    tools = re.search(r'<div class="choice-tools" data-choice-tools="id_many" hidden>(.*?)</div>', many, re.DOTALL)
    assert tools is not None
    buttons = re.findall(
        r'<button type="button"[^>]*data-choose="(all|none)" aria-controls="id_many">([^<]+)', tools[1]
    )
    assert buttons == [("all", translation.gettext("Select all")), ("none", translation.gettext("Select none"))]
    assert "<legend>Many" in many  # the list is a group named by its label


@pytest.mark.parametrize(
    ("text", "chars", "expected"),
    [
        ("Lyhyt teksti.", 20, "Lyhyt teksti."),
        ("Ihmiskaupan uhrien tunnistamista parannetaan", 24, "Ihmiskaupan uhrien…"),
        ("Ihmiskaupan   uhrien\ntunnistamista", 40, "Ihmiskaupan uhrien tunnistamista"),
        ("Yksi, kaksi, kolme", 12, "Yksi, kaksi…"),
        ("Pitkäsanainenteksti", 8, "Pitkäsa…"),  # one word longer than the room: cut, as nothing else fits
    ],
)
def test_a_measure_is_shortened_between_words(text: str, chars: int, expected: str) -> None:
    assert shortened(text, chars) == expected
    assert len(shortened(text, chars)) <= chars
