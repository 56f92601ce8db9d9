"""The reporting templates: definition files validated, an unmapped code shown, the demo register's 2025 tables
agreeing with the annual statistics where the definitions agree (docs/international-reporting.md, the
reconciliation table), the public form, the authorities' figures and who may have what."""

import csv
import io
from collections import Counter
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests.factories import user_with_role
from tests.international.registers import random_register
from torju.accounts.models import Role
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.demo.register_data import load_demo_register
from torju.demo.situation import ensure_demo_justice_figures
from torju.international import services
from torju.international.definitions import (
    DEFINITIONS,
    TEMPLATES,
    TemplateError,
    definition_files,
    parse_template,
    template_for,
)
from torju.international.population import citizenship_group, is_eu_member, trafficking_type, victims
from torju.international.reports import NOT_AS_PERSONS, NOT_DELIVERED, Report, fill
from torju.statistics.computation import yearly_figures
from torju.statistics.permissions import EXACT, PUBLIC

pytestmark = pytest.mark.django_db


def table(report: Report, key: str) -> dict[str, dict[str, int | None]]:
    return next(filled.published.cells for filled in report.tables if filled.table.key == key)


def totals(report: Report, key: str) -> dict[str, int | None]:
    return next(filled.published.row_totals for filled in report.tables if filled.table.key == key)


def test_every_definition_file_is_valid_and_each_template_has_a_round() -> None:
    for path in definition_files():
        parse_template(path.read_text(encoding="utf-8"), path.name)
    assert {template_for(template, 2025).template for template in TEMPLATES} == set(TEMPLATES)


def test_a_register_code_left_unmapped_is_an_error_that_names_it() -> None:
    text = (DEFINITIONS / "eu-2025.toml").read_text(encoding="utf-8")
    without_x = text.replace('{ key = "unknown", label = "Unknown", codes = ["X"] },\n', "")
    with pytest.raises(TemplateError) as raised:
        parse_template(without_x, "eu-broken.toml")
    assert any("'X'" in problem and "not mapped" in problem for problem in raised.value.problems)
    twice = text.replace('codes = ["forced_begging"]', 'codes = ["forced_begging", "other"]')
    with pytest.raises(TemplateError, match="mapped to both"):
        parse_template(twice, "eu-twice.toml")


def test_a_new_round_is_a_new_file_chosen_by_the_year(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = (DEFINITIONS / "eu-2025.toml").read_text(encoding="utf-8")
    (tmp_path / "eu-2025.toml").write_text(text, encoding="utf-8")
    newer = text.replace('round = "2025"', 'round = "2027"').replace("first_year = 2024", "first_year = 2026")
    (tmp_path / "eu-2027.toml").write_text(newer, encoding="utf-8")
    assert template_for("eu", 2025, folder=tmp_path).round == "2025"
    assert template_for("eu", 2026, folder=tmp_path).round == "2027"
    with pytest.raises(TemplateError, match="no round"):
        template_for("eu", 2020, folder=tmp_path)


def test_citizenship_groups_follow_the_eus_membership_of_the_year() -> None:
    assert citizenship_group("GB", 2019) == "eu"
    assert citizenship_group("GB", 2020) == "non_eu"
    assert citizenship_group("HR", 2012) == "non_eu"
    assert citizenship_group("HR", 2013) == "eu"
    assert (citizenship_group("FI", 2025), citizenship_group("XX", 2025), citizenship_group("ZZ", 2025)) == (
        "own",
        "stateless",
        "unknown",
    )
    assert is_eu_member("EE", 2025) and not is_eu_member("NO", 2025)
    assert trafficking_type("FI", ("FI",)) == "internal"
    assert trafficking_type("NP", ("FI",)) == "transnational"
    assert trafficking_type("FI", ("EE", "FI")) == "transnational"
    assert trafficking_type("FI", ("ZZ",)) == "unknown"


@pytest.fixture
def demo() -> None:
    load_demo_register()


@pytest.mark.usefixtures("demo")
def test_the_templates_agree_with_the_annual_statistics_of_2025() -> None:
    """The reconciliation table of docs/international-reporting.md, row by row."""
    figures = yearly_figures(2022, 2025)
    statistics = figures[2025].statistics
    new = statistics["new_clients"]
    by_primary = figures[2025].year["new_clients_by_primary_form"]
    eu = fill(template_for("eu", 2025), 2025, EXACT, 5)
    # Identified victims = the new clients, by sex; the presumed are the EU's addition.
    status = table(eu, "victims_status_sex")
    assert status["identified"] == {
        "female": new["by_sex"]["F"],
        "male": new["by_sex"]["M"],
        "unknown": new["by_sex"]["X"],
    }
    presumed = [victim for victim in victims(2025, 2025) if victim.status == "presumed"]
    assert totals(eu, "victims_status_sex")["presumed"] == len(presumed)
    # Children = the minors of the statistics, adults the other bands, over identified and presumed.
    ages = totals(eu, "victims_age_sex")
    presumed_minors = sum(1 for victim in presumed if victim.age is not None and victim.age < 18)
    assert ages["child"] == new["minors"] + presumed_minors
    # Forms: persons by the primary form, as the series' new_clients_by_primary_form (not the events by form).
    greta = fill(template_for("greta", 2025), 2025, EXACT, 5)
    forms = {form: years["2025"] for form, years in table(greta, "identified_by_form").items()}
    assert forms["sexual"] == by_primary["sexual_exploitation"]
    assert forms["labour"] == by_primary["forced_labour"]
    assert forms["unknown"] == by_primary["unknown"]
    assert sum(value or 0 for value in forms.values()) == new["victims"]
    # Citizenship: own country = the Finnish nationals of the statistics; stateless and unknown as XX and ZZ.
    nationality = table(greta, "identified_by_nationality")
    assert nationality["nationals"]["2025"] == new["by_nationality"].get("FI", 0)
    assert nationality["stateless"]["2025"] == new["by_nationality"].get("XX", 0)
    assert nationality["unknown"]["2025"] == new["by_nationality"].get("ZZ", 0)
    eu_members = sum(
        count for country, count in new["by_nationality"].items() if is_eu_member(country, 2025) and country != "FI"
    )
    assert nationality["eu_nationals"]["2025"] == eu_members
    # GRETA's years side by side: each year's column is that year's new clients.
    sex = table(greta, "identified_by_sex")
    for year in (2022, 2023, 2024, 2025):
        assert sum(sex[row][str(year)] or 0 for row in sex) == figures[year].statistics["new_clients"]["victims"]
    # Trafficked internally or transnationally: internal ⊆ exploited only in Finland.
    internal = table(greta, "identified_internal_transnational")["internal"]["2025"] or 0
    assert internal <= figures[2025].year["new_clients_by_place_of_exploitation"]["finland"]
    # UNODC: women, men, girls and boys add up to the detected victims (identified and presumed).
    unodc = fill(template_for("unodc", 2025), 2025, EXACT, 5)
    grid = table(unodc, "detected_by_age_sex")
    assert sum(value or 0 for row in grid.values() for value in row.values()) == new["victims"] + len(presumed)
    assert grid["minors"]["female"] is not None


@pytest.mark.usefixtures("demo")
def test_the_public_form_shows_no_count_under_k_and_keeps_the_margins() -> None:
    report = fill(template_for("eu", 2024), 2024, PUBLIC, 5)
    exact = fill(template_for("eu", 2024), 2024, EXACT, 5)
    for public_table, exact_table in zip(report.tables, exact.tables, strict=True):
        cells = [value for row in public_table.published.cells.values() for value in row.values()]
        assert all(value is None or value == 0 or value >= 5 for value in cells)
        assert public_table.published.total == exact_table.published.total
        assert any(value is None for value in cells) or cells == [
            value for row in exact_table.published.cells.values() for value in row.values()
        ]


def test_the_authorities_figures_are_persons_where_delivered_as_persons_else_not_available() -> None:
    ensure_demo_justice_figures()
    report = fill(template_for("eu", 2024), 2023, EXACT, 5)  # the demo's figures end in 2024
    justice = {value.key: value for value in report.justice}
    assert justice["suspected"].value is None and justice["suspected"].note == NOT_AS_PERSONS
    assert justice["convicted"].value == 7 + 4  # the plan: seven and four convictions in 2023
    assert justice["convicted"].sources
    later = {value.key: value for value in fill(template_for("eu", 2025), 2025, EXACT, 5).justice}
    assert later["convicted"].value is None and later["convicted"].note == NOT_DELIVERED


def test_the_exact_counts_are_for_analysts_and_every_report_is_audited() -> None:
    random_register(seed=3, persons=60)
    coordinator = Actor.for_user(user_with_role(Role.COORDINATOR))
    analyst = Actor.for_user(user_with_role(Role.ANALYST))
    with pytest.raises(PermissionDenied):
        services.report_file(coordinator, "eu", 2025, EXACT, "csv")
    with pytest.raises(PermissionDenied):
        services.report_file(Actor.for_user(user_with_role(Role.CASEWORKER)), "eu", 2024, PUBLIC, "csv")
    with pytest.raises(PermissionDenied):  # the year in progress has no public form
        services.report_file(coordinator, "eu", date.today().year, PUBLIC, "csv")
    services.report_file(coordinator, "eu", 2024, PUBLIC, "csv")
    download = services.report_file(analyst, "unodc", 2025, EXACT, "xlsx")
    assert download.file_name == "torju-unodc-2025-2025-exact.xlsx"
    exports = AuditEvent.objects.filter(action=Action.EXPORT, object_type="international.report")
    assert sorted(exports.values_list("changes__publication", flat=True)) == ["exact", "public"]


def test_the_command_writes_csv_and_xlsx_with_each_cell_traceable(tmp_path) -> None:  # type: ignore[no-untyped-def]
    random_register(seed=5, persons=120)
    output = tmp_path / "eu.csv"
    call_command("international_report", "--template", "eu", "--year", "2025", "--format", "csv", "-o", str(output))
    rows = list(csv.DictReader(io.StringIO(output.read_text(encoding="utf-8"))))
    cell = next(
        row for row in rows if row["table"] == "victims_age_sex" and row["row"] == "child" and row["column"] == "female"
    )
    assert "age_band in (0-17)" in cell["definition"] and "sex in (F)" in cell["definition"]
    total = next(row for row in rows if row["table"] == "victims_age_sex" and row["row"] == row["column"] == "total")
    everyone = Counter(victim.status for victim in victims(2025, 2025))
    assert int(total["value"]) == everyone["identified"] + everyone["presumed"]
    book_path = tmp_path / "greta.xlsx"
    call_command(
        "international_report",
        "--template",
        "greta",
        "--year",
        "2025",
        "--format",
        "xlsx",
        "-o",
        str(book_path),
        "--public",
    )
    book = load_workbook(book_path)
    assert {"About", "Definitions", "identified_by_sex"} <= set(book.sheetnames)
    sheet = book["identified_by_sex"]
    assert [cell.value for cell in sheet[2]] == ["sex", "2022", "2023", "2024", "2025", "Total"]
    with pytest.raises(CommandError, match="the year must be"):
        call_command("international_report", "--template", "eu", "--year", "1990", "--format", "csv", "-o", str(output))
