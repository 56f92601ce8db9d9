"""The fi and sv catalogs (the project's and each app's) are complete, and the compiled catalogs match them.

Strings are extracted afresh from the code (makemessages in a copy of the
tree), so a new string that nobody added to the catalogs fails here too.
"""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ["fi", "sv"]


def catalogs(tree: Path, language: str) -> list[Path]:
    """The project's catalog and every app's."""
    pattern = f"{language}/LC_MESSAGES/django.po"
    return sorted([*tree.glob(f"locale/{pattern}"), *tree.glob(f"torju/*/locale/{pattern}")])


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the source tree with catalogs brought up to date by makemessages."""
    copy = tmp_path_factory.mktemp("messages") / "tree"
    shutil.copytree(ROOT / "torju", copy / "torju", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "locale", copy / "locale")
    shutil.copy(ROOT / "manage.py", copy / "manage.py")
    shutil.copytree(ROOT / "tests", copy / "tests", ignore=shutil.ignore_patterns("__pycache__"))
    command = [sys.executable, "manage.py", "makemessages", "--no-obsolete", "--ignore", "tests/*"]
    command += [f"--locale={language}" for language in LANGUAGES]
    result = subprocess.run(
        command,
        cwd=copy,
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "tests.settings", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return copy


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(extracted: Path, language: str) -> None:
    found = catalogs(extracted, language)
    assert len(found) > 8
    missing = [
        f"{path.relative_to(extracted)}: {entry.msgid}"
        for path in found
        for entry in polib.pofile(str(path))
        if not entry.obsolete and (not entry.translated() or "fuzzy" in entry.flags)
    ]
    assert missing == [], f"{language}: {len(missing)} messages lack a translation: {missing[:20]}"
    assert sum(len(polib.pofile(str(path))) for path in found) > 500


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_matches_source(language: str) -> None:
    stale = [message for path in catalogs(ROOT, language) for message in _stale(path)]
    assert stale == [], f"{language}: run `make messages`; the .mo differs for {stale[:10]}"


def _stale(po_path: Path) -> list[str]:
    catalog = polib.pofile(str(po_path))
    with po_path.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in catalog.translated_entries():
        if entry.msgid_plural:
            if compiled.ngettext(entry.msgid, entry.msgid_plural, 1) != entry.msgstr_plural[0]:
                stale.append(entry.msgid)
        elif entry.msgctxt:
            if compiled.pgettext(entry.msgctxt, entry.msgid) != entry.msgstr:
                stale.append(entry.msgid)
        elif compiled.gettext(entry.msgid) != entry.msgstr:
            stale.append(entry.msgid)
    return stale
