"""Importing a register in the exchange format: every rule checked, all or nothing.

The files are read in the order persons → applications → exploitation →
reflection periods → services, so that every reference points back to a
file already read, in chunks of rows that are checked a column at a time:
set operations and C-level map/compress calls instead of a Python loop per
cell, which is what makes a register of a million victims load in about a
minute (docs/performance.md). While no error has been found a checked
chunk is written at once (COPY on PostgreSQL), all in one transaction: any
error anywhere rolls the whole import back, and the checking goes on to the
end so that the error list is complete. Memory holds only what later files
refer to: identifier to primary key, with a flag bit (FLAG).

References resolve within the files: the format is self-contained (the
statistics can be computed from the files alone). With `update`, rows
whose identifiers are in the register already replace those rows; an
updated application's exploitation events, reflection periods and services
become those of the file.
"""

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import compress, count, groupby, repeat, starmap
from operator import and_, itemgetter, lshift, lt, not_, or_, rshift
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.codes.models import Code
from torju.documents.tabular import FORMULA_STARTS
from torju.register.countries import COUNTRY_CODES
from torju.register.exchange.format import (
    APPLICATIONS,
    EXPLOITATION,
    FALSE,
    FILES,
    PERSONS,
    REFLECTION_PERIODS,
    SERVICES,
    TRUE,
    FileFormat,
)
from torju.register.exchange.loading import Loader, TableWriter
from torju.register.exchange.reading import Chunk, Container, CsvReader, ImportProblem, RegisterImportError, read_ids
from torju.register.models import (
    FORCED_LABOUR,
    IDENTIFIER_MAX_LENGTH,
    MAX_REFLECTION_MONTHS,
    MIN_REFLECTION_MONTHS,
    NEGATIVE,
    POSITIVE,
    Application,
    CaseNumberCounter,
    ExploitationEvent,
    Person,
    PersonRole,
    ReflectionPeriod,
    ServiceProvided,
)
from torju.register.services import CASE_NUMBER_FORMAT, CASE_NUMBER_PREFIX

# progress(stage, bytes done, bytes in all): stage is a file name, or FINISHING for the index rebuild.
Progress = Callable[[str, int, int], None]
FINISHING = "finishing"

VICTIM, CHILD = PersonRole.VICTIM.value, PersonRole.CHILD_OF_VICTIM.value
ROLES = frozenset({VICTIM, CHILD})
MONTHS = frozenset(str(month) for month in range(MIN_REFLECTION_MONTHS, MAX_REFLECTION_MONTHS + 1))
BOOLEANS = frozenset({TRUE, FALSE})
ISO_DATE_LENGTH = 10
UNSAFE_STARTS = frozenset(FORMULA_STARTS)
FLAG = 1  # the lowest bit of the values of _Import.persons and _Import.applications
FIRST_CHARACTER = itemgetter(0)
YEAR = itemgetter(slice(0, 4))  # of an ISO date

# Columns not listed take their database defaults: no identifiers, first revision, created now.
PERSON_FIELDS = (
    "id",
    "person_id",
    "role",
    "sex",
    "birth_date",
    "nationality",
    "parent",
    "child_joined_on",
    "child_left_on",
)
VICTIM_FIELDS = PERSON_FIELDS[:6]  # a victim has no parent and no dates as a child
APPLICATION_FIELDS = (
    "id",
    "application_id",
    "case_number",
    "person",
    "received_on",
    "office",
    "source",
    "residence_status",
    "decision",
    "decided_on",
    "negative_reason",
    "clienthood_ended_on",
    "end_reason",
)
EVENT_FIELDS = (
    "id",
    "event_id",
    "application",
    "exploitation_form",
    "is_primary",
    "country",
    "sector",
    "began_on",
    "ended_on",
)
REFLECTION_FIELDS = ("id", "application", "granted_on", "months")
SERVICE_FIELDS = ("id", "application", "service", "started_on", "ended_on")
# Updates keep what the format does not carry: identifiers, case number, assignment. A changed
# birth date is no longer the estimated one.
PERSON_UPDATE = (
    "role = %s, sex = %s, "
    "birth_date_estimated = CASE WHEN birth_date = %s THEN birth_date_estimated ELSE FALSE END, "
    "birth_date = %s, nationality = %s, parent_id = %s, child_joined_on = %s, child_left_on = %s, "
    "revision = revision + 1, updated_at = %s"
)
APPLICATION_UPDATE = (
    "person_id = %s, received_on = %s, office = %s, source = %s, residence_status = %s, decision = %s, "
    "decided_on = %s, negative_reason = %s, clienthood_ended_on = %s, end_reason = %s, "
    "revision = revision + 1, updated_at = %s"
)


def _plain_identifier(value: str) -> bool:
    """1 to 64 characters, not starting like a spreadsheet formula (see models._is_safe_identifier)."""
    return bool(value) and len(value) <= IDENTIFIER_MAX_LENGTH and value[0] not in UNSAFE_STARTS


def _disjoint(values: set[str], seen: dict[str, int] | set[str]) -> bool:
    """No value in `seen`, in time proportional to `values` (set.isdisjoint(dict) would walk the dict whole)."""
    return (seen.keys() if isinstance(seen, dict) else seen).isdisjoint(values)


def _where(flags: Iterable[Any]) -> list[int]:
    """Positions of the true values."""
    return list(compress(count(), flags))


def _pick(column: Sequence[Any], positions: Sequence[int]) -> tuple[Any, ...]:
    if not positions:
        return ()
    picked = itemgetter(*positions)(column)
    return picked if len(positions) > 1 else (picked,)


@dataclass
class ImportResult:
    created: dict[str, int] = field(default_factory=dict)  # file name: rows created
    updated: dict[str, int] = field(default_factory=dict)  # file name: rows that replaced existing ones


class _Import:
    """The state of one import: what later files refer to, the problems, the counts."""

    def __init__(self, container: Container, loader: Loader, *, update: bool, progress: Progress | None) -> None:
        self.container = container
        self.loader = loader
        self.update = update
        self.progress = progress
        self.problems: list[ImportProblem] = []
        self.result = ImportResult()
        self.unreadable: set[str] = set()
        self.today = timezone.localdate().isoformat()
        self.now = connection.ops.adapt_datetimefield_value(timezone.now())
        self.codes: dict[str, frozenset[str]] = {}
        # Codes no longer offered are still codes: old registers use them.
        for code_list, code in Code.objects.values_list("code_list", "code"):
            self.codes[code_list] = self.codes.get(code_list, frozenset()) | {code}
        self.good_dates: set[str] = set()  # cells found to be dates no later than today
        self.good_dates_or_empty: set[str] = {""}
        self.with_empty: dict[int, frozenset[str]] = {}  # id of a set of values: the same and ""
        self.bad_dates: dict[str, str] = {}  # cell: why it is not
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
        self.bytes_total = sum(container.size(file.name) for file in FILES if file.name in container)
        self.bytes_before = 0
        self.messages = {
            "required": _("This value is required."),
            "bad_date": _("Not a date in the form YYYY-MM-DD."),
            "future": _("The date is after the day of the import."),
            "country": _("Not a country code (ISO 3166-1 alpha-2, XX stateless or ZZ unknown)."),
            "identifier": _(
                "Not a valid identifier: 1 to %(length)s characters, not starting with =, +, -, @, a tab or a "
                "line break."
            )
            % {"length": IDENTIFIER_MAX_LENGTH},
            "duplicate": _("The identifier appears more than once in the file."),
            "exists": _("Already in the register; import with update to replace it."),
            "no_person": _("No such person_id in persons.csv."),
            "no_application": _("No such application_id in applications.csv."),
            "boolean": _("Write true or false."),
            "child_only": _("Only a child of a victim has this."),
            "child_needs": _("Required for a child of a victim."),
        }

    # Reporting.

    def problem(self, file: FileFormat, line: int | None, column: str, value: str, reason: str) -> None:
        self.problems.append(ImportProblem(file.name, line, column, value, reason))

    def report(
        self,
        file: FileFormat,
        chunk: Chunk,
        column: str,
        values: Sequence[str],
        positions: Iterable[int],
        reason: str | Callable[[str], str],
    ) -> None:
        """A problem for each position; the reason may depend on the value."""
        for position in positions:
            value = values[position]
            self.problem(
                file, chunk.lines[position], column, value, reason if isinstance(reason, str) else reason(value)
            )

    # Checks of one column of a chunk. Each first asks, at C speed, whether anything is wrong at all.

    def check_values(
        self,
        file: FileFormat,
        chunk: Chunk,
        column: str,
        values: Sequence[str],
        allowed: Collection[str],
        reason: str,
        *,
        required: bool = True,
    ) -> None:
        """Every cell one of `allowed`; an empty cell is "required" or, if not, allowed."""
        if not required:
            allowed = self._or_empty(allowed)
        if all(map(allowed.__contains__, values)):
            return
        wrong = set(values).difference(allowed)
        if not required:
            wrong.discard("")
        if wrong:
            self.report(
                file,
                chunk,
                column,
                values,
                _where(value in wrong for value in values),
                lambda value: self.messages["required"] if not value else reason,
            )

    def _or_empty(self, allowed: Collection[str]) -> Collection[str]:
        found = self.with_empty.get(id(allowed))
        if found is None:
            found = self.with_empty[id(allowed)] = frozenset(allowed) | {""}
        return found

    def check_codes(
        self,
        file: FileFormat,
        chunk: Chunk,
        column: str,
        values: Sequence[str],
        code_list: str,
        *,
        required: bool = True,
    ) -> None:
        reason = _("Not a code of the code list %(list)s.") % {"list": code_list}
        self.check_values(
            file, chunk, column, values, self.codes.get(code_list, frozenset()), reason, required=required
        )

    def check_dates(
        self, file: FileFormat, chunk: Chunk, column: str, values: Sequence[str], *, required: bool = True
    ) -> None:
        """ISO dates no later than today. A register has a few thousand distinct dates: each is parsed once."""
        if all(map((self.good_dates if required else self.good_dates_or_empty).__contains__, values)):
            return
        unseen = set(values).difference(self.good_dates)
        unseen.discard("")
        wrong = {value for value in unseen if not self._date_ok(value)}
        if required and "" in values:
            wrong.add("")
        if wrong:
            self.report(
                file,
                chunk,
                column,
                values,
                _where(value in wrong for value in values),
                lambda value: self.bad_dates.get(value, self.messages["required"]),
            )

    def _date_ok(self, value: str) -> bool:
        reason = self._date_reason(value)
        if reason is None:
            self.good_dates.add(value)
            self.good_dates_or_empty.add(value)
            return True
        self.bad_dates[value] = reason
        return False

    def _date_reason(self, value: str) -> str | None:
        if len(value) != ISO_DATE_LENGTH or value[4] != "-" or value[7] != "-":
            return self.messages["bad_date"]
        digits = value[:4] + value[5:7] + value[8:]
        if not (digits.isascii() and digits.isdigit()):
            return self.messages["bad_date"]
        try:
            date.fromisoformat(value)
        except ValueError:
            return self.messages["bad_date"]
        return self.messages["future"] if value > self.today else None

    def check_order(
        self, file: FileFormat, chunk: Chunk, later: tuple[str, Sequence[str]], earlier: tuple[str, Sequence[str]]
    ) -> None:
        """`later` not before `earlier` where both are good dates (ISO dates compare as text)."""
        if not any(starmap(lt, compress(zip(later[1], earlier[1], strict=True), later[1]))):
            return
        good = self.good_dates
        wrong = [
            position
            for position, (end, start) in enumerate(zip(later[1], earlier[1], strict=True))
            if "" < end < start and end in good and start in good
        ]
        for position in wrong:
            self.problem(
                file,
                chunk.lines[position],
                later[0],
                later[1][position],
                _("Earlier than %(column)s (%(value)s).") % {"column": earlier[0], "value": earlier[1][position]},
            )

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
                file, chunk, column, values, _where(value in invalid for value in values), self.messages["identifier"]
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
                file, chunk, column, values, _where(value in existing for value in values), self.messages["exists"]
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
                _where(value is None for value in found),
                lambda value: reason if value else self.messages["required"],
            )
        return found

    def check_flags(
        self,
        file: FileFormat,
        chunk: Chunk,
        column: str,
        values: Sequence[str],
        found: Sequence[int | None],
        reason: str,
    ) -> None:
        """Every referenced row that was found has its flag set (is a victim, is positive)."""
        if None in found:
            wrong = _where(value is not None and not value & FLAG for value in found)
        elif all(map(and_, found, repeat(FLAG))):
            return
        else:
            wrong = _where(not value & FLAG for value in found)  # type: ignore[operator]
        self.report(file, chunk, column, values, wrong, reason)

    def check_only_with(
        self, file: FileFormat, chunk: Chunk, column: str, values: Sequence[str], allowed: Sequence[bool], reason: str
    ) -> None:
        """A cell only where `allowed` is true."""
        if any(compress(values, map(not_, allowed))):
            wrong = _where(value and not ok for value, ok in zip(values, allowed, strict=True))
            self.report(file, chunk, column, values, wrong, reason)

    def check_required_with(
        self, file: FileFormat, chunk: Chunk, column: str, values: Sequence[str], needed: Sequence[bool], reason: str
    ) -> None:
        """A cell wherever `needed` is true."""
        if not all(compress(values, needed)):
            wrong = _where(need and not value for value, need in zip(values, needed, strict=True))
            self.report(file, chunk, column, values, wrong, reason)

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

    # The import.

    def run(self) -> ImportResult:
        for name in self.container.unknown_files:
            self.problems.append(
                ImportProblem(
                    name,
                    None,
                    "",
                    "",
                    _("Unknown file; the register files are %(names)s.")
                    % {"names": ", ".join(file.name for file in FILES)},
                )
            )
        self.loader.begin()
        self.first_counters = {
            (office, year): last
            for office, year, last in CaseNumberCounter.objects.values_list("office", "year", "last_number")
        }
        if self.loader.fresh:
            self.loader.prepare_bulk_load()
        else:
            self._find_existing()
        with self.loader.session():
            self._import_persons()
            self._import_applications()
            self._import_events()
            self._import_reflection_periods()
            self._import_services()
            if self.progress is not None and not self.problems:
                self.progress(FINISHING, self.bytes_total, self.bytes_total)
        if self.update and not self.problems:
            self._check_new_children()
        if not self.problems:
            self._save_counters()
            self._refresh_name_hashes()
            self.loader.finish()
        order = {file.name: position for position, file in enumerate(FILES)}
        columns = {file.name: {name: position for position, name in enumerate(file.columns)} for file in FILES}
        self.problems.sort(
            key=lambda problem: (
                order.get(problem.file, -1),
                problem.line or 0,
                columns.get(problem.file, {}).get(problem.column, -1),
            )
        )
        return self.result

    def _find_existing(self) -> None:
        """Which identifiers of the files are in the register already (asked before any row is written)."""
        for file, model, column in (
            (PERSONS, Person, "person_id"),
            (APPLICATIONS, Application, "application_id"),
            (EXPLOITATION, ExploitationEvent, "event_id"),
        ):
            if file.name in self.container:
                self.existing[file.name] = self.loader.existing(model, column, read_ids(self.container, file, column))
        if self.update:
            # An updated application's events, reflection periods and services become those of the file.
            updated = list(self.existing[APPLICATIONS.name].values())
            self.loader.delete(ExploitationEvent, "application", updated)
            self.loader.delete(ExploitationEvent, "event_id", self.existing[EXPLOITATION.name])
            self.loader.delete(ReflectionPeriod, "application", updated)
            self.loader.delete(ServiceProvided, "application", updated)

    # persons.csv

    def _import_persons(self) -> None:
        file = PERSONS
        reader = self.reader(file)
        if reader is None:
            return
        # Children wait for the end of the file: their parent may come after them.
        children: list[tuple[Any, ...]] = []
        with reader, self.loader.insert(Person, VICTIM_FIELDS) as writer:
            for chunk in reader.chunks():
                children += self._person_chunk(chunk, writer)
        with self.loader.insert(Person, PERSON_FIELDS) as writer:
            self._import_children(children, writer)
        self.finished_file(file, reader)
        self.loader.loaded(Person)
        self.loader.update(Person, PERSON_UPDATE, self.updated_persons)
        updated = len(self.updated_persons)
        self.count(file, created=len(self.persons) - updated, updated=updated)

    def _person_chunk(self, chunk: Chunk, writer: TableWriter) -> list[tuple[Any, ...]]:
        file = PERSONS
        ids, roles, sexes, births, nationalities, parents, joined, left = chunk.columns
        self.check_identifiers(file, chunk, "person_id", ids, self.persons)
        self.check_values(
            file, chunk, "role", roles, ROLES, _("Write %(victim)s or %(child)s.") % {"victim": VICTIM, "child": CHILD}
        )
        self.check_codes(file, chunk, "sex", sexes, "sex")
        self.check_dates(file, chunk, "birth_date", births, required=False)
        self.check_values(file, chunk, "nationality", nationalities, COUNTRY_CODES, self.messages["country"])
        is_child = list(map(CHILD.__eq__, roles))
        for column, values in (("parent_person_id", parents), ("child_joined_on", joined), ("child_left_on", left)):
            self.check_only_with(file, chunk, column, values, is_child, self.messages["child_only"])
        self.check_required_with(file, chunk, "parent_person_id", parents, is_child, self.messages["child_needs"])
        self.check_required_with(file, chunk, "child_joined_on", joined, is_child, self.messages["child_needs"])
        self.check_dates(file, chunk, "child_joined_on", joined, required=False)
        self.check_dates(file, chunk, "child_left_on", left, required=False)
        self.check_order(file, chunk, ("child_left_on", left), ("child_joined_on", joined))
        pks = self.new_rows(file, ids, writer)
        self.persons.update(zip(ids, map(or_, map(lshift, pks, repeat(1)), map(VICTIM.__eq__, roles)), strict=True))
        children = [
            (chunk.lines[position], pks[position], *(column[position] for column in chunk.columns))
            for position in _where(is_child)
        ]
        if self.problems:
            return children
        victims = _where(map(not_, is_child))
        existing = self.existing[file.name]
        if existing:
            for position in [position for position in victims if ids[position] in existing]:
                birth = births[position] or None
                self.updated_persons.append(
                    (
                        roles[position],
                        sexes[position],
                        birth,
                        birth,
                        nationalities[position],
                        None,
                        None,
                        None,
                        self.now,
                        pks[position],
                    )
                )
            victims = [position for position in victims if ids[position] not in existing]
        if len(victims) == len(ids):
            writer.write([pks, ids, roles, sexes, births, nationalities])
        else:
            writer.write([_pick(column, victims) for column in (pks, ids, roles, sexes, births, nationalities)])
        return children

    def _import_children(self, children: list[tuple[Any, ...]], writer: TableWriter) -> None:
        """Once every person has been read: a child's parent must be a victim of the file."""
        file = PERSONS
        existing = self.existing[file.name]
        rows = []
        for line, pk, person_id, role, sex, birth, nationality, parent_ref, joined, left in children:
            if not parent_ref:
                continue  # reported with the row
            found = self.persons.get(parent_ref)
            if found is None:
                if file.name not in self.unreadable:
                    self.problem(file, line, "parent_person_id", parent_ref, self.messages["no_person"])
                continue
            if not found & FLAG:
                self.problem(file, line, "parent_person_id", parent_ref, _("The parent must have the role victim."))
                continue
            parent = found >> 1
            if person_id in existing:
                self.updated_persons.append(
                    (role, sex, birth or None, birth or None, nationality, parent, joined, left or None, self.now, pk)
                )
                self.updated_to_child.append((line, pk))
            else:
                rows.append((pk, person_id, role, sex, birth, nationality, parent, joined, left))
        if rows and not self.problems:
            writer.write(list(zip(*rows, strict=True)))

    # applications.csv

    def _import_applications(self) -> None:
        file = APPLICATIONS
        reader = self.reader(file)
        if reader is None:
            return
        with reader, self.loader.insert(Application, APPLICATION_FIELDS) as writer:
            for chunk in reader.chunks():
                self._application_chunk(chunk, writer)
        self.finished_file(file, reader)
        self.loader.loaded(Application)
        self.loader.update(Application, APPLICATION_UPDATE, self.updated_applications)
        updated = len(self.updated_applications)
        self.count(file, created=len(self.applications) - updated, updated=updated)

    def _application_chunk(self, chunk: Chunk, writer: TableWriter) -> None:
        file = APPLICATIONS
        (
            ids,
            persons,
            received,
            offices,
            sources,
            statuses,
            decisions,
            decided,
            negative_reasons,
            ended,
            end_reasons,
        ) = chunk.columns
        self.check_identifiers(file, chunk, "application_id", ids, self.applications)
        applicants = self.check_references(file, chunk, "person_id", persons, PERSONS)
        self.check_flags(file, chunk, "person_id", persons, applicants, _("The applicant must have the role victim."))
        self.check_dates(file, chunk, "received_on", received)
        self.check_codes(file, chunk, "office", offices, "office")
        self.check_codes(file, chunk, "source", sources, "application_source")
        self.check_codes(file, chunk, "residence_status", statuses, "residence_status")
        self.check_codes(file, chunk, "decision", decisions, "decision", required=False)
        has_decision = list(map(bool, decisions))
        self.check_required_with(file, chunk, "decided_on", decided, has_decision, _("Required with a decision."))
        self.check_only_with(file, chunk, "decided_on", decided, has_decision, _("Only with a decision."))
        self.check_dates(file, chunk, "decided_on", decided, required=False)
        self.check_order(file, chunk, ("decided_on", decided), ("received_on", received))
        is_negative = list(map(NEGATIVE.__eq__, decisions))
        self.check_required_with(
            file, chunk, "negative_reason", negative_reasons, is_negative, _("Required with a negative decision.")
        )
        self.check_only_with(
            file, chunk, "negative_reason", negative_reasons, is_negative, _("Only with a negative decision.")
        )
        self.check_codes(file, chunk, "negative_reason", negative_reasons, "negative_reason", required=False)
        if any(ended) or any(end_reasons):
            self._check_clienthood_end(chunk, decisions, decided, ended, end_reasons)
        pks = self.new_rows(file, ids, writer)
        positive = map(POSITIVE.__eq__, decisions)
        self.applications.update(zip(ids, map(or_, map(lshift, pks, repeat(1)), positive), strict=True))
        if self.problems:
            return
        person_pks = list(map(rshift, applicants, repeat(1)))
        existing = self.existing[file.name]
        new = list(range(len(ids)))
        if existing:
            for position in [position for position in new if ids[position] in existing]:
                self.updated_applications.append(
                    (
                        person_pks[position],
                        received[position],
                        offices[position],
                        sources[position],
                        statuses[position],
                        decisions[position],
                        decided[position] or None,
                        negative_reasons[position],
                        ended[position] or None,
                        end_reasons[position],
                        self.now,
                        pks[position],
                    )
                )
            new = [position for position in new if ids[position] not in existing]
        # Only new applications take a number. Rows go to the table grouped by office and year, each
        # group in file order, so that a group's numbers are one range.
        prefixes = list(map(CASE_NUMBER_PREFIX.format, offices, map(YEAR, received)))
        new.sort(key=prefixes.__getitem__)
        columns: list[Sequence[Any]] = [pks, ids, person_pks, received, offices, sources, statuses, decisions]
        columns += [decided, negative_reasons, ended, end_reasons]
        columns = [_pick(column, new) for column in columns]
        case_numbers = self.case_numbers(_pick(prefixes, new), _pick(offices, new))
        writer.write([*columns[:2], case_numbers, *columns[2:]])

    def _check_clienthood_end(
        self,
        chunk: Chunk,
        decisions: Sequence[str],
        decided: Sequence[str],
        ended: Sequence[str],
        end_reasons: Sequence[str],
    ) -> None:
        """The end of a clienthood: only after a positive decision, date and reason together."""
        file = APPLICATIONS
        is_positive = list(map(POSITIVE.__eq__, decisions))
        only_positive = _("Only with a positive decision.")
        self.check_only_with(file, chunk, "clienthood_ended_on", ended, is_positive, only_positive)
        self.check_only_with(file, chunk, "end_reason", end_reasons, is_positive, only_positive)
        has_end_reason = list(map(and_, map(bool, end_reasons), is_positive))
        has_end_date = list(map(and_, map(bool, ended), is_positive))
        self.check_required_with(
            file, chunk, "clienthood_ended_on", ended, has_end_reason, _("Required together with end_reason.")
        )
        self.check_required_with(
            file, chunk, "end_reason", end_reasons, has_end_date, _("Required together with clienthood_ended_on.")
        )
        self.check_dates(file, chunk, "clienthood_ended_on", ended, required=False)
        self.check_codes(file, chunk, "end_reason", end_reasons, "end_reason", required=False)
        self.check_order(file, chunk, ("clienthood_ended_on", ended), ("decided_on", decided))

    def case_numbers(self, prefixes: Sequence[str], offices: Sequence[str]) -> list[str]:
        """The next numbers for rows sorted by prefix (office and year).

        The counters are written back when the import succeeds.
        """
        numbers: list[str] = []
        start = 0
        for prefix, group in groupby(prefixes):
            size = sum(1 for _ in group)
            last = self.last_numbers.get(prefix)
            if last is None:
                office = offices[start]
                key = self.counters[prefix] = (office, int(prefix[len(office) + 1 : -1]))
                last = self.first_counters.get(key, 0)
            numbers += map(prefix.__add__, map(format, range(last + 1, last + size + 1), repeat(CASE_NUMBER_FORMAT)))
            self.last_numbers[prefix] = last + size
            start += size
        return numbers

    # exploitation.csv

    def _import_events(self) -> None:
        file = EXPLOITATION
        reader = self.reader(file)
        if reader is None:
            return
        seen: set[str] = set()
        primaries: dict[str, int] = {}  # application_id: line of its primary event
        with reader, self.loader.insert(ExploitationEvent, EVENT_FIELDS) as writer:
            for chunk in reader.chunks():
                self._event_chunk(chunk, writer, seen, primaries)
        self.finished_file(file, reader)
        self.loader.loaded(ExploitationEvent)
        replaced = len(seen.intersection(self.existing[file.name]))
        self.count(file, created=len(seen) - replaced, updated=replaced)

    def _event_chunk(self, chunk: Chunk, writer: TableWriter, seen: set[str], primaries: dict[str, int]) -> None:
        file = EXPLOITATION
        ids, applications, forms, primary_flags, countries, sectors, began, ended = chunk.columns
        self.check_identifiers(file, chunk, "event_id", ids, seen)
        seen.update(ids)
        found = self.check_references(file, chunk, "application_id", applications, APPLICATIONS)
        self.check_codes(file, chunk, "form", forms, "exploitation_form")
        self.check_values(file, chunk, "is_primary", primary_flags, BOOLEANS, self.messages["boolean"])
        self._check_primaries(chunk, applications, primary_flags, primaries)
        self.check_values(file, chunk, "country", countries, COUNTRY_CODES, self.messages["country"])
        self.check_codes(file, chunk, "sector", sectors, "sector", required=False)
        is_forced_labour = list(map(FORCED_LABOUR.__eq__, forms))
        only_forced_labour = _("Only for the form %(form)s.") % {"form": FORCED_LABOUR}
        self.check_only_with(file, chunk, "sector", sectors, is_forced_labour, only_forced_labour)
        self.check_dates(file, chunk, "began_on", began, required=False)
        self.check_dates(file, chunk, "ended_on", ended, required=False)
        self.check_order(file, chunk, ("ended_on", ended), ("began_on", began))
        if self.problems:
            return
        application_pks = list(map(rshift, found, repeat(1)))
        pks = writer.ids(len(ids))
        writer.write([pks, ids, application_pks, forms, primary_flags, countries, sectors, began, ended])

    def _check_primaries(
        self, chunk: Chunk, applications: Sequence[str], flags: Sequence[str], primaries: dict[str, int]
    ) -> None:
        """At most one primary event per application, across the whole file."""
        positions = _where(map(TRUE.__eq__, flags))
        marked = [applications[position] for position in positions]
        if len(set(marked)) == len(marked) and primaries.keys().isdisjoint(marked):
            primaries.update(zip(marked, (chunk.lines[position] for position in positions), strict=True))
            return
        for position, application in zip(positions, marked, strict=True):
            line = chunk.lines[position]
            first = primaries.setdefault(application, line)
            if first != line:
                self.problem(
                    EXPLOITATION,
                    line,
                    "is_primary",
                    TRUE,
                    _("The application has a primary event already (line %(line)s).") % {"line": first},
                )

    # reflection_periods.csv

    def _import_reflection_periods(self) -> None:
        file = REFLECTION_PERIODS
        reader = self.reader(file)
        if reader is None:
            return
        created = 0
        months_reason = _("Write a whole number from %(first)s to %(last)s.") % {
            "first": MIN_REFLECTION_MONTHS,
            "last": MAX_REFLECTION_MONTHS,
        }
        with reader, self.loader.insert(ReflectionPeriod, REFLECTION_FIELDS) as writer:
            for chunk in reader.chunks():
                applications, granted, months = chunk.columns
                found = self.check_references(file, chunk, "application_id", applications, APPLICATIONS)
                self.check_dates(file, chunk, "granted_on", granted)
                self.check_values(file, chunk, "months", months, MONTHS, months_reason)
                if not self.problems:
                    application_pks = list(map(rshift, found, repeat(1)))
                    writer.write([writer.ids(len(months)), application_pks, granted, months])
                    created += len(months)
        self.finished_file(file, reader)
        self.loader.loaded(ReflectionPeriod)
        self.count(file, created=created)

    # services.csv

    def _import_services(self) -> None:
        file = SERVICES
        reader = self.reader(file)
        if reader is None:
            return
        created = 0
        with reader, self.loader.insert(ServiceProvided, SERVICE_FIELDS) as writer:
            for chunk in reader.chunks():
                applications, services, started, ended = chunk.columns
                found = self.check_references(file, chunk, "application_id", applications, APPLICATIONS)
                self.check_flags(
                    file,
                    chunk,
                    "application_id",
                    applications,
                    found,
                    _("Services belong to a clienthood: the application has no positive decision."),
                )
                self.check_codes(file, chunk, "service", services, "service")
                self.check_dates(file, chunk, "started_on", started)
                self.check_dates(file, chunk, "ended_on", ended, required=False)
                self.check_order(file, chunk, ("ended_on", ended), ("started_on", started))
                if not self.problems:
                    application_pks = list(map(rshift, found, repeat(1)))
                    writer.write([writer.ids(len(services)), application_pks, services, started, ended])
                    created += len(services)
        self.finished_file(file, reader)
        self.loader.loaded(ServiceProvided)
        self.count(file, created=created)

    # After the files.

    def count(self, file: FileFormat, *, created: int, updated: int | None = None) -> None:
        """`updated` for the files with identifiers, whose rows an update replaces one by one."""
        self.result.created[file.name] = created
        if self.update and updated is not None:
            self.result.updated[file.name] = updated

    def _check_new_children(self) -> None:
        """A person the update turns into a child must not stay an applicant or a parent in the register."""
        lines: dict[int, int] = {pk: line for line, pk in self.updated_to_child}
        if not lines:
            return
        applicants = (
            Application.objects.filter(person__in=list(lines))
            .order_by("application_id")
            .values_list("person_id", "application_id")
        )
        for pk, application_id in applicants:
            if application_id not in self.applications:
                self.problem(
                    PERSONS,
                    lines[pk],
                    "role",
                    CHILD,
                    _("In the register this person applied (%(application)s), which a child of a victim cannot.")
                    % {"application": application_id},
                )
        parents = (
            Person.objects.filter(parent__in=list(lines)).order_by("person_id").values_list("parent_id", "person_id")
        )
        for parent_pk, child_id in parents:
            if child_id not in self.persons and parent_pk is not None:
                self.problem(
                    PERSONS,
                    lines[parent_pk],
                    "role",
                    CHILD,
                    _("In the register this person is the parent of %(child)s; a parent must be a victim.")
                    % {"child": child_id},
                )

    def _save_counters(self) -> None:
        for prefix, (office, year) in self.counters.items():
            last = self.last_numbers[prefix]
            if (office, year) in self.first_counters:
                CaseNumberCounter.objects.filter(office=office, year=year).update(last_number=last)
            else:
                CaseNumberCounter.objects.create(office=office, year=year, last_number=last)

    def _refresh_name_hashes(self) -> None:
        """An update may change a birth date, which is part of the name-and-birth-date hash."""
        updated = [row[-1] for row in self.updated_persons]
        for start in range(0, len(updated), 1000):
            persons = list(Person.objects.filter(pk__in=updated[start : start + 1000], name_birth_hash__isnull=False))
            for person in persons:
                person.refresh_name_birth_hash()
            Person.objects.bulk_update(persons, ["name_birth_hash"])


def import_register(
    path: Path | str,
    *,
    actor: Actor,
    update: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a register folder or .zip; RegisterImportError with every problem, and nothing written, if bad.

    The caller has checked that the actor may import (an operator's command, or the import job of a
    decision maker, permissions.IMPORT_REGISTER).
    """
    source = Path(path)
    with Container(source) as container, transaction.atomic():
        job = _Import(container, Loader.for_connection(), update=update, progress=progress)
        result = job.run()
        if job.problems:
            raise RegisterImportError(job.problems)
        record(
            Action.IMPORT,
            actor,
            object_type="register",
            reason=source.name,
            changes={"update": update, "created": result.created, "updated": result.updated},
        )
    return result
