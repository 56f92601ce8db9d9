"""The checks of one column of a chunk of rows: the rules of the exchange format, vectorised.

Each check first asks, at C speed, whether anything is wrong at all (a set
operation, a map or a compress over the column), and only then finds the
rows to report. A register has a few thousand distinct dates: each is
parsed once. Every problem names the file, the line, the column and the
value (spec/register-exchange.md); the import goes on to the end of every
file, so that the list is complete.
"""

from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import date
from itertools import compress, count, repeat, starmap
from operator import and_, itemgetter, lt, not_
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from torju.codes.models import Code
from torju.documents.tabular import FORMULA_STARTS
from torju.register.exchange.format import FileFormat
from torju.register.exchange.reading import Chunk, ImportProblem, Problems
from torju.register.models import IDENTIFIER_MAX_LENGTH

ISO_DATE_LENGTH = 10
UNSAFE_STARTS = frozenset(FORMULA_STARTS)
FIRST_CHARACTER = itemgetter(0)
FLAG = 1  # the lowest bit of an import's maps of identifiers to primary keys (a victim; a positive decision)


def where(flags: Iterable[Any]) -> list[int]:
    """Positions of the true values."""
    return list(compress(count(), flags))


def pick(column: Sequence[Any], positions: Sequence[int]) -> tuple[Any, ...]:
    if not positions:
        return ()
    picked = itemgetter(*positions)(column)
    return picked if len(positions) > 1 else (picked,)


class ColumnChecks:
    """The problems found so far, and the checks that add to them."""

    def __init__(self) -> None:
        self.problems = Problems()
        self.today = timezone.localdate().isoformat()
        self.codes: dict[str, frozenset[str]] = {}
        # Codes no longer offered are still codes: old registers use them.
        for code_list, code in Code.objects.values_list("code_list", "code"):
            self.codes[code_list] = self.codes.get(code_list, frozenset()) | {code}
        self.good_dates: set[str] = set()  # cells found to be dates no later than today
        self.good_dates_or_empty: set[str] = {""}
        self.with_empty: dict[int, frozenset[str]] = {}  # id of a set of values: the same and ""
        self.bad_dates: dict[str, str] = {}  # cell: why it is not
        self.messages = {
            "required": _("This value is required."),
            "bad_date": _("Not a date in the form YYYY-MM-DD."),
            "future": _("The date is after the day of the import."),
            "country": _("Not a country code (ISO 3166-1 alpha-2, XX stateless or ZZ unknown)."),
            "identifier": _(
                "Not a valid identifier: 1 to %(length)s characters, not starting with =, +, -, @, a tab or a "
                "line break."
            )
            % {"length": IDENTIFIER_MAX_LENGTH},
            "duplicate": _("The identifier appears more than once in the file."),
            "exists": _("Already in the register; import with update to replace it."),
            "no_person": _("No such person_id in persons.csv."),
            "no_application": _("No such application_id in applications.csv."),
            "boolean": _("Write true or false."),
            "child_only": _("Only a child of a victim has this."),
            "child_needs": _("Required for a child of a victim."),
        }

    # Reporting.

    def problem(self, file: FileFormat, line: int | None, column: str, value: str, reason: str) -> None:
        self.problems.append(ImportProblem(file.name, line, column, value, reason))

    def report(
        self,
        file: FileFormat,
        chunk: Chunk,
        column: str,
        values: Sequence[str],
        positions: Iterable[int],
        reason: str | Callable[[str], str],
    ) -> None:
        """A problem for each position; the reason may depend on the value."""
        for position in positions:
            value = values[position]
            self.problem(
                file, chunk.lines[position], column, value, reason if isinstance(reason, str) else reason(value)
            )

    # Checks of one column of a chunk.

    def check_values(
        self,
        file: FileFormat,
        chunk: Chunk,
        column: str,
        values: Sequence[str],
        allowed: Collection[str],
        reason: str,
        *,
        required: bool = True,
    ) -> None:
        """Every cell one of `allowed`; an empty cell is "required" or, if not, allowed."""
        if not required:
            allowed = self._or_empty(allowed)
        if all(map(allowed.__contains__, values)):
            return
        wrong = set(values).difference(allowed)
        if not required:
            wrong.discard("")
        if wrong:
            self.report(
                file,
                chunk,
                column,
                values,
                where(value in wrong for value in values),
                lambda value: self.messages["required"] if not value else reason,
            )

    def _or_empty(self, allowed: Collection[str]) -> Collection[str]:
        found = self.with_empty.get(id(allowed))
        if found is None:
            found = self.with_empty[id(allowed)] = frozenset(allowed) | {""}
        return found

    def check_codes(
        self,
        file: FileFormat,
        chunk: Chunk,
        column: str,
        values: Sequence[str],
        code_list: str,
        *,
        required: bool = True,
    ) -> None:
        reason = _("Not a code of the code list %(list)s.") % {"list": code_list}
        self.check_values(
            file, chunk, column, values, self.codes.get(code_list, frozenset()), reason, required=required
        )

    def check_dates(
        self, file: FileFormat, chunk: Chunk, column: str, values: Sequence[str], *, required: bool = True
    ) -> None:
        """ISO dates no later than today. A register has a few thousand distinct dates: each is parsed once."""
        if all(map((self.good_dates if required else self.good_dates_or_empty).__contains__, values)):
            return
        unseen = set(values).difference(self.good_dates)
        unseen.discard("")
        wrong = {value for value in unseen if not self._date_ok(value)}
        if required and "" in values:
            wrong.add("")
        if wrong:
            self.report(
                file,
                chunk,
                column,
                values,
                where(value in wrong for value in values),
                lambda value: self.bad_dates.get(value, self.messages["required"]),
            )

    def _date_ok(self, value: str) -> bool:
        reason = self._date_reason(value)
        if reason is None:
            self.good_dates.add(value)
            self.good_dates_or_empty.add(value)
            return True
        self.bad_dates[value] = reason
        return False

    def _date_reason(self, value: str) -> str | None:
        if len(value) != ISO_DATE_LENGTH or value[4] != "-" or value[7] != "-":
            return self.messages["bad_date"]
        digits = value[:4] + value[5:7] + value[8:]
        if not (digits.isascii() and digits.isdigit()):
            return self.messages["bad_date"]
        try:
            date.fromisoformat(value)
        except ValueError:
            return self.messages["bad_date"]
        return self.messages["future"] if value > self.today else None

    def check_order(
        self, file: FileFormat, chunk: Chunk, later: tuple[str, Sequence[str]], earlier: tuple[str, Sequence[str]]
    ) -> None:
        """`later` not before `earlier` where both are good dates (ISO dates compare as text)."""
        if not any(starmap(lt, compress(zip(later[1], earlier[1], strict=True), later[1]))):
            return
        good = self.good_dates
        wrong = [
            position
            for position, (end, start) in enumerate(zip(later[1], earlier[1], strict=True))
            if "" < end < start and end in good and start in good
        ]
        for position in wrong:
            self.problem(
                file,
                chunk.lines[position],
                later[0],
                later[1][position],
                _("Earlier than %(column)s (%(value)s).") % {"column": earlier[0], "value": earlier[1][position]},
            )

    def check_flags(
        self,
        file: FileFormat,
        chunk: Chunk,
        column: str,
        values: Sequence[str],
        found: Sequence[int | None],
        reason: str,
    ) -> None:
        """Every referenced row that was found has its flag set (is a victim, is positive)."""
        if None in found:
            wrong = where(value is not None and not value & FLAG for value in found)
        elif all(map(and_, found, repeat(FLAG))):
            return
        else:
            wrong = where(not value & FLAG for value in found)  # type: ignore[operator]
        self.report(file, chunk, column, values, wrong, reason)

    def check_only_with(
        self, file: FileFormat, chunk: Chunk, column: str, values: Sequence[str], allowed: Sequence[bool], reason: str
    ) -> None:
        """A cell only where `allowed` is true."""
        if any(compress(values, map(not_, allowed))):
            wrong = where(value and not ok for value, ok in zip(values, allowed, strict=True))
            self.report(file, chunk, column, values, wrong, reason)

    def check_required_with(
        self, file: FileFormat, chunk: Chunk, column: str, values: Sequence[str], needed: Sequence[bool], reason: str
    ) -> None:
        """A cell wherever `needed` is true."""
        if not all(compress(values, needed)):
            wrong = where(need and not value for value, need in zip(values, needed, strict=True))
            self.report(file, chunk, column, values, wrong, reason)
