"""Two servers, one database (issue 17): two gunicorn instances and two task workers against one PostgreSQL.

A session begun on one server is valid on the other; a decision confirmed
from both servers at the same moment is applied once; the jobs queued are
each run exactly once, whichever worker takes them.
"""

import threading
from collections.abc import Iterator
from functools import partial
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import URLError
from urllib.request import HTTPCookieProcessor, OpenerDirector, build_opener

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings

from bench.generate_register import generate_register
from tests.factories import (
    caseworker_at,
    decision_maker_at,
    identification_grounds,
    new_application,
    user_with_role,
)
from tests.processes import GUNICORN, running, start, start_worker, wait_until
from tests.web.test_make_run import NoRedirects, csrf_token, fetch, free_port
from torju.accounts.models import Role, User
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.documents.models import DocumentJob, JobStatus
from torju.documents.tasks import start_document_job
from torju.register import services
from torju.register.document_jobs import REGISTER_EXTRACT, ZIP
from torju.register.exchange.format import FILES
from torju.register.models import Application, ImportStatus, RegisterImportJob
from torju.register.tasks import start_register_import

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

PASSWORD = "a password for two servers"
TODAY = timezone.localdate()
UNFINISHED = (TaskResultStatus.READY, TaskResultStatus.RUNNING)


@pytest.fixture
def servers(tmp_path: Path, settings: Settings) -> Iterator[tuple[str, str]]:
    """Two gunicorn instances on their own ports, and two task workers, all on the test database."""
    settings.DATA_DIR = tmp_path / "data"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    log = tmp_path / "servers.log"
    ports = [free_port(), free_port()]
    processes = [
        start([GUNICORN, "torju.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2"], log)
        for port in ports
    ] + [start_worker(log), start_worker(log)]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    with running(processes[0]), running(processes[1]), running(processes[2]), running(processes[3]):
        for base in bases:
            health = f"{base}/healthz"
            wait_until(partial(answers, health), f"{base} up", log=log)
        yield bases[0], bases[1]


def answers(url: str) -> bool:
    try:
        return fetch(build_opener(NoRedirects()), url)[0] == 200
    except (URLError, ConnectionError, TimeoutError):
        return False


def signed_in(base: str, user: User) -> CookieJar:
    """Signed in on `base` with the password, and the second factor passed (as its page would record it)."""
    user.set_password(PASSWORD)
    user.save()
    jar = CookieJar()
    opener = browser(jar)
    _status, _headers, form = fetch(opener, f"{base}/accounts/login/")
    status, _headers, _body = fetch(
        opener,
        f"{base}/accounts/login/",
        {"csrfmiddlewaretoken": csrf_token(form), "username": user.username, "password": PASSWORD},
    )
    assert status == 302
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    for session in Session.objects.all():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            store = SessionStore(session_key=session.session_key)
            store[DEVICE_ID_SESSION_KEY] = device.persistent_id
            store.save()
    return jar


def browser(jar: CookieJar) -> OpenerDirector:
    return build_opener(HTTPCookieProcessor(jar), NoRedirects())


def test_sessions_work_across_servers_and_a_raced_confirmation_is_applied_once(servers: tuple[str, str]) -> None:
    first, second = servers
    caseworker = caseworker_at("HEL")
    case = new_application(caseworker, first_names="Aino", received_on=TODAY)
    identification_grounds(caseworker, case)  # a positive draft rests on recorded grounds (torju.legalpath)
    draft = services.draft_decision(
        actor=Actor.for_user(caseworker), application=case, decision="positive", decided_on=TODAY
    )

    jar = signed_in(first, caseworker)
    case_page = reverse("register:application", args=[case.pk])
    status, _headers, page = fetch(browser(jar), f"{second}{case_page}")  # the session of the first server
    assert status == 200 and case.case_number.encode() in page

    decision_maker = decision_maker_at("HEL")
    jar = signed_in(second, decision_maker)
    _status, _headers, page = fetch(browser(jar), f"{first}{case_page}")
    token = csrf_token(page)
    confirm = reverse("register:decision_confirm", args=[case.pk, draft.pk])
    before = AuditEvent.objects.filter(action=Action.UPDATE, object_id=str(case.pk)).count()
    answers_: list[int] = []
    start_together = threading.Barrier(2)

    def post(base: str) -> None:
        start_together.wait()
        answers_.append(fetch(browser(jar), f"{base}{confirm}", {"csrfmiddlewaretoken": token})[0])

    threads = [threading.Thread(target=post, args=(base,)) for base in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers_ == [302, 302]  # each back to the case page, one with "decided already"
    assert Application.objects.get(pk=case.pk).decision == "positive"
    assert AuditEvent.objects.filter(action=Action.UPDATE, object_id=str(case.pk)).count() == before + 1


def test_each_job_runs_exactly_once_whichever_worker_takes_it(servers: tuple[str, str], tmp_path: Path) -> None:
    generate_register(tmp_path / "generated", 500, seed=3)
    lead = user_with_role(Role.DECISION_MAKER, language="en")
    files = [
        (file.name, UploadedFile((tmp_path / "generated" / file.name).open("rb"), name=file.name)) for file in FILES
    ]
    imported = start_register_import(actor=Actor.for_user(lead), files=files, update=False)
    for _name, uploaded in files:
        uploaded.close()
    wait_until(
        lambda: RegisterImportJob.objects.filter(pk=imported.pk, status=ImportStatus.SUCCEEDED).exists(), "the import"
    )
    analyst = user_with_role(Role.ANALYST, language="en")
    jobs = [
        start_document_job(actor=Actor.for_user(analyst), kind=REGISTER_EXTRACT, fmt=ZIP, language="en", parameters={})
        for _job in range(6)
    ]
    wait_until(
        lambda: DocumentJob.objects.filter(pk__in=[job.pk for job in jobs], status=JobStatus.SUCCEEDED).count() == 6,
        "the documents",
    )
    task_ids = [job.task_result_id for job in DocumentJob.objects.filter(pk__in=[job.pk for job in jobs])]
    task_ids.append(RegisterImportJob.objects.get(pk=imported.pk).task_result_id)
    tasks = DBTaskResult.objects.filter(id__in=task_ids)
    # A job's row ends inside its task; the worker records the task's own end just after: wait for those.
    wait_until(lambda: not tasks.filter(status__in=UNFINISHED).exists(), "the tasks' ends recorded")
    assert [(task.status, len(task.worker_ids)) for task in tasks] == [(TaskResultStatus.SUCCESSFUL, 1)] * 7
    assert AuditEvent.objects.filter(action=Action.IMPORT, object_type="register").count() == 1
    assert AuditEvent.objects.filter(action=Action.EXPORT, object_type="register").count() == 6
