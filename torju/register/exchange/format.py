"""The files and columns of the register exchange format, version 1 (spec/register-exchange.md).

Column order here is the order of the spec's tables, which the export
writes; the import accepts any order.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

TRUE, FALSE = "true", "false"
ENCODING = "utf-8"


@dataclass(frozen=True)
class FileFormat:
    name: str
    columns: tuple[str, ...]
    required_columns: frozenset[str]
    required_file: bool = False
    # A column that names a row of another file: the model's foreign key and the identifier it holds there.
    references: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    # A column whose model field has another name.
    renamed: Mapping[str, str] = field(default_factory=dict)

    def model_fields(self) -> tuple[str, ...]:
        """The model field of each column, in the columns' order (a reference: its foreign key)."""
        return tuple(
            self.references[column][0] if column in self.references else self.renamed.get(column, column)
            for column in self.columns
        )

    def lookups(self) -> tuple[str, ...]:
        """What the export reads for each column: a reference as the identifier of the row it names."""
        return tuple(
            "__".join(self.references[column]) if column in self.references else self.renamed.get(column, column)
            for column in self.columns
        )


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
    references={"parent_person_id": ("parent", "person_id")},
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
    references={"person_id": ("person", "person_id")},
)
EXPLOITATION = FileFormat(
    name="exploitation.csv",
    columns=("event_id", "application_id", "form", "is_primary", "country", "sector", "began_on", "ended_on"),
    required_columns=frozenset({"event_id", "application_id", "form", "is_primary", "country"}),
    references={"application_id": ("application", "application_id")},
    renamed={"form": "exploitation_form"},
)
REFLECTION_PERIODS = FileFormat(
    name="reflection_periods.csv",
    columns=("application_id", "granted_on", "months"),
    required_columns=frozenset({"application_id", "granted_on", "months"}),
    references={"application_id": ("application", "application_id")},
)
SERVICES = FileFormat(
    name="services.csv",
    columns=("application_id", "service", "started_on", "ended_on"),
    required_columns=frozenset({"application_id", "service", "started_on"}),
    references={"application_id": ("application", "application_id")},
)

# In the order an import must read them: every file refers only to files before it.
FILES = (PERSONS, APPLICATIONS, EXPLOITATION, REFLECTION_PERIODS, SERVICES)
