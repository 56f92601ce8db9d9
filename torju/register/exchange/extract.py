"""The analysts' pseudonymous extract: the exchange format with keyed pseudonyms and birth months (hole 13).

The exchange format (export.py) carries the register's own identifiers, so
that a register round-trips between systems. The analysts' extract must
not: a person id is what caseworkers search with, and exact birth dates
with a nationality single people out. So, in the extract:

- every identifier (person, parent, application, exploitation event) is
  replaced by a pseudonym, an HMAC-SHA256 of the identifier under a key of
  this extract: the same identifier has the same pseudonym throughout the
  extract (references still resolve), and without the key a pseudonym
  cannot be traced back or tested against guessed identifiers. The key is
  random for each extract and forgotten once it is written, so pseudonyms
  of two extracts cannot be linked -- unless the analyst names a *series*:
  then the key is derived from the series name and a server secret
  (settings.IDENTIFIER_HASH_KEY), the same in each extract of the series,
  and the series name is no identifier of the register;
- birth dates are the first day of their month, unless the extract's stated
  purpose needs exact dates: then the purpose is required and the export is
  flagged for the auditor.

Ages computed from the extract can be a month off (docs/register-rules.md).
"""

import hashlib
import hmac
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from torju.actor import Actor
from torju.register.exchange.export import Transform, _exported, _write_zip, csv_texts, write_zip_texts
from torju.register.exchange.format import FILES, PERSONS, FileFormat

MIN_PURPOSE_LENGTH = 10
PURPOSE_MAX_LENGTH = 2000
SERIES_MAX_LENGTH = 100
PSEUDONYM_HEX = 20  # 80 bits: no two of a register's millions of identifiers meet
# The kind of identifier in each identifier column, so that a person and an application never share a pseudonym.
KINDS = {
    "person_id": "p",
    "parent_person_id": "p",
    "application_id": "a",
    "event_id": "e",
}


@dataclass(frozen=True)
class ExtractOptions:
    series: str = ""  # pseudonyms stable across the extracts of this series; "": new ones in each extract
    exact_birth_dates: bool = False
    purpose: str = ""  # why exact birth dates are needed (required with them)

    @classmethod
    def checked(cls, *, series: str = "", exact_birth_dates: bool = False, purpose: str = "") -> "ExtractOptions":
        """The options, or ValidationError naming the field."""
        series, purpose = series.strip(), purpose.strip()
        if len(series) > SERIES_MAX_LENGTH:
            raise ValidationError(
                {"series": _("This is longer than %(limit)s characters.") % {"limit": SERIES_MAX_LENGTH}}
            )
        if len(purpose) > PURPOSE_MAX_LENGTH:
            raise ValidationError(
                {"purpose": _("This is longer than %(limit)s characters.") % {"limit": PURPOSE_MAX_LENGTH}}
            )
        if exact_birth_dates and len(purpose) < MIN_PURPOSE_LENGTH:
            raise ValidationError(
                {"purpose": _("Tell what the exact dates of birth are needed for (at least 10 characters).")}
            )
        return cls(series=series, exact_birth_dates=exact_birth_dates, purpose=purpose if exact_birth_dates else "")

    def as_parameters(self) -> dict[str, Any]:
        return {"series": self.series, "exact_birth_dates": self.exact_birth_dates, "purpose": self.purpose}

    @classmethod
    def from_parameters(cls, parameters: dict[str, Any]) -> "ExtractOptions":
        return cls.checked(
            series=str(parameters.get("series", "")),
            exact_birth_dates=bool(parameters.get("exact_birth_dates", False)),
            purpose=str(parameters.get("purpose", "")),
        )


def series_key(series: str) -> bytes:
    """The pseudonym key of a named series: derived from the name with a server secret, never stored."""
    message = f"torju-extract-series\x00{series}".encode()
    return hmac.new(settings.IDENTIFIER_HASH_KEY.encode("utf-8"), message, hashlib.sha256).digest()


class Pseudonymiser:
    """Keyed pseudonyms of one extract, and its birth months."""

    def __init__(self, key: bytes, *, exact_birth_dates: bool) -> None:
        self._key = key
        self.exact_birth_dates = exact_birth_dates

    def pseudonym(self, kind: str, value: str) -> str:
        if not value:
            return ""
        digest = hmac.new(self._key, f"{kind}\x00{value}".encode(), hashlib.sha256).hexdigest()
        return f"{kind}-{digest[:PSEUDONYM_HEX]}"

    def transform(self, file: FileFormat) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
        """The row as the extract writes it: identifiers as pseudonyms, a birth date as its month's first day."""
        kinds = [(position, KINDS[column]) for position, column in enumerate(file.columns) if column in KINDS]
        birth = file.columns.index("birth_date") if file is PERSONS and not self.exact_birth_dates else None

        def row(values: Sequence[Any]) -> tuple[Any, ...]:
            out = list(values)
            for position, kind in kinds:
                out[position] = self.pseudonym(kind, out[position] or "")
            if birth is not None and isinstance(out[birth], date):
                out[birth] = out[birth].replace(day=1)
            return tuple(out)

        return row


# Changes version 1's pseudonymised files (name: text) into a newer version's: versions.py, the legal path.
Extension = Callable[[Pseudonymiser, dict[str, str]], dict[str, str]]


def extract_register_zip(
    output: IO[bytes], *, name: str, actor: Actor, options: ExtractOptions, extend: Extension | None = None
) -> dict[str, int]:
    """The pseudonymous extract as a .zip written to `output`, recorded as an export (flagged with exact dates).

    With `extend`, version 1's files are made whole in memory and `extend` gives the files to write, with the
    same pseudonymiser (the same pseudonyms throughout the extract); without, the files are streamed.
    """
    key = series_key(options.series) if options.series else secrets.token_bytes(32)
    pseudonymiser = Pseudonymiser(key, exact_birth_dates=options.exact_birth_dates)
    transform: Transform = pseudonymiser.transform
    described: dict[str, Any] = {
        "pseudonyms": "series" if options.series else "this extract",
        "birth_dates": "exact" if options.exact_birth_dates else "month",
    }
    if options.series:
        described["series"] = options.series
    if extend is not None:
        described["extended"] = True  # a newer version's files (versions.py)

    def write() -> dict[str, int]:
        if extend is None:
            return _write_zip(output, FILES, transform)
        return write_zip_texts(output, extend(pseudonymiser, csv_texts(FILES, transform)))

    return _exported(
        write,
        name=name,
        actor=actor,
        described=described,
        purpose=options.purpose,
        flagged=options.exact_birth_dates,
    )
