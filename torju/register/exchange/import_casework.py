"""exploitation.csv, reflection_periods.csv and services.csv: what is recorded on an application."""

from collections.abc import Sequence
from itertools import repeat
from operator import gt, itemgetter, lt, rshift

from django.utils.translation import gettext as _

from torju.register.countries import COUNTRY_CODES
from torju.register.exchange.bulk_load import TableWriter
from torju.register.exchange.checks import where
from torju.register.exchange.format import APPLICATIONS, EXPLOITATION, FALSE, REFLECTION_PERIODS, SERVICES, TRUE
from torju.register.exchange.import_state import OPEN
from torju.register.exchange.import_updates import UpdateRules
from torju.register.exchange.reading import Chunk
from torju.register.models import (
    FORCED_LABOUR,
    MAX_REFLECTION_MONTHS,
    MIN_REFLECTION_MONTHS,
    ExploitationEvent,
    ReflectionPeriod,
    ServiceProvided,
)

MONTHS = frozenset(str(month) for month in range(MIN_REFLECTION_MONTHS, MAX_REFLECTION_MONTHS + 1))
BOOLEANS = frozenset({TRUE, FALSE})
# The tables' columns in the order rows are written: the primary key, then the file's columns.
EVENT_FIELDS = ("id", *EXPLOITATION.model_fields())
REFLECTION_FIELDS = ("id", *REFLECTION_PERIODS.model_fields())
SERVICE_FIELDS = ("id", *SERVICES.model_fields())
NO_CLIENTHOOD = ("", OPEN)  # an application without a positive decision: reported as such, no dates to compare


class CaseworkRows(UpdateRules):
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
        if self.foreign_events:
            self.check_event_updates(chunk.lines, ids)
        if self.problems:
            return
        application_pks = list(map(rshift, found, repeat(1)))
        pks = writer.ids(len(ids))
        writer.write([pks, ids, application_pks, forms, primary_flags, countries, sectors, began, ended])

    def _check_primaries(
        self, chunk: Chunk, applications: Sequence[str], flags: Sequence[str], primaries: dict[str, int]
    ) -> None:
        """At most one primary event per application, across the whole file."""
        positions = where(map(TRUE.__eq__, flags))
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
                self._check_within_clienthood(chunk, applications, started)
                if not self.problems:
                    application_pks = list(map(rshift, found, repeat(1)))
                    writer.write([writer.ids(len(services)), application_pks, services, started, ended])
                    created += len(services)
        self.finished_file(file, reader)
        self.loader.loaded(ServiceProvided)
        self.count(file, created=created)

    def _check_within_clienthood(self, chunk: Chunk, applications: Sequence[str], started: Sequence[str]) -> None:
        """A service begins once the application was received, and not after the clienthood ended.

        The same rule as services.add_service (docs/decisions/0016-importer-and-services-agree.md).
        """
        spans = list(map(self.clienthoods.get, applications, repeat(NO_CLIENTHOOD)))
        if not (any(map(lt, started, map(itemgetter(0), spans))) or any(map(gt, started, map(itemgetter(1), spans)))):
            return
        for position, (start, (received, end)) in enumerate(zip(started, spans, strict=True)):
            if start not in self.good_dates:
                continue  # reported as a date already
            if start < received:
                reason = _("Before the application was received (%(date)s).") % {"date": received}
            elif start > end:
                reason = _("After the clienthood ended (%(date)s).") % {"date": end}
            else:
                continue
            self.problem(SERVICES, chunk.lines[position], "started_on", start, reason)
