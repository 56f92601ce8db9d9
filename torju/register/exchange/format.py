"""The files and columns of the register exchange format, version 1 (spec/register-exchange.md).

Column order here is the order of the spec's tables, which the export
writes; the import accepts any order.
"""

from dataclasses import dataclass

TRUE, FALSE = "true", "false"
ENCODING = "utf-8"


@dataclass(frozen=True)
class FileFormat:
    name: str
    columns: tuple[str, ...]
    required_columns: frozenset[str]
    required_file: bool = False


PERSONS = FileFormat(
    name="persons.csv",
    columns=(
        "person_id",
        "role",
        "sex",
        "birth_date",
        "nationality",
        "parent_person_id",
        "child_joined_on",
        "child_left_on",
    ),
    required_columns=frozenset({"person_id", "role", "sex", "nationality"}),
    required_file=True,
)
APPLICATIONS = FileFormat(
    name="applications.csv",
    columns=(
        "application_id",
        "person_id",
        "received_on",
        "office",
        "source",
        "residence_status",
        "decision",
        "decided_on",
        "negative_reason",
        "clienthood_ended_on",
        "end_reason",
    ),
    required_columns=frozenset({"application_id", "person_id", "received_on", "office", "source", "residence_status"}),
    required_file=True,
)
EXPLOITATION = FileFormat(
    name="exploitation.csv",
    columns=("event_id", "application_id", "form", "is_primary", "country", "sector", "began_on", "ended_on"),
    required_columns=frozenset({"event_id", "application_id", "form", "is_primary", "country"}),
)
REFLECTION_PERIODS = FileFormat(
    name="reflection_periods.csv",
    columns=("application_id", "granted_on", "months"),
    required_columns=frozenset({"application_id", "granted_on", "months"}),
)
SERVICES = FileFormat(
    name="services.csv",
    columns=("application_id", "service", "started_on", "ended_on"),
    required_columns=frozenset({"application_id", "service", "started_on"}),
)

# In the order an import must read them: every file refers only to files before it.
FILES = (PERSONS, APPLICATIONS, EXPLOITATION, REFLECTION_PERIODS, SERVICES)
