"""Reading the exchange container (folder or .zip) and its CSV files as streams of rows.

Nothing is read into memory whole: a file is decoded and split as it is
read, and every problem is reported with the file, line and column, as
spec/register-exchange.md asks.

The files are untrusted, so what they can make the worker hold is bounded
(settings IMPORT_*, docs/operations.md): a line longer than
IMPORT_MAX_LINE_CHARACTERS stops the file's reading, a .zip member that
unpacks larger than IMPORT_MAX_UNPACKED_MEGABYTES or more than
IMPORT_MAX_COMPRESSION_RATIO times its packed size is refused before a byte
of it is unpacked, and only the first IMPORT_MAX_ERRORS errors are kept
(`Problems`), the rest counted.
"""

import codecs
import csv
import heapq
import io
import zipfile
import zlib
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from itertools import chain, islice, repeat
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

from torju.register.exchange.format import ENCODING, FILES, FileFormat

DELIMITERS = (",", ";")
KNOWN_FILES = {file.name: file for file in FILES}
IGNORED_ZIP_FOLDERS = ("__MACOSX/",)
MAX_ZIP_DEPTH = 2  # files at the root of the zip, or in one folder
CHUNK_ROWS = 500  # rows checked together, a column at a time
PLAIN_BLOCK = 1 << 20  # characters read at once while a file has no quotes
SCAN_BLOCK = 1 << 20  # bytes read at once while looking for the first byte that is not UTF-8
UNPACKABLE = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})  # unpacked in bounded steps by zipfile
KEPT_VALUE = 1000  # characters of a cell kept in an error


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One error: `line` as a text editor counts it (the header is line 1), None for the file as a whole."""

    file: str
    line: int | None
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if not self.column:
            return f"{where}: {self.reason}"
        return f'{where}: {self.column} "{self.value}": {self.reason}'


@dataclass(frozen=True, slots=True)
class Chunk:
    """Consecutive rows of a file: their line numbers and their cells a column at a time."""

    lines: list[int]
    columns: list[Sequence[str]]


# What reading a member of a damaged .zip raises (a wrong CRC, a broken deflate stream).
DAMAGED_ARCHIVE = (zipfile.BadZipFile, zlib.error, EOFError)


class LineTooLongError(Exception):
    """A line longer than settings.IMPORT_MAX_LINE_CHARACTERS: the file is not read further."""

    def __init__(self, line: int | None = None) -> None:
        super().__init__(line)
        self.line = line  # where known: the line's number


FILE_ORDER = {file.name: position for position, file in enumerate(FILES)}
COLUMN_ORDER = {file.name: {name: position for position, name in enumerate(file.columns)} for file in FILES}


def _place(problem: ImportProblem) -> tuple[int, int, int]:
    """Where a problem is in the error list: the files in their order, then the line, then the column."""
    column = COLUMN_ORDER.get(problem.file, {}).get(problem.column, -1)
    return FILE_ORDER.get(problem.file, -1), problem.line or 0, column


class Problems:
    """The errors of one import: the first `limit` in the error list's order, and how many there were in all.

    However many errors a file has (a million-row file of bad dates), only
    `limit` are held in memory: a heap of the first ones by their place
    (file, line, column). It is true while any error was found, kept or not.
    """

    def __init__(self, limit: int | None = None) -> None:
        self.limit = settings.IMPORT_MAX_ERRORS if limit is None else max(0, limit)
        self.total = 0
        self._heap: list[tuple[tuple[int, int, int, int], ImportProblem]] = []  # (negated place and count, problem)

    def append(self, problem: ImportProblem) -> None:
        self.total += 1
        if self.limit == 0:
            return
        if len(problem.value) > KEPT_VALUE:
            problem = ImportProblem(
                problem.file, problem.line, problem.column, problem.value[:KEPT_VALUE] + "…", problem.reason
            )
        order, line, column = _place(problem)
        entry = ((-order, -line, -column, -self.total), problem)
        if len(self._heap) < self.limit:
            heapq.heappush(self._heap, entry)
        else:
            heapq.heappushpop(self._heap, entry)  # the last by place goes

    def __bool__(self) -> bool:
        return self.total > 0

    def __len__(self) -> int:
        """The errors kept (at most `limit`); `total` counts them all."""
        return len(self._heap)

    @property
    def omitted(self) -> int:
        return self.total - len(self._heap)

    def __iter__(self) -> Iterator[ImportProblem]:
        return (problem for _place, problem in sorted(self._heap, reverse=True))


class RegisterImportError(Exception):
    """The import found errors; nothing was written. `problems`: the first ones; `total`: how many in all."""

    def __init__(self, problems: Iterable[ImportProblem], total: int | None = None) -> None:
        self.problems = list(problems)
        self.total = len(self.problems) if total is None else total
        super().__init__(f"{self.total} errors; nothing was imported")

    @property
    def omitted(self) -> int:
        return self.total - len(self.problems)


class Container(AbstractContextManager["Container"]):
    """The CSV files of an exchange folder or .zip, by file name."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip: zipfile.ZipFile | None = None
        self._members: dict[str, str] = {}  # file name: member name in the zip
        self.unknown_files: list[str] = []
        if path.is_dir():
            found = {child.name for child in path.iterdir() if child.is_file()}
            self._members = {name: name for name in found}
        elif path.is_file() and zipfile.is_zipfile(path):
            self._zip = zipfile.ZipFile(path)
            self._members = self._zip_members(self._zip)
            self._check_unpacking(self._zip)
        else:
            raise RegisterImportError(
                [ImportProblem(path.name, None, "", "", _("Give a folder or a .zip file of the register files."))]
            )
        for name in sorted(self._members):
            if name.lower().endswith(".csv") and name not in KNOWN_FILES:
                self.unknown_files.append(name)

    @staticmethod
    def _zip_members(archive: zipfile.ZipFile) -> dict[str, str]:
        """Files at the root, or in the one folder that a "zip of the folder" has."""
        by_folder: dict[str, dict[str, str]] = {}
        for member in archive.infolist():
            if member.is_dir() or member.filename.startswith(IGNORED_ZIP_FOLDERS):
                continue
            path = PurePosixPath(member.filename)
            if len(path.parts) <= MAX_ZIP_DEPTH:
                folder = path.parts[0] if len(path.parts) == MAX_ZIP_DEPTH else ""
                by_folder.setdefault(folder, {})[path.name] = member.filename
        if "" in by_folder and any(name in KNOWN_FILES for name in by_folder[""]):
            return by_folder[""]
        folders = [files for files in by_folder.values() if any(name in KNOWN_FILES for name in files)]
        return folders[0] if len(folders) == 1 else by_folder.get("", {})

    def _check_unpacking(self, archive: zipfile.ZipFile) -> None:
        """Refuse, before a byte is unpacked, a register file that would unpack too large (a "zip bomb").

        zipfile unpacks a stored or deflated member in bounded steps and never
        beyond the size its header declares (a false size fails the CRC), so
        checking the declared sizes bounds what is read; other methods (bzip2,
        LZMA) are refused: they unpack a whole block at once.
        """
        problems = []
        most = settings.IMPORT_MAX_UNPACKED_MEGABYTES * 1024 * 1024
        ratio = settings.IMPORT_MAX_COMPRESSION_RATIO
        for name in sorted(self._members):
            if name not in KNOWN_FILES:
                continue
            info = archive.getinfo(self._members[name])
            if info.compress_type not in UNPACKABLE:
                reason = _("The file is packed with a method other than deflate. Make the archive again as a .zip.")
            elif info.file_size > most:
                reason = _("The file is larger than %(megabytes)s MB unpacked; import it in parts.") % {
                    "megabytes": settings.IMPORT_MAX_UNPACKED_MEGABYTES
                }
            elif info.file_size > ratio * max(info.compress_size, 1):
                reason = _(
                    "The file unpacks to more than %(ratio)s times its packed size, which no register file does; "
                    "make the archive again."
                ) % {"ratio": ratio}
            else:
                continue
            problems.append(ImportProblem(name, None, "", "", reason))
        if problems:
            archive.close()
            raise RegisterImportError(problems)

    def __contains__(self, name: str) -> bool:
        return name in self._members

    def size(self, name: str) -> int:
        if self._zip is not None:
            return self._zip.getinfo(self._members[name]).file_size
        return (self.path / name).stat().st_size

    def open(self, name: str) -> IO[bytes]:
        if self._zip is not None:
            return self._zip.open(self._members[name])
        return (self.path / name).open("rb")

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()


class CsvReader(AbstractContextManager["CsvReader"]):
    """The rows of one exchange file with their line numbers; the header is checked on entering.

    Rows come in chunks of columns in the spec's column order, whatever the
    file's order; a missing optional column reads as empty cells. Problems of the
    file as a whole (encoding, header, broken CSV) are added to `problems`,
    and `readable` turns False when the rows cannot be trusted, so that the
    import does not report every reference to them as dangling.
    """

    def __init__(
        self,
        container: Container,
        file: FileFormat,
        problems: Problems,
        on_bytes: Callable[[int], None] | None = None,
    ) -> None:
        self.container = container
        self.file = file
        self.problems = problems
        self.on_bytes = on_bytes
        self.readable = True
        self.width = 0
        self._positions: list[int] = []
        self._line = 1  # the last line read
        self._delimiter = ","
        self._raw: IO[bytes] | None = None
        self._text: io.TextIOWrapper | None = None

    def __enter__(self) -> "CsvReader":
        self._raw = self.container.open(self.file.name)
        self._text = io.TextIOWrapper(self._raw, encoding="utf-8-sig", errors="strict", newline="")
        try:
            first = self._readline()
        except UnicodeDecodeError:
            self._not_utf8()
            return self
        except DAMAGED_ARCHIVE:
            self._damaged()
            return self
        except LineTooLongError:
            self._too_long(1)
            return self
        if not first.strip():
            self.readable = False
            self._problem(None, "", "", _("The file is empty."))
            return self
        self._delimiter = ";" if first.count(";") > first.count(",") else ","
        try:
            header = next(csv.reader([first], delimiter=self._delimiter, strict=True))
        except csv.Error as error:
            self._broken(1, error)
            return self
        self._check_header(header)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if self._text is not None:
            self._text.close()
        if self.on_bytes is not None:
            self.on_bytes(self.container.size(self.file.name))

    def _problem(self, line: int | None, column: str, value: str, reason: str) -> None:
        self.problems.append(ImportProblem(self.file.name, line, column, value, reason))

    def _not_utf8(self) -> None:
        self.readable = False
        self._problem(
            _first_bad_line(self.container, self.file.name),
            "",
            "",
            _("The file is not UTF-8 text. Save it as UTF-8 (CSV UTF-8) and import again."),
        )

    def _damaged(self) -> None:
        self.readable = False
        self._problem(
            None, "", "", _("The file is damaged in the .zip archive and cannot be read. Make the archive again.")
        )

    def _too_long(self, line: int) -> None:
        self.readable = False
        self._problem(
            line,
            "",
            "",
            _("The line is longer than %(characters)s characters; the file is not read further.")
            % {"characters": settings.IMPORT_MAX_LINE_CHARACTERS},
        )

    def _readline(self) -> str:
        """One line, never longer than IMPORT_MAX_LINE_CHARACTERS (LineTooLongError): a file without line breaks is
        not read into memory whole."""
        assert self._text is not None
        most = settings.IMPORT_MAX_LINE_CHARACTERS
        line = self._text.readline(most + 1)
        if len(line) > most:
            raise LineTooLongError
        return line

    def _lines(self) -> Iterator[str]:
        """The remaining lines, each read by `_readline`."""
        while line := self._readline():
            yield line

    def _broken(self, line: int, error: csv.Error) -> None:
        self.readable = False
        self._problem(line, "", "", _("The file is not valid CSV: %s") % error)

    def _check_header(self, header: list[str]) -> None:
        known = set(self.file.columns)
        seen: set[str] = set()
        for name in header:
            if name in seen:
                self._problem(1, name, name, _("The column appears twice in the header."))
            elif name not in known:
                self._problem(1, name, name, _("Unknown column (column names are case-sensitive)."))
            seen.add(name)
        for name in self.file.columns:
            if name in self.file.required_columns and name not in seen:
                self.readable = False
                self._problem(1, name, "", _("A required column is missing."))
        self.width = len(header)
        # Where each column of the spec is in the file; a missing optional column reads as empty cells.
        self._positions = [header.index(name) if name in seen else self.width for name in self.file.columns]

    def chunks(self, size: int = CHUNK_ROWS) -> Iterator[Chunk]:
        """The rows in chunks of columns, so that the checks can run a column at a time.

        Empty rows are left out (spreadsheet programs leave them at the end);
        a row with the wrong number of cells is reported and left out.
        """
        if not self.readable or self._text is None or self._raw is None:
            return
        self._line = 1  # the last line read: the header
        try:
            rest = yield from self._plain_chunks(size)
            if rest is not None:
                yield from self._csv_chunks(chain(io.StringIO(rest, newline=""), self._lines()), size)
        except UnicodeDecodeError:
            self._not_utf8()
        except DAMAGED_ARCHIVE:
            self._damaged()
        except LineTooLongError as error:
            self._too_long(error.line or self._line + 1)

    def _plain_chunks(self, size: int) -> Generator[Chunk, None, str | None]:
        """Rows read a block at a time while the text has no quotes: the fast path.

        Without a quote character CSV is lines split at the delimiter, which
        str.split does several times faster than csv.reader, and a block of
        rows of the same width becomes columns by slicing one list. What the
        csv module would read differently (a quote, a line break that is a
        lone CR, a line too long for a field) goes to `_csv_chunks`, from the
        start of the block on: returned here, None at the end of the file.
        """
        assert self._text is not None and self._raw is not None
        # A line longer than this goes the csv module's way, which reads lines within IMPORT_MAX_LINE_CHARACTERS.
        limit = min(csv.field_size_limit(), settings.IMPORT_MAX_LINE_CHARACTERS)
        pending = ""  # the start of a line whose end is in the next block
        while True:
            data = self._text.read(PLAIN_BLOCK)
            text = pending + data
            cut = text.rfind("\n") + 1 if data else len(text)
            block, pending = text[:cut], text[cut:]
            if '"' in block or len(pending) > limit:
                return self._whole_lines(text)
            if "\r" in block:
                if block.count("\r") != block.count("\r\n"):
                    return self._whole_lines(text)
                block = block.replace("\r\n", "\n")
            lines = block.split("\n")
            if not lines[-1]:
                lines.pop()  # after the last line break
            if lines and max(map(len, lines)) > limit:
                return self._whole_lines(text)
            if self.on_bytes is not None:
                self.on_bytes(self._raw.tell())
            for start in range(0, len(lines), size):
                chunk = self._plain_chunk(lines[start : start + size])
                if chunk is not None:
                    yield chunk
            if not data:
                return None

    def _whole_lines(self, text: str) -> str:
        """`text` to the end of its last line, as csv.reader must be given it."""
        if text.endswith("\n"):
            return text
        end = self._text.readline(settings.IMPORT_MAX_LINE_CHARACTERS + 1) if self._text is not None else ""
        if len(text) - text.rfind("\n") - 1 + len(end) > settings.IMPORT_MAX_LINE_CHARACTERS:
            raise LineTooLongError(self._line + 1 + text.count("\n"))
        return text + end

    def _plain_chunk(self, rows: list[str]) -> Chunk | None:
        """Lines without quotes as a chunk: their cells sliced into columns when every row has the header's width."""
        first = self._line + 1
        self._line += len(rows)
        lines = list(range(first, first + len(rows)))
        delimiter = self._delimiter
        if all(map((self.width - 1).__eq__, map(str.count, rows, repeat(delimiter)))):
            cells = delimiter.join(rows).split(delimiter)
            columns: list[Sequence[str]] = [cells[position :: self.width] for position in range(self.width)]
            if "" not in columns[0]:
                return self._chunk(lines, columns)
        lines, split = self._usable(lines, [row.split(delimiter) for row in rows])
        return self._chunk(lines, _transposed(split) or []) if lines else None

    def _csv_chunks(self, text: Iterable[str], size: int) -> Iterator[Chunk]:
        """Rows as the csv module reads them: quoted cells may hold delimiters, quotes and line breaks."""
        assert self._raw is not None
        reader = csv.reader(_bounded(text), delimiter=self._delimiter, strict=True)
        before = self._line  # lines read before this reader began
        try:
            while rows := list(islice(reader, size)):
                last = before + reader.line_num
                spans_lines = last - self._line != len(rows)  # a quoted cell holds a line break
                lines = (
                    _lines_with_breaks(rows, self._line + 1) if spans_lines else list(range(self._line + 1, last + 1))
                )
                self._line = last
                if self.on_bytes is not None:
                    self.on_bytes(self._raw.tell())
                columns = _transposed(rows)
                # A row of another width, or an empty row (spreadsheets leave ;;;; rows at the end)?
                if columns is None or len(columns) != self.width or "" in columns[0]:
                    lines, rows = self._usable(lines, rows)
                    columns = _transposed(rows) or []
                if lines:
                    yield self._chunk(lines, columns)
        except csv.Error as error:
            self._broken(before + max(reader.line_num, 1), error)
        except LineTooLongError:
            self._too_long(before + reader.line_num + 1)

    def _usable(self, lines: list[int], rows: list[list[str]]) -> tuple[list[int], list[list[str]]]:
        """Without the empty rows and, reported, the rows of the wrong width."""
        kept_lines, kept_rows = [], []
        for line, cells in zip(lines, rows, strict=True):
            if not any(cells):
                continue
            if len(cells) != self.width:
                self._problem(
                    line,
                    "",
                    "",
                    _("The row has %(cells)s cells but the header has %(columns)s columns.")
                    % {"cells": len(cells), "columns": self.width},
                )
                continue
            kept_lines.append(line)
            kept_rows.append(cells)
        return kept_lines, kept_rows

    def _chunk(self, lines: list[int], columns: Sequence[Sequence[str]]) -> Chunk:
        empty = ("",) * len(lines)
        return Chunk(lines, [columns[position] if position < self.width else empty for position in self._positions])


def _bounded(lines: Iterable[str]) -> Iterator[str]:
    """The lines, stopped by LineTooLongError at the first longer than IMPORT_MAX_LINE_CHARACTERS."""
    most = settings.IMPORT_MAX_LINE_CHARACTERS
    for line in lines:
        if len(line) > most:
            raise LineTooLongError
        yield line


def _transposed(rows: list[list[str]]) -> list[Sequence[str]] | None:
    """The cells a column at a time; None when the rows differ in width."""
    try:
        return list(zip(*rows, strict=True))
    except ValueError:
        return None


def _lines_with_breaks(rows: list[list[str]], first: int) -> list[int]:
    """The first line of each row when cells hold line breaks (rare: only then is this worth it)."""
    lines = []
    line = first
    for cells in rows:
        lines.append(line)
        line += 1 + sum(cell.count("\n") + cell.count("\r") - cell.count("\r\n") for cell in cells)
    return lines


def _first_bad_line(container: Container, name: str) -> int:
    """The line of the first byte that is not UTF-8: only looked for once the file has failed."""
    decoder = codecs.getincrementaldecoder(ENCODING)()
    line = 1
    with container.open(name) as raw:
        while block := raw.read(SCAN_BLOCK):
            pending = len(decoder.getstate()[0])  # the start of a character cut by the previous block
            try:
                decoder.decode(block)
            except UnicodeDecodeError as error:
                return line + block.count(b"\n", 0, max(0, error.start - pending))
            line += block.count(b"\n")
    return 1


def read_ids(container: Container, file: FileFormat, id_column: str) -> list[str]:
    """Only one column: the identifiers the database must be asked about before the real pass.

    Problems are not collected here; the real pass finds them again.
    """
    position = file.columns.index(id_column)
    with CsvReader(container, file, Problems(0)) as reader:
        return [value for chunk in reader.chunks() for value in chunk.columns[position]]
