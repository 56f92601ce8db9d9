"""The dependency rules of docs/architecture.md, checked on the source: what each app may import.

Every `import torju.<app>…` / `from torju.<app>… import` of an app's module
is read with the ast module. An app may import itself, the project-wide
modules of torju/ and the apps the table allows; a module that reads another
domain app's models says at its top that it is an aggregation module.
"""

import ast
from pathlib import Path

import pytest

from tests.conftest import SLOW_MODULES

TORJU = Path(__file__).resolve().parent.parent / "torju"
FOUNDATION = {"accounts", "audit", "codes", "documents"}
DOMAINS = {"programme", "register", "helpline", "legalpath"}
# What each app may import besides itself and the project-wide modules (docs/architecture.md, "The apps").
ALLOWED = {
    "accounts": {"audit", "codes"},  # an organisation's office by its name (the code list)
    "audit": {"accounts", "documents"},
    "codes": set(),
    "documents": {"accounts", "audit"},
    "programme": FOUNDATION,
    "register": FOUNDATION,
    # The helpline registers a referral's application through the register's services and shows it only as the
    # register's permissions allow (docs/decisions/0040); the register never imports the helpline.
    "helpline": FOUNDATION | {"register"},
    # The legal path extends the register's case (docs/decisions/0090): its rows hang on the register's.
    "legalpath": FOUNDATION | {"register"},
    "statistics": FOUNDATION | DOMAINS,
    "situation": FOUNDATION | DOMAINS | {"statistics"},
    "international": FOUNDATION | DOMAINS | {"statistics", "situation"},
    "web": FOUNDATION | DOMAINS,
}
APPS = {path.name for path in TORJU.iterdir() if (path / "apps.py").exists()}
AGGREGATION = "Aggregation module:"  # the statement at the top of such a module
# Apps whose rows extend another domain app's rows (foreign keys, joins) and so read its models; who may see and
# do what they still take from that app's permissions (docs/decisions/0090-legal-path-app.md).
EXTENDS = {"legalpath": {"register"}}


def imported_apps(path: Path) -> set[tuple[str, str]]:
    """(app, module) of every torju module the file imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    parts = [name.split(".") for name in names if name.startswith("torju.")]
    return {(part[1], ".".join(part)) for part in parts if len(part) > 1 and part[1] in APPS}


def sources(app: str) -> list[Path]:
    return sorted(path for path in (TORJU / app).rglob("*.py") if "migrations" not in path.parts)


def test_every_app_is_in_the_table() -> None:
    assert APPS - {"demo"} <= set(ALLOWED), "a new app: say in docs/architecture.md and here what it may import"


@pytest.mark.parametrize("app", sorted(APPS - {"demo"}))
def test_an_app_imports_only_what_it_may(app: str) -> None:
    wrong = [
        f"{path.relative_to(TORJU)} imports {module}"
        for path in sources(app)
        for other, module in imported_apps(path)
        if other != app and other not in ALLOWED[app]
    ]
    assert wrong == []


def test_nothing_imports_the_demo_or_the_web_app() -> None:
    wrong = [
        f"{path.relative_to(TORJU)} imports {module}"
        for app in APPS - {"demo"}
        for path in sources(app)
        for other, module in imported_apps(path)
        if other != app and other in {"demo", "web"}
    ]
    assert wrong == []


def test_modules_that_read_other_apps_models_say_they_aggregate() -> None:
    silent = []
    for app in APPS - {"demo"}:
        for path in sources(app):
            models = {
                module
                for other, module in imported_apps(path)
                if other in DOMAINS - {app} - EXTENDS.get(app, set()) and module.endswith(".models")
            }
            docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
            if models and AGGREGATION not in docstring:
                silent.append(f"{path.relative_to(TORJU)} reads {', '.join(sorted(models))}")
    assert silent == []


def test_the_slow_modules_exist() -> None:
    """tests/conftest.py marks slow tests by module: a module renamed would silently become fast."""
    root = TORJU.parent
    assert [module for module in sorted(SLOW_MODULES) if not (root / module).is_file()] == []
