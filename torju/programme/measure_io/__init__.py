"""A programme's measures as a spreadsheet (CSV or XLSX), and back.

The coordinator edits the measures in a spreadsheet and imports the file:
measures are matched by number, updated or created, never duplicated and
never deleted. An import is all-or-nothing: every row is checked first and
any error leaves the database as it was, with the complete list of errors
(row as a spreadsheet numbers it, the header being row 1; column; message).

A new programme starts empty: the optional import column objective_title_fi
creates the objectives it does not have yet (the title in the first row that
names the objective). The export leaves the column out, and for an existing
objective the cell must be empty or repeat its title, so that a mistyped
objective number is an error rather than a new objective.

Cells that a spreadsheet would run as formulas are written with a leading
apostrophe (torju.documents.tabular.escape_formula); the import removes that
apostrophe again, so that export → import → export gives the same file.

Modules: `columns` (the file's columns and a measure's values in them),
`exporting`, `reading` (a file into rows of text), `checking` (every
problem of the rows) and `importing` (the all-or-nothing write).
"""

from torju.programme.measure_io.columns import COLUMNS, CONTENT_TYPES, FORMATS, Format, measure_state
from torju.programme.measure_io.exporting import export_measures
from torju.programme.measure_io.importing import ImportResult, import_measures
from torju.programme.measure_io.reading import ImportProblem, MeasureImportError

__all__ = [
    "COLUMNS",
    "CONTENT_TYPES",
    "FORMATS",
    "Format",
    "ImportProblem",
    "ImportResult",
    "MeasureImportError",
    "export_measures",
    "import_measures",
    "measure_state",
]
