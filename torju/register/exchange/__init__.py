"""The register exchange format (spec/register-exchange.md): export and all-or-nothing import."""

from torju.register.exchange.export import ExportResult, export_register, export_register_zip
from torju.register.exchange.extract import ExtractOptions, extract_register_zip
from torju.register.exchange.import_state import FINISHING, ImportResult, Progress
from torju.register.exchange.importing import import_register
from torju.register.exchange.reading import ImportProblem, RegisterImportError

__all__ = [
    "FINISHING",
    "ExportResult",
    "ExtractOptions",
    "ImportProblem",
    "ImportResult",
    "Progress",
    "RegisterImportError",
    "export_register",
    "export_register_zip",
    "extract_register_zip",
    "import_register",
]
