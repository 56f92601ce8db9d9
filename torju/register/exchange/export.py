"""Writing the register in the exchange format: a folder, or a .zip when the path ends with .zip.

The output is deterministic, so that export → import → export gives the
same bytes: rows sorted by identifier in code-point order (PostgreSQL is
told to compare with the "C" collation, whatever the database's locale),
columns in the spec's order, UTF-8 without a byte-order mark, `true` /
`false`, ISO dates, an empty cell for "not known", and zip members with a
fixed time stamp. Rows are streamed from a server-side cursor and written
as they come, so memory does not grow with the register.
"""

import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import F, QuerySet
from django.db.models.expressions import OrderBy
from django.db.models.functions import Collate

from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.db_router import reading_from_replica
from torju.register.exchange.format import (
    APPLICATIONS,
    ENCODING,
    EXPLOITATION,
    FALSE,
    FILES,
    PERSONS,
    REFLECTION_PERIODS,
    SERVICES,
    TRUE,
    FileFormat,
)
from torju.register.models import Application, ExploitationEvent, Person, ReflectionPeriod, ServiceProvided

CHUNK_SIZE = 5000
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can hold: no build time leaks into the file
ZIP_MEMBER_MODE = 0o644 << 16


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: dict[str, int]  # file name: number of rows


def _code_point_order(field: str) -> OrderBy:
    if connection.vendor == "postgresql":
        return Collate(F(field), "C").asc()
    return F(field).asc()  # SQLite compares text byte by byte: UTF-8 bytes sort in code-point order


def _rows(file: FileFormat) -> QuerySet[Any, tuple[Any, ...]]:
    """The file's rows in its columns' order, sorted by identifier (every column, where there is none)."""
    fields = file.lookups()
    rows: QuerySet[Any]
    if file is PERSONS:
        rows = Person.objects.order_by(_code_point_order("person_id"))
    elif file is APPLICATIONS:
        rows = Application.objects.order_by(_code_point_order("application_id"))
    elif file is EXPLOITATION:
        rows = ExploitationEvent.objects.order_by(_code_point_order("event_id"))
    elif file is REFLECTION_PERIODS:
        rows = ReflectionPeriod.objects.order_by(_code_point_order(fields[0]), *fields[1:])
    elif file is SERVICES:
        # Every column in the ordering: rows without an identifier still come out in one order only.
        rows = ServiceProvided.objects.order_by(
            _code_point_order(fields[0]),
            _code_point_order("service"),
            "started_on",
            F("ended_on").asc(nulls_first=True),
        )
    else:
        raise ValueError(file.name)
    return rows.values_list(*fields)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if value is True:
        return TRUE
    if value is False:
        return FALSE
    if isinstance(value, date):
        return value.isoformat()
    return value


def _write_csv(stream: IO[str], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    writer = csv.writer(stream)  # RFC 4180: comma, CRLF, quotes only where needed
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([_cell(value) for value in row])
        count += 1
    return count


# A row rewriter per file (the analysts' extract pseudonymises, extract.py); None: the rows as stored.
Transform = Callable[[FileFormat], Callable[[Sequence[Any]], tuple[Any, ...]]]


def _stream(file: FileFormat, transform: Transform | None = None) -> Iterator[Sequence[Any]]:
    rows: Iterator[Sequence[Any]] = _rows(file).iterator(chunk_size=CHUNK_SIZE)
    return map(transform(file), rows) if transform is not None else rows


def _write_folder(folder: Path, files: Sequence[FileFormat]) -> dict[str, int]:
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for file in files:
        with (folder / file.name).open("w", encoding=ENCODING, newline="") as stream:
            counts[file.name] = _write_csv(stream, file.columns, _stream(file))
    return counts


def _write_zip(
    output: Path | IO[bytes], files: Sequence[FileFormat], transform: Transform | None = None
) -> dict[str, int]:
    counts = {}
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            info = zipfile.ZipInfo(file.name, date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = ZIP_MEMBER_MODE
            with io.TextIOWrapper(archive.open(info, "w", force_zip64=True), encoding=ENCODING, newline="") as text:
                counts[file.name] = _write_csv(text, file.columns, _stream(file, transform))
    return counts


def write_zip_texts(output: Path | IO[bytes], files: dict[str, str]) -> dict[str, int]:
    """Whole files (name: text) as a .zip in name order, as _write_zip writes its members; rows per .csv file."""
    counts = {}
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = ZIP_MEMBER_MODE
            archive.writestr(info, files[name].encode(ENCODING))
            if name.endswith(".csv"):
                counts[name] = max(sum(1 for _row in csv.reader(io.StringIO(files[name], newline=""))) - 1, 0)
    return counts


def csv_texts(files: Sequence[FileFormat], transform: Transform | None = None) -> dict[str, str]:
    """The files as whole texts (name: text), for a writer that changes or adds files before they are zipped."""
    texts = {}
    for file in files:
        stream = io.StringIO(newline="")
        _write_csv(stream, file.columns, _stream(file, transform))
        texts[file.name] = stream.getvalue()
    return texts


def _write_zip_file(path: Path, files: Sequence[FileFormat]) -> dict[str, int]:
    """Written beside the path and moved there once complete: a failed export leaves no partial .zip."""
    partial = path.with_name(path.name + ".part")
    try:
        counts = _write_zip(partial, files)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return counts


def export_register(path: Path | str, *, actor: Actor) -> ExportResult:
    """Write the whole register (pseudonymous: no direct identifiers) and record the export.

    The caller has checked that the user may take the extract out.
    """
    target = Path(path)
    write = _write_zip_file if target.suffix.lower() == ".zip" else _write_folder
    counts = _exported(lambda: write(target, FILES), name=target.name, actor=actor)
    return ExportResult(path=target, rows=counts)


def export_register_zip(output: IO[bytes], *, name: str, actor: Actor) -> dict[str, int]:
    """The register as a .zip written to `output` (a background job's file), recorded as an export named `name`."""
    return _exported(lambda: _write_zip(output, FILES), name=name, actor=actor)


def exported_snapshot(
    write: Callable[[], dict[str, int]], *, name: str, actor: Actor, described: dict[str, Any] | None = None
) -> dict[str, int]:
    """For a newer version's export (versions.py): `write` on one snapshot of the register, recorded as an export."""
    return _exported(write, name=name, actor=actor, described=described)


def _exported(
    write: Callable[[], dict[str, int]],
    *,
    name: str,
    actor: Actor,
    described: dict[str, Any] | None = None,
    purpose: str = "",
    flagged: bool = False,
) -> dict[str, int]:
    """Run `write` on one snapshot of the register and record the export (file name, rows per file).

    `described` says what kind of extract it was; a `purpose` given is the audit event's reason. The register
    is read from the replica where one is configured (torju/db_router.py); the export is recorded on the primary.
    """
    with reading_from_replica() as alias:
        reading = connections[alias]
        outermost = not reading.in_atomic_block
        on_replica = alias != DEFAULT_DB_ALIAS
        with transaction.atomic(), transaction.atomic(using=alias) if on_replica else nullcontext():
            if outermost and reading.vendor == "postgresql":
                # One snapshot for all five files, so that every reference resolves.
                with reading.cursor() as cursor:
                    cursor.execute(
                        f"SET TRANSACTION ISOLATION LEVEL REPEATABLE READ{', READ ONLY' if on_replica else ''}"
                    )
            counts = write()
            record(
                Action.EXPORT,
                actor,
                object_type="register",
                reason=f"{name}: {purpose}" if purpose else name,
                changes={"rows": counts, **(described or {})},
                flagged=flagged,
            )
    return counts
