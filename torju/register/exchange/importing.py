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

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from torju.accounts.models import Role
from torju.accounts.permissions import has_role
from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.register.exchange.bulk_load import Loader
from torju.register.exchange.format import APPLICATIONS, EXPLOITATION, FILES, PERSONS
from torju.register.exchange.import_applications import ApplicationRows
from torju.register.exchange.import_casework import CaseworkRows
from torju.register.exchange.import_persons import CHILD, PersonRows
from torju.register.exchange.import_state import FINISHING, ImportResult, Progress
from torju.register.exchange.reading import Container, ImportProblem, RegisterImportError, read_ids
from torju.register.models import (
    Application,
    CaseNumberCounter,
    ExploitationEvent,
    Person,
    ReflectionPeriod,
    ServiceProvided,
)


class _Import(PersonRows, ApplicationRows, CaseworkRows):
    """One import: the files in order, then what needs them all (children's roles, counters, name hashes)."""

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
        self.check_children_joined()
        if self.update and not self.problems:
            self._check_new_children()
        if not self.problems:
            self._save_counters()
            self._refresh_name_hashes()
            self.loader.finish()
        return self.result  # self.problems keeps the first errors in the list's order (file, line, column)

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
            self.read_before()
            # An updated application's events, reflection periods and services become those of the file.
            updated = list(self.existing[APPLICATIONS.name].values())
            self.loader.delete(ExploitationEvent, "application", updated)
            self.loader.delete(ExploitationEvent, "event_id", self.existing[EXPLOITATION.name])
            self.loader.delete(ReflectionPeriod, "application", updated)
            self.loader.delete(ServiceProvided, "application", updated)

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
    decision maker, permissions.IMPORT_REGISTER). An update is made in a decision maker's name and
    changes only their office's cases (import_updates); each row it changes is audited on its own.
    """
    source = Path(path)
    office = _updating_office(actor) if update else ""
    with Container(source) as container, transaction.atomic():
        job = _Import(container, Loader.for_connection(), update=update, progress=progress, office=office)
        result = job.run()
        if job.problems:
            raise RegisterImportError(job.problems, total=job.problems.total)
        for object_type, pk, changes in job.update_entries:
            record(Action.UPDATE, actor, object_type=object_type, object_id=pk, reason=source.name, changes=changes)
        record(
            Action.IMPORT,
            actor,
            object_type="register",
            reason=source.name,
            changes={"update": update, "created": result.created, "updated": result.updated},
        )
    return result


def _updating_office(actor: Actor) -> str:
    """The office whose cases an update may change: the decision maker's in whose name it is made."""
    user = actor.user
    if user is None or not has_role(user, Role.DECISION_MAKER):
        raise PermissionDenied("an update import is made in the name of a decision maker")
    office = user.organisation.office if user.organisation is not None else ""
    if not office:
        raise PermissionDenied("an update import is made by a decision maker of an office")
    return office
