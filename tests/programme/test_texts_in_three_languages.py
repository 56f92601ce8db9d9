"""The plan's texts in Finnish, Swedish and English: entered on the page, carried by the plan's JSON file and
the measures spreadsheet both ways, and shown in the visitor's language with the Finnish text, marked as such,
where a translation is missing."""

import csv
import io
import json
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.conftest import signed_in_client
from torju.accounts.models import User
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.concurrency import EditConflictError
from torju.programme import services
from torju.programme.measure_io import COLUMNS, Format, export_measures, import_measures
from torju.programme.models import Measure, Objective, Programme
from torju.programme.programme_file.exporting import programme_file_data

pytestmark = pytest.mark.django_db

SWEDISH = "Arbets- och näringsministeriets åtgärd på svenska."
ENGLISH = "A measure of the Ministry of Economic Affairs and Employment."


def translate(measure: Measure, **texts: str) -> None:
    for name, text in texts.items():
        setattr(measure, name, text)
    measure.save()


def test_the_coordinator_enters_translations_and_a_stale_form_is_refused(
    programme: Programme, coordinator: User
) -> None:
    client = signed_in_client(coordinator)
    measure = Measure.objects.get(programme=programme, number=1)
    url = reverse("programme:measure_texts", args=[programme.slug, 1])
    form = {"text_fi": measure.text_fi, "text_sv": SWEDISH, "text_en": ENGLISH, "revision": str(measure.revision)}
    assert client.post(url, form).status_code == 302
    measure.refresh_from_db()
    assert (measure.text_sv, measure.text_en, measure.revision) == (SWEDISH, ENGLISH, 2)
    [event] = AuditEvent.objects.filter(action=Action.UPDATE, object_type="programme.measure", object_id=measure.pk)
    assert event.changes == {
        "before": {"text_sv": "", "text_en": ""},
        "after": {"text_sv": SWEDISH, "text_en": ENGLISH},
    }
    stale = client.post(url, {**form, "text_sv": "Myöhästynyt käännös."})
    assert stale.status_code == 409
    assert SWEDISH in stale.content.decode() and "Myöhästynyt käännös." in stale.content.decode()
    measure.refresh_from_db()
    assert measure.text_sv == SWEDISH, "nothing is overwritten"
    with pytest.raises(ValidationError) as refused:
        services.edit_measure_texts(
            actor=Actor.for_user(coordinator), measure=measure, texts={"text_fi": " "}, revision=measure.revision
        )
    assert set(refused.value.message_dict) == {"text_fi"}
    with pytest.raises(EditConflictError):
        services.edit_objective_texts(
            actor=Actor.for_user(coordinator), objective=measure.objective, texts={"title_fi": "X"}, revision=99
        )


def page_in(language: str, path: str, client: Client | None = None) -> str:
    visitor = client or Client()
    visitor.cookies["django_language"] = language
    response = visitor.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_a_missing_translation_shows_the_finnish_text_marked_as_finnish(programme: Programme) -> None:
    measure = Measure.objects.get(programme=programme, number=1)
    path = reverse("progress:measure", args=[programme.slug, 1])
    swedish = page_in("sv", path)
    assert f'<div class="plan-text" lang="fi"><p>{measure.text_fi}</p></div>' in swedish
    assert "Texten finns endast på finska." in swedish
    finnish = page_in("fi", path)
    assert 'lang="fi"><p>' not in finnish and "Teksti on saatavilla vain suomeksi." not in finnish
    translate(measure, text_sv=SWEDISH)
    swedish = page_in("sv", path)
    assert f'<div class="plan-text"><p>{SWEDISH}</p></div>' in swedish
    assert "Texten finns endast på finska." not in swedish
    english = page_in("en", path)
    assert 'lang="fi"' in english and "This text is available in Finnish only." in english
    # In a list the untranslated text is marked too, with a short note.
    listing = page_in("en", reverse("progress:programme", args=[programme.slug]))
    assert re.search(r'<span lang="fi">Työ- ja elinkeinoministeriön[^<]*</span> <span class="language-note">', listing)


def test_the_plans_json_file_round_trips_every_text_in_three_languages(programme: Programme, coordinator: User) -> None:
    objective = Objective.objects.get(programme=programme, number=1)
    objective.introduction_sv, objective.introduction_en = "Inledning.", "Introduction."
    objective.save()
    translate(
        Measure.objects.get(programme=programme, number=3),
        text_sv="Migrationsverkets åtgärd.",
        text_en="The Finnish Immigration Service's measure.",
        funding_note_sv="Kräver tilläggsfinansiering.",
        funding_note_en="Needs more funding.",
        responsible_bodies_text_en="The Finnish Immigration Service",
    )
    client = signed_in_client(coordinator)
    response = client.get(reverse("programme:programme_file", args=[programme.slug]))
    assert response.status_code == 200
    exported = json.loads(response.content)
    assert AuditEvent.objects.filter(action=Action.EXPORT, object_id=programme.pk, reason="programme.json").exists()
    copy = {**exported, "slug": "copy-of-test-plan"}
    services.import_programme_file(
        actor=Actor.for_user(coordinator),
        content=json.dumps(copy).encode(),
        source="copy.json",
        update_existing=False,
    )
    again = programme_file_data(Programme.objects.get(slug="copy-of-test-plan"))
    assert again == copy, "the copy exports as the file it came from"
    third = again["objectives"][1]["measures"][0]
    assert (third["text_sv"], third["funding_note_en"], third["responsible_bodies_text_en"]) == (
        "Migrationsverkets åtgärd.",
        "Needs more funding.",
        "The Finnish Immigration Service",
    )
    assert again["objectives"][0]["introduction_sv"] == "Inledning."
    # A file of the older format, without the translations, updates the plan and keeps them.
    older = json.loads(json.dumps(copy))
    for item in older["objectives"]:
        for name in ("introduction_sv", "introduction_en"):
            item.pop(name)
        for entry in item["measures"]:
            for name in [name for name in entry if name.endswith(("_sv", "_en"))]:
                entry.pop(name)
    older["objectives"][1]["measures"][0]["text_fi"] = "Korjattu suomenkielinen teksti."
    services.import_programme_file(
        actor=Actor.system(), content=json.dumps(older).encode(), source="vanha.json", update_existing=True
    )
    kept = Measure.objects.get(programme__slug="copy-of-test-plan", number=3)
    assert (kept.text_fi, kept.text_sv) == ("Korjattu suomenkielinen teksti.", "Migrationsverkets åtgärd.")


def rows(content: bytes) -> list[dict[str, Any]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_measures_spreadsheet_round_trips_the_translations(
    programme: Programme, coordinator: User, fmt: Format
) -> None:
    for name in (
        "text_sv",
        "text_en",
        "responsible_bodies_text_sv",
        "responsible_bodies_text_en",
        "funding_note_sv",
        "funding_note_en",
    ):
        assert name in COLUMNS
    translate(
        Measure.objects.get(programme=programme, number=2), text_sv="Gemensam åtgärd.", text_en="A joint measure."
    )
    first = export_measures(programme, fmt, actor=Actor.system())
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(first)).worksheets[0]
        header = [cell.value for cell in sheet[1]]
        second_row = dict(zip(header, [cell.value for cell in sheet[3]], strict=True))
        assert (second_row["text_sv"], second_row["text_en"]) == ("Gemensam åtgärd.", "A joint measure.")
    else:
        table = rows(first)
        assert (table[1]["text_sv"], table[1]["text_en"]) == ("Gemensam åtgärd.", "A joint measure.")
        table[0]["text_en"] = "An English text from the spreadsheet."
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(table)
        result = import_measures(programme, buffer.getvalue().encode("utf-8"), "csv", actor=Actor.for_user(coordinator))
        assert result.updated == [1]
        assert Measure.objects.get(programme=programme, number=1).text_en == "An English text from the spreadsheet."
        first = export_measures(programme, fmt, actor=Actor.system())
    as_csv = export_measures(programme, "csv", actor=Actor.system())
    result = import_measures(programme, first, fmt, actor=Actor.for_user(coordinator))
    assert (result.created, result.updated) == ([], []), "the file gives back what it was exported from"
    assert export_measures(programme, "csv", actor=Actor.system()) == as_csv


def test_a_plans_name_without_a_translation_is_marked_finnish(programme: Programme, coordinator: User) -> None:
    programme.name_sv = ""
    programme.save()
    heading = f'<h1><span lang="fi">{programme.name_fi}</span> <span class="language-note">'
    assert heading in page_in("sv", reverse("progress:programme", args=[programme.slug]))
    assert heading in page_in("sv", reverse("programme:detail", args=[programme.slug]), signed_in_client(coordinator))
    link = f'"><span lang="fi">{programme.name_fi}</span>'
    assert link in page_in("sv", reverse("progress:measure", args=[programme.slug, 1]))
    assert f"<h1>{programme.name_en}</h1>" in page_in("en", reverse("progress:programme", args=[programme.slug]))
