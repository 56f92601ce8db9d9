"""A lookup for the register's CHECK constraints that is cheap for a bulk load to evaluate.

`field__capital_letters=2`: exactly two letters A–Z. Spelled out with
UPPER/LOWER/SUBSTR the condition costs PostgreSQL several function calls
per row, a third of the time of loading a million persons; a regular
expression (PostgreSQL) or GLOB (SQLite, built in, so the constraint also
holds for any other client of the file) costs one.
"""

from typing import Any

from django.db import NotSupportedError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import CharField, Lookup
from django.db.models.sql.compiler import SQLCompiler


@CharField.register_lookup
class CapitalLetters(Lookup[int]):
    lookup_name = "capital_letters"
    prepare_rhs = False

    def _parts(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, list[Any], int]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        count = int(self.rhs)
        if count < 1:
            raise ValueError("capital_letters needs a positive count")
        return lhs, list(lhs_params), count

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> Any:
        raise NotSupportedError(f"capital_letters is not implemented for {connection.vendor}")

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> Any:
        lhs, params, count = self._parts(compiler, connection)
        return f"{lhs} ~ %s", [*params, f"^[A-Z]{{{count}}}$"]

    def as_sqlite(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> Any:
        lhs, params, count = self._parts(compiler, connection)
        return f"{lhs} GLOB %s", [*params, "[A-Z]" * count]
