"""Version 2 of the register exchange format: version 1's files, the legal path's files, and `format_version`.

docs/register-exchange-v2.md describes it. Version 2 adds to version 1
(spec/register-exchange.md): the role `assisting_person` in persons.csv, a
`person_id` column in services.csv (the client's child a service was given
to), and consents.csv, identification.csv, residence_permits.csv,
criminal_process.csv and disclosures.csv. A file `format_version` holding
`2` says which version a folder or .zip is; without it, it is version 1.

The register's own exchange (torju.register.exchange) reads and writes
version 1; this module wraps it. Export: the register's export on one
snapshot, then the files version 2 changes or adds. Import: version 1 is
the register's import as it is; version 2 is the register's import of its
files as version 1 has them, then the legal path's files, in one
transaction: any error anywhere, in either part, and nothing is written
(the error list names the file, line, column and value, as version 1's).
The format is pseudonymous: no free text, no recipients' names, no
references of requests and no staff; a disclosure is its coded facts only.
"""

import csv
import io
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.codes.selectors import codes_of
from torju.legalpath.models import (
    ApplicantCategory,
    ClientCategory,
    ClientRole,
    Consent,
    ConsentPurpose,
    CourtOutcome,
    CriminalMatter,
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
from torju.register.exchange import ImportProblem, ImportResult, RegisterImportError, export_register, import_register
from torju.register.models import Application, Person, ServiceProvided

VERSION_FILE = "format_version"
VERSION = "2"
ASSISTING = "assisting_person"
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
ZIP_MEMBER_MODE = 0o644 << 16
TRUE, FALSE = "true", "false"
INDICATOR_SEPARATOR = ";"


@dataclass(frozen=True)
class File:
    name: str
    columns: tuple[str, ...]
    required: frozenset[str]


CONSENTS = File(
    "consents.csv",
    ("application_id", "purpose", "given_on", "form", "withdrawn_on", "withdrawal_form"),
    frozenset({"application_id", "purpose", "given_on", "form"}),
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
)
RESIDENCE_PERMITS = File(
    "residence_permits.csv",
    ("application_id", "permit_type", "status", "applied_on", "decided_on", "valid_from", "valid_until"),
    frozenset({"application_id", "permit_type", "status", "applied_on"}),
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
)
DISCLOSURES = File(
    "disclosures.csv",
    ("application_id", "recipient", "legal_basis", "consent_purpose", "disclosed_on"),
    frozenset({"application_id", "recipient", "legal_basis", "disclosed_on"}),
)
SERVICES = File(
    "services.csv",
    ("application_id", "person_id", "service", "started_on", "ended_on"),
    frozenset({"application_id", "service", "started_on"}),
)
NEW_FILES = (CONSENTS, IDENTIFICATION, RESIDENCE_PERMITS, CRIMINAL_PROCESS, DISCLOSURES)
# Version 1's files that version 2 writes differently.
PERSONS_NAME, SERVICES_NAME = "persons.csv", "services.csv"


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


# Export -------------------------------------------------------------------------------------------------------------


def _assisting_persons() -> set[str]:
    """Persons all of whose applications are an assisting person's: their role in persons.csv."""
    categories: dict[str, set[str]] = defaultdict(set)
    assisting = dict(ApplicantCategory.objects.values_list("application_id", "category"))
    for pk, person_id in Application.objects.values_list("pk", "person__person_id"):
        categories[person_id].add(assisting.get(pk, ClientCategory.VICTIM.value))
    return {person_id for person_id, found in categories.items() if found == {ClientCategory.ASSISTING_PERSON.value}}


def _persons_csv(v1_text: str) -> str:
    assisting = _assisting_persons()
    rows = list(csv.reader(io.StringIO(v1_text)))
    header, body = rows[0], rows[1:]
    role = header.index("role")
    for row in body:
        if row[0] in assisting:
            row[role] = ASSISTING
    return _csv(header, body)


def _services_csv() -> str:
    recipients = dict(ServiceRecipient.objects.values_list("service_id", "person__person_id"))
    rows = [
        (application_id, recipients.get(pk, ""), service, started_on, ended_on)
        for pk, application_id, service, started_on, ended_on in ServiceProvided.objects.values_list(
            "pk", "application__application_id", "service", "started_on", "ended_on"
        )
    ]
    rows.sort(key=lambda row: tuple(_cell(value) for value in row))
    return _csv(SERVICES.columns, rows)


def _sorted(rows: Iterable[Sequence[Any]]) -> list[Sequence[Any]]:
    return sorted(rows, key=lambda row: tuple(_cell(value) for value in row))


def _new_files() -> dict[str, str]:
    grounds_rows = []
    indicators: dict[int, list[str]] = defaultdict(list)
    for grounds_id, code in GroundsIndicator.objects.values_list("grounds_id", "indicator"):
        indicators[grounds_id].append(code)
    for grounds in IdentificationGrounds.objects.select_related("application"):
        grounds_rows.append(
            (
                grounds.application.application_id,
                grounds.is_child,
                grounds.act_assessed,
                grounds.means_assessed,
                grounds.purpose_assessed,
                INDICATOR_SEPARATOR.join(sorted(indicators[grounds.pk])),
                grounds.preliminary_on,
                grounds.reasonable_grounds,
                grounds.final_on,
                grounds.final_grounds,
            )
        )
    return {
        CONSENTS.name: _csv(
            CONSENTS.columns,
            _sorted(
                Consent.objects.values_list(
                    "application__application_id", "purpose", "given_on", "form", "withdrawn_on", "withdrawal_form"
                )
            ),
        ),
        IDENTIFICATION.name: _csv(IDENTIFICATION.columns, _sorted(grounds_rows)),
        RESIDENCE_PERMITS.name: _csv(
            RESIDENCE_PERMITS.columns,
            _sorted(
                ResidencePermit.objects.values_list(
                    "application__application_id",
                    "permit_type",
                    "status",
                    "applied_on",
                    "decided_on",
                    "valid_from",
                    "valid_until",
                )
            ),
        ),
        CRIMINAL_PROCESS.name: _csv(
            CRIMINAL_PROCESS.columns,
            _sorted(CriminalMatter.objects.values_list("application__application_id", *CRIMINAL_PROCESS.columns[1:])),
        ),
        DISCLOSURES.name: _csv(
            DISCLOSURES.columns,
            _sorted(
                (application_id, recipient, basis, purpose or "", disclosed_on)
                for application_id, recipient, basis, purpose, disclosed_on in Disclosure.objects.values_list(
                    "application__application_id", "recipient", "legal_basis", "consent__purpose", "disclosed_on"
                )
            ),
        ),
    }


def _all_files(actor: Actor) -> dict[str, bytes]:
    """Every file of version 2, read on one snapshot of the register."""
    with tempfile.TemporaryDirectory() as folder:
        export_register(Path(folder) / "v1", actor=actor)
        v1 = {path.name: path.read_text(encoding="utf-8") for path in sorted((Path(folder) / "v1").iterdir())}
    files = {name: text for name, text in v1.items() if name not in (PERSONS_NAME, SERVICES_NAME)}
    files[PERSONS_NAME] = _persons_csv(v1[PERSONS_NAME])
    files[SERVICES_NAME] = _services_csv()
    files.update(_new_files())
    files[VERSION_FILE] = f"{VERSION}\n"
    return {name: text.encode("utf-8") for name, text in files.items()}


def export_register_v2(path: Path | str, *, actor: Actor) -> dict[str, int]:
    """Write the register in version 2 (a folder, or a .zip when the path ends with .zip); rows per file."""
    target = Path(path)
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        files = _all_files(actor)
        counts = {name: max(data.count(b"\n") - 1, 0) for name, data in files.items() if name.endswith(".csv")}
        record(
            Action.EXPORT,
            actor,
            object_type="register",
            reason=target.name,
            changes={"format_version": 2, "rows": counts},
        )
    if target.suffix.lower() == ".zip":
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name in sorted(files):
                info = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = ZIP_MEMBER_MODE
                archive.writestr(info, files[name])
    else:
        target.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (target / name).write_bytes(data)
    return counts


# Import -------------------------------------------------------------------------------------------------------------


def _read_members(source: Path) -> dict[str, bytes]:
    if source.is_dir():
        return {path.name: path.read_bytes() for path in source.iterdir() if path.is_file()}
    with zipfile.ZipFile(source) as archive:
        return {Path(info.filename).name: archive.read(info) for info in archive.infolist() if not info.is_dir()}


def format_version(source: Path) -> str:
    members = _read_members(source)
    return members[VERSION_FILE].decode("utf-8").strip() if VERSION_FILE in members else "1"


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
    """The model's own rules (check constraints), each on the column that holds its field."""
    try:
        instance.full_clean(exclude=["recorded_by", "disclosed_by"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            column = columns.get(field, "")
            for message in messages:
                checked.bad(column, message)


@dataclass
class _Context:
    applications: dict[str, Application]
    persons: dict[str, Person]


def _import_new_files(members: dict[str, bytes], context: _Context, problems: list[ImportProblem]) -> dict[str, int]:
    counts: dict[str, int] = {}
    readers: dict[str, Callable[[_Rows], int]] = {
        CONSENTS.name: lambda rows: _consents(rows, context),
        IDENTIFICATION.name: lambda rows: _identification(rows, context),
        RESIDENCE_PERMITS.name: lambda rows: _permits(rows, context),
        CRIMINAL_PROCESS.name: lambda rows: _matters(rows, context),
        DISCLOSURES.name: lambda rows: _disclosures(rows, context),
    }
    for file in NEW_FILES:
        rows = _Rows(file, members.get(file.name), problems)
        counts[file.name] = readers[file.name](rows)
    return counts


def _application(checked: _Checked, context: _Context) -> Application | None:
    application = context.applications.get(checked.row["application_id"])
    if application is None:
        checked.bad("application_id", _("No such application in applications.csv."))
    return application


def _consents(rows: _Rows, context: _Context) -> int:
    created = 0
    for line, row in rows.rows:
        checked = _Checked(rows, line, row)
        application = _application(checked, context)
        consent = Consent(
            application=application,
            purpose=checked.choice("purpose", ConsentPurpose.values),
            given_on=checked.date("given_on", required=True),  # type: ignore[misc]  # None only with a problem
            form=checked.choice("form", RecordForm.values),
            withdrawn_on=checked.date("withdrawn_on"),
            withdrawal_form=checked.choice("withdrawal_form", RecordForm.values, required=False),
        )
        if checked.ok and application is not None:
            _model_problems(checked, consent, {"withdrawn_on": "withdrawn_on", "withdrawal_form": "withdrawal_form"})
        if checked.ok and not rows.problems:
            consent.save()
            created += 1
    return created


def _identification(rows: _Rows, context: _Context) -> int:
    created = 0
    indicator_codes = set(codes_of("screening_indicator").values_list("code", flat=True))
    for line, row in rows.rows:
        checked = _Checked(rows, line, row)
        application = _application(checked, context)
        codes = [code for code in row["indicators"].split(INDICATOR_SEPARATOR) if code]
        if set(codes) - indicator_codes:
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
        if checked.ok and application is not None:
            if IdentificationGrounds.objects.filter(application=application).exists():
                checked.bad("application_id", _("The application has grounds on another line."))
            _model_problems(
                checked,
                grounds,
                {"final_on": "final_on", "final_grounds": "final_grounds", "preliminary_on": "preliminary_on"},
            )
        if checked.ok and not rows.problems:
            grounds.save()
            GroundsIndicator.objects.bulk_create(GroundsIndicator(grounds=grounds, indicator=code) for code in codes)
            created += 1
    return created


def _permits(rows: _Rows, context: _Context) -> int:
    created = 0
    for line, row in rows.rows:
        checked = _Checked(rows, line, row)
        application = _application(checked, context)
        permit = ResidencePermit(
            application=application,
            permit_type=checked.code("permit_type", "permit_type"),
            status=checked.choice("status", PermitStatus.values),
            applied_on=checked.date("applied_on", required=True),  # type: ignore[misc]  # None only with a problem
            decided_on=checked.date("decided_on"),
            valid_from=checked.date("valid_from"),
            valid_until=checked.date("valid_until"),
        )
        if checked.ok and application is not None:
            _model_problems(checked, permit, {name: name for name in RESIDENCE_PERMITS.columns})
        if checked.ok and not rows.problems:
            permit.save()
            created += 1
    return created


def _matters(rows: _Rows, context: _Context) -> int:
    created = 0
    for line, row in rows.rows:
        checked = _Checked(rows, line, row)
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
        if checked.ok and application is not None:
            _model_problems(checked, matter, {name: name for name in CRIMINAL_PROCESS.columns})
        if checked.ok and not rows.problems:
            matter.save()
            created += 1
    return created


def _disclosures(rows: _Rows, context: _Context) -> int:
    created = 0
    for line, row in rows.rows:
        checked = _Checked(rows, line, row)
        application = _application(checked, context)
        basis = checked.choice("legal_basis", LegalBasis.values)
        purpose = checked.choice("consent_purpose", ConsentPurpose.values, required=basis == LegalBasis.CONSENT)
        disclosed_on = checked.date("disclosed_on", required=True)
        consent = None
        # Consents are written only while the import has no error: after one, a consent cannot be looked up.
        if (
            checked.ok
            and application is not None
            and basis == LegalBasis.CONSENT
            and disclosed_on
            and not rows.problems
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
        disclosure = Disclosure(
            application=application,
            recipient=checked.code("recipient", "disclosure_recipient"),
            legal_basis=basis,
            consent=consent,
            disclosed_on=disclosed_on,  # type: ignore[misc]  # None only with a problem
            imported=True,
        )
        if checked.ok and not rows.problems:
            disclosure.save()
            created += 1
    return created


def _services_and_roles(
    members: dict[str, bytes], context: _Context, problems: list[ImportProblem], assisting: set[str]
) -> None:
    """The children services were given to, and the assisting persons' applications' category."""
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
    for application in Application.objects.filter(person__person_id__in=sorted(assisting)):
        ApplicantCategory.objects.update_or_create(
            application=application, defaults={"category": ClientCategory.ASSISTING_PERSON, "recorded_by": None}
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


def import_register_any(path: Path | str, *, actor: Actor) -> ImportResult:
    """Import version 1 or 2 into an empty register or beside it (new rows only); all or nothing.

    Version 1 is the register's own import. Version 2's legal path is read for
    the applications of its files; RegisterImportError with every problem.
    """
    source = Path(path)
    members = _read_members(source)
    if VERSION_FILE not in members:
        return import_register(source, actor=actor)
    version = members[VERSION_FILE].decode("utf-8", "replace").strip()
    if version != VERSION:
        raise RegisterImportError(
            [ImportProblem(VERSION_FILE, 1, "", version, _("Torju reads versions 1 and 2 of the format."))]
        )
    with tempfile.TemporaryDirectory() as folder, transaction.atomic():
        assisting = _as_version_1(members, Path(folder))
        result = import_register(Path(folder), actor=actor)
        ids = _ids_in(members)
        context = _Context(
            applications={
                a.application_id: a for a in Application.objects.filter(application_id__in=ids["applications"])
            },
            persons={p.person_id: p for p in Person.objects.filter(person_id__in=ids["persons"])},
        )
        problems: list[ImportProblem] = []
        _services_and_roles(members, context, problems, assisting)
        counts = _import_new_files(members, context, problems)
        if problems:
            raise RegisterImportError(problems)
        record(
            Action.IMPORT,
            actor,
            object_type="register",
            reason=source.name,
            changes={"format_version": 2, "legal_path": counts},
        )
    return result


def _ids_in(members: dict[str, bytes]) -> dict[str, list[str]]:
    def first_column(name: str, column: str) -> list[str]:
        if name not in members:
            return []
        rows = _parsed(members[name])
        if not rows or column not in rows[0]:
            return []
        position = rows[0].index(column)
        return [row[position] for row in rows[1:] if len(row) > position and row[position]]

    return {
        "applications": first_column("applications.csv", "application_id"),
        "persons": first_column(PERSONS_NAME, "person_id"),
    }
