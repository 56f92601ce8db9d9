"""persons.csv: victims at once, children once the whole file is read (their parent may come later)."""

from itertools import repeat
from operator import lshift, not_, or_
from typing import Any

from django.utils.translation import gettext as _

from torju.register.countries import COUNTRY_CODES
from torju.register.exchange.bulk_load import TableWriter
from torju.register.exchange.checks import FLAG, pick, where
from torju.register.exchange.format import APPLICATIONS, PERSONS
from torju.register.exchange.import_state import OPEN
from torju.register.exchange.import_updates import UpdateRules
from torju.register.exchange.reading import Chunk
from torju.register.models import ADULT_AGE, POSITIVE, Application, Person, PersonRole

VICTIM, CHILD = PersonRole.VICTIM.value, PersonRole.CHILD_OF_VICTIM.value
ROLES = frozenset({VICTIM, CHILD})
# Columns not listed take their database defaults: no identifiers, first revision, created now.
# The table's columns in the order rows are written: the primary key, then the file's columns.
PERSON_FIELDS = ("id", *PERSONS.model_fields())
VICTIM_FIELDS = PERSON_FIELDS[:6]  # a victim has no parent and no dates as a child
# Updates keep what the format does not carry: identifiers, case number, assignment. A changed
# birth date is no longer the estimated one.
PERSON_UPDATE = (
    "role = %s, sex = %s, "
    "birth_date_estimated = CASE WHEN birth_date = %s THEN birth_date_estimated ELSE FALSE END, "
    "birth_date = %s, nationality = %s, parent_id = %s, child_joined_on = %s, child_left_on = %s, "
    "revision = revision + 1, updated_at = %s"
)


class PersonRows(UpdateRules):
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
            for position in where(is_child)
        ]
        existing = self.existing[file.name]
        if existing and self.update:
            for position in [position for position in where(map(not_, is_child)) if ids[position] in existing]:
                after = dict(zip(file.columns, (column[position] for column in chunk.columns), strict=True))
                self.check_person_update(chunk.lines[position], pks[position], after)
        if self.problems:
            return children
        victims = where(map(not_, is_child))
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
            writer.write([pick(column, victims) for column in (pks, ids, roles, sexes, births, nationalities)])
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
            self._check_minor(line, birth, joined)
            if joined in self.good_dates:
                self.children_joined.append((line, parent_ref, joined))
                self.parents.add(parent_ref)
            if person_id in existing:
                if self.update:
                    values = (person_id, role, sex, birth, nationality, parent_ref, joined, left)
                    self.check_person_update(line, pk, dict(zip(file.columns, values, strict=True)))
                self.updated_persons.append(
                    (role, sex, birth or None, birth or None, nationality, parent, joined, left or None, self.now, pk)
                )
                self.updated_to_child.append((line, pk))
            else:
                rows.append((pk, person_id, role, sex, birth, nationality, parent, joined, left))
        if rows and not self.problems:
            writer.write(list(zip(*rows, strict=True)))

    def _check_minor(self, line: int, birth: str, joined: str) -> None:
        """A child of a victim is a minor: born, and under 18, on the day they joined (as services.add_child)."""
        if birth not in self.good_dates or joined not in self.good_dates:
            return
        turns_adult = f"{int(joined[:4]) - ADULT_AGE:04d}{joined[4:]}"  # born on or before it: 18 when joining
        if birth > joined:
            reason = _("After child_joined_on (%(date)s): a child joins once born.") % {"date": joined}
        elif birth <= turns_adult:
            reason = _("18 or older on child_joined_on (%(date)s): a child of a victim is a minor.") % {"date": joined}
        else:
            return
        self.problem(PERSONS, line, "birth_date", birth, reason)

    def check_children_joined(self) -> None:
        """Once applications.csv is read: a child joins on or after the parent's first positive decision.

        A child is a client through the parent's clienthood (services.add_child). With `update`, the
        parent's positive decisions already in the register and not replaced by the files count too.
        """
        if APPLICATIONS.name in self.unreadable or PERSONS.name in self.unreadable:
            return
        missing = {parent for _line, parent, _joined in self.children_joined if parent not in self.first_positive}
        if missing and self.update:
            for parent, application_id, decided_on in Application.objects.filter(
                person__person_id__in=missing, decision=POSITIVE
            ).values_list("person__person_id", "application_id", "decided_on"):
                day = decided_on.isoformat() if decided_on else OPEN  # a positive decision has its date
                if application_id not in self.applications and day < self.first_positive.get(parent, OPEN):
                    self.first_positive[parent] = day
        for line, parent, joined in self.children_joined:
            first = self.first_positive.get(parent)
            if first is None:
                self.problem(
                    PERSONS,
                    line,
                    "parent_person_id",
                    parent,
                    _("The parent has no positive decision: a child is a client through the parent's clienthood."),
                )
            elif joined < first:
                self.problem(
                    PERSONS,
                    line,
                    "child_joined_on",
                    joined,
                    _("Before the parent's first positive decision (%(date)s).") % {"date": first},
                )
