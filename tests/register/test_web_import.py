"""Register import from the web: upload, background task with progress, counts or the complete error list.

Most tests run the task at once (django-tasks' immediate backend, on the
commit of the upload); one runs it through the configured database backend
and its worker, as `make run` does.
"""

import io
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks, Settings

from tests.conftest import signed_in_client
from tests.factories import decision_maker_at, user_with_role
from tests.register.conftest import VALID_FILES, register_counts
from torju.accounts.models import Role, User
from torju.audit.models import Action, AuditEvent
from torju.register.exchange import FINISHING
from torju.register.models import ImportStatus, Person, RegisterImportJob
from torju.register.tasks import ImportProgress, run_register_import

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
UPLOAD = reverse("register_import:upload")


@pytest.fixture(autouse=True)
def _english_and_private_data_dir(settings: Settings, tmp_path: Path) -> Iterator[None]:
    settings.DATA_DIR = tmp_path / "data"
    with translation.override("en"):
        yield


@pytest.fixture
def immediate(settings: Settings) -> None:
    settings.TASKS = IMMEDIATE


@pytest.fixture
def lead(db: None) -> User:
    return user_with_role(Role.DECISION_MAKER, language="en")


def zipped(files: dict[str, str], name: str = "register.zip") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for file_name, text in files.items():
            archive.writestr(file_name, text)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def csv_files(files: dict[str, str]) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(name, text.encode(), content_type="text/csv") for name, text in files.items()]


def upload(
    client: Client, capture: DjangoCaptureOnCommitCallbacks, files: Any, *, update: bool = False
) -> tuple[Any, RegisterImportJob | None]:
    """POST the upload form; the task runs when the upload commits. The response and the new job, if any."""
    before = set(RegisterImportJob.objects.values_list("pk", flat=True))
    data: dict[str, Any] = {"register_files": files}
    if update:
        data["update"] = "on"
    with capture(execute=True):
        response = client.post(UPLOAD, data)
    created = RegisterImportJob.objects.exclude(pk__in=before).first()
    return response, created


def imports_folder(settings: Settings) -> Path:
    return Path(settings.DATA_DIR) / "imports"


@pytest.mark.usefixtures("immediate")
def test_zip_upload_imports_in_the_background_and_shows_the_counts(
    lead: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks, settings: Settings
) -> None:
    client = signed_in_client(lead)
    response, job = upload(client, django_capture_on_commit_callbacks, zipped(VALID_FILES))
    assert job is not None
    assert response.status_code == 302 and response["Location"] == reverse("register_import:job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == ImportStatus.SUCCEEDED
    assert job.created == {"persons.csv": 3, "applications.csv": 3, "exploitation.csv": 3,
                           "reflection_periods.csv": 1, "services.csv": 2}  # fmt: skip
    assert (job.file_names, job.started_by, job.update) == ("register.zip", lead, False)
    assert job.started_at is not None and job.finished_at is not None and job.task_result_id
    assert register_counts()["Person"] == 3
    page = client.get(reverse("register_import:job", args=[job.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "The register was imported." in html
    assert "<td>applications.csv</td><td>3</td><td>–</td>" in html
    # The upload is deleted; the folder of uploads is private.
    assert not job.folder.exists()
    assert imports_folder(settings).stat().st_mode & 0o077 == 0
    # Audit: the upload (who, from where), and the import itself.
    uploaded = AuditEvent.objects.get(action=Action.IMPORT, object_type="register.registerimportjob")
    assert (uploaded.actor, uploaded.object_id, uploaded.ip_address) == (lead, str(job.pk), "127.0.0.1")
    assert uploaded.changes == {"status": "queued", "files": ["register.zip"], "update": False}
    imported = AuditEvent.objects.get(action=Action.IMPORT, object_type="register")
    assert imported.actor == lead
    assert imported.changes is not None and imported.changes["created"]["persons.csv"] == 3


@pytest.mark.usefixtures("immediate")
def test_csv_files_upload_and_update_existing(
    lead: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    client = signed_in_client(lead)
    _, first = upload(client, django_capture_on_commit_callbacks, csv_files(VALID_FILES))
    assert first is not None and RegisterImportJob.objects.get(pk=first.pk).status == ImportStatus.SUCCEEDED
    # The same identifiers again: errors, unless the user asks for an update.
    _, again = upload(client, django_capture_on_commit_callbacks, csv_files(VALID_FILES))
    assert again is not None
    again.refresh_from_db()
    assert again.status == ImportStatus.REJECTED and again.problem_count > 0
    # An update changes the cases of the decision maker's office only (Tampere's: P2 and A2, its event and period).
    tampere_lead = decision_maker_at("TRE", language="en")
    lines = {name: text.splitlines() for name, text in VALID_FILES.items()}
    tampere = {
        "persons.csv": f"{lines['persons.csv'][0]}\nP2,victim,F,,SO,,,\n",
        "applications.csv": f"{lines['applications.csv'][0]}\n{lines['applications.csv'][2]}\n",
        "exploitation.csv": f"{lines['exploitation.csv'][0]}\n{lines['exploitation.csv'][3]}\n",
        "reflection_periods.csv": VALID_FILES["reflection_periods.csv"],
    }
    client = signed_in_client(tampere_lead)
    _, updated = upload(client, django_capture_on_commit_callbacks, csv_files(tampere), update=True)
    assert updated is not None
    updated.refresh_from_db()
    assert (updated.status, updated.update, updated.updated["persons.csv"]) == (ImportStatus.SUCCEEDED, True, 1)
    assert Person.objects.get(person_id="P2").sex == "F"
    html = client.get(reverse("register_import:job", args=[updated.pk])).content.decode()
    assert "<td>persons.csv</td><td>0</td><td>1</td>" in html
    _, refused = upload(client, django_capture_on_commit_callbacks, csv_files(changed_elsewhere()), update=True)
    assert refused is not None
    refused.refresh_from_db()
    assert refused.status == ImportStatus.REJECTED
    assert list(refused.problems.values_list("file", "line", "column")) == [("applications.csv", 2, "application_id")]


@pytest.mark.usefixtures("immediate")
def test_version_2_files_upload_with_their_format_version(
    lead: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    """The web import reads version 2 too (docs/register-exchange-v2.md): `format_version` is one of the files."""
    consents = (
        "application_id,purpose,given_on,form,withdrawn_on,withdrawal_form\nA1,disclosure_police,2024-01-10,signed,,\n"
    )
    files = {**VALID_FILES, "format_version": "2\n", "consents.csv": consents}
    client = signed_in_client(lead)
    response, job = upload(client, django_capture_on_commit_callbacks, csv_files(files))
    assert response.status_code == 302 and job is not None
    job.refresh_from_db()
    assert (job.status, job.created["consents.csv"], job.created["persons.csv"]) == (ImportStatus.SUCCEEDED, 1, 3)


def changed_elsewhere() -> dict[str, str]:
    """Helsinki's case A1 with another source: not a Tampere decision maker's to change."""
    lines = VALID_FILES["applications.csv"].splitlines()
    return {
        "persons.csv": VALID_FILES["persons.csv"].split("P2,")[0],
        "applications.csv": f"{lines[0]}\n{lines[1].replace('police', 'self')}\n",
    }


@pytest.mark.usefixtures("immediate")
def test_bad_files_give_the_complete_error_list_a_page_at_a_time_and_nothing_is_imported(
    lead: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    bad_persons = VALID_FILES["persons.csv"] + "".join(f"X{number},victim,Q,,NP,,,\n" for number in range(150))
    client = signed_in_client(lead)
    _, job = upload(client, django_capture_on_commit_callbacks, zipped({**VALID_FILES, "persons.csv": bad_persons}))
    assert job is not None
    job.refresh_from_db()
    assert (job.status, job.problem_count) == (ImportStatus.REJECTED, 150)
    assert register_counts()["Person"] == 0
    assert not job.folder.exists()
    first = client.get(reverse("register_import:job", args=[job.pk])).content.decode()
    assert "The files have 150 errors. Nothing was imported." in first
    assert "Page 1 of 2" in first
    assert first.count("<td>persons.csv</td><td>") == 100
    assert "<td>persons.csv</td><td>5</td><td>sex</td><td>Q</td>" in first  # the first bad row is line 5
    second = client.get(reverse("register_import:job", args=[job.pk]), {"page": 2}).content.decode()
    assert second.count("<td>persons.csv</td><td>") == 50
    assert "<td>persons.csv</td><td>154</td><td>sex</td><td>Q</td>" in second
    refused = AuditEvent.objects.filter(action=Action.IMPORT, object_id=str(job.pk)).order_by("pk").last()
    assert refused is not None and refused.changes == {"status": "rejected", "problems": 150}


@pytest.mark.usefixtures("immediate")
def test_a_damaged_zip_is_reported_and_the_files_are_still_deleted(
    lead: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    damaged = bytearray(zipped(VALID_FILES).read())
    damaged[damaged.index(b"P1,victim")] = ord("Q")  # the CRC no longer matches
    client = signed_in_client(lead)
    _, job = upload(client, django_capture_on_commit_callbacks, SimpleUploadedFile("register.zip", bytes(damaged)))
    assert job is not None
    job.refresh_from_db()
    assert job.status == ImportStatus.REJECTED
    assert not job.folder.exists()
    assert register_counts()["Person"] == 0
    with translation.override("en"):
        html = client.get(reverse("register_import:job", args=[job.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "persons.csv" in html
    assert AuditEvent.objects.filter(action=Action.IMPORT, object_id=str(job.pk), changes__status="rejected").exists()


@pytest.mark.parametrize(
    ("files", "error"),
    [
        ([], "This field is required."),
        ([SimpleUploadedFile("register.txt", b"x")], "Choose a .zip file of the register folder, or its .csv files."),
        (
            [SimpleUploadedFile("a.zip", b"x"), SimpleUploadedFile("persons.csv", b"x")],
            "Choose one .zip file, or the .csv files without a .zip.",
        ),
        ([SimpleUploadedFile("persons.csv", b"x"), SimpleUploadedFile("persons.csv", b"y")], "the same name"),
    ],
)
def test_bad_upload_is_refused_by_the_form_and_nothing_is_stored(
    lead: User, settings: Settings, files: list[SimpleUploadedFile], error: str
) -> None:
    response = signed_in_client(lead).post(UPLOAD, {"register_files": files})
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not RegisterImportJob.objects.exists()
    assert not imports_folder(settings).exists()


def test_only_decision_makers_import_and_each_sees_only_their_own_jobs(
    lead: User, client_for: Callable[[Role], Client]
) -> None:
    job = RegisterImportJob.objects.create(started_by=lead, file_names="register.zip")
    job_url = reverse("register_import:job", args=[job.pk])
    progress_url = reverse("register_import:progress", args=[job.pk])
    assert signed_in_client(lead).get(job_url).status_code == 200
    other_lead = client_for(Role.DECISION_MAKER)
    assert other_lead.get(job_url).status_code == 404
    assert other_lead.get(progress_url).status_code == 404
    assert "register.zip" not in other_lead.get(UPLOAD).content.decode()
    caseworker = client_for(Role.CASEWORKER)
    assert caseworker.post(UPLOAD, {"register_files": [zipped(VALID_FILES)]}).status_code == 403
    assert caseworker.get(job_url).status_code == 403
    assert AuditEvent.objects.filter(action=Action.PERMISSION_DENIED).count() == 2
    assert RegisterImportJob.objects.count() == 1


def test_the_job_page_polls_its_progress_every_two_seconds_while_the_import_runs(lead: User) -> None:
    job = RegisterImportJob.objects.create(started_by=lead, file_names="register.zip")
    client = signed_in_client(lead)
    progress_url = reverse("register_import:progress", args=[job.pk])
    page = client.get(reverse("register_import:job", args=[job.pk])).content.decode()
    assert f'hx-get="{progress_url}" hx-trigger="every 2s"' in page
    assert "/static/vendor/htmx/htmx.min.js" in page
    assert "Waiting for the background worker to start the import." in page
    RegisterImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING, stage="applications.csv", done=450, total=1000
    )
    fragment = client.get(progress_url, HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert "Reading and checking applications.csv." in html
    assert '<progress id="import-bar" max="100" value="45">' in html
    assert "HX-Refresh" not in fragment
    RegisterImportJob.objects.filter(pk=job.pk).update(stage=FINISHING, done=1000)
    assert "Checking the references and building the indexes." in client.get(progress_url).content.decode()
    RegisterImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.SUCCEEDED)
    finished = client.get(progress_url, HTTP_HX_REQUEST="true")
    assert finished["HX-Refresh"] == "true"
    assert "hx-trigger" not in client.get(reverse("register_import:job", args=[job.pk])).content.decode()


@pytest.mark.usefixtures("immediate")
def test_a_job_runs_once(lead: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> None:
    _, job = upload(signed_in_client(lead), django_capture_on_commit_callbacks, zipped(VALID_FILES))
    assert job is not None
    assert run_register_import.call(job.pk) == ImportStatus.SUCCEEDED
    assert register_counts()["Person"] == 3
    assert AuditEvent.objects.filter(action=Action.IMPORT, object_type="register").count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_database_task_backend_and_its_worker_run_the_import(settings: Settings) -> None:
    """As `make run`: the upload queues a task row, `db_worker` runs it."""
    lead = user_with_role(Role.DECISION_MAKER)
    response = signed_in_client(lead).post(UPLOAD, {"register_files": [zipped(VALID_FILES)]})
    assert response.status_code == 302
    job = RegisterImportJob.objects.get()
    task_row = DBTaskResult.objects.get()
    assert (str(task_row.pk), task_row.task_path, task_row.status) == (
        job.task_result_id,
        "torju.register.tasks.run_register_import",
        "READY",
    )
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    job.refresh_from_db()
    assert job.status == ImportStatus.SUCCEEDED
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert register_counts()["Person"] == 3
    assert not job.folder.exists()


class RollbackError(Exception):
    pass


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_progress_is_visible_while_the_import_transaction_is_still_open() -> None:
    """Written through a connection of its own, a whole per cent at a time."""
    job = RegisterImportJob.objects.create(started_by=user_with_role(Role.DECISION_MAKER), file_names="r.zip")
    with ImportProgress(job.pk) as progress, pytest.raises(RollbackError), transaction.atomic():
        progress("persons.csv", 50, 200)
        progress("persons.csv", 51, 200)  # still 25 %: not written
        raise RollbackError
    job.refresh_from_db()
    assert (job.stage, job.done, job.total, job.per_cent) == ("persons.csv", 50, 200, 25)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_the_worker_records_the_progress_on_postgresql() -> None:
    lead = user_with_role(Role.DECISION_MAKER)
    signed_in_client(lead).post(UPLOAD, {"register_files": [zipped(VALID_FILES)]})
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    job = RegisterImportJob.objects.get()
    assert job.status == ImportStatus.SUCCEEDED
    assert (job.stage, job.per_cent) == (FINISHING, 100)
    assert job.total == sum(len(text.encode()) for text in VALID_FILES.values())
