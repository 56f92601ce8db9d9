"""What one import knows while it reads the files: what later files refer to, and the reading itself.

The import reads the files in the order persons → applications →
exploitation → reflection periods → services, so that every reference
points back to a file already read. Memory holds only what later files
refer to: identifier to primary key, with a flag bit (checks.FLAG).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from torju.register.exchange.bulk_load import Loader, TableWriter
from torju.register.exchange.checks import (
    FIRST_CHARACTER,
    UNSAFE_STARTS,
    ColumnChecks,
    where,
)
from torju.register.exchange.format import FILES, PERSONS, FileFormat
from torju.register.exchange.reading import Chunk, Container, CsvReader
from torju.register.models import IDENTIFIER_MAX_LENGTH

# progress(stage, bytes done, bytes in all): stage is a file name, or FINISHING for the index rebuild.
Progress = Callable[[str, int, int], None]
FINISHING = "finishing"
YEAR = itemgetter(slice(0, 4))  # of an ISO date
OPEN = "9999-12-31"  # the end of a clienthood that has not ended, as an ISO date compares


def _plain_identifier(value: str) -> bool:
    """1 to 64 characters, not starting like a spreadsheet formula (see models.common.is_safe_identifier)."""
    return bool(value) and len(value) <= IDENTIFIER_MAX_LENGTH and value[0] not in UNSAFE_STARTS


def _disjoint(values: set[str], seen: dict[str, int] | set[str]) -> bool:
    """No value in `seen`, in time proportional to `values` (set.isdisjoint(dict) would walk the dict whole)."""
    return (seen.keys() if isinstance(seen, dict) else seen).isdisjoint(values)


@dataclass
class ImportResult:
    created: dict[str, int] = field(default_factory=dict)  # file name: rows created
    updated: dict[str, int] = field(default_factory=dict)  # file name: rows that replaced existing ones


class ImportState(ColumnChecks):
    """The state of one import: what later files refer to, the problems, the counts."""

    def __init__(
        self, container: Container, loader: Loader, *, update: bool, progress: Progress | None, office: str = ""
    ) -> None:
        super().__init__()
        self.container = container
        self.loader = loader
        self.update = update
        self.office = office  # of the decision maker who updates: what an update may change (import_updates)
        self.progress = progress
        self.result = ImportResult()
        self.unreadable: set[str] = set()
        self.now = connection.ops.adapt_datetimefield_value(timezone.now())
        # What later files refer to; the lowest bit of the value is a flag (see FLAG).
        self.persons: dict[str, int] = {}  # person_id: primary key << 1 | is a victim
        self.applications: dict[str, int] = {}  # application_id: primary key << 1 | decision is positive
        self.existing: dict[str, dict[str, int]] = {file.name: {} for file in FILES}  # ids in the register already
        self.first_counters: dict[tuple[str, int], int] = {}  # (office, year): last number before the import
        self.counters: dict[str, tuple[str, int]] = {}  # case number prefix: (office, year), of those in use
        self.last_numbers: dict[str, int] = {}  # case number prefix: last number given
        self.updated_persons: list[tuple[Any, ...]] = []
        self.updated_applications: list[tuple[Any, ...]] = []
        self.updated_to_child: list[tuple[int, int]] = []  # (line, pk) of persons becoming children
        # An update's rows as the register had them, what belongs to the office, the audit entry of each change.
        self.applications_before: dict[int, dict[str, str]] = {}
        self.persons_before: dict[int, dict[str, str]] = {}
        self.own_persons: set[int] = set()
        self.foreign_events: set[int] = set()
        self.update_entries: list[tuple[str, int, dict[str, Any]]] = []  # (object type, pk, changes)
        # The clienthood rules across files (docs/register-rules.md): a service lies within its clienthood,
        # a child joins once the parent has a positive decision.
        self.clienthoods: dict[str, tuple[str, str]] = {}  # application_id: (received_on, clienthood end or OPEN)
        self.children_joined: list[tuple[int, str, str]] = []  # (line, parent's person_id, child_joined_on)
        self.parents: set[str] = set()  # person_id of the parents in children_joined
        self.first_positive: dict[str, str] = {}  # a parent's person_id: the first positive decided_on
        self.bytes_total = sum(container.size(file.name) for file in FILES if file.name in container)
        self.bytes_before = 0

    def check_identifiers(
        self, file: FileFormat, chunk: Chunk, column: str, values: Sequence[str], seen: dict[str, int] | set[str]
    ) -> None:
        """Valid, unique in the file (`seen` holds those of earlier chunks), new unless updating."""
        distinct = set(values)
        invalid: set[str] = set()
        if (
            "" in distinct
            or max(map(len, distinct)) > IDENTIFIER_MAX_LENGTH
            or not UNSAFE_STARTS.isdisjoint(map(FIRST_CHARACTER, distinct))
        ):
            invalid = {value for value in distinct if not _plain_identifier(value)}
        if invalid:
            self.report(
                file, chunk, column, values, where(value in invalid for value in values), self.messages["identifier"]
            )
        if len(distinct) != len(values) or not _disjoint(distinct, seen):
            in_chunk: set[str] = set()
            for position, value in enumerate(values):
                if (value in seen or value in in_chunk) and value not in invalid:
                    self.problem(file, chunk.lines[position], column, value, self.messages["duplicate"])
                in_chunk.add(value)
        existing = self.existing[file.name]
        if existing and not self.update and not _disjoint(distinct, existing):
            self.report(
                file, chunk, column, values, where(value in existing for value in values), self.messages["exists"]
            )

    def check_references(
        self, file: FileFormat, chunk: Chunk, column: str, values: Sequence[str], target: FileFormat
    ) -> list[int | None]:
        """The map values (see FLAG) of the referenced rows; reports references to nothing.

        Not when the target file could not be read at all: every reference would be reported.
        """
        found = list(map((self.persons if target is PERSONS else self.applications).get, values))
        if None in found and target.name not in self.unreadable:
            reason = self.messages["no_person"] if target is PERSONS else self.messages["no_application"]
            self.report(
                file,
                chunk,
                column,
                values,
                where(value is None for value in found),
                lambda value: reason if value else self.messages["required"],
            )
        return found

    # Reading.

    def reader(self, file: FileFormat) -> CsvReader | None:
        """A reader of the file, or None when the file is missing (an error only for required files)."""
        if file.name not in self.container:
            if file.required_file:
                self.problem(file, None, "", "", _("The file is missing; every register has one."))
                self.unreadable.add(file.name)
            return None
        return CsvReader(self.container, file, self.problems, on_bytes=self._on_bytes(file))

    def _on_bytes(self, file: FileFormat) -> Callable[[int], None] | None:
        if self.progress is None:
            return None
        progress = self.progress

        def report(done: int) -> None:
            progress(file.name, self.bytes_before + done, self.bytes_total)

        return report

    def finished_file(self, file: FileFormat, reader: CsvReader) -> None:
        if not reader.readable:
            self.unreadable.add(file.name)
        self.bytes_before += self.container.size(file.name)

    def new_rows(self, file: FileFormat, ids: Sequence[str], writer: TableWriter) -> list[int]:
        """Primary keys: an identifier in the register already keeps its row's (update), the others get new ones."""
        existing = self.existing[file.name]
        if not existing:
            return list(writer.ids(len(ids)))
        return [existing.get(value) or writer.ids(1)[0] for value in ids]

    def count(self, file: FileFormat, *, created: int, updated: int | None = None) -> None:
        """`updated` for the files with identifiers, whose rows an update replaces one by one."""
        self.result.created[file.name] = created
        if self.update and updated is not None:
            self.result.updated[file.name] = updated
