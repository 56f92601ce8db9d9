"""Writing checked rows into the register tables in bulk: COPY on PostgreSQL, executemany on SQLite.

The import holds the register tables locked for its whole transaction
(writes wait, reads go on), which makes three things safe: the check that
identifiers are not in the register yet, taking primary keys from the
table's sequence in blocks, and counting case numbers in memory.

Into an empty register on PostgreSQL (the migration of a whole register)
the load drops the tables' secondary indexes, unique constraints and
foreign keys first and builds them again at the end, as pg_restore does:
building an index once is several times faster than updating it a million
times, and a foreign key checked once by a join is far faster than a
trigger per row. The import has checked every reference itself, and the
rebuild checks them all again before the transaction commits.

Rows travel a chunk at a time as columns of cell text (a list per column),
the way the import checks them; each database turns a column into its own
input form in one pass.
"""

import queue
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager, suppress
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Field, ForeignKey, IntegerField, Model

from torju.register.models import (
    Application,
    CaseNumberCounter,
    ExploitationEvent,
    Person,
    ReflectionPeriod,
    ServiceProvided,
)

REGISTER_MODELS: tuple[type[Model], ...] = (
    Person,
    Application,
    ExploitationEvent,
    ReflectionPeriod,
    ServiceProvided,
)
LOOKUP_CHUNK = 5000
INDEX_BUILD_MEMORY = "256MB"
HAND_OVER_LENGTH = 1 << 20  # characters of COPY text handed to the loader thread at once
QUEUED_TEXTS = 1000  # texts waiting for the loader thread: a gigabyte at most
COPY_NULL = "\\N"
# What COPY's text format needs escaped inside a value.
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})

Column = Sequence[Any]


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _field(model: type[Model], name: str) -> Field[Any, Any]:
    field = model._meta.get_field(name)
    assert isinstance(field, Field) and field.column is not None
    return field


def _columns(model: type[Model], fields: Sequence[str]) -> str:
    return ", ".join(connection.ops.quote_name(str(_field(model, name).column)) for name in fields)


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _is_number(field: Field[Any, Any]) -> bool:
    return isinstance(field, IntegerField | ForeignKey) or field.primary_key


class TableWriter(ABC):
    """Rows for one table, a chunk of columns at a time, in the order of `fields`.

    Primary and foreign keys are ints (None for no parent); other values are
    the cells of the file, "" standing for NULL in nullable columns,
    `true` / `false` in boolean ones.
    """

    def __init__(self, model: type[Model], fields: Sequence[str], first_id: int) -> None:
        self.model = model
        self.fields = [_field(model, name) for name in fields]
        self.next_id = first_id

    def ids(self, count: int) -> range:
        """Primary keys for `count` new rows."""
        first = self.next_id
        self.next_id += count
        return range(first, self.next_id)

    @abstractmethod
    def write(self, columns: Sequence[Column]) -> None: ...


class CopyWriter(TableWriter):
    """Turns a chunk into COPY's text format here, and hands the text to the loader's COPY.

    Text goes to the loader thread a megabyte at a time, not a chunk at a
    time: every hand-over makes the two threads wait for each other's GIL.
    """

    def __init__(self, model: type[Model], fields: Sequence[str], first_id: int, send: Callable[[str], None]) -> None:
        super().__init__(model, fields, first_id)
        self.send = send
        self.pending: list[str] = []
        self.pending_length = 0

    def write(self, columns: Sequence[Column]) -> None:
        if not columns[0]:
            return
        texts = [self._text(field, values) for field, values in zip(self.fields, columns, strict=True)]
        text = "\n".join(map("\t".join, zip(*texts, strict=True))) + "\n"
        self.pending.append(text)
        self.pending_length += len(text)
        if self.pending_length >= HAND_OVER_LENGTH:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.send("".join(self.pending))
            self.pending.clear()
            self.pending_length = 0

    @staticmethod
    def _text(field: Field[Any, Any], values: Column) -> Iterable[str]:
        if _is_number(field):
            if field.null:
                return [COPY_NULL if value is None else str(value) for value in values]
            return map(str, values)
        if isinstance(field, BooleanField):
            return values  # true / false: PostgreSQL reads them as they are
        if field.null:
            return [value or COPY_NULL for value in values]  # dates: never anything to escape
        together = "".join(values)
        if "\\" in together or "\t" in together or "\n" in together or "\r" in together:
            return [value.translate(COPY_ESCAPES) for value in values]
        return values


class InsertWriter(TableWriter):
    def __init__(self, model: type[Model], fields: Sequence[str], first_id: int, cursor: Any) -> None:
        super().__init__(model, fields, first_id)
        self.cursor = cursor
        placeholders = ", ".join(["%s"] * len(fields))
        # Names come from the model, never from the file.
        self.sql = f"INSERT INTO {_table(model)} ({_columns(model, fields)}) VALUES ({placeholders})"  # noqa: S608

    def write(self, columns: Sequence[Column]) -> None:
        if not columns[0]:
            return
        values = [self._value(field, column) for field, column in zip(self.fields, columns, strict=True)]
        self.cursor.executemany(self.sql, list(zip(*values, strict=True)))

    @staticmethod
    def _value(field: Field[Any, Any], values: Column) -> Column:
        if _is_number(field):
            return [None if value is None else int(value) for value in values]
        if isinstance(field, BooleanField):
            return [value == "true" for value in values]
        if field.null:
            return [value or None for value in values]
        return values


class Loader(ABC):
    """The database side of an import; one instance per import, inside its transaction."""

    def __init__(self) -> None:
        self.fresh = False
        self._first_id: dict[type[Model], int] = {}
        self._next_id: dict[type[Model], int] = {}

    @contextmanager
    def session(self) -> Iterator[None]:
        """Around the writing of the rows: afterwards the connection is this thread's alone again."""
        yield

    @staticmethod
    def for_connection() -> "Loader":
        return PostgresLoader() if connection.vendor == "postgresql" else SqliteLoader()

    def begin(self) -> None:
        """Lock the register and note whether it is empty."""
        self._lock()
        self.fresh = not any(model._default_manager.exists() for model in REGISTER_MODELS)

    def existing(self, model: type[Model], field: str, values: Iterable[str]) -> dict[str, int]:
        """identifier: primary key, of the given identifiers that are in the register already."""
        wanted = list(dict.fromkeys(values))
        found: dict[str, int] = {}
        manager = model._default_manager
        for start in range(0, len(wanted), LOOKUP_CHUNK):
            chunk = wanted[start : start + LOOKUP_CHUNK]
            found.update(manager.filter(**{f"{field}__in": chunk}).values_list(field, "pk"))
        return found

    def delete(self, model: type[Model], field: str, values: Iterable[Any]) -> int:
        wanted = list(values)
        deleted = 0
        for start in range(0, len(wanted), LOOKUP_CHUNK):
            chunk = wanted[start : start + LOOKUP_CHUNK]
            deleted += model._default_manager.filter(**{f"{field}__in": chunk}).delete()[0]
        return deleted

    def update(self, model: type[Model], set_clause: str, rows: Sequence[Sequence[Any]]) -> None:
        """UPDATE ... SET <set_clause> WHERE id = <the row's last value>, for each row."""
        if rows:
            with connection.cursor() as cursor:
                # The clause is the import's own constant; only the values come from the file.
                cursor.executemany(f"UPDATE {_table(model)} SET {set_clause} WHERE id = %s", rows)  # noqa: S608

    def insert(self, model: type[Model], fields: Sequence[str]) -> AbstractContextManager[TableWriter]:
        """A writer of new rows; columns left out get their database defaults."""
        if model not in self._next_id:
            # Asked before a COPY begins: during one the connection can run nothing else.
            self._first_id[model] = self._next_id[model] = self._first_free_id(model)
        return self._writer(model, fields, self._next_id[model])

    def _done(self, writer: TableWriter) -> None:
        self._next_id[writer.model] = writer.next_id

    @abstractmethod
    def loaded(self, model: type[Model]) -> None:
        """Every new row of the table has been written."""

    @abstractmethod
    def _lock(self) -> None: ...

    @abstractmethod
    def _first_free_id(self, model: type[Model]) -> int: ...

    @abstractmethod
    def _writer(self, model: type[Model], fields: Sequence[str], first_id: int) -> AbstractContextManager[TableWriter]:
        """The table is locked: nobody else takes primary keys meanwhile."""

    @abstractmethod
    def prepare_bulk_load(self) -> None:
        """Before the rows of an import into an empty register."""

    @abstractmethod
    def finish(self) -> None:
        """After the last row: sequences, indexes, statistics."""


class PostgresLoader(Loader):
    """COPY from a second thread, which also rebuilds each table's indexes as soon as its rows are in.

    This thread checks the files and formats the rows; the loader thread
    only passes text to the server and waits, with the GIL released, so
    that the server's work (storing the rows, building indexes, checking
    foreign keys) goes on while the next file is checked: on a two-core
    machine one core checks while the other stores. Jobs run in order on
    the one connection of the transaction; while the loader thread runs,
    this thread does not use the connection (see `session`).
    """

    def __init__(self) -> None:
        super().__init__()
        self._rebuild: dict[str, list[str]] = {}  # table: statements that restore what prepare_bulk_load dropped
        self._jobs: queue.Queue[tuple[Any, ...] | None] = queue.Queue(maxsize=QUEUED_TEXTS)
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None

    def begin(self) -> None:
        super().begin()
        # Taken now: once the loader thread runs, this thread must leave the connection alone.
        for model in REGISTER_MODELS:
            self._first_id[model] = self._next_id[model] = self._first_free_id(model)

    def _lock(self) -> None:
        # EXCLUSIVE: others may read, but neither write nor lock rows, until the import ends.
        locked: tuple[type[Model], ...] = (*REGISTER_MODELS, CaseNumberCounter)
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {', '.join(_table(model) for model in locked)} IN EXCLUSIVE MODE")

    def _first_free_id(self, model: type[Model]) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [model._meta.db_table])
            return int(cursor.fetchone()[0])

    @contextmanager
    def session(self) -> Iterator[None]:
        try:
            yield
        except BaseException:
            self._stop()
            raise
        self._stop()
        if self._failure is not None:
            raise self._failure

    def _put(self, job: tuple[Any, ...]) -> None:
        if self._failure is not None:
            raise self._failure
        if self._thread is None:
            connection.ensure_connection()
            self._thread = threading.Thread(target=self._work, args=(connection.connection,), daemon=True)
            self._thread.start()
        self._jobs.put(job)

    def _stop(self) -> None:
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join()
            self._thread = None

    def _work(self, raw: Any) -> None:
        copying = ExitStack()  # holds the COPY in progress
        copy: Any = None
        try:
            with raw.cursor() as cursor:
                while (job := self._jobs.get()) is not None:
                    kind = job[0]
                    if kind == "data":
                        copy.write(job[1])
                    elif kind == "copy":
                        copy = copying.enter_context(cursor.copy(job[1]))
                    elif kind == "end":
                        copying.close()
                    elif kind == "loaded":
                        for statement in self._rebuild.pop(job[1], []):
                            cursor.execute(statement)
                        if self.fresh:
                            # The planner needs statistics of the new rows at once, not when autovacuum comes by.
                            cursor.execute(f"ANALYZE {_quote(job[1])}")
                    else:
                        cursor.executemany(job[1], job[2])
        except BaseException as error:
            self._failure = error
            with suppress(Exception):
                copying.__exit__(type(error), error, error.__traceback__)
            while self._jobs.get() is not None:
                pass  # so that the checking thread never waits on a full queue

    @contextmanager
    def _writer(self, model: type[Model], fields: Sequence[str], first_id: int) -> Iterator[TableWriter]:
        self._put(("copy", f"COPY {_table(model)} ({_columns(model, fields)}) FROM STDIN"))
        writer = CopyWriter(model, fields, first_id, lambda text: self._put(("data", text)))
        yield writer
        writer.flush()
        self._put(("end",))
        self._done(writer)

    def loaded(self, model: type[Model]) -> None:
        self._put(("loaded", model._meta.db_table))

    def update(self, model: type[Model], set_clause: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            # The clause is the import's own constant; only the values come from the file.
            self._put(("sql", f"UPDATE {_table(model)} SET {set_clause} WHERE id = %s", rows))  # noqa: S608

    def prepare_bulk_load(self) -> None:
        # Deferred foreign key checks of earlier work in this transaction (rows deleted, say) run now:
        # a table with pending checks cannot be altered.
        connection.check_constraints()
        tables = [model._meta.db_table for model in REGISTER_MODELS]
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT rel.relname, con.conname, con.contype, pg_get_constraintdef(con.oid)
                FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid
                WHERE con.conrelid = ANY(%s::regclass[]) AND con.contype IN ('u', 'f')
                ORDER BY con.contype, rel.relname, con.conname
                """,
                [tables],
            )
            constraints = cursor.fetchall()
            cursor.execute(
                """
                SELECT rel.relname, idx.relname, pg_get_indexdef(ind.indexrelid)
                FROM pg_index ind
                JOIN pg_class idx ON idx.oid = ind.indexrelid
                JOIN pg_class rel ON rel.oid = ind.indrelid
                WHERE ind.indrelid = ANY(%s::regclass[]) AND NOT ind.indisprimary
                AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ind.indexrelid
                                AND con.conrelid = ind.indrelid AND con.contype IN ('p', 'u', 'x'))
                ORDER BY rel.relname, idx.relname
                """,
                [tables],
            )
            indexes = cursor.fetchall()
            # Foreign keys ('f' sorts first) go before the unique constraints they might lean on.
            for table, name, _kind, _definition in constraints:
                cursor.execute(f"ALTER TABLE {_quote(table)} DROP CONSTRAINT {_quote(name)}")
            for _table_name, name, _definition in indexes:
                cursor.execute(f"DROP INDEX {_quote(name)}")
            cursor.execute(f"SET LOCAL maintenance_work_mem = '{INDEX_BUILD_MEMORY}'")
            # One server process per statement: the other cores are checking the next file meanwhile.
            cursor.execute("SET LOCAL max_parallel_maintenance_workers = 0")
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        # Rebuilt per table once its rows are in: indexes and unique constraints, then foreign keys,
        # which point only to tables loaded before (persons ← applications ← the rest).
        for table, _name, definition in indexes:
            self._rebuild.setdefault(table, []).append(definition)
        for table, name, _kind, definition in reversed(constraints):
            self._rebuild.setdefault(table, []).append(
                f"ALTER TABLE {_quote(table)} ADD CONSTRAINT {_quote(name)} {definition}"
            )

    def finish(self) -> None:
        with connection.cursor() as cursor:
            for model, next_id in self._next_id.items():
                if next_id > self._first_id[model]:
                    cursor.execute(
                        "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [model._meta.db_table, next_id - 1]
                    )
            for statements in self._rebuild.values():  # of tables whose file was missing
                for statement in statements:
                    cursor.execute(statement)


class SqliteLoader(Loader):
    """SQLite serves a demo or a small office: plain batched INSERTs, no index juggling."""

    def _lock(self) -> None:
        # SQLite locks the whole file at the first write of a transaction: take it now.
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {_table(CaseNumberCounter)} SET last_number = last_number WHERE 0")  # noqa: S608

    def _first_free_id(self, model: type[Model]) -> int:
        # AUTOINCREMENT remembers the highest id ever used (sqlite_sequence): ids are never reused.
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {_table(model)}")  # noqa: S608
            highest = int(cursor.fetchone()[0])
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [model._meta.db_table])
            remembered = cursor.fetchone()
        return max(highest, int(remembered[0]) if remembered else 0) + 1

    @contextmanager
    def _writer(self, model: type[Model], fields: Sequence[str], first_id: int) -> Iterator[TableWriter]:
        with connection.cursor() as cursor:
            writer = InsertWriter(model, fields, first_id, cursor)
            yield writer
        self._done(writer)

    def prepare_bulk_load(self) -> None:
        """Nothing to prepare: the registers SQLite holds are small enough to load with their indexes."""

    def loaded(self, model: type[Model]) -> None:
        """Nothing to do: the indexes were kept up to date."""

    def finish(self) -> None:
        """Nothing to finish: AUTOINCREMENT follows the ids inserted."""
