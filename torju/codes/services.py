"""Loading the code lists: the product's copy of spec/codes.csv and the product's own lists.

Every migrated database gets them (data migration 0002), and every later
`migrate` (and flush) refreshes them, so a changed file reaches existing
databases.

The spec's file holds the lists of the exchange format. Lists that the
product itself defines (the helpline's channels, contact types, regions and
screening indicators, docs/decisions/0040-helpline.md) are in files of their
own beside it, PRODUCT_CODE_FILES, in the same format: they change with a
release as the spec's lists do, and the spec's copy stays the spec's. A
list is defined in one file only.
"""

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS, transaction

DATA = Path(__file__).resolve().parent / "data"
CODES_FILE = DATA / "codes.csv"
PRODUCT_CODE_FILES = (DATA / "helpline.csv", DATA / "legalpath.csv")
COLUMNS = ["list", "code", "fi", "sv", "en"]


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    deactivated: int


def read_codes(path: Path = CODES_FILE) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != COLUMNS:
            raise ValueError(f"{path}: the header must be {','.join(COLUMNS)}, not {','.join(reader.fieldnames or [])}")
        rows = list(reader)
    seen: set[tuple[str, str]] = set()
    for line, row in enumerate(rows, start=2):
        key = (row["list"], row["code"])
        if not all(row[column] for column in COLUMNS):
            raise ValueError(f"{path}, line {line}: every column must have a value")
        if key in seen:
            raise ValueError(f"{path}, line {line}: {key[0]}:{key[1]} appears twice")
        seen.add(key)
    return rows


def read_all_codes(
    path: Path = CODES_FILE, product_files: tuple[Path, ...] = PRODUCT_CODE_FILES
) -> list[dict[str, str]]:
    """The spec's lists (from `path`) and the product's own, in that order; a list defined twice is refused."""
    rows = read_codes(path)
    defined = {row["list"]: path for row in rows}
    for product_file in product_files:
        product_rows = read_codes(product_file)
        for code_list in dict.fromkeys(row["list"] for row in product_rows):
            if code_list in defined:
                raise ValueError(f"{product_file}: the code list {code_list} is defined in {defined[code_list]} too")
            defined[code_list] = product_file
        rows += product_rows
    return rows


def load_codes(
    code_model: Any = None, path: Path = CODES_FILE, product_files: tuple[Path, ...] = PRODUCT_CODE_FILES
) -> LoadResult:
    """Bring the code table in line with the files: idempotent, never deletes.

    Takes the model as an argument so that data migrations can pass the historical one.
    """
    if code_model is None:
        from torju.codes.models import Code

        code_model = Code
    rows = read_all_codes(path, product_files)
    positions: dict[str, int] = {}
    created = updated = 0
    with transaction.atomic():
        existing = {(code.code_list, code.code): code for code in code_model.objects.all()}
        for row in rows:
            position = positions[row["list"]] = positions.get(row["list"], 0) + 1
            wanted = {
                "label_fi": row["fi"],
                "label_sv": row["sv"],
                "label_en": row["en"],
                "position": position,
                "active": True,
            }
            code = existing.pop((row["list"], row["code"]), None)
            if code is None:
                code_model.objects.create(code_list=row["list"], code=row["code"], **wanted)
                created += 1
            elif any(getattr(code, field) != value for field, value in wanted.items()):
                for field, value in wanted.items():
                    setattr(code, field, value)
                code.save()
                updated += 1
        stale = [code.pk for code in existing.values() if code.active]
        code_model.objects.filter(pk__in=stale).update(active=False)
    return LoadResult(created=created, updated=updated, deactivated=len(stale))


def refresh_codes_after_migrate(sender: Any, apps: Any = None, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """post_migrate receiver (also sent after a flush): bring the code lists up to date."""
    if using != DEFAULT_DB_ALIAS:
        return
    apps = apps or global_apps  # a flush sends no historical apps
    try:
        code_model = apps.get_model("codes", "Code")
    except LookupError:
        return  # migrated backwards past the code table
    load_codes(code_model)
