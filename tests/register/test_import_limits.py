"""What an import file can make the worker hold is bounded (issue 10, hole 10; docs/operations.md).

A line longer than the limit stops the file's reading with an error naming
the line (the whole line is never read into memory), a .zip member that
would unpack too large, or too many times its packed size, or with another
method than deflate, is refused before it is unpacked, and only the first N
errors are kept, with the count of the rest.
"""

import tracemalloc
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks, Settings

from tests.conftest import signed_in_client
from tests.factories import user_with_role
from tests.register.conftest import OPERATOR, VALID_FILES, register_counts
from torju.accounts.models import Role
from torju.register.exchange import RegisterImportError, import_register
from torju.register.exchange.reading import ImportProblem, Problems
from torju.register.models import ImportStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


PERSONS_HEADER = VALID_FILES["persons.csv"].split("\n", 1)[0]


def folder_of(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "register"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def zip_of(tmp_path: Path, files: dict[str, str | bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    path = tmp_path / "register.zip"
    with zipfile.ZipFile(path, "w", compression=method) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return path


def refused(path: Path) -> RegisterImportError:
    with pytest.raises(RegisterImportError) as caught:
        import_register(path, actor=OPERATOR)
    assert register_counts()["Person"] == 0
    return caught.value


@pytest.mark.parametrize(
    "long_line",
    [
        "P9,victim,F," + "x" * 5000,  # the fast path (no quotes), a line break at the end
        'P9,victim,F,"' + "x" * 5000,  # the csv module's path, an open quote never closed
        "P9,victim,F," + "x" * 5000 + "\nP8,victim,F,,NP,,,",  # the long line in the middle of the file
    ],
)
def test_a_line_longer_than_the_limit_stops_the_file_with_an_error_naming_the_line(
    tmp_path: Path, settings: Settings, long_line: str
) -> None:
    settings.IMPORT_MAX_LINE_CHARACTERS = 1000
    persons = VALID_FILES["persons.csv"] + long_line + "\n"
    error = refused(folder_of(tmp_path, {**VALID_FILES, "persons.csv": persons}))
    too_long = [problem for problem in error.problems if "longer than 1000 characters" in problem.reason]
    assert [(problem.file, problem.line) for problem in too_long] == [("persons.csv", 5)], error.problems


def test_a_header_longer_than_the_limit_is_an_error_of_line_1(tmp_path: Path, settings: Settings) -> None:
    settings.IMPORT_MAX_LINE_CHARACTERS = 1000
    persons = PERSONS_HEADER + "," * 2000 + "\n"  # no line break for far longer than the limit
    error = refused(folder_of(tmp_path, {**VALID_FILES, "persons.csv": persons}))
    assert [(problem.file, problem.line) for problem in error.problems if "longer than" in problem.reason] == [
        ("persons.csv", 1)
    ]


def test_a_file_without_line_breaks_is_not_read_whole(tmp_path: Path, settings: Settings) -> None:
    """A header that never ends (50 MB without a line break) stops the file at the limit: never read whole."""
    settings.IMPORT_MAX_LINE_CHARACTERS = 1000
    endless = tmp_path / "register"
    endless.mkdir()
    for name, text in VALID_FILES.items():
        (endless / name).write_text(text, encoding="utf-8")
    with (endless / "persons.csv").open("w") as persons:
        persons.write(PERSONS_HEADER)
        for _block in range(50):
            persons.write("," * 1_000_000)
    tracemalloc.start()
    try:
        error = refused(endless)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [(problem.file, problem.line) for problem in error.problems if "longer than" in problem.reason] == [
        ("persons.csv", 1)
    ]
    assert peak < 20_000_000, peak  # far less than the 50 MB line


def test_a_zip_member_that_unpacks_too_large_is_refused_before_unpacking(tmp_path: Path, settings: Settings) -> None:
    settings.IMPORT_MAX_UNPACKED_MEGABYTES = 1
    settings.IMPORT_MAX_COMPRESSION_RATIO = 10_000
    services = VALID_FILES["services.csv"] + "A1,counselling,2024-02-02,2024-06-30\n" * 40_000  # 1.5 MB
    error = refused(zip_of(tmp_path, {**VALID_FILES, "services.csv": services}))
    assert [(problem.file, problem.line) for problem in error.problems] == [("services.csv", None)]
    assert "larger than 1 MB unpacked" in error.problems[0].reason


def test_a_zip_member_with_a_bomb_like_compression_ratio_is_refused(tmp_path: Path, settings: Settings) -> None:
    bomb = PERSONS_HEADER + "\n" + "\n" * 5_000_000  # empty lines: 5 MB that deflate to a few kB
    error = refused(zip_of(tmp_path, {**VALID_FILES, "persons.csv": bomb}))
    assert [(problem.file, problem.line) for problem in error.problems] == [("persons.csv", None)]
    assert "more than 100 times its packed size" in error.problems[0].reason


def test_a_zip_member_packed_with_bzip2_is_refused(tmp_path: Path) -> None:
    error = refused(zip_of(tmp_path, dict(VALID_FILES), method=zipfile.ZIP_BZIP2))
    assert {problem.file for problem in error.problems} == set(VALID_FILES)
    assert all("other than deflate" in problem.reason for problem in error.problems)


def test_the_valid_register_still_imports_from_a_zip_under_the_default_limits(tmp_path: Path) -> None:
    import_register(zip_of(tmp_path, dict(VALID_FILES)), actor=OPERATOR)
    assert register_counts()["Person"] == 3


def bad_sexes(rows: int) -> str:
    return VALID_FILES["persons.csv"] + "".join(f"X{number},victim,Q,,NP,,,\n" for number in range(rows))


def test_only_the_first_errors_are_kept_and_the_rest_counted(tmp_path: Path, settings: Settings) -> None:
    settings.IMPORT_MAX_ERRORS = 5
    error = refused(folder_of(tmp_path, {**VALID_FILES, "persons.csv": bad_sexes(40)}))
    assert (error.total, len(error.problems), error.omitted) == (40, 5, 35)
    assert [problem.line for problem in error.problems] == [5, 6, 7, 8, 9]  # the first by line


def test_the_command_lists_the_first_errors_and_counts_the_rest(
    tmp_path: Path, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.IMPORT_MAX_ERRORS = 3
    with pytest.raises(CommandError, match="10 errors; nothing was imported"):
        call_command("import_register", str(folder_of(tmp_path, {**VALID_FILES, "persons.csv": bad_sexes(10)})))
    assert "... and 7 more errors" in capsys.readouterr().err


def test_the_web_job_stores_the_first_errors_and_says_how_many_there_were(
    tmp_path: Path, settings: Settings, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    from tests.register.test_web_import import IMMEDIATE, upload, zipped

    settings.DATA_DIR = tmp_path / "data"
    settings.TASKS = IMMEDIATE
    settings.IMPORT_MAX_ERRORS = 7
    lead = user_with_role(Role.DECISION_MAKER, language="en")
    client = signed_in_client(lead)
    files = zipped({**VALID_FILES, "persons.csv": bad_sexes(30)})
    _response, job = upload(client, django_capture_on_commit_callbacks, files)
    assert job is not None
    job.refresh_from_db()
    assert (job.status, job.problem_count, job.problems.count()) == (ImportStatus.REJECTED, 30, 7)
    html = client.get(job_url(job.pk), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The files have 30 errors. Nothing was imported." in html
    assert "The first 7 errors are listed." in html


def job_url(pk: int) -> str:
    from django.urls import reverse

    return reverse("register_import:job", args=[pk])


def test_the_kept_errors_are_the_first_by_place_whatever_the_order_they_were_found_in() -> None:
    problems = Problems(3)
    for file, line in [("services.csv", 2), ("persons.csv", 9), ("applications.csv", 4), ("persons.csv", 3)]:
        problems.append(ImportProblem(file, line, "", "", "bad"))
    problems.append(ImportProblem("persons.csv", None, "", "x" * 5000, "bad"))  # a file-level error comes first
    kept = list(problems)
    assert [(problem.file, problem.line) for problem in kept] == [
        ("persons.csv", None),
        ("persons.csv", 3),
        ("persons.csv", 9),
    ]
    assert len(kept[0].value) <= 1001  # a long cell is not kept whole
    assert (problems.total, len(problems), problems.omitted, bool(Problems(0))) == (5, 3, 2, False)
