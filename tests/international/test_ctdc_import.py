"""The CTDC import on files shaped like the published ones, each quirk made here, and what it reports."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from tests.factories import user_with_role
from tests.international.registers import random_register
from torju.accounts.models import Role
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.international import selectors, services
from torju.international.ctdc_import import NoHeaderError, read_ctdc

ONE_HOT = (
    '"Use of this data is subject to the CTDC terms of use, which you accept by downloading it. yearOfRegistration";'
    "gender;ageBroad;majorityStatus;citizenship;CountryOfExploitation;isForcedLabour;isSexualExploit;isOtherExploit\n"
    "2019;Female;9--17;Minor;UA;PL;0;1;0\n"
    ";Male;18--20;Adult;UA;FI;1;0;0\n"
    "2020;Male;48+;Adult;UA|RU;US;0;0;1\n"
    "2021;Female;;Adult;NP;FI;true;false;false\n"
    "nan;Female;30--38;Adult;PH;FI;1;0;0\n"
    "1890;Male;30--38;Adult;PH;FI;1;0;0\n"
)
CONCATENATED = (
    "Counter Trafficking Data Collaborative. Terms of use: see the website.\n"
    "yearOfRegistration,gender,majorityStatus,citizenship,CountryOfExploitation,typeOfExploitConcatenated\n"
    '2018,Female,Minor,NG,IT,"Sexual exploitation;Forced labour"\n'
    "2018,Male,Adult,NG,IT,Forced begging\n"
    '2018.0,Female,Adult,"NG, GH",ES,Sexual exploitation\n'
    ",Male,Adult,NG,IT,\n"
)


def test_one_hot_flags_semicolons_a_sentence_in_the_header_cell_and_rows_without_a_year() -> None:
    reading = read_ctdc(ONE_HOT.encode(), current_year=2026)
    assert (reading.rows_read, reading.rows_kept) == (6, 3)
    assert reading.skipped == {"no year of registration": 2, "year of registration not from 1990 to 2026": 1}
    assert reading.notes["separator"] == "semicolon" and "header" in reading.notes
    assert reading.notes["multi-valued citizenship"] == 1
    world: dict[str, Any] = reading.summary["global"]
    assert world["rows"] == 3
    assert world["form"] == {"sexual": 1, "labour": 1, "other": 1, "unknown": 0}
    assert world["sex"] == {"Female": 2, "Male": 1, "unknown": 0}
    assert world["age"] == {"minor": 1, "adult": 2, "unknown": 0}  # "Adult" from majorityStatus without ageBroad
    assert world["region"]["Europe"] == 2 and world["region"]["Asia"] == 1  # UA|RU counted as UA
    europe: dict[str, Any] = reading.summary["europe"]
    assert europe["rows"] == 2  # exploited in Poland and in Finland; the United States is not Europe
    assert (reading.first_year, reading.last_year) == (2019, 2021)


def test_concatenated_exploitation_types_commas_and_a_sentence_before_the_header() -> None:
    reading = read_ctdc(CONCATENATED.encode(), current_year=2026)
    assert (reading.rows_read, reading.rows_kept, reading.skipped) == (4, 3, {"no year of registration": 1})
    world: dict[str, Any] = reading.summary["global"]
    assert world["form"] == {"sexual": 2, "labour": 1, "other": 1, "unknown": 0}
    assert world["region"]["Africa"] == 3
    assert reading.notes["multi-valued citizenship"] == 1
    assert reading.summary["europe"]["rows"] == 3


def test_a_file_without_a_ctdc_header_is_refused() -> None:
    with pytest.raises(NoHeaderError):
        read_ctdc(b"name,phone\nx,y\n", current_year=2026)


@pytest.mark.django_db
def test_the_command_prints_rows_read_kept_and_skipped_and_the_picture_compares_finland(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "ctdc.csv"
    path.write_text(ONE_HOT.replace("2021;", "2023;"), encoding="utf-8")
    call_command("import_ctdc", str(path), "--name", "CTDC global synthetic")
    out = capsys.readouterr().out
    assert "CTDC global synthetic: 6 rows read, 3 kept, 3 skipped" in out
    assert "skipped: 2 (no year of registration)" in out
    assert AuditEvent.objects.filter(action=Action.IMPORT, object_type="international.ctdcdataset").count() == 1
    random_register(seed=21, persons=80, years=(2019, 2023))
    dataset = selectors.latest_dataset()
    assert dataset is not None
    finland, rows = selectors.comparison(dataset)
    assert finland["rows"] > 0 and (finland["first"], finland["last"]) == (2019, 2023)
    by_key = {(row.dimension, row.category): row for row in rows}
    assert by_key["sex", "Female"].world == round(100 * 2 / 3, 1)
    assert by_key["sex", "Female"].finland is not None
    assert sum(
        by_key["region", region].finland or 0
        for region in ("Africa", "Americas", "Asia", "Europe", "Oceania", "unknown")
    ) == pytest.approx(100, abs=0.5)
    with pytest.raises(CommandError, match="no header"):
        bad = tmp_path / "bad.csv"
        bad.write_text("a;b\n1;2\n", encoding="utf-8")
        call_command("import_ctdc", str(bad))


@pytest.mark.django_db
def test_only_analysts_import() -> None:
    with pytest.raises(PermissionDenied):
        services.import_ctdc(Actor.for_user(user_with_role(Role.COORDINATOR)), ONE_HOT.encode(), file_name="x.csv")
    with pytest.raises(ValidationError):
        services.import_ctdc(
            Actor.for_user(user_with_role(Role.ANALYST)), b"yearOfRegistration;gender\n;F\n", file_name="x.csv"
        )
