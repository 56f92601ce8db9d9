"""The authorities' figures in: the spec's CSV, JSON-stat 2.0 and PX files with saved mappings; all or nothing with
every error listed; a later figure replaces the earlier one and keeps it in its history; the command."""

import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from tests.factories import user_with_role
from torju.accounts.models import Role
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.situation.importing import read_csv, read_json_stat, read_px
from torju.situation.models import DimensionMapping, JusticeFigure
from torju.situation.services import import_figures, save_mapping

pytestmark = pytest.mark.django_db

HEADER = "year,stage,offence,court,value,source,retrieved_on"
GOOD = [
    "2023,investigation_opened,trafficking,,120,Poliisihallitus,2025-03-01",
    "2023,investigation_opened,aggravated_trafficking,,32,Poliisihallitus,2025-03-01",
    "2023,court_convicted,trafficking,all,7,Oikeusrekisterikeskus,2025-03-02",
]


def coordinator() -> Actor:
    return Actor.for_user(user_with_role(Role.COORDINATOR))


def csv_of(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode("utf-8")


def imported(content: bytes) -> None:
    with translation.override("en"):
        import_figures(coordinator(), read_csv(content), file_name="figures.csv")


def test_a_csv_with_commas_or_semicolons_brings_in_every_figure_with_its_source() -> None:
    imported(csv_of(*GOOD))
    figure = JusticeFigure.objects.get(year=2023, stage="court_convicted", offence="trafficking", court="all")
    assert (figure.value, figure.source, figure.retrieved_on) == (7, "Oikeusrekisterikeskus", date(2025, 3, 2))
    semicolons = csv_of(*(line.replace(",", ";") for line in GOOD[:1]), header=HEADER.replace(",", ";"))
    assert read_csv(semicolons).rows[0].value == 120
    assert AuditEvent.objects.filter(action=Action.IMPORT, object_type="situation.justicefigure").count() == 1


def test_a_later_figure_replaces_the_earlier_one_and_keeps_it_in_its_history() -> None:
    imported(csv_of(*GOOD))
    imported(csv_of("2023,investigation_opened,trafficking,,125,Poliisihallitus (revised),2025-09-01", *GOOD[1:]))
    figure = JusticeFigure.objects.get(year=2023, stage="investigation_opened", offence="trafficking")
    assert figure.value == 125
    assert [(r.value, r.source) for r in figure.revisions.all()] == [(120, "Poliisihallitus")]
    assert JusticeFigure.objects.count() == 3


BAD = [
    ("2023,investigation_opened,smuggling,,1,Poliisi,2025-01-01", "offence: “smuggling” is not a code"),
    ("2023,opened,trafficking,,1,Poliisi,2025-01-01", "stage: “opened” is not a code"),
    ("2023,court_convicted,trafficking,supreme,1,Tuomioistuin,2025-01-01", "court: give district, appeal or all"),
    ("2023,charged,trafficking,district,1,Syyttäjä,2025-01-01", "court: leave it empty"),
    ("2023,charged,trafficking,,-4,Syyttäjä,2025-01-01", "value: give a whole number of 0 or more, not “-4”"),
    ("2023,charged,trafficking,,2.5,Syyttäjä,2025-01-01", "value: give a whole number of 0 or more, not “2.5”"),
    ("23,charged,trafficking,,2,Syyttäjä,2025-01-01", "year: give a year"),
    ("3023,charged,trafficking,,2,Syyttäjä,2025-01-01", "year: give a year"),
    ("2023,charged,trafficking,,2,,2025-01-01", "source: give the publisher"),
    ("2023,charged,trafficking,,2,Syyttäjä,1.1.2025", "retrieved_on: give the day"),
]


@pytest.mark.parametrize(("line", "message"), BAD)
def test_a_bad_row_is_listed_with_its_line_and_nothing_changes(line: str, message: str) -> None:
    imported(csv_of(*GOOD))
    before = list(JusticeFigure.objects.order_by("pk").values())
    with translation.override("en"):
        reading = read_csv(csv_of(GOOD[0].replace("120", "999"), line))
        assert not reading.ok and reading.errors[0].startswith("line 3: ")
        assert message in reading.errors[0]
        with pytest.raises(ValidationError) as refused:
            import_figures(coordinator(), reading)
    assert message in " ".join(refused.value.messages)
    assert list(JusticeFigure.objects.order_by("pk").values()) == before, "all or nothing"


def test_every_error_is_listed_duplicates_and_missing_columns_too() -> None:
    with translation.override("en"):
        reading = read_csv(csv_of(GOOD[0], GOOD[0], BAD[0][0], BAD[4][0]))
        assert [error.split(":")[0] for error in reading.errors] == ["line 4", "line 5", "line 3"]
        assert "the same year, stage, offence and court as line 2" in reading.errors[-1]
        missing = read_csv(csv_of("2023,charged,trafficking,,1,S", header="year,stage,offence,court,value,source"))
        assert missing.errors == ["line 1: missing columns: retrieved_on."]
        assert read_csv("vuosi\n".encode("utf-16")).errors == ["the file: it is not UTF-8 text."]


def test_only_a_coordinator_or_the_command_line_brings_figures_in() -> None:
    with pytest.raises(PermissionDenied):
        import_figures(Actor.for_user(user_with_role(Role.ANALYST)), read_csv(csv_of(*GOOD)))
    with pytest.raises(PermissionDenied):
        import_figures(Actor.system(channel="web"), read_csv(csv_of(*GOOD)))


def police_json_stat() -> bytes:
    """Shaped like a table of Statistics Finland's PxWeb API (JSON-stat 2.0): offence × year, a sum included."""
    return json.dumps(
        {
            "version": "2.0",
            "class": "dataset",
            "label": "Poliisin tietoon tulleet rikokset",
            "source": "Tilastokeskus",
            "updated": "2025-02-14T08:00:00Z",
            "id": ["Rikosnimike", "Vuosi", "Tiedot"],
            "size": [3, 2, 1],
            "dimension": {
                "Rikosnimike": {
                    "label": "Rikosnimike",
                    "category": {
                        "index": {"SSS": 0, "2530": 1, "2531": 2},
                        "label": {"SSS": "Yhteensä", "2530": "Ihmiskauppa", "2531": "Törkeä ihmiskauppa"},
                    },
                },
                "Vuosi": {"label": "Vuosi", "category": {"index": {"2022": 0, "2023": 1}}},
                "Tiedot": {"label": "Tiedot", "category": {"index": {"rikokset": 0}}},
            },
            "value": [4000, 4100, 52, 61, None, 14],
        }
    ).encode("utf-8")


def mapping(fmt: str) -> DimensionMapping:
    return save_mapping(
        coordinator(),
        name=f"statfin-police-{fmt}",
        fmt=fmt,
        source="Tilastokeskus, Poliisin tietoon tulleet rikokset",
        dimensions={"year": "Vuosi", "offence": "Rikosnimike"},
        fixed={"stage": "police_recorded"},
        codes={"offence": {"2530": "trafficking", "2531": "aggravated_trafficking"}},
    )


def test_a_json_stat_dataset_is_read_through_its_saved_mapping() -> None:
    reading = read_json_stat(police_json_stat(), mapping("json-stat"))
    assert reading.ok, reading.errors
    assert sorted((row.year, row.offence, row.value) for row in reading.rows) == [
        (2022, "trafficking", 52),
        (2023, "aggravated_trafficking", 14),
        (2023, "trafficking", 61),
    ], "the sum left out, the missing cell no figure"
    assert {(row.stage, row.court, row.retrieved_on) for row in reading.rows} == {
        ("police_recorded", "", date(2025, 2, 14))
    }


PX = """CHARSET="ANSI";
AXIS-VERSION="2013";
CODEPAGE="iso-8859-15";
LANGUAGE="fi";
CREATION-DATE="20250115 08:00";
DECIMALS=0;
MATRIX="13it";
SUBJECT-AREA="Oikeus";
TITLE="Poliisin tietoon tulleet rikokset muuttujina Rikosnimike ja Vuosi";
CONTENTS="Poliisin tietoon tulleet rikokset";
STUB="Rikosnimike";
HEADING="Vuosi";
VALUES("Rikosnimike")="Yhteensä","Ihmiskauppa (RL 25:3)","Törkeä ihmiskauppa (RL 25:3a)";
VALUES("Vuosi")="2022","2023";
CODES("Rikosnimike")="SSS","2530","2531";
CODES("Vuosi")="2022","2023";
UNITS="lukumäärä";
SOURCE="Tilastokeskus";
DATA=
4000 4100
52 61
"." 14;
"""


def test_a_px_file_in_latin_9_is_read_with_px2csv_through_its_saved_mapping() -> None:
    reading = read_px(PX.encode("iso-8859-15"), mapping("px"))
    assert reading.ok, reading.errors
    assert sorted((row.year, row.offence, row.value) for row in reading.rows) == [
        (2022, "trafficking", 52),
        (2023, "aggravated_trafficking", 14),
        (2023, "trafficking", 61),
    ]
    assert reading.rows[0].retrieved_on == date(2025, 1, 15)


def test_a_mapping_that_does_not_fit_the_table_is_an_error() -> None:
    wrong = mapping("json-stat")
    wrong.dimensions = {"year": "Vuosi", "offence": "Rikos"}
    with translation.override("en"):
        assert read_json_stat(police_json_stat(), wrong).errors == ["the table: it has no dimension “Rikos”."]
        assert read_json_stat(b"{}", wrong).errors[0].startswith("the file: it is not a JSON-stat 2.0 dataset")


def test_the_command_imports_a_file_or_lists_every_error_and_changes_nothing(tmp_path: Path) -> None:
    good = tmp_path / "figures.csv"
    good.write_bytes(csv_of(*GOOD))
    output = io.StringIO()
    call_command("import_justice_figures", str(good), stdout=output)
    assert "3 figures added, 0 revised, 0 unchanged" in output.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_of(GOOD[0].replace("120", "1"), BAD[0][0], BAD[4][0]))
    with pytest.raises(CommandError) as refused:
        call_command("import_justice_figures", str(bad), stdout=io.StringIO())
    assert "nothing was imported" in str(refused.value)
    assert "line 3: offence" in str(refused.value) and "line 4: value" in str(refused.value)
    assert JusticeFigure.objects.get(year=2023, stage="investigation_opened", offence="trafficking").value == 120
    px = tmp_path / "13it.px"
    px.write_bytes(PX.encode("iso-8859-15"))
    mapping("px")
    call_command("import_justice_figures", str(px), "--mapping", "statfin-police-px", stdout=io.StringIO())
    assert JusticeFigure.objects.filter(stage="police_recorded").count() == 3
    with pytest.raises(CommandError, match="no mapping named"):
        call_command("import_justice_figures", str(px), "--mapping", "nothing", stdout=io.StringIO())
