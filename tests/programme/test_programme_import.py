"""Other plans than the shipped one: the coordinator creates a plan or imports one from a JSON file in the
shipped format, and fills an empty plan with the measures import; `import_programme` for operators.

Every way in is audited and all-or-nothing, with every problem listed in the user's language.
"""

import copy
import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import URLPattern, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from tests.conftest import signed_in_client
from tests.factories import user_with_role
from tests.programme.conftest import SMALL_PROGRAMME
from torju.accounts.models import Role, User
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.programme import document_urls, services, urls
from torju.programme.measure_io import MeasureImportError, import_measures
from torju.programme.models import Measure, Objective, Programme, Responsibility
from torju.programme.programme_file import PROGRAMME_2026_2027, RESERVED_SLUGS, ProgrammeFileError

pytestmark = pytest.mark.django_db

NEW_PLAN = {**SMALL_PROGRAMME, "slug": "2028-2031", "name_fi": "Uusi toimintaohjelma 2028–2031"}


@pytest.fixture
def client(coordinator: User) -> Client:
    return signed_in_client(coordinator)


def json_file(data: Any, name: str = "ohjelma.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json")


def imports() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=Action.IMPORT, object_type="programme.programme").order_by("id"))


def database() -> tuple[int, int, int, int]:
    return Programme.objects.count(), Objective.objects.count(), Measure.objects.count(), Responsibility.objects.count()


def problems_on_page(html: str) -> list[str]:
    """The places of the error table: one per problem, in order."""
    rows = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [row.split("<code>", 1)[1].split("</code>", 1)[0] for row in rows.split("<tr>")[1:]]


# Creating a plan in the web


def test_coordinator_creates_an_empty_plan_and_it_is_audited(client: Client, coordinator: User) -> None:
    url = reverse("programme:programme_new")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name_fi": "Ihmiskaupan vastainen toimintaohjelma 2028–2031",
            "name_sv": "Handlingsplan mot människohandel 2028–2031",
            "name_en": "",
            "slug": "2028-2031",
            "start_year": "2028",
            "end_year": "2031",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("programme:measures_import", args=["2028-2031"])
    programme = Programme.objects.get(slug="2028-2031")
    assert (programme.start_year, programme.end_year, programme.name_en) == (2028, 2031, "")
    assert not programme.measures.exists()
    event = AuditEvent.objects.get(action=Action.CREATE, object_type="programme.programme")
    assert (event.actor, event.object_id, event.path) == (coordinator, str(programme.pk), url)
    assert event.changes is not None
    assert event.changes["after"]["slug"] == "2028-2031" and event.changes["after"]["end_year"] == 2031
    listing = client.get(reverse("programme:index")).content.decode()
    assert "Ihmiskaupan vastainen toimintaohjelma 2028–2031" in listing
    assert reverse("programme:programme_new") in listing and reverse("programme:programme_import") in listing


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"slug": "2026-2027"}, "slug"),  # the shipped plan's
        ({"slug": "meetings"}, "slug"),  # would be hidden behind the meetings page
        ({"slug": "uusi ohjelma"}, "slug"),
        ({"end_year": "2027"}, "end_year"),
        ({"start_year": "1999"}, "start_year"),
        ({"name_fi": ""}, "name_fi"),
    ],
)
def test_a_bad_plan_is_refused_with_the_field_named(client: Client, changes: dict[str, str], field: str) -> None:
    data = {"name_fi": "Uusi", "slug": "2028-2031", "start_year": "2028", "end_year": "2031", **changes}
    before = database()
    response = client.post(reverse("programme:programme_new"), data)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert 'aria-invalid="true"' in response.content.decode()
    assert database() == before
    assert not AuditEvent.objects.filter(action=Action.CREATE, object_type="programme.programme").exists()


def test_only_the_coordinator_creates_or_imports_plans(programme: Programme) -> None:
    reporter = user_with_role(Role.REPORTER)
    client = signed_in_client(reporter)
    assert client.post(reverse("programme:programme_new"), {"slug": "x"}).status_code == 403
    assert client.post(reverse("programme:programme_import"), {"file": json_file(NEW_PLAN)}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.create_programme(actor=Actor.for_user(reporter), slug="x", name_fi="X", start_year=2028, end_year=2029)
    with pytest.raises(PermissionDenied):
        services.import_programme_file(
            actor=Actor.for_user(reporter), content=b"{}", source="x.json", update_existing=False
        )
    assert not Programme.objects.filter(slug__in=["x", "2028-2031"]).exists()


def test_reserved_identifiers_are_the_first_segments_of_the_programme_pages() -> None:
    segments = {
        str(pattern.pattern).split("/", 1)[0]
        for pattern in [*urls.urlpatterns, *document_urls.urlpatterns]
        if isinstance(pattern, URLPattern)
    }
    assert {segment for segment in segments if segment and not segment.startswith("<")} == RESERVED_SLUGS


# Filling an empty plan with the measures import


def measures_csv(rows: list[dict[str, str]]) -> bytes:
    columns = [
        "number",
        "objective",
        "objective_title_fi",
        "text_fi",
        "responsible_bodies",
        "schedule_start",
        "schedule_end",
    ]
    output = io.StringIO(newline="")
    writer = csv.DictWriter(output, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return output.getvalue().encode("utf-8")


def row(number: int, objective: int, title: str = "", bodies: str = "TEM") -> dict[str, str]:
    return {
        "number": str(number),
        "objective": str(objective),
        "objective_title_fi": title,
        "text_fi": f"Toimenpide {number}.",
        "responsible_bodies": bodies,
        "schedule_start": "2028",
        "schedule_end": "2029",
    }


@pytest.fixture
def empty_plan(coordinator: User) -> Programme:
    return services.create_programme(
        actor=Actor.for_user(coordinator), slug="2028-2031", name_fi="Uusi ohjelma", start_year=2028, end_year=2031
    )


def test_the_measures_import_fills_an_empty_plan_objectives_included(empty_plan: Programme, coordinator: User) -> None:
    content = measures_csv(
        [row(1, 1, "Uhrit tunnistetaan"), row(2, 1), row(3, 2, "Rikosvastuu toteutuu", "MIGRI; OM"), row(4, 2)]
    )
    result = import_measures(empty_plan, content, "csv", actor=Actor.for_user(coordinator))
    assert (result.created, result.objectives_created) == ([1, 2, 3, 4], [1, 2])
    objectives = Objective.objects.filter(programme=empty_plan).order_by("number")
    assert [(objective.number, objective.title_fi) for objective in objectives] == [
        (1, "Uhrit tunnistetaan"),
        (2, "Rikosvastuu toteutuu"),
    ]
    third = Measure.objects.get(programme=empty_plan, number=3)
    assert third.objective.number == 2
    assert [r.organisation.code for r in third.responsibilities.order_by("position")] == ["MIGRI", "OM"]
    [event] = imports()
    assert event.changes is not None
    assert event.changes["objectives_created"] == {"1": "Uhrit tunnistetaan", "2": "Rikosvastuu toteutuu"}
    again = import_measures(empty_plan, content, "csv", actor=Actor.for_user(coordinator))
    assert (again.unchanged, again.objectives_created) == ([1, 2, 3, 4], [])
    assert Objective.objects.filter(programme=empty_plan).count() == 2


def test_the_measures_import_refuses_unclear_objectives(empty_plan: Programme, coordinator: User) -> None:
    import_measures(
        empty_plan, measures_csv([row(1, 1, "Uhrit tunnistetaan")]), "csv", actor=Actor.for_user(coordinator)
    )
    content = measures_csv(
        [
            row(1, 1, "Toinen otsikko"),  # objective 1 exists with another title
            row(2, 2),  # objective 2 does not exist and no row gives its title
            row(3, 3, "Kolmas"),
            row(4, 3, "Kolmas toisin"),  # objective 3 is new, but two titles
        ]
    )
    with pytest.raises(MeasureImportError) as raised:
        import_measures(empty_plan, content, "csv", actor=Actor.for_user(coordinator))
    assert [(problem.row, problem.column) for problem in raised.value.problems] == [
        (2, "objective_title_fi"),
        (3, "objective"),
        (5, "objective_title_fi"),
    ]
    assert "objective_title_fi" in raised.value.problems[1].message
    assert Objective.objects.filter(programme=empty_plan).count() == 1
    assert Measure.objects.filter(programme=empty_plan).count() == 1


def test_the_measures_page_fills_an_empty_plan(client: Client, empty_plan: Programme) -> None:
    response = client.post(
        reverse("programme:measures_import", args=[empty_plan.slug]),
        {"file": SimpleUploadedFile("measures.csv", measures_csv([row(1, 1, "Uhrit tunnistetaan")]))},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "1) Uhrit tunnistetaan" in page and "Toimenpide 1." in page


# Importing a whole plan in the web


def test_coordinator_imports_a_plan_from_a_json_file(client: Client, coordinator: User) -> None:
    response = client.post(reverse("programme:programme_import"), {"file": json_file(NEW_PLAN, "plan.json")})
    assert response.status_code == 302
    assert response["Location"] == reverse("programme:detail", args=["2028-2031"])
    programme = Programme.objects.get(slug="2028-2031")
    assert programme.name_fi == "Uusi toimintaohjelma 2028–2031"
    assert list(programme.measures.values_list("number", flat=True)) == [1, 2, 3, 4]
    second = programme.measures.get(number=2)
    assert [r.organisation.code for r in second.responsibilities.order_by("position")] == ["TEM", "MIGRI"]
    assert programme.measures.get(number=3).funding_dependent
    [event] = imports()
    assert (event.actor, event.object_id, event.reason) == (coordinator, str(programme.pk), "plan.json")
    assert event.changes is not None and event.changes["created"] is True
    assert sorted(event.changes["after"]["measures"], key=int) == ["1", "2", "3", "4"]
    assert event.changes["after"]["objectives"]["2"]["title_fi"] == "Uhrit saavat apua"


def test_the_shipped_file_is_the_format(client: Client) -> None:
    data = json.loads(PROGRAMME_2026_2027.read_text(encoding="utf-8"))
    data["slug"] = "kopio"
    response = client.post(reverse("programme:programme_import"), {"file": json_file(data)})
    assert response.status_code == 302
    copied = Programme.objects.get(slug="kopio")
    assert copied.objectives.count() == 4 and copied.measures.count() == 43
    shipped = Programme.objects.get(slug="2026-2027")
    assert copied.measures.get(number=13).text_fi == shipped.measures.get(number=13).text_fi


def test_a_plan_with_the_identifier_of_an_existing_one_is_refused(client: Client) -> None:
    data = json.loads(PROGRAMME_2026_2027.read_text(encoding="utf-8"))
    data["objectives"][0]["measures"][0]["text_fi"] = "Ei saa korvata julkaistua tekstiä."
    before = database()
    response = client.post(reverse("programme:programme_import"), {"file": json_file(data)})
    assert response.status_code == 400
    assert problems_on_page(response.content.decode()) == ["slug"]
    with translation.override("fi"):
        assert _("A programme with the identifier “%(slug)s” exists already.") % {"slug": "2026-2027"} in (
            response.content.decode()
        )
    assert database() == before
    assert Measure.objects.get(programme__slug="2026-2027", number=1).text_fi != "Ei saa korvata julkaistua tekstiä."
    assert imports() == []


def bad_plan() -> dict[str, Any]:
    data = copy.deepcopy(NEW_PLAN)
    data["end_year"] = 2025  # before the start
    data["colour"] = "blue"  # not in the format
    first, second = data["objectives"]
    first["measures"][0]["responsible_bodies"] = ["TEM", "NO-SUCH-BODY"]
    first["measures"][1]["schedule_start"] = "2026"  # text, not a number
    second["number"] = 1  # the first objective's number
    second["measures"][0]["number"] = 2  # the second measure's number
    second["measures"][1]["priority_areas"] = ["no_such_area"]
    second["measures"][1]["funding_dependent"] = "kyllä"
    del second["title_fi"]
    return data


BAD_PLAN_PLACES = [
    "colour",
    "end_year",
    "objectives[0].measures[0].responsible_bodies[1]",
    "objectives[0].measures[1].schedule_start",
    "objectives[1].number",
    "objectives[1].title_fi",
    "objectives[1].measures[0].number",
    "objectives[1].measures[1].funding_dependent",
    "objectives[1].measures[1].priority_areas[0]",
]


def test_every_problem_of_a_bad_file_is_listed_and_nothing_is_imported(client: Client) -> None:
    before = database()
    response = client.post(reverse("programme:programme_import"), {"file": json_file(bad_plan())})
    assert response.status_code == 400
    html = response.content.decode()
    assert problems_on_page(html) == BAD_PLAN_PLACES
    with translation.override("fi"):
        expected = [
            _("Unknown field."),
            _("The programme must not end before it starts."),
            _("Unknown organisation code “%(code)s”.") % {"code": "NO-SUCH-BODY"},
            _("The number %(number)s is also used at %(location)s.")
            % {"number": 2, "location": "objectives[0].measures[1].number"},
        ]
    for message in expected:
        assert message in html
    assert database() == before
    assert imports() == []


@pytest.mark.parametrize(
    ("content", "places"),
    [
        (b"\xff\xfe not utf-8", ["–"]),
        (b'{"slug": "x",', ["–"]),
        (b"[1, 2]", ["–"]),
        (b"{}", ["slug", "name_fi", "start_year", "end_year", "objectives"]),
    ],
)
def test_a_file_that_is_not_a_plan_gets_a_clear_error(client: Client, content: bytes, places: list[str]) -> None:
    response = client.post(reverse("programme:programme_import"), {"file": SimpleUploadedFile("plan.json", content)})
    assert response.status_code == 400
    assert problems_on_page(response.content.decode()) == places
    assert "Traceback" not in response.content.decode()
    assert imports() == []


def test_null_where_a_value_is_required_is_an_error(coordinator: User) -> None:
    data = copy.deepcopy(NEW_PLAN)
    data["objectives"][0]["measures"][0]["responsible_bodies"] = None
    data["objectives"][0]["measures"][1]["priority_areas"] = None  # optional: the same as leaving it out
    data["objectives"][1]["measures"] = None
    with pytest.raises(ProgrammeFileError) as raised:
        services.import_programme_file(
            actor=Actor.for_user(coordinator), content=json.dumps(data).encode(), source="x.json", update_existing=False
        )
    assert [problem.location for problem in raised.value.problems] == [
        "objectives[0].measures[0].responsible_bodies",
        "objectives[1].measures",
    ]
    assert not Programme.objects.filter(slug="2028-2031").exists()


def test_not_valid_json_names_the_line(coordinator: User) -> None:
    with pytest.raises(ProgrammeFileError) as raised:
        services.import_programme_file(
            actor=Actor.for_user(coordinator),
            content=b'{\n  "slug": "x",\n  oops\n}',
            source="x.json",
            update_existing=False,
        )
    [problem] = raised.value.problems
    with translation.override("fi"):
        assert problem.message == _("The file is not valid JSON: the error is on line %(line)s, column %(column)s.") % {
            "line": 3,
            "column": 3,
        }


def test_the_upload_must_be_a_json_file(client: Client) -> None:
    response = client.post(
        reverse("programme:programme_import"), {"file": SimpleUploadedFile("plan.csv", b"number\n1\n")}
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["file"]
    assert imports() == []


# The command


def test_import_programme_command_creates_then_updates_without_duplicating(tmp_path: Path) -> None:
    file = tmp_path / "uusi.json"
    file.write_text(json.dumps(NEW_PLAN, ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    call_command("import_programme", str(file), stdout=out)
    assert out.getvalue().strip() == "2028-2031: created, 2 objectives, 4 measures"
    programme = Programme.objects.get(slug="2028-2031")
    counts = database()

    changed = copy.deepcopy(NEW_PLAN)
    changed["objectives"][1]["measures"][1]["text_fi"] = "Oikeusministeriön korjattu toimenpide."
    file.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    call_command("import_programme", str(file), stdout=out)
    assert out.getvalue().strip() == "2028-2031: updated, 2 objectives, 4 measures"
    assert database() == counts
    assert programme.measures.get(number=4).text_fi == "Oikeusministeriön korjattu toimenpide."

    created, updated = imports()
    assert (created.actor, created.reason) == (None, "uusi.json")
    assert updated.changes == {
        "created": False,
        "before": {"measures": {"4": {**_measure_state(NEW_PLAN, 4)}}},
        "after": {
            "measures": {"4": {**_measure_state(NEW_PLAN, 4), "text_fi": "Oikeusministeriön korjattu toimenpide."}}
        },
    }


# The audit trail names a measure's texts as the measures spreadsheet does; the file as the programme file does.
TEXTS_IN_THE_FILE = {
    "text_fi": "text_fi",
    "text_sv": "text_sv",
    "text_en": "text_en",
    "responsible_bodies_text": "responsible_bodies_text_fi",
    "responsible_bodies_text_sv": "responsible_bodies_text_sv",
    "responsible_bodies_text_en": "responsible_bodies_text_en",
    "funding_note": "funding_note_fi",
    "funding_note_sv": "funding_note_sv",
    "funding_note_en": "funding_note_en",
}


def _measure_state(data: dict[str, Any], number: int) -> dict[str, Any]:
    """A measure of a test file as the audit trail records it."""
    for objective in data["objectives"]:
        for measure in objective["measures"]:
            if measure["number"] == number:
                return {
                    "objective": objective["number"],
                    **{column: measure.get(key) or "" for column, key in TEXTS_IN_THE_FILE.items()},
                    "schedule_start": measure["schedule_start"],
                    "schedule_end": measure["schedule_end"],
                    "funding_dependent": bool(measure.get("funding_dependent")),
                    "responsible_bodies": measure["responsible_bodies"],
                    "priority_areas": sorted(measure.get("priority_areas", [])),
                }
    raise LookupError(number)


def test_import_programme_command_lists_every_problem_and_writes_nothing(tmp_path: Path) -> None:
    file = tmp_path / "virheellinen.json"
    file.write_text(json.dumps(bad_plan(), ensure_ascii=False), encoding="utf-8")
    before = database()
    err = io.StringIO()
    with pytest.raises(CommandError, match="9 problems; nothing was imported"):
        call_command("import_programme", str(file), stdout=io.StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert [line.split(": ")[1] for line in lines] == BAD_PLAN_PLACES
    assert database() == before
    assert imports() == []
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_programme", str(tmp_path / "puuttuu.json"))
