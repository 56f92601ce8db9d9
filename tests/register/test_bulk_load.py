"""PostgreSQL: the bulk path into an empty register puts back every index and constraint it set aside.

That the bulk path ran at all shows in the catalog: the indexes it set
aside and built again are new objects (new OIDs) with the same definitions;
an import into a register that has rows keeps the old ones.
"""

from pathlib import Path

import pytest
from django.db import connection

from bench.generate_register import generate_register
from tests.register.conftest import OPERATOR, VALID_FILES, WriteRegister
from torju.register.exchange import RegisterImportError, import_register

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db]

TABLES = [
    "register_person",
    "register_application",
    "register_exploitationevent",
    "register_reflectionperiod",
    "register_serviceprovided",
]


def schema() -> tuple[set[tuple[str, str]], set[tuple[str, str, bool]]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)",
            [TABLES],
        )
        indexes = set(cursor.fetchall())
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid), convalidated FROM pg_constraint "
            "WHERE conrelid = ANY(%s::regclass[])",
            [TABLES],
        )
        constraints = set(cursor.fetchall())
    return indexes, constraints


def secondary_index_oids() -> dict[str, int]:
    """The indexes other than the primary keys, by name: what the bulk path drops and builds again."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.oid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary",
            [TABLES],
        )
        return dict(cursor.fetchall())


def test_indexes_and_constraints_are_rebuilt_and_sequences_moved(tmp_path: Path) -> None:
    before, oids_before = schema(), secondary_index_oids()
    generate_register(tmp_path / "register", 30, seed=5)
    import_register(tmp_path / "register", actor=OPERATOR)
    assert schema() == before
    rebuilt = secondary_index_oids()
    assert rebuilt.keys() == oids_before.keys() and len(rebuilt) > 10
    assert all(rebuilt[name] != oid for name, oid in oids_before.items())  # the bulk path ran: every index is new
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM register_application")
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT nextval(pg_get_serial_sequence('register_application', 'id'))")
        assert cursor.fetchone()[0] > highest


def test_a_refused_bulk_load_leaves_the_schema_as_it_was(write_register: WriteRegister) -> None:
    before, oids_before = schema(), secondary_index_oids()
    with pytest.raises(RegisterImportError):
        import_register(write_register(services=VALID_FILES["services.csv"] + "A1,sauna,2024-02-02,\n"), actor=OPERATOR)
    assert (schema(), secondary_index_oids()) == (before, oids_before)  # rolled back with the rows


def test_an_import_into_a_register_with_rows_keeps_its_indexes(write_register: WriteRegister) -> None:
    import_register(write_register(), actor=OPERATOR)
    before, oids_before = schema(), secondary_index_oids()
    persons = "person_id,role,sex,nationality\nP9,victim,F,FI\n"
    applications = (
        "application_id,person_id,received_on,office,source,residence_status\nA9,P9,2025-01-02,HEL,self,unknown\n"
    )
    import_register(
        write_register(
            persons=persons, applications=applications, exploitation=None, reflection_periods=None, services=None
        ),
        actor=OPERATOR,
    )
    assert (schema(), secondary_index_oids()) == (before, oids_before)  # rows added in place: no bulk path


def test_identifiers_compare_byte_by_byte() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name, collation_name FROM information_schema.columns "
            "WHERE column_name IN ('person_id', 'application_id', 'case_number', 'event_id') AND table_name = ANY(%s) "
            "AND data_type = 'character varying'",
            [TABLES],
        )
        assert {row[2] for row in cursor.fetchall()} == {"C"}
