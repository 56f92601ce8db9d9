"""Compile every catalog (locale/ and each app's torju/<app>/locale/) to .mo with polib (no GNU gettext needed).

Each app keeps its own catalog, so that work on different apps never edits the same file.

The .mo files are committed so that `make run` works without gettext.
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = ("locale/*/LC_MESSAGES/*.po", "torju/*/locale/*/LC_MESSAGES/*.po")


def main() -> int:
    for po_path in sorted(path for pattern in CATALOGS for path in ROOT.glob(pattern)):
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
        print(f"compiled {po_path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
