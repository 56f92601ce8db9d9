"""The register's entry points to the exchange format: the version its commands, import job and extract use.

The register reads and writes version 1 (spec/register-exchange.md).
Version 2 (docs/register-exchange-v2.md) adds the victim's legal path, which
is another app's (torju/legalpath), and the register imports no other
domain app (docs/architecture.md). So the app that defines a newer version
registers its writer, reader and extract here when Django starts (its
AppConfig.ready), as the legal path registers its decision-draft check, and
`manage.py export_register`, `manage.py import_register`, the web import
and the analysts' extract go through these functions: the newest version
registered, or version 1 when none is (docs/decisions/0095).

A folder or .zip with a `format_version` file is of a newer version than 1;
without one it is version 1. Which it is, is decided from the names of its
files alone, before anything is read.
"""

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from django.utils.translation import gettext as _

from torju.actor import Actor
from torju.register.exchange.export import ExportResult, export_register
from torju.register.exchange.extract import ExtractOptions, extract_register_zip
from torju.register.exchange.import_state import ImportResult, Progress
from torju.register.exchange.importing import import_register
from torju.register.exchange.reading import ImportProblem, RegisterImportError

VERSION_FILE = "format_version"


@dataclass(frozen=True)
class FormatVersion:
    """A version of the format newer than 1: its writer, its reader (of version 1 too) and the analysts' extract."""

    version: str
    export: Callable[..., ExportResult]  # (path, *, actor)
    import_any: Callable[..., ImportResult]  # (path, *, actor, update, progress): versions 1 up to this one
    extract_zip: Callable[..., dict[str, int]]  # (output, *, name, actor, options)


_registered: list[FormatVersion] = []


def use_version(version: FormatVersion) -> None:
    """Called from an AppConfig.ready: from now on the register writes this version and reads it besides 1."""
    if all(known.version != version.version for known in _registered):
        _registered.append(version)
        _registered.sort(key=lambda known: int(known.version))


def newest() -> FormatVersion | None:
    return _registered[-1] if _registered else None


def has_version_file(source: Path) -> bool:
    """True when the folder or .zip holds `format_version` (at its root or in the one folder of a zipped folder)."""
    if source.is_dir():
        return (source / VERSION_FILE).is_file()
    if source.is_file() and zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as archive:
            return any(
                PurePosixPath(info.filename).name == VERSION_FILE and len(PurePosixPath(info.filename).parts) <= 2
                for info in archive.infolist()
                if not info.is_dir()
            )
    return False


def export_current(path: Path | str, *, actor: Actor) -> ExportResult:
    """The register in the newest version of the format (a folder, or a .zip when the path ends with .zip)."""
    version = newest()
    if version is None:
        return export_register(path, actor=actor)
    return version.export(path, actor=actor)


def import_any(
    path: Path | str, *, actor: Actor, update: bool = False, progress: Progress | None = None
) -> ImportResult:
    """Import a folder or .zip of any version Torju reads; all or nothing (RegisterImportError with every problem)."""
    source = Path(path)
    version = newest()
    if version is not None:
        return version.import_any(source, actor=actor, update=update, progress=progress)
    if has_version_file(source):
        raise RegisterImportError(
            [ImportProblem(VERSION_FILE, None, "", "", _("This installation reads version 1 of the format only."))]
        )
    return import_register(source, actor=actor, update=update, progress=progress)


def extract_current_zip(output: IO[bytes], *, name: str, actor: Actor, options: ExtractOptions) -> dict[str, int]:
    """The analysts' pseudonymous extract in the newest version's files."""
    version = newest()
    if version is None:
        return extract_register_zip(output, name=name, actor=actor, options=options)
    return version.extract_zip(output, name=name, actor=actor, options=options)
