"""The register's background jobs over the REST API: imports and the analysts' extracts, with the pages' rules."""

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks as Capture
from pytest_django.fixtures import Settings

from tests.conftest import signed_in_client
from tests.documents.flow import run_tasks_at_once
from tests.factories import user_with_role
from tests.register.conftest import EXTRACT_FILE_NAMES, OPERATOR, VALID_FILES, register_counts
from torju.accounts.models import Role
from torju.audit.models import Action, AuditEvent
from torju.register.exchange import import_register
from torju.register.models import DirectIdentifiers, Person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tasks_at_once(settings: Settings, tmp_path: Path) -> Iterator[None]:
    run_tasks_at_once(settings, tmp_path / "data")
    with translation.override("en"):
        yield


def url(name: str, **kwargs: Any) -> str:
    return reverse(f"register_api:{name}", kwargs=kwargs)


def zipped(files: dict[str, str]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return SimpleUploadedFile("register.zip", buffer.getvalue(), content_type="application/zip")


def upload(client: Client, capture: Capture, files: list[SimpleUploadedFile], **extra: str) -> Any:
    with capture(execute=True):
        return client.post(url("import-list"), {"register_files": files, **extra})


def test_an_import_uploads_runs_in_the_background_and_reports_its_counts(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    lead = user_with_role(Role.DECISION_MAKER, language="en")
    client = signed_in_client(lead)

    accepted = upload(client, django_capture_on_commit_callbacks, [zipped(VALID_FILES)])

    assert accepted.status_code == 202
    job = client.get(url("import-detail", pk=accepted.json()["id"])).json()
    assert (job["status"], job["files"], job["update"], job["problem_count"]) == ("succeeded", "register.zip", False, 0)
    assert job["created"]["applications.csv"] == 3 and job["finished_at"] is not None
    assert register_counts()["Person"] == 3
    assert [row["id"] for row in client.get(url("import-list")).json()["results"]] == [job["id"]]
    uploaded = AuditEvent.objects.get(action=Action.IMPORT, object_type="register.registerimportjob")
    assert (uploaded.actor, uploaded.object_id) == (lead, str(job["id"]))
    assert AuditEvent.objects.filter(action=Action.IMPORT, object_type="register", actor=lead).exists()


def test_a_refused_import_lists_every_error_and_imports_nothing(django_capture_on_commit_callbacks: Capture) -> None:
    client = signed_in_client(user_with_role(Role.DECISION_MAKER, language="en"))
    bad = {
        **VALID_FILES,
        "persons.csv": VALID_FILES["persons.csv"]
        .replace("1990-04-01", "1990-13-01")
        .replace("P2,victim,M", "P2,victim,Q"),
    }
    files = [SimpleUploadedFile(name, text.encode(), content_type="text/csv") for name, text in bad.items()]

    accepted = upload(client, django_capture_on_commit_callbacks, files)

    assert accepted.status_code == 202
    job = client.get(url("import-detail", pk=accepted.json()["id"])).json()
    assert (job["status"], job["problem_count"]) == ("rejected", 2)
    problems = client.get(url("import-problems", pk=job["id"])).json()
    assert problems["count"] == 2
    assert [(row["file"], row["line"], row["column"], row["value"]) for row in problems["results"]] == [
        ("persons.csv", 2, "birth_date", "1990-13-01"),
        ("persons.csv", 3, "sex", "Q"),
    ]
    assert all(row["reason"] for row in problems["results"])
    assert not any(register_counts().values())


def test_a_bad_upload_is_400_naming_the_field(django_capture_on_commit_callbacks: Capture) -> None:
    client = signed_in_client(user_with_role(Role.DECISION_MAKER, language="en"))
    text = SimpleUploadedFile("register.txt", b"x", content_type="text/plain")

    refused = upload(client, django_capture_on_commit_callbacks, [text])
    nothing = upload(client, django_capture_on_commit_callbacks, [])

    assert refused.status_code == nothing.status_code == 400
    assert list(refused.json()) == list(nothing.json()) == ["register_files"]
    assert "Choose a .zip file" in refused.json()["register_files"][0]
    assert not AuditEvent.objects.filter(action=Action.IMPORT).exists()


def test_an_import_job_is_its_starters_own(django_capture_on_commit_callbacks: Capture) -> None:
    client = signed_in_client(user_with_role(Role.DECISION_MAKER))
    job = upload(client, django_capture_on_commit_callbacks, [zipped(VALID_FILES)]).json()["id"]

    other_lead = signed_in_client(user_with_role(Role.DECISION_MAKER))
    assert other_lead.get(url("import-detail", pk=job)).status_code == 404
    assert other_lead.get(url("import-problems", pk=job)).status_code == 404
    assert other_lead.get(url("import-list")).json()["count"] == 0
    for role in (Role.CASEWORKER, Role.ANALYST, Role.COORDINATOR):
        outsider = signed_in_client(user_with_role(role))
        assert outsider.get(url("import-detail", pk=job)).status_code == 403
        assert upload(outsider, django_capture_on_commit_callbacks, [zipped(VALID_FILES)]).status_code == 403
    assert Person.objects.count() == 3


def test_the_extract_is_prepared_then_downloaded_without_identifiers(
    django_capture_on_commit_callbacks: Capture, tmp_path: Path
) -> None:
    folder = tmp_path / "register"
    folder.mkdir()
    for name, text in VALID_FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    import_register(folder, actor=OPERATOR)
    named = Person.objects.get(person_id="P1")
    named.write_identifiers(DirectIdentifiers(first_names="Ainomarja", hetu="131052-308T"))
    named.save()
    analyst = user_with_role(Role.ANALYST)
    client = signed_in_client(analyst)

    with django_capture_on_commit_callbacks(execute=True):
        accepted = client.post(url("extract-list"))

    assert accepted.status_code == 202
    job = client.get(url("extract-detail", pk=accepted.json()["id"])).json()
    assert job["status"] == "succeeded" and job["download"] == reverse("documents:download", args=[job["id"]])
    downloaded = client.get(job["download"])
    assert downloaded.status_code == 200 and downloaded["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(downloaded.streaming_content)))  # type: ignore[attr-defined]
    assert sorted(archive.namelist()) == EXTRACT_FILE_NAMES
    contents = "".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    assert "P1," not in contents and "Ainomarja" not in contents and "131052" not in contents  # pseudonyms only
    assert AuditEvent.objects.filter(action=Action.EXPORT, actor=analyst, object_type="register").count() == 2
    assert [row["id"] for row in client.get(url("extract-list")).json()["results"]] == [job["id"]]
    other_analyst = signed_in_client(user_with_role(Role.ANALYST))
    assert other_analyst.get(url("extract-detail", pk=job["id"])).status_code == 404
    assert other_analyst.get(job["download"]).status_code == 404
    for role in (Role.CASEWORKER, Role.DECISION_MAKER, Role.AUDITOR):
        outsider = signed_in_client(user_with_role(role))
        assert outsider.post(url("extract-list")).status_code == 403
        assert outsider.get(url("extract-detail", pk=job["id"])).status_code == 403
