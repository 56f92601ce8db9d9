"""Version 2 of the register exchange format: version 1's files, the legal path's files, and `format_version`.

docs/register-exchange-v2.md describes it. Version 2 adds to version 1
(spec/register-exchange.md): the role `assisting_person` in persons.csv, a
`person_id` column in services.csv (the client's child a service was given
to), and consents.csv, identification.csv, residence_permits.csv,
criminal_process.csv, child_safeguards.csv, data_subject_requests.csv and
disclosures.csv. A file `format_version` holding `2` says which version a
folder or .zip is; without it, it is version 1.

The register's own exchange (torju.register.exchange) reads and writes
version 1; this module wraps it, and registers itself as the register's
newest version when Django starts (apps.py, register/exchange/versions.py,
docs/decisions/0095): `manage.py export_register` writes version 2,
`manage.py import_register` and the web import read both, and the analysts'
extract takes version 2's coded facts (`extract_v2_zip`).

Export: the register's export on one snapshot, then the files version 2
changes or adds. Import: version 1 is the register's import as it is;
version 2 is the register's import of its files as version 1 has them,
then the legal path's files, in one transaction: any error anywhere, in
either part, and nothing is written (the error list names the file, line,
column and value, as version 1's). An update import (in a decision maker's
name, within their office) makes each updated application's legal path
that of the file, row by row, each change audited on the case
(docs/decisions/0096). The format is pseudonymous: no free text, no
recipients' names, no references of requests and no staff.
"""

import csv
import io
import tempfile
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.codes.selectors import codes_of
from torju.legalpath.models import (
    ApplicantCategory,
    ChildSafeguards,
    ClientCategory,
    ClientRole,
    Consent,
    ConsentPurpose,
    CourtOutcome,
    CriminalMatter,
    DataSubjectRequest,
    Disclosure,
    GroundsIndicator,
    IdentificationGrounds,
    LegalBasis,
    PermitStatus,
    Prosecution,
    RecordForm,
    ResidencePermit,
    ServiceRecipient,
)
from torju.register.exchange import (
    ExportResult,
    ExtractOptions,
    ImportProblem,
    ImportResult,
    Progress,
    RegisterImportError,
    extract_register_zip,
    import_register,
)
from torju.register.exchange.export import csv_texts, exported_snapshot, write_zip_texts
from torju.register.exchange.extract import Pseudonymiser
from torju.register.exchange.format import APPLICATIONS
from torju.register.exchange.format import FILES as V1_FILES
from torju.register.exchange.reading import Container, read_ids
from torju.register.exchange.versions import VERSION_FILE, FormatVersion, has_version_file
from torju.register.models import Application, Person, ReflectionPeriod, ServiceProvided

VERSION = "2"
ASSISTING = "assisting_person"
ADULT_AGE = 18
TRUE, FALSE = "true", "false"
INDICATOR_SEPARATOR = ";"
BATCH = 1000  # identifiers per query (SQLite's limit of parameters)


@dataclass(frozen=True)
class File:
    name: str
    columns: tuple[str, ...]
    required: frozenset[str]
    subject: str = ""  # what the case's timeline calls a row (legalpath.services.TIMELINE_SUBJECTS)


CONSENTS = File(
    "consents.csv",
    ("application_id", "purpose", "given_on", "form", "withdrawn_on", "withdrawal_form"),
    frozenset({"application_id", "purpose", "given_on", "form"}),
    "consent",
)
IDENTIFICATION = File(
    "identification.csv",
    (
        "application_id",
        "is_child",
        "act",
        "means",
        "purpose",
        "indicators",
        "preliminary_on",
        "reasonable_grounds",
        "final_on",
        "final_grounds",
    ),
    frozenset({"application_id", "is_child", "act", "means", "purpose"}),
    "identification_grounds",
)
RESIDENCE_PERMITS = File(
    "residence_permits.csv",
    (
        "application_id",
        "permit_type",
        "status",
        "applied_on",
        "decided_on",
        "valid_from",
        "valid_until",
        "reflection_granted_on",
    ),
    frozenset({"application_id", "permit_type", "status", "applied_on"}),
    "residence_permit",
)
CRIMINAL_PROCESS = File(
    "criminal_process.csv",
    (
        "application_id",
        "client_role",
        "reported_on",
        "reported_by",
        "police_department",
        "offence",
        "investigation_opened_on",
        "investigation_ended_on",
        "prosecution",
        "prosecution_decided_on",
        "court_outcome",
        "court_decided_on",
    ),
    frozenset({"application_id", "client_role"}),
    "criminal_process",
)
CHILD_SAFEGUARDS = File(
    "child_safeguards.csv",
    ("application_id", "person_id", "representative_appointed_on", "welfare_notified_on", "barnahus_referred_on"),
    frozenset({"application_id", "person_id"}),
    "child_safeguards",
)
DATA_REQUESTS = File(
    "data_subject_requests.csv",
    ("application_id", "person_id", "kind", "received_on", "responded_on", "outcome"),
    frozenset({"application_id", "person_id", "kind", "received_on"}),
    "data_subject_request",
)
DISCLOSURES = File(
    "disclosures.csv",
    ("application_id", "recipient", "legal_basis", "consent_purpose", "disclosed_on"),
    frozenset({"application_id", "recipient", "legal_basis", "disclosed_on"}),
    "disclosure",
)
SERVICES = File(
    "services.csv",
    ("application_id", "person_id", "service", "started_on", "ended_on"),
    frozenset({"application_id", "service", "started_on"}),
)
# In the order an import reads them: a disclosure names a consent of consents.csv.
NEW_FILES = (
    CONSENTS,
    IDENTIFICATION,
    RESIDENCE_PERMITS,
    CRIMINAL_PROCESS,
    CHILD_SAFEGUARDS,
    DATA_REQUESTS,
    DISCLOSURES,
)
# The analysts' extract: disclosures only as counts per person by legal basis and recipient code (decision 0097).
DISCLOSURE_COUNTS = File("disclosure_counts.csv", ("person_id", "legal_basis", "recipient", "disclosures"), frozenset())
EXTRACT_FILES = (CONSENTS, IDENTIFICATION, RESIDENCE_PERMITS, CRIMINAL_PROCESS, CHILD_SAFEGUARDS)
# Version 1's files that version 2 writes differently.
PERSONS_NAME, SERVICES_NAME, APPLICATIONS_NAME = "persons.csv", "services.csv", "applications.csv"

Cells = tuple[str, ...]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if value is True:
        return TRUE
    if value is False:
        return FALSE
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _cells(*values: Any) -> Cells:
    return tuple(_cell(value) for value in values)


def _delimiter(text: str) -> str:
    """Comma or semicolon, as the header line uses (spec: Finnish spreadsheet programs write semicolons)."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def _parsed(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))


def _csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    stream = io.StringIO()
    writer = csv.writer(stream)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return stream.getvalue()


# A row of each new file as the format writes it, from a model instance (the register's, or one read from a file).


def _consent_cells(consent: Consent) -> Cells:
    return _cells(
        consent.application.application_id,
        consent.purpose,
        consent.given_on,
        consent.form,
        consent.withdrawn_on,
        consent.withdrawal_form,
    )


def _grounds_cells(grounds: IdentificationGrounds, codes: Iterable[str]) -> Cells:
    return _cells(
        grounds.application.application_id,
        grounds.is_child,
        grounds.act_assessed,
        grounds.means_assessed,
        grounds.purpose_assessed,
        INDICATOR_SEPARATOR.join(sorted(set(codes))),
        grounds.preliminary_on,
        grounds.reasonable_grounds,
        grounds.final_on,
        grounds.final_grounds,
    )


def _permit_cells(permit: ResidencePermit) -> Cells:
    period = permit.reflection_period
    return _cells(
        permit.application.application_id,
        permit.permit_type,
        permit.status,
        permit.applied_on,
        permit.decided_on,
        permit.valid_from,
        permit.valid_until,
        period.granted_on if period is not None else None,
    )


def _matter_cells(matter: CriminalMatter) -> Cells:
    return _cells(
        matter.application.application_id, *(getattr(matter, column) for column in CRIMINAL_PROCESS.columns[1:])
    )


def _safeguards_cells(safeguards: ChildSafeguards) -> Cells:
    return _cells(
        safeguards.application.application_id,
        safeguards.child.person_id,
        safeguards.representative_appointed_on,
        safeguards.welfare_notified_on,
        safeguards.barnahus_referred_on,
    )


def _request_cells(request: DataSubjectRequest) -> Cells:
    return _cells(
        request.application.application_id,
        request.person.person_id,
        request.kind,
        request.received_on,
        request.responded_on,
        request.outcome,
    )


def _disclosure_cells(disclosure: Disclosure) -> Cells:
    purpose = disclosure.consent.purpose if disclosure.consent is not None else ""
    return _cells(
        disclosure.application.application_id,
        disclosure.recipient,
        disclosure.legal_basis,
        purpose,
        disclosure.disclosed_on,
    )


# The cells of a register row of each new file but identification (whose indicators are rows of their own).
ROW_CELLS: dict[str, Callable[[Any], Cells]] = {
    CONSENTS.name: _consent_cells,
    RESIDENCE_PERMITS.name: _permit_cells,
    CRIMINAL_PROCESS.name: _matter_cells,
    CHILD_SAFEGUARDS.name: _safeguards_cells,
    DATA_REQUESTS.name: _request_cells,
    DISCLOSURES.name: _disclosure_cells,
}


def _register_rows(file: File, applications: Sequence[int] | None = None) -> list[tuple[int, int, Cells]]:
    """(application pk, row pk, cells) of the register's rows of a new file; of some applications, or all."""
    rows: list[tuple[int, int, Cells]] = []
    if file is IDENTIFICATION:
        grounds_query = IdentificationGrounds.objects.select_related("application")
        if applications is not None:
            grounds_query = grounds_query.filter(application__in=applications)
        indicators: dict[int, list[str]] = defaultdict(list)
        for grounds_id, code in GroundsIndicator.objects.filter(grounds__in=grounds_query).values_list(
            "grounds_id", "indicator"
        ):
            indicators[grounds_id].append(code)
        return [(g.application_id, g.pk, _grounds_cells(g, indicators[g.pk])) for g in grounds_query]
    query: models.QuerySet[Any]
    if file is CONSENTS:
        query = Consent.objects.select_related("application")
    elif file is RESIDENCE_PERMITS:
        query = ResidencePermit.objects.select_related("application", "reflection_period")
    elif file is CRIMINAL_PROCESS:
        query = CriminalMatter.objects.select_related("application")
    elif file is CHILD_SAFEGUARDS:
        query = ChildSafeguards.objects.select_related("application", "child")
    elif file is DATA_REQUESTS:
        query = DataSubjectRequest.objects.select_related("application", "person")
    elif file is DISCLOSURES:
        query = Disclosure.objects.select_related("application", "consent")
    else:
        raise ValueError(file.name)
    if applications is not None:
        query = query.filter(application__in=applications)
    cells = ROW_CELLS[file.name]
    for instance in query.order_by("pk"):
        rows.append((instance.application_id, instance.pk, cells(instance)))
    return rows


# Export -------------------------------------------------------------------------------------------------------------


def _assisting_persons() -> set[str]:
    """Persons all of whose applications are an assisting person's: their role in persons.csv."""
    categories: dict[str, set[str]] = defaultdict(set)
    assisting = dict(ApplicantCategory.objects.values_list("application_id", "category"))
    for pk, person_id in Application.objects.values_list("pk", "person__person_id"):
        categories[person_id].add(assisting.get(pk, ClientCategory.VICTIM.value))
    return {person_id for person_id, found in categories.items() if found == {ClientCategory.ASSISTING_PERSON.value}}


def _persons_csv(v1_text: str, assisting: set[str]) -> str:
    rows = list(csv.reader(io.StringIO(v1_text, newline="")))
    header, body = rows[0], rows[1:]
    role = header.index("role")
    for row in body:
        if row[0] in assisting:
            row[role] = ASSISTING
    return _csv(header, body)


def _services_rows() -> list[Cells]:
    recipients = dict(ServiceRecipient.objects.values_list("service_id", "person__person_id"))
    return sorted(
        _cells(application_id, recipients.get(pk, ""), service, started_on, ended_on)
        for pk, application_id, service, started_on, ended_on in ServiceProvided.objects.values_list(
            "pk", "application__application_id", "service", "started_on", "ended_on"
        )
    )


def _new_files() -> dict[str, str]:
    return {file.name: _csv(file.columns, sorted(cells for *_pks, cells in _register_rows(file))) for file in NEW_FILES}


def _all_files() -> dict[str, str]:
    """Every file of version 2 (name: text), read in the caller's snapshot of the register."""
    v1 = csv_texts(V1_FILES)
    files = {name: text for name, text in v1.items() if name not in (PERSONS_NAME, SERVICES_NAME)}
    files[PERSONS_NAME] = _persons_csv(v1[PERSONS_NAME], _assisting_persons())
    files[SERVICES_NAME] = _csv(SERVICES.columns, _services_rows())
    files.update(_new_files())
    files[VERSION_FILE] = f"{VERSION}\n"
    return files


def _rows_per_file(files: dict[str, str]) -> dict[str, int]:
    return {
        name: max(sum(1 for _row in csv.reader(io.StringIO(text, newline=""))) - 1, 0)
        for name, text in sorted(files.items())
        if name.endswith(".csv")
    }


def export_register_v2(path: Path | str, *, actor: Actor) -> ExportResult:
    """Write the register in version 2 (a folder, or a .zip when the path ends with .zip); rows per file.

    Read on one snapshot of the register (the replica's where one is configured) and recorded as one export,
    as the register's own export is.
    """
    target = Path(path)
    files: dict[str, str] = {}

    def write() -> dict[str, int]:
        files.update(_all_files())
        return _rows_per_file(files)

    counts = exported_snapshot(write, name=target.name, actor=actor, described={"format_version": 2})
    if target.suffix.lower() == ".zip":
        partial = target.with_name(target.name + ".part")  # a failed export leaves no partial .zip
        try:
            write_zip_texts(partial, files)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
    else:
        target.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (target / name).write_bytes(text.encode("utf-8"))
    return ExportResult(path=target, rows=counts)


# The analysts' extract ----------------------------------------------------------------------------------------------


def _extract_files(pseudonymiser: Pseudonymiser, v1: dict[str, str]) -> dict[str, str]:
    """Version 1's pseudonymised files, with version 2's coded facts under the same pseudonyms (decision 0097).

    No free text, no names, no staff: the files of version 2 carry none. The
    children's municipality, the disclosures' content, recipients' names and
    references are not in version 2 either; disclosures are counted per person
    by legal basis and recipient code, never listed; data subject requests
    stay out (they are about the register's handling, not the victim's path).
    """

    def application(value: str) -> str:
        return pseudonymiser.pseudonym("a", value)

    def person(value: str) -> str:
        return pseudonymiser.pseudonym("p", value)

    files = dict(v1)
    files[PERSONS_NAME] = _persons_csv(v1[PERSONS_NAME], {person(value) for value in _assisting_persons()})
    files[SERVICES_NAME] = _csv(
        SERVICES.columns,
        sorted((application(row[0]), person(row[1]), *row[2:]) for row in _services_rows()),
    )
    for file in EXTRACT_FILES:
        with_person = "person_id" in file.columns
        rows = []
        for *_pks, cells in _register_rows(file):
            out = [application(cells[0]), *cells[1:]]
            if with_person:
                out[1] = person(cells[1])
            rows.append(tuple(out))
        files[file.name] = _csv(file.columns, sorted(rows))
    counts = Counter(
        (person(person_id), basis, recipient)
        for person_id, basis, recipient in Disclosure.objects.values_list(
            "application__person__person_id", "legal_basis", "recipient"
        )
    )
    files[DISCLOSURE_COUNTS.name] = _csv(
        DISCLOSURE_COUNTS.columns, sorted((*key, str(count)) for key, count in counts.items())
    )
    files[VERSION_FILE] = f"{VERSION}\n"
    return files


def extract_v2_zip(output: IO[bytes], *, name: str, actor: Actor, options: ExtractOptions) -> dict[str, int]:
    """The analysts' pseudonymous extract with version 2's coded facts, recorded as an export."""
    return extract_register_zip(output, name=name, actor=actor, options=options, extend=_extract_files)


# Import -------------------------------------------------------------------------------------------------------------


def _read_members(source: Path) -> dict[str, bytes]:
    """The files of a folder, or of a .zip (at its root or in its one folder)."""
    if source.is_dir():
        return {path.name: path.read_bytes() for path in source.iterdir() if path.is_file()}
    with zipfile.ZipFile(source) as archive:
        infos = [info for info in archive.infolist() if not info.is_dir() and not info.filename.startswith("__MACOSX")]
        return {Path(info.filename).name: archive.read(info) for info in infos if len(Path(info.filename).parts) <= 2}


class _Rows:
    """One new file's rows as dicts, with the problems of its header and its cells."""

    def __init__(self, file: File, data: bytes | None, problems: list[ImportProblem]) -> None:
        self.file = file
        self.problems = problems
        self.rows: list[tuple[int, dict[str, str]]] = []
        if data is None:
            return
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.problem(None, "", "", _("The file is not UTF-8 text."))
            return
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
        header = next(reader, [])
        unknown = [column for column in header if column not in file.columns]
        missing = sorted(file.required - set(header))
        for column in unknown:
            self.problem(1, column, column, _("Unknown column."))
        for column in missing:
            self.problem(1, column, "", _("A required column is missing."))
        if unknown or missing:
            return
        for line, cells in enumerate(reader, start=2):
            if len(cells) != len(header):
                self.problem(line, "", "", _("The row has a different number of cells than the header."))
                continue
            row = dict.fromkeys(file.columns, "")
            row.update(zip(header, cells, strict=True))
            self.rows.append((line, row))

    def problem(self, line: int | None, column: str, value: str, reason: str) -> None:
        self.problems.append(ImportProblem(self.file.name, line, column, value, reason))


class _Checked:
    """Parses a row's cells, recording a problem for each bad one; `ok` is False after any."""

    def __init__(self, rows: _Rows, line: int, row: dict[str, str]) -> None:
        self.rows, self.line, self.row, self.ok = rows, line, row, True

    def bad(self, column: str, reason: str) -> None:
        self.ok = False
        self.rows.problem(self.line, column, self.row.get(column, ""), reason)

    def date(self, column: str, *, required: bool = False) -> date | None:
        value = self.row[column]
        if not value:
            if required:
                self.bad(column, _("A value is required."))
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.bad(column, _("Give a date as YYYY-MM-DD."))
            return None

    def boolean(self, column: str, *, required: bool = False) -> bool | None:
        value = self.row[column]
        if value in (TRUE, FALSE):
            return value == TRUE
        if value or required:
            self.bad(column, _("Give true or false."))
        return None

    def choice(self, column: str, allowed: Iterable[str], *, required: bool = True) -> str:
        value = self.row[column]
        if not value and not required:
            return ""
        if value not in set(allowed):
            self.bad(column, _("Not a code of the list."))
        return value

    def code(self, column: str, code_list: str, *, required: bool = True) -> str:
        return self.choice(column, set(codes_of(code_list).values_list("code", flat=True)), required=required)


def _model_problems(checked: _Checked, instance: Any, columns: dict[str, str]) -> None:
    """The model's own rules (its fields and check constraints), each on the column that holds its field.

    Uniqueness is checked within the file instead (an update replaces the register's rows of the application).
    """
    exclude = {"recorded_by", "disclosed_by"}
    errors: dict[str, list[str]] = defaultdict(list)
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors[name] += messages
    for constraint in type(instance)._meta.constraints:
        if isinstance(constraint, models.CheckConstraint):
            try:
                constraint.validate(type(instance), instance, exclude=exclude)  # type: ignore[attr-defined]  # stubs
            except ValidationError as error:
                errors[""] += error.messages
    for name, messages in errors.items():
        for message in messages:
            checked.bad(columns.get(name, ""), message)


@dataclass
class _Read:
    """A row of a new file, checked: what to write, its cells as the export writes them."""

    line: int
    application: Application
    instance: Any
    cells: Cells
    codes: list[str] = field(default_factory=list)  # identification: the indicators


@dataclass
class _Context:
    applications: dict[str, Application]
    persons: dict[str, Person]
    actor: Actor
    source: str
    updated: set[int] = field(default_factory=set)  # pks of the applications the update replaces
    before: dict[str, dict[int, list[tuple[int, Cells]]]] = field(default_factory=dict)  # file: application: rows
    indicator_codes: set[str] = field(default_factory=set)


def _application(checked: _Checked, context: _Context) -> Application | None:
    application = context.applications.get(checked.row["application_id"])
    if application is None:
        checked.bad("application_id", _("No such application in applications.csv."))
    return application


def _read_consent(checked: _Checked, context: _Context) -> _Read | None:
    application = _application(checked, context)
    consent = Consent(
        application=application,
        purpose=checked.choice("purpose", ConsentPurpose.values),
        given_on=checked.date("given_on", required=True),  # type: ignore[misc]  # None only with a problem
        form=checked.choice("form", RecordForm.values),
        withdrawn_on=checked.date("withdrawn_on"),
        withdrawal_form=checked.choice("withdrawal_form", RecordForm.values, required=False),
    )
    if not checked.ok or application is None:
        return None
    _model_problems(checked, consent, {"withdrawn_on": "withdrawn_on", "withdrawal_form": "withdrawal_form"})
    return _Read(checked.line, application, consent, _consent_cells(consent))


def _read_grounds(checked: _Checked, context: _Context) -> _Read | None:
    application = _application(checked, context)
    if not context.indicator_codes:
        context.indicator_codes = set(codes_of("screening_indicator").values_list("code", flat=True))
    codes = [code for code in checked.row["indicators"].split(INDICATOR_SEPARATOR) if code]
    if set(codes) - context.indicator_codes:
        checked.bad("indicators", _("Not a code of the list."))
    grounds = IdentificationGrounds(
        application=application,
        is_child=bool(checked.boolean("is_child", required=True)),
        act_assessed=bool(checked.boolean("act", required=True)),
        means_assessed=bool(checked.boolean("means", required=True)),
        purpose_assessed=bool(checked.boolean("purpose", required=True)),
        preliminary_on=checked.date("preliminary_on"),
        reasonable_grounds=checked.boolean("reasonable_grounds"),
        final_on=checked.date("final_on"),
        final_grounds=checked.boolean("final_grounds"),
    )
    if not checked.ok or application is None:
        return None
    _model_problems(
        checked,
        grounds,
        {"final_on": "final_on", "final_grounds": "final_grounds", "preliminary_on": "preliminary_on"},
    )
    return _Read(checked.line, application, grounds, _grounds_cells(grounds, codes), sorted(set(codes)))


def _read_permit(checked: _Checked, context: _Context) -> _Read | None:
    application = _application(checked, context)
    granted_on = checked.date("reflection_granted_on")
    period = None
    if application is not None and granted_on is not None:
        # The format names a reflection period by its application and the day it was granted (decision 0096).
        period = (
            ReflectionPeriod.objects.filter(application=application, granted_on=granted_on)
            .order_by("months", "pk")
            .first()
        )
        if period is None:
            checked.bad(
                "reflection_granted_on",
                _("No reflection period of this application in reflection_periods.csv was granted that day."),
            )
    permit = ResidencePermit(
        application=application,
        permit_type=checked.code("permit_type", "permit_type"),
        status=checked.choice("status", PermitStatus.values),
        applied_on=checked.date("applied_on", required=True),  # type: ignore[misc]  # None only with a problem
        decided_on=checked.date("decided_on"),
        valid_from=checked.date("valid_from"),
        valid_until=checked.date("valid_until"),
        reflection_period=period,
    )
    if not checked.ok or application is None:
        return None
    _model_problems(checked, permit, {name: name for name in RESIDENCE_PERMITS.columns})
    return _Read(checked.line, application, permit, _permit_cells(permit))


def _read_matter(checked: _Checked, context: _Context) -> _Read | None:
    application = _application(checked, context)
    matter = CriminalMatter(
        application=application,
        client_role=checked.choice("client_role", ClientRole.values),
        reported_on=checked.date("reported_on"),
        reported_by=checked.code("reported_by", "reported_by", required=False),
        police_department=checked.code("police_department", "police_department", required=False),
        offence=checked.code("offence", "offence", required=False),
        investigation_opened_on=checked.date("investigation_opened_on"),
        investigation_ended_on=checked.date("investigation_ended_on"),
        prosecution=checked.choice("prosecution", Prosecution.values, required=False),
        prosecution_decided_on=checked.date("prosecution_decided_on"),
        court_outcome=checked.choice("court_outcome", CourtOutcome.values, required=False),
        court_decided_on=checked.date("court_decided_on"),
    )
    if not checked.ok or application is None:
        return None
    _model_problems(checked, matter, {name: name for name in CRIMINAL_PROCESS.columns})
    return _Read(checked.line, application, matter, _matter_cells(matter))


def _person_of_case(checked: _Checked, context: _Context, application: Application, *, child_only: bool) -> Person:
    """The file's person of the row: the applicant's child, or the applicant (for safeguards: when a minor)."""
    person = context.persons.get(checked.row["person_id"])
    if person is not None and person.parent_id == application.person_id and person.pk != application.person_id:
        return person
    if person is not None and person.pk == application.person_id:
        birth = person.birth_date
        received = application.received_on
        minor = birth is not None and (
            received.year - birth.year - ((received.month, received.day) < (birth.month, birth.day)) < ADULT_AGE
        )
        if not child_only or minor:
            return person
    checked.bad(
        "person_id",
        _("Not a child of the application's applicant, nor the applicant who applied as a minor, in persons.csv.")
        if child_only
        else _("Not the application's applicant or their child in persons.csv."),
    )
    return person or Person()


def _read_safeguards(checked: _Checked, context: _Context) -> _Read | None:
    application = _application(checked, context)
    if application is None:
        return None
    child = _person_of_case(checked, context, application, child_only=True)
    welfare_notified_on = checked.date("welfare_notified_on")
    safeguards = ChildSafeguards(
        application=application,
        child=child,
        representative_appointed_on=checked.date("representative_appointed_on"),
        welfare_notified_on=welfare_notified_on,
        barnahus_referred_on=checked.date("barnahus_referred_on"),
        imported=True,  # the municipality notified is free text, not in the format
    )
    if not checked.ok:
        return None
    _model_problems(checked, safeguards, {})
    return _Read(checked.line, application, safeguards, _safeguards_cells(safeguards))


def _read_request(checked: _Checked, context: _Context) -> _Read | None:
    application = _application(checked, context)
    if application is None:
        return None
    person = _person_of_case(checked, context, application, child_only=False)
    request = DataSubjectRequest(
        application=application,
        person=person,
        kind=checked.code("kind", "data_request_kind"),
        received_on=checked.date("received_on", required=True),  # type: ignore[misc]  # None only with a problem
        responded_on=checked.date("responded_on"),
        outcome=checked.code("outcome", "data_request_outcome", required=False),
    )
    if not checked.ok:
        return None
    _model_problems(checked, request, {"responded_on": "responded_on", "outcome": "outcome"})
    return _Read(checked.line, application, request, _request_cells(request))


def _read_disclosure(checked: _Checked, context: _Context) -> _Read | None:
    application = _application(checked, context)
    basis = checked.choice("legal_basis", LegalBasis.values)
    purpose = checked.choice("consent_purpose", ConsentPurpose.values, required=basis == LegalBasis.CONSENT)
    disclosed_on = checked.date("disclosed_on", required=True)
    recipient = checked.code("recipient", "disclosure_recipient")
    consent = None
    # Consents are written before disclosures are read, and only while the import has no error.
    if (
        checked.ok
        and application is not None
        and basis == LegalBasis.CONSENT
        and disclosed_on
        and not checked.rows.problems
    ):
        consent = (
            Consent.objects.filter(application=application, purpose=purpose, given_on__lte=disclosed_on)
            .exclude(withdrawn_on__lte=disclosed_on)
            .first()
        )
        if consent is None:
            checked.bad("consent_purpose", _("No consent of this purpose in consents.csv was in force that day."))
    elif purpose and basis != LegalBasis.CONSENT:
        checked.bad("consent_purpose", _("Only a disclosure on consent names a consent."))
    if not checked.ok or application is None:
        return None
    disclosure = Disclosure(
        application=application,
        recipient=recipient,
        legal_basis=basis,
        consent=consent,
        disclosed_on=disclosed_on,  # type: ignore[misc]  # None only with a problem
        imported=True,
    )
    return _Read(checked.line, application, disclosure, _disclosure_cells(disclosure))


READERS: dict[str, Callable[[_Checked, _Context], _Read | None]] = {
    CONSENTS.name: _read_consent,
    IDENTIFICATION.name: _read_grounds,
    RESIDENCE_PERMITS.name: _read_permit,
    CRIMINAL_PROCESS.name: _read_matter,
    CHILD_SAFEGUARDS.name: _read_safeguards,
    DATA_REQUESTS.name: _read_request,
    DISCLOSURES.name: _read_disclosure,
}
MODELS: dict[str, type[models.Model]] = {
    CONSENTS.name: Consent,
    IDENTIFICATION.name: IdentificationGrounds,
    RESIDENCE_PERMITS.name: ResidencePermit,
    CRIMINAL_PROCESS.name: CriminalMatter,
    CHILD_SAFEGUARDS.name: ChildSafeguards,
    DATA_REQUESTS.name: DataSubjectRequest,
    DISCLOSURES.name: Disclosure,
}
# Rows of these files are unique per application (and person): a second one in the file is an error.
ONE_PER: dict[str, tuple[Callable[[_Read], Any], Any]] = {
    IDENTIFICATION.name: (
        lambda read: read.application.pk,
        gettext_lazy("The application has grounds on another line."),
    ),
    CHILD_SAFEGUARDS.name: (
        lambda read: (read.application.pk, read.instance.child.pk),
        gettext_lazy("The child has safeguards of this application on another line."),
    ),
}


def _save(read: _Read) -> None:
    read.instance.save()
    if read.codes:
        GroundsIndicator.objects.bulk_create(GroundsIndicator(grounds=read.instance, indicator=c) for c in read.codes)


def _row_dict(file: File, cells: Cells) -> dict[str, str]:
    return dict(zip(file.columns[1:], cells[1:], strict=True))


def _audit_row(context: _Context, file: File, application: Application, action: Action, **changes: Any) -> None:
    """One row an update import changed, on the case's timeline (as the register's update import does)."""
    record(
        action,
        context.actor,
        obj=application,
        reason=context.source,
        changes={"what": file.subject, "import": file.name, **changes},
    )


def _import_file(file: File, rows: _Rows, context: _Context) -> int:
    """Check every row; while the import has no error, write them (an updated application's: the difference)."""
    reads: list[_Read] = []
    seen: dict[Any, int] = {}
    unique = ONE_PER.get(file.name)
    for line, row in rows.rows:
        checked = _Checked(rows, line, row)
        read = READERS[file.name](checked, context)
        if read is None or not checked.ok:
            continue
        if unique is not None:
            key, message = unique[0](read), unique[1]
            if key in seen:
                checked.bad("application_id", str(message))
                continue
            seen[key] = line
        if file is CONSENTS and read.instance.withdrawn_on is None:
            in_force = ("consent", read.application.pk, read.instance.purpose)
            if in_force in seen:
                checked.bad(
                    "withdrawn_on",
                    _("Another consent of this purpose is in force (line %(line)s).") % {"line": seen[in_force]},
                )
                continue
            seen[in_force] = line
        reads.append(read)
    if rows.problems:
        return 0
    created = 0
    by_application: dict[int, list[_Read]] = defaultdict(list)
    for read in reads:
        if read.application.pk in context.updated:
            by_application[read.application.pk].append(read)
        else:
            _save(read)
            created += 1
    before = context.before.get(file.name, {})
    for application_pk in sorted(context.updated):
        if before.get(application_pk) or by_application.get(application_pk):
            created += _replace(file, application_pk, by_application.get(application_pk, []), context, rows)
    return created


def _replace(file: File, application_pk: int, reads: list[_Read], context: _Context, rows: _Rows) -> int:
    """Make an updated application's rows of the file those of the file; each change audited (decision 0096)."""
    application = Application.objects.get(pk=application_pk)
    before = list(context.before.get(file.name, {}).get(application_pk, []))
    model = MODELS[file.name]
    new: list[_Read] = []
    for read in reads:
        kept = next((index for index, (_pk, cells) in enumerate(before) if cells == read.cells), None)
        if kept is None:
            new.append(read)
            continue
        pk, _cells_kept = before.pop(kept)
        if file is RESIDENCE_PERMITS:
            # Its link was let go before the register's update replaced the reflection periods.
            ResidencePermit.objects.filter(pk=pk).update(reflection_period=read.instance.reflection_period)
    if file is CONSENTS:
        new = _withdrawals(application, before, new, context, rows)
        if rows.problems:
            return 0
    if file is DISCLOSURES and before:
        for _pk, cells in before:
            rows.problem(
                None,
                "application_id",
                cells[0],
                _(
                    "An update import cannot remove a disclosure of the register (%(row)s): "
                    "disclosures are the auditor's record of what was given out."
                )
                % {"row": ", ".join(cells[1:])},
            )
        return 0
    for pk, cells in before:
        if file is CONSENTS and Disclosure.objects.filter(consent_id=pk).exists():
            rows.problem(
                None,
                "application_id",
                cells[0],
                _("A disclosure of the register rests on the consent %(row)s: an update import cannot remove it.")
                % {"row": ", ".join(cells[1:])},
            )
            continue
        model._default_manager.filter(pk=pk).delete()
        _audit_row(context, file, application, Action.DELETE, before=_row_dict(file, cells))
    if rows.problems:
        return 0
    for read in new:
        _save(read)
        _audit_row(context, file, application, Action.CREATE, line=read.line, after=_row_dict(file, read.cells))
    return len(new)


def _withdrawals(
    application: Application, before: list[tuple[int, Cells]], new: list[_Read], context: _Context, rows: _Rows
) -> list[_Read]:
    """A consent of the register given the same day for the same purpose in the same form: its withdrawal changes.

    Changed in place, so that the disclosures resting on it keep it; the database refuses a withdrawal
    before a disclosure made on the consent. What stays in `new` is created, what stays in `before` removed.
    """
    remaining = []
    for read in new:
        key = read.cells[1:4]
        match = next((index for index, (_pk, cells) in enumerate(before) if cells[1:4] == key), None)
        if match is None:
            remaining.append(read)
            continue
        pk, cells = before.pop(match)
        withdrawn_on = read.instance.withdrawn_on
        if (
            withdrawn_on is not None
            and Disclosure.objects.filter(consent_id=pk, disclosed_on__gte=withdrawn_on).exists()
        ):
            rows.problem(
                read.line,
                "withdrawn_on",
                _cell(withdrawn_on),
                _("A disclosure of the register was made on this consent on or after that day."),
            )
            continue
        Consent.objects.filter(pk=pk).update(
            withdrawn_on=read.instance.withdrawn_on, withdrawal_form=read.instance.withdrawal_form
        )
        old, after = _row_dict(CONSENTS, cells), _row_dict(CONSENTS, read.cells)
        changed = [column for column in after if old[column] != after[column]]
        _audit_row(
            context,
            CONSENTS,
            application,
            Action.UPDATE,
            line=read.line,
            before={column: old[column] for column in changed},
            after={column: after[column] for column in changed},
        )
    return remaining


def _services_and_roles(
    members: dict[str, bytes], context: _Context, problems: list[ImportProblem], assisting: set[str]
) -> None:
    """The children services were given to, and the client category of the file's persons' applications."""
    rows = _Rows(SERVICES, members.get(SERVICES_NAME), problems)
    pending: dict[tuple[str, str, str, str], list[tuple[int, Person]]] = defaultdict(list)
    for line, row in rows.rows:
        if not row["person_id"]:
            continue
        checked = _Checked(rows, line, row)
        child = context.persons.get(row["person_id"])
        application = context.applications.get(row["application_id"])
        if child is None or application is None or child.parent_id != application.person_id:
            checked.bad("person_id", _("Not a child of the application's applicant in persons.csv."))
            continue
        key = (row["application_id"], row["service"], row["started_on"], row["ended_on"])
        pending[key].append((line, child))
    if problems:
        return
    for (application_id, service, started_on, ended_on), children in pending.items():
        provided = ServiceProvided.objects.filter(
            application=context.applications[application_id],
            service=service,
            started_on=started_on,
            ended_on=ended_on or None,
            recipient__isnull=True,
        ).order_by("pk")
        for (_line, child), given in zip(children, provided, strict=False):
            ServiceRecipient.objects.create(service=given, person=child)
    _categories(context, assisting)


def _categories(context: _Context, assisting: set[str]) -> None:
    """An assisting person's applications get that category; an update may make a person a victim again."""
    persons = [person.pk for person in context.persons.values()]
    current = dict(
        ApplicantCategory.objects.filter(application__person__in=persons).values_list("application_id", "category")
    )
    by_person: dict[int, list[Application]] = defaultdict(list)
    for application in Application.objects.filter(person__in=persons).select_related("person").order_by("pk"):
        by_person[application.person_id].append(application)
    for applications in by_person.values():
        person_id = applications[0].person.person_id
        found = {current.get(a.pk, ClientCategory.VICTIM.value) for a in applications}
        if person_id in assisting:
            wanted = ClientCategory.ASSISTING_PERSON.value
        elif found == {ClientCategory.ASSISTING_PERSON.value}:
            wanted = ClientCategory.VICTIM.value  # the file says victim: a person who was both stays as they are
        else:
            continue
        for application in applications:
            was = current.get(application.pk, ClientCategory.VICTIM.value)
            if was == wanted:
                continue
            ApplicantCategory.objects.update_or_create(
                application=application, defaults={"category": wanted, "recorded_by": None}
            )
            if application.pk in context.updated:
                _audit_row(
                    context,
                    File(PERSONS_NAME, ("person_id", "role"), frozenset(), "client_category"),
                    application,
                    Action.UPDATE,
                    before={"category": was},
                    after={"category": wanted},
                )


def _as_version_1(members: dict[str, bytes], folder: Path) -> set[str]:
    """Write the register's files as version 1 has them; the persons whose role was assisting_person."""
    assisting: set[str] = set()
    for name, data in members.items():
        if name == VERSION_FILE or name in {file.name for file in NEW_FILES}:
            continue
        if name == PERSONS_NAME:
            rows = _parsed(data)
            if rows and "role" in rows[0] and "person_id" in rows[0]:
                role = rows[0].index("role")
                for row in rows[1:]:
                    if len(row) > role and row[role] == ASSISTING:
                        row[role] = "victim"
                        assisting.add(row[rows[0].index("person_id")])
                data = _csv(rows[0], rows[1:]).encode("utf-8")
        elif name == SERVICES_NAME:
            rows = _parsed(data)
            if rows and "person_id" in rows[0]:
                drop = rows[0].index("person_id")
                rows = [[cell for position, cell in enumerate(row) if position != drop] for row in rows]
                data = _csv(rows[0], rows[1:]).encode("utf-8")
        (folder / name).write_bytes(data)
    return assisting


def _ids_in(members: dict[str, bytes], name: str, column: str) -> list[str]:
    if name not in members:
        return []
    rows = _parsed(members[name])
    if not rows or column not in rows[0]:
        return []
    position = rows[0].index(column)
    return [row[position] for row in rows[1:] if len(row) > position and row[position]]


@dataclass
class _Links:
    """What the legal path hangs on rows that the register's update import deletes and writes anew.

    The register's update replaces an updated application's reflection periods and services: a permit's link to
    a reflection period is let go first (the link protects the period) and a child's service loses its recipient.
    A version 1 file carries neither; both are put back on the new rows that match (docs/decisions/0096).
    """

    permits: list[tuple[int, int, date]] = field(default_factory=list)  # permit, application, granted_on
    recipients: list[tuple[int, str, date, date | None, int]] = field(default_factory=list)

    @classmethod
    def let_go(cls, applications: Sequence[int]) -> "_Links":
        links = cls()
        for start in range(0, len(applications), BATCH):
            batch = applications[start : start + BATCH]
            linked = ResidencePermit.objects.filter(application__in=batch, reflection_period__isnull=False)
            links.permits += linked.values_list("pk", "application_id", "reflection_period__granted_on")
            links.recipients += ServiceRecipient.objects.filter(service__application__in=batch).values_list(
                "service__application_id", "service__service", "service__started_on", "service__ended_on", "person_id"
            )
            linked.update(reflection_period=None)
        return links

    def put_back(self) -> None:
        for permit, application, granted_on in self.permits:
            period = (
                ReflectionPeriod.objects.filter(application_id=application, granted_on=granted_on)
                .order_by("months", "pk")
                .first()
            )
            ResidencePermit.objects.filter(pk=permit).update(reflection_period=period)
        for application, service, started_on, ended_on, person in self.recipients:
            given = (
                ServiceProvided.objects.filter(
                    application_id=application,
                    service=service,
                    started_on=started_on,
                    ended_on=ended_on,
                    recipient__isnull=True,
                )
                .order_by("pk")
                .first()
            )
            if given is not None and Person.objects.filter(pk=person, parent__applications=application).exists():
                ServiceRecipient.objects.create(service=given, person_id=person)


def _by_identifier(model: type[Any], column: str, identifiers: Sequence[str]) -> dict[str, Any]:
    """The rows of the file's identifiers, by identifier (queried in batches)."""
    found: dict[str, Any] = {}
    for start in range(0, len(identifiers), BATCH):
        for row in model.objects.filter(**{f"{column}__in": identifiers[start : start + BATCH]}):
            found[getattr(row, column)] = row
    return found


def _existing_applications(application_ids: Sequence[str]) -> list[int]:
    found: list[int] = []
    for start in range(0, len(application_ids), BATCH):
        batch = application_ids[start : start + BATCH]
        found += Application.objects.filter(application_id__in=batch).values_list("pk", flat=True)
    return sorted(found)


def import_register_any(
    path: Path | str, *, actor: Actor, update: bool = False, progress: Progress | None = None
) -> ImportResult:
    """Import version 1 or 2, all or nothing: into the register beside its rows, or with `update` replacing them.

    Version 1 is the register's own import (an update keeps the legal path's links to the rows it replaces).
    Version 2's legal path is read for the applications of its files. RegisterImportError with every problem.
    """
    source = Path(path)
    if not has_version_file(source):
        return _import_version_1(source, actor=actor, update=update, progress=progress)
    members = _read_members(source)
    version = members.get(VERSION_FILE, b"").decode("utf-8", "replace").strip()
    if version != VERSION:
        raise RegisterImportError(
            [ImportProblem(VERSION_FILE, 1, "", version, _("Torju reads versions 1 and 2 of the format."))]
        )
    application_ids = _ids_in(members, APPLICATIONS_NAME, "application_id")
    with tempfile.TemporaryDirectory() as folder, transaction.atomic():
        context = _Context(applications={}, persons={}, actor=actor, source=source.name)
        if update:
            context.updated = set(_existing_applications(application_ids))
            updated = sorted(context.updated)
            context.before = {file.name: defaultdict(list) for file in NEW_FILES}
            for file in NEW_FILES:
                for start in range(0, len(updated), BATCH):
                    for application_pk, pk, cells in _register_rows(file, updated[start : start + BATCH]):
                        context.before[file.name][application_pk].append((pk, cells))
            _Links.let_go(updated)
        assisting = _as_version_1(members, Path(folder))
        result = import_register(Path(folder), actor=actor, update=update, progress=progress)
        context.applications = _by_identifier(Application, "application_id", application_ids)
        context.persons = _by_identifier(Person, "person_id", _ids_in(members, PERSONS_NAME, "person_id"))
        problems: list[ImportProblem] = []
        _services_and_roles(members, context, problems, assisting)
        counts = {}
        for file in NEW_FILES:
            counts[file.name] = _import_file(file, _Rows(file, members.get(file.name), problems), context)
        if problems:
            raise RegisterImportError(problems)
        result.created.update(counts)
        record(
            Action.IMPORT,
            actor,
            object_type="register",
            reason=source.name,
            changes={"format_version": 2, "update": update, "legal_path": counts},
        )
    return result


def _import_version_1(source: Path, *, actor: Actor, update: bool, progress: Progress | None) -> ImportResult:
    if not update:
        return import_register(source, actor=actor, progress=progress)
    try:
        with Container(source) as container:
            application_ids = (
                read_ids(container, APPLICATIONS, "application_id") if APPLICATIONS_NAME in container else []
            )
    except RegisterImportError:
        application_ids = []  # the register's import reports what is wrong with the files
    with transaction.atomic():
        links = _Links.let_go(_existing_applications(application_ids))
        result = import_register(source, actor=actor, update=True, progress=progress)
        links.put_back()
    return result


VERSION_2 = FormatVersion(
    version=VERSION, export=export_register_v2, import_any=import_register_any, extract_zip=extract_v2_zip
)
