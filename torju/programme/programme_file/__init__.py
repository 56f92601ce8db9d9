"""A programme as a JSON file in the format of the shipped plan (data/programme-2026-2027.json).

`checking`: reading a file and listing every problem it has, before anything
is written. `storing`: putting a checked file's programme into the database
(also the data migration's way of shipping the 2026–2027 plan).
"""

from torju.programme.programme_file.checking import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_FILE_BYTES,
    NAME_MAX_LENGTH,
    RESERVED_SLUGS,
    SLUG_MAX_LENGTH,
    FileProblem,
    ProgrammeFileError,
    check_programme_data,
    parse_programme_file,
    slug_problem,
    slug_taken,
)
from torju.programme.programme_file.storing import (
    PROGRAMME_2026_2027,
    read_programme_file,
    store_programme,
)

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "MAX_FILE_BYTES",
    "NAME_MAX_LENGTH",
    "PROGRAMME_2026_2027",
    "RESERVED_SLUGS",
    "SLUG_MAX_LENGTH",
    "FileProblem",
    "ProgrammeFileError",
    "check_programme_data",
    "parse_programme_file",
    "read_programme_file",
    "slug_problem",
    "slug_taken",
    "store_programme",
]
