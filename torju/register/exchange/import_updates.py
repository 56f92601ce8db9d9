"""What an update import may change, and the audit of each row it changes (issue 10, hole 3).

An update import is made in a decision maker's name and changes only what
belongs to their office: applications of their office, persons with an
application at their office (or whose parent has one), the exploitation
events of their office's applications. It never changes an application's
decision, decision date, office or person: a wrong decision is corrected
through a decision draft that another person confirms, as decisions are.
Each such row is refused with an error naming its line, and nothing is
imported. Every row that changes gets its own audit entry with the values
before and after (an application's on the case's timeline).

The register's values are read before any row is written (on PostgreSQL
the connection is busy with COPY afterwards) and compared with the file's
as the exchange format writes them.
"""

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db.models import Model, Q
from django.utils.translation import gettext as _

from torju.register.exchange.format import APPLICATIONS, EXPLOITATION, PERSONS, FileFormat
from torju.register.exchange.import_state import ImportState
from torju.register.models import Application, ExploitationEvent, Person

BATCH = 2000
# Columns of an application in the register that an update import must leave as they are.
FIXED_DECISION = ("decision", "decided_on")
FIXED_OWNER = ("person_id", "office")
IMPORT_UPDATE = "import_update"  # the `what` of the audit entries (the case's timeline names it)


def _text(value: Any) -> str:
    """A register value as the exchange format writes it."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _batches(values: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), BATCH):
        yield values[start : start + BATCH]


def _rows_before(model: type[Model], file: FileFormat, pks: Sequence[int]) -> dict[int, dict[str, str]]:
    """The register's rows (primary key: column: value as the format writes it), before the import."""
    columns = file.columns[1:]
    rows: dict[int, dict[str, str]] = {}
    for batch in _batches(pks):
        for pk, *values in model._default_manager.filter(pk__in=batch).values_list("pk", *file.lookups()[1:]):
            rows[pk] = dict(zip(columns, map(_text, values), strict=True))
    return rows


class UpdateRules(ImportState):
    """Office scope, fixed columns and the per-row audit of an update import."""

    def read_before(self) -> None:
        """Once the existing identifiers are known, before anything is written or deleted."""
        applications = list(self.existing[APPLICATIONS.name].values())
        persons = list(self.existing[PERSONS.name].values())
        events = list(self.existing[EXPLOITATION.name].values())
        self.applications_before = _rows_before(Application, APPLICATIONS, applications)
        self.persons_before = _rows_before(Person, PERSONS, persons)
        own = Q(applications__office=self.office) | Q(parent__applications__office=self.office)
        self.own_persons = set()
        for batch in _batches(persons):
            self.own_persons.update(Person.objects.filter(own, pk__in=batch).values_list("pk", flat=True))
        self.foreign_events = set()
        for batch in _batches(events):
            self.foreign_events.update(
                ExploitationEvent.objects.filter(pk__in=batch)
                .exclude(application__office=self.office)
                .values_list("pk", flat=True)
            )

    def _changed(self, before: dict[str, str], after: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
        changed = [column for column, value in after.items() if before.get(column, "") != value]
        return {column: before.get(column, "") for column in changed}, {column: after[column] for column in changed}

    def check_application_update(self, line: int, pk: int, after: dict[str, str]) -> None:
        """An existing application in the file: of the importer's office, its decision and owner unchanged."""
        before = self.applications_before.get(pk, {})
        identifier = after["application_id"]
        if before.get("office") != self.office:
            self.problem(
                APPLICATIONS,
                line,
                "application_id",
                identifier,
                _("An update import changes only the applications of your office (%(office)s).")
                % {"office": self.office},
            )
            return
        old, new = self._changed(before, {column: value for column, value in after.items() if column in before})
        refused = False
        for column in FIXED_OWNER + FIXED_DECISION:
            if column not in new:
                continue
            refused = True
            kept = old[column] or "-"
            if column in FIXED_DECISION:
                reason = _(
                    "An update import cannot change the decision or its date (in the register: %(value)s). "
                    "A decision is corrected through a decision draft that another person confirms."
                ) % {"value": kept}
            else:
                reason = _(
                    "An update import cannot move an application to another person or office "
                    "(in the register: %(value)s)."
                ) % {"value": kept}
            self.problem(APPLICATIONS, line, column, new[column], reason)
        if not refused and new:
            self.update_entries.append(
                (Application._meta.label_lower, pk, {"what": IMPORT_UPDATE, "line": line, "before": old, "after": new})
            )

    def check_person_update(self, line: int, pk: int, after: dict[str, str]) -> None:
        """An existing person in the file whose values change: a person of the importer's office."""
        before = self.persons_before.get(pk, {})
        old, new = self._changed(before, {column: value for column, value in after.items() if column in before})
        if not new:
            return
        if pk not in self.own_persons:
            self.problem(
                PERSONS,
                line,
                "person_id",
                after["person_id"],
                _("An update import changes only persons with an application at your office (%(office)s).")
                % {"office": self.office},
            )
            return
        self.update_entries.append(
            (Person._meta.label_lower, pk, {"what": IMPORT_UPDATE, "line": line, "before": old, "after": new})
        )

    def check_event_updates(self, lines: Sequence[int], ids: Sequence[str]) -> None:
        """An existing exploitation event is replaced only when it belongs to an application of the office."""
        existing = self.existing[EXPLOITATION.name]
        for line, identifier in zip(lines, ids, strict=True):
            if existing.get(identifier) in self.foreign_events:
                self.problem(
                    EXPLOITATION,
                    line,
                    "event_id",
                    identifier,
                    _("An update import changes only the cases of your office (%(office)s).") % {"office": self.office},
                )
