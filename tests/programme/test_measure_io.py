"""Measures to CSV/XLSX and back: round trip, update by number, all-or-nothing with every error listed."""

import csv
import io
import re
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.conftest import signed_in_client
from tests.factories import user_with_role
from torju.accounts.models import Organisation, Role, User
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.programme.measure_io import (
    COLUMNS,
    MeasureImportError,
    export_measures,
    import_measures,
)
from torju.programme.models import Measure, PriorityArea, Programme, Responsibility

pytestmark = pytest.mark.django_db

Rows = list[dict[str, str]]


def rows_of(programme: Programme) -> Rows:
    """The exported CSV as dicts (escaped values as in the file)."""
    text = export_measures(programme, "csv", actor=Actor.system()).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def csv_bytes(rows: Rows, *, columns: list[str] | None = None, delimiter: str = ",", bom: bool = True) -> bytes:
    columns = columns or list(COLUMNS)
    output = io.StringIO(newline="")
    writer = csv.writer(output, delimiter=delimiter)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return (("\ufeff" if bom else "") + output.getvalue()).encode("utf-8")


def snapshot(programme: Programme) -> tuple[bytes, int, int]:
    """What an import may change: the measures as exported, and the row counts."""
    return (
        export_measures(programme, "csv", actor=Actor.system()),
        Measure.objects.count(),
        Responsibility.objects.count(),
    )


def test_csv_round_trip_gives_identical_bytes(programme: Programme, coordinator: User) -> None:
    measure = Measure.objects.get(programme=programme, number=1)
    measure.text_fi = '=HYPERLINK("http://example.com")\nToinen rivi, jossa "lainaus"; ja puolipiste'
    measure.responsible_bodies_text_fi = "-TEM (vastuutaho)"
    measure.funding_note_fi = "@note\tsarkain"
    measure.save()
    measure.priority_areas.set(PriorityArea.objects.all())
    first = export_measures(programme, "csv", actor=Actor.system())

    result = import_measures(programme, first, "csv", actor=Actor.for_user(coordinator))

    assert result.created == [] and result.updated == []
    assert result.unchanged == [1, 2, 3, 4]
    assert export_measures(programme, "csv", actor=Actor.system()) == first
    measure.refresh_from_db()
    assert measure.text_fi.startswith("=HYPERLINK")
    assert measure.responsible_bodies_text_fi == "-TEM (vastuutaho)"


def test_csv_export_is_utf8_with_bom_and_escapes_formulas(programme: Programme) -> None:
    Measure.objects.filter(programme=programme, number=1).update(text_fi="=1+1", funding_note_fi="+358 puhelin")
    content = export_measures(programme, "csv", actor=Actor.system())

    assert content.startswith(b"\xef\xbb\xbf")
    rows = rows_of(programme)
    assert list(rows[0]) == list(COLUMNS)
    assert rows[0]["text_fi"] == "'=1+1"
    assert rows[0]["funding_note"] == "'+358 puhelin"
    assert rows[1]["responsible_bodies"] == "TEM; MIGRI"
    assert rows[2]["funding_dependent"] == "yes"
    assert rows[3]["funding_dependent"] == "no"
    assert "Oikeusministeriön toimenpide." in content.decode("utf-8")


def test_import_updates_by_number_and_creates_new_without_duplicating(programme: Programme, coordinator: User) -> None:
    rows = rows_of(programme)
    rows[0]["text_fi"] = "Muutettu teksti."
    rows[1]["responsible_bodies"] = "MIGRI; TEM; OM"
    rows[3]["priority_areas"] = "children_and_young_people"
    rows.append(
        {
            "number": "5",
            "objective": "2",
            "text_fi": "Uusi toimenpide.",
            "responsible_bodies": "om;  tem",
            "schedule_start": "2026",
            "schedule_end": "2027",
            "funding_dependent": "yes",
            "funding_note": "Rahoitus haussa.",
        }
    )

    result = import_measures(programme, csv_bytes(rows), "csv", actor=Actor.for_user(coordinator))

    assert result.created == [5]
    assert result.updated == [1, 2, 4]
    assert result.unchanged == [3]
    assert Measure.objects.filter(programme=programme).count() == 5
    assert Measure.objects.get(programme=programme, number=1).text_fi == "Muutettu teksti."
    second = Measure.objects.get(programme=programme, number=2)
    assert [r.organisation.code for r in second.responsibilities.order_by("position")] == ["MIGRI", "TEM", "OM"]
    new = Measure.objects.get(programme=programme, number=5)
    assert new.objective.number == 2
    assert [r.organisation.code for r in new.responsibilities.order_by("position")] == ["OM", "TEM"]
    assert new.funding_dependent is True
    assert list(Measure.objects.get(programme=programme, number=4).priority_areas.values_list("code", flat=True)) == [
        "children_and_young_people"
    ]

    again = import_measures(programme, csv_bytes(rows), "csv", actor=Actor.for_user(coordinator))

    assert again.created == [] and again.updated == []
    assert Measure.objects.filter(programme=programme).count() == 5
    event = AuditEvent.objects.filter(action=Action.IMPORT).order_by("id").first()
    assert event is not None and event.actor == coordinator
    assert event.changes is not None
    assert event.changes["created"] == [5]
    assert event.changes["updated"] == [1, 2, 4]
    assert event.changes["measures"]["1"] == {
        "before": {"text_fi": "Työ- ja elinkeinoministeriön toimenpide."},
        "after": {"text_fi": "Muutettu teksti."},
    }


def test_optional_columns_left_out_keep_their_values(programme: Programme, coordinator: User) -> None:
    Measure.objects.get(programme=programme, number=3).priority_areas.set(
        PriorityArea.objects.filter(code="children_and_young_people")
    )
    columns = ["number", "objective", "text_fi", "responsible_bodies", "schedule_start", "schedule_end"]
    rows = rows_of(programme)
    rows[2]["text_fi"] = "Uusi teksti."

    result = import_measures(programme, csv_bytes(rows, columns=columns), "csv", actor=Actor.for_user(coordinator))

    assert result.updated == [3]
    measure = Measure.objects.get(programme=programme, number=3)
    assert measure.funding_dependent is True
    assert measure.funding_note_fi == "Edellyttää lisärahoitusta."
    assert measure.priority_areas.count() == 1


def test_semicolon_csv_without_bom(programme: Programme, coordinator: User) -> None:
    rows = rows_of(programme)
    rows[0]["text_fi"] = "Teksti, jossa pilkku; ja puolipiste."

    result = import_measures(
        programme, csv_bytes(rows, delimiter=";", bom=False), "csv", actor=Actor.for_user(coordinator)
    )

    assert result.updated == [1]
    assert Measure.objects.get(programme=programme, number=1).text_fi == "Teksti, jossa pilkku; ja puolipiste."


def test_comma_csv_with_bom(programme: Programme, coordinator: User) -> None:
    rows = rows_of(programme)
    rows[1]["schedule_end"] = "2028"

    result = import_measures(programme, csv_bytes(rows, bom=True), "csv", actor=Actor.for_user(coordinator))

    assert result.updated == [2]
    assert Measure.objects.get(programme=programme, number=2).schedule_end == 2028


def test_xlsx_export_writes_escaped_text_cells_and_imports_back(programme: Programme, coordinator: User) -> None:
    Measure.objects.filter(programme=programme, number=1).update(text_fi="=SUM(A1:A2)")
    csv_before = export_measures(programme, "csv", actor=Actor.system())
    content = export_measures(programme, "xlsx", actor=Actor.system())

    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == list(COLUMNS)
    assert sheet["C2"].value == "'=SUM(A1:A2)"
    assert sheet["A2"].value == "1"
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row if cell.value is not None)

    result = import_measures(programme, content, "xlsx", actor=Actor.for_user(coordinator))

    assert result.unchanged == [1, 2, 3, 4]
    assert export_measures(programme, "csv", actor=Actor.system()) == csv_before


def test_xlsx_edited_in_a_spreadsheet_program(programme: Programme, coordinator: User) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    # Spreadsheet programs store numbers as numbers, and may leave empty cells as None.
    cells = {"number": 1, "objective": 1, "text_fi": "Päivitetty.", "responsible_bodies": "TEM"}
    cells |= {"schedule_start": 2026, "schedule_end": 2027.0, "funding_dependent": "no"}
    sheet.append([cells.get(column) for column in COLUMNS])
    output = io.BytesIO()
    workbook.save(output)

    result = import_measures(programme, output.getvalue(), "xlsx", actor=Actor.for_user(coordinator))

    assert result.updated == [1]
    measure = Measure.objects.get(programme=programme, number=1)
    assert measure.text_fi == "Päivitetty."
    assert measure.schedule_end == 2027


def _edit(change: Callable[[Rows], None]) -> Callable[[Rows], bytes]:
    def build(rows: Rows) -> bytes:
        change(rows)
        return csv_bytes(rows)

    return build


def _set(index: int, column: str, value: str) -> Callable[[Rows], bytes]:
    return _edit(lambda rows: rows[index].__setitem__(column, value))


def _without_column(column: str) -> Callable[[Rows], bytes]:
    return lambda rows: csv_bytes(rows, columns=[name for name in COLUMNS if name != column])


def _with_duplicate(rows: Rows) -> bytes:
    rows.append({**rows[0], "text_fi": "Kaksoiskappale."})
    return csv_bytes(rows)


def _latin1(rows: Rows) -> bytes:
    return "number,objective\n1,Työ\n".encode("latin-1")


BAD_FILES: dict[str, tuple[Callable[[Rows], bytes], int | None, str]] = {
    "unknown objective": (_set(0, "objective", "9"), 2, "objective"),
    "unknown organisation": (_set(1, "responsible_bodies", "TEM; NOSUCHBODY"), 3, "responsible_bodies"),
    "organisation twice": (_set(1, "responsible_bodies", "TEM; TEM"), 3, "responsible_bodies"),
    "unknown priority area": (_set(2, "priority_areas", "no_such_area"), 4, "priority_areas"),
    "bad year": (_set(3, "schedule_start", "20x6"), 5, "schedule_start"),
    "year out of range": (_set(3, "schedule_end", "27"), 5, "schedule_end"),
    "end before start": (_set(1, "schedule_end", "2025"), 3, "schedule_end"),
    "bad number": (_set(0, "number", "1.5"), 2, "number"),
    "empty text": (_set(0, "text_fi", "  "), 2, "text_fi"),
    "bad yes/no": (_set(0, "funding_dependent", "maybe"), 2, "funding_dependent"),
    "duplicate number": (_with_duplicate, 6, "number"),
    "missing column": (_without_column("objective"), 1, "objective"),
    "unknown column": (lambda rows: csv_bytes(rows, columns=[*COLUMNS, "colour"]), 1, "colour"),
    "not UTF-8": (_latin1, 2, ""),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_file_changes_nothing_and_names_row_and_column(programme: Programme, coordinator: User, case: str) -> None:
    build, row, column = BAD_FILES[case]
    rows = rows_of(programme)
    rows[0]["text_fi"] = "A valid change that must not be written."
    content = build(rows)
    before = snapshot(programme)

    with pytest.raises(MeasureImportError) as raised:
        import_measures(programme, content, "csv", actor=Actor.for_user(coordinator))

    assert [(problem.row, problem.column) for problem in raised.value.problems] == [(row, column)]
    assert all(problem.message for problem in raised.value.problems)
    assert snapshot(programme) == before
    assert not AuditEvent.objects.filter(action=Action.IMPORT).exists()


def test_every_error_is_listed(programme: Programme, coordinator: User) -> None:
    rows = rows_of(programme)
    rows[0]["objective"] = "9"
    rows[1]["responsible_bodies"] = "XYZ"
    rows[1]["schedule_start"] = "kesä"
    rows[3]["schedule_start"] = "2027"
    rows[3]["schedule_end"] = "2026"

    with pytest.raises(MeasureImportError) as raised:
        import_measures(
            programme, csv_bytes(rows, columns=[*COLUMNS, "extra"]), "csv", actor=Actor.for_user(coordinator)
        )

    assert [(problem.row, problem.column) for problem in raised.value.problems] == [
        (1, "extra"),
        (2, "objective"),
        (3, "responsible_bodies"),
        (3, "schedule_start"),
        (5, "schedule_end"),
    ]
    messages = " ".join(problem.message for problem in raised.value.problems)
    assert "XYZ" in messages and "kesä" in messages


@pytest.mark.parametrize(
    ("content", "fmt"),
    [(b"", "csv"), (b"not a workbook", "xlsx"), (b'number,objective\n"1,2\n', "csv")],
    ids=["empty", "not xlsx", "broken quoting"],
)
def test_unreadable_file_is_reported(programme: Programme, coordinator: User, content: bytes, fmt: Any) -> None:
    before = snapshot(programme)

    with pytest.raises(MeasureImportError) as raised:
        import_measures(programme, content, fmt, actor=Actor.for_user(coordinator))

    assert len(raised.value.problems) == 1
    assert raised.value.problems[0].message
    assert snapshot(programme) == before


def test_only_the_coordinator_imports(programme: Programme) -> None:
    with pytest.raises(PermissionDenied):
        import_measures(
            programme,
            export_measures(programme, "csv", actor=Actor.system()),
            "csv",
            actor=Actor.for_user(user_with_role(Role.REPORTER)),
        )


def test_export_is_audited(programme: Programme, coordinator: User) -> None:
    export_measures(programme, "xlsx", actor=Actor.for_user(coordinator))

    event = AuditEvent.objects.get(action=Action.EXPORT)
    assert event.actor == coordinator
    assert event.object_id == str(programme.pk)
    assert event.reason == "measures.xlsx"


# Management commands.


def test_commands_export_and_import(programme: Programme, tmp_path: Path) -> None:
    target = tmp_path / "measures.csv"
    out = StringIO()
    call_command("export_measures", "--programme", "test-plan", "--format", "csv", "-o", str(target), stdout=out)
    assert target.read_bytes() == export_measures(programme, "csv", actor=Actor.system())
    rows = rows_of(programme)
    rows[0]["text_fi"] = "Komentoriviltä."
    target.write_bytes(csv_bytes(rows, delimiter=";"))

    out = StringIO()
    call_command("import_measures", "--programme", "test-plan", str(target), stdout=out)

    assert "1 updated" in out.getvalue()
    assert Measure.objects.get(programme=programme, number=1).text_fi == "Komentoriviltä."


def test_command_exports_xlsx(programme: Programme, tmp_path: Path) -> None:
    target = tmp_path / "measures.xlsx"
    call_command(
        "export_measures", "--programme", "test-plan", "--format", "xlsx", "-o", str(target), stdout=StringIO()
    )

    sheet = load_workbook(target).worksheets[0]
    assert sheet.max_row == 5


def test_import_command_prints_every_error_and_fails(programme: Programme, tmp_path: Path) -> None:
    rows = rows_of(programme)
    rows[0]["objective"] = "9"
    rows[2]["responsible_bodies"] = "NOSUCHBODY"
    target = tmp_path / "measures.csv"
    target.write_bytes(csv_bytes(rows))
    before = snapshot(programme)
    err = StringIO()

    with pytest.raises(CommandError):
        call_command("import_measures", "--programme", "test-plan", str(target), stdout=StringIO(), stderr=err)

    lines = err.getvalue().splitlines()
    assert len(lines) == 2
    assert "2" in lines[0] and "objective" in lines[0] and "9" in lines[0]
    assert "4" in lines[1] and "responsible_bodies" in lines[1] and "NOSUCHBODY" in lines[1]
    assert snapshot(programme) == before


def test_import_command_refuses_unknown_programme_and_format(programme: Programme, tmp_path: Path) -> None:
    target = tmp_path / "measures.txt"
    target.write_bytes(b"")
    with pytest.raises(CommandError):
        call_command("import_measures", "--programme", "no-such-plan", str(target))
    with pytest.raises(CommandError):
        call_command("import_measures", "--programme", "test-plan", str(target))


def test_organisation_codes_match_case_insensitively(programme: Programme, coordinator: User) -> None:
    rows = rows_of(programme)
    rows[3]["responsible_bodies"] = "om; migri"

    import_measures(programme, csv_bytes(rows), "csv", actor=Actor.for_user(coordinator))

    fourth = Measure.objects.get(programme=programme, number=4)
    assert [r.organisation for r in fourth.responsibilities.order_by("position")] == [
        Organisation.objects.get(code="OM"),
        Organisation.objects.get(code="MIGRI"),
    ]


# The coordinator's pages (URL names wired in torju/programme/urls.py).


def test_coordinator_downloads_csv_and_xlsx(programme: Programme, coordinator: User) -> None:
    client = signed_in_client(coordinator)

    response = client.get(reverse("programme:measures_export", args=["test-plan", "csv"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="test-plan-measures.csv"'
    assert response.content == export_measures(programme, "csv", actor=Actor.system())
    xlsx = client.get(reverse("programme:measures_export", args=["test-plan", "xlsx"]))
    assert xlsx.status_code == 200
    assert load_workbook(io.BytesIO(xlsx.content)).worksheets[0].max_row == 5
    assert client.get(reverse("programme:measures_export", args=["test-plan", "pdf"])).status_code == 404
    assert AuditEvent.objects.filter(action=Action.EXPORT, actor=coordinator).count() == 2


def test_reporter_may_not_download_or_import(programme: Programme) -> None:
    client = signed_in_client(user_with_role(Role.REPORTER))

    assert client.get(reverse("programme:measures_export", args=["test-plan", "csv"])).status_code == 403
    assert client.get(reverse("programme:measures_import", args=["test-plan"])).status_code == 403


def test_upload_page_imports_a_file(programme: Programme, coordinator: User) -> None:
    client = signed_in_client(coordinator)
    url = reverse("programme:measures_import", args=["test-plan"])
    assert client.get(url).status_code == 200
    rows = rows_of(programme)
    rows[0]["text_fi"] = "Sivulta tuotu."

    response = client.post(url, {"file": SimpleUploadedFile("measures.csv", csv_bytes(rows, delimiter=";"))})

    assert response.status_code == 302
    assert response["Location"] == reverse("programme:detail", args=["test-plan"])
    assert Measure.objects.get(programme=programme, number=1).text_fi == "Sivulta tuotu."


def test_upload_page_lists_every_error_and_imports_nothing(programme: Programme, coordinator: User) -> None:
    client = signed_in_client(coordinator)
    rows = rows_of(programme)
    rows[0]["text_fi"] = "Ei saa tallentua."
    rows[1]["objective"] = "9"
    rows[2]["priority_areas"] = "no_such_area"
    before = snapshot(programme)

    response = client.post(
        reverse("programme:measures_import", args=["test-plan"]),
        {"file": SimpleUploadedFile("measures.csv", csv_bytes(rows))},
    )

    assert response.status_code == 400
    cells = [
        [cell.strip() for cell in row]
        for row in re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>.*?</td></tr>", response.content.decode())
    ]
    assert cells == [["3", "objective"], ["4", "priority_areas"]]
    assert "no_such_area" in response.content.decode()
    assert snapshot(programme) == before


def test_upload_page_refuses_other_files(programme: Programme, coordinator: User) -> None:
    response = signed_in_client(coordinator).post(
        reverse("programme:measures_import", args=["test-plan"]),
        {"file": SimpleUploadedFile("measures.txt", b"number\n1\n")},
    )

    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert not AuditEvent.objects.filter(action=Action.IMPORT).exists()
