"""applications.csv: decisions and clienthoods checked; new applications numbered by office and year."""

from collections.abc import Sequence
from itertools import compress, groupby, repeat
from operator import and_, lshift, or_, rshift
from sys import intern
from typing import Any

from django.utils.translation import gettext as _

from torju.register.case_numbers import CASE_NUMBER_FORMAT, CASE_NUMBER_PREFIX
from torju.register.exchange.bulk_load import TableWriter
from torju.register.exchange.checks import pick, where
from torju.register.exchange.format import APPLICATIONS, PERSONS
from torju.register.exchange.import_state import OPEN, YEAR
from torju.register.exchange.import_updates import UpdateRules
from torju.register.exchange.reading import Chunk
from torju.register.models import NEGATIVE, POSITIVE, Application

# The table's columns in the order rows are written: the primary key, the identifier, the case number
# (which the file does not carry), then the file's other columns.
APPLICATION_FIELDS = ("id", APPLICATIONS.model_fields()[0], "case_number", *APPLICATIONS.model_fields()[1:])
APPLICATION_UPDATE = (
    "person_id = %s, received_on = %s, office = %s, source = %s, residence_status = %s, decision = %s, "
    "decided_on = %s, negative_reason = %s, clienthood_ended_on = %s, end_reason = %s, "
    "revision = revision + 1, updated_at = %s"
)


class ApplicationRows(UpdateRules):
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
        is_positive = list(map(POSITIVE.__eq__, decisions))
        self.applications.update(zip(ids, map(or_, map(lshift, pks, repeat(1)), is_positive), strict=True))
        self._remember_clienthoods(ids, persons, received, decided, ended, is_positive)
        existing = self.existing[file.name]
        if existing and self.update:
            for position in [position for position, value in enumerate(ids) if value in existing]:
                after = dict(zip(file.columns, (column[position] for column in chunk.columns), strict=True))
                self.check_application_update(chunk.lines[position], pks[position], after)
        if self.problems:
            return
        person_pks = list(map(rshift, applicants, repeat(1)))
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
        columns = [pick(column, new) for column in columns]
        case_numbers = self.case_numbers(pick(prefixes, new), pick(offices, new))
        writer.write([*columns[:2], case_numbers, *columns[2:]])

    def _remember_clienthoods(
        self,
        ids: Sequence[str],
        persons: Sequence[str],
        received: Sequence[str],
        decided: Sequence[str],
        ended: Sequence[str],
        is_positive: list[bool],
    ) -> None:
        """What services.csv and the children need of the positive decisions (dates shared, not copied)."""
        starts = map(intern, compress(received, is_positive))
        ends = (end or OPEN for end in compress(ended, is_positive))
        self.clienthoods.update(zip(compress(ids, is_positive), zip(starts, ends, strict=True), strict=True))
        if not self.parents:
            return
        for position in where(map(and_, is_positive, map(self.parents.__contains__, persons))):
            parent, day = persons[position], decided[position]
            if day in self.good_dates and day < self.first_positive.get(parent, OPEN):
                self.first_positive[parent] = day

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
