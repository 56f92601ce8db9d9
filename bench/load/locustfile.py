"""Torju's users at work, for Locust (run by bench/load_test.py; `make load`).

Every simulated user signs in as an account of its own (a distinct user, so
that per-user throttles apply as in real use), with its password and the
current code of its authenticator app (the accounts and their TOTP secrets
are in the file LOAD_ACCOUNTS, made by bench/load_test.py), then works:

- caseworkers open work lists and cases (pages), record exploitation events
  (API) and change the residence status of one of a few shared "hot" cases
  (API, with the revision they read: optimistic concurrency);
- decision makers open their list of drafts to confirm and confirm one
  (API), each their own drafts;
- reporters save their body's status report on a measure (API, with the
  revision they read; several reporters share a measure);
- analysts open the statistics pages;
- anonymous visitors open the public pages.

Users are added in the steps of LOAD_STAGES and stay signed in (one
sign-in a day is what people do; its password hash is slow by design).
Between actions a user waits 1–5 s (LOAD_THINK=1) or not at all. Every save
the server said succeeded is appended to LOAD_SAVES (JSON lines: what, which,
the revision read, the revision written, the value written), and so is every
attempt before it is sent (one whose answer never came may have been
applied: the run stopped while it waited), which
bench/load_test.py checks against the database afterwards for lost updates.
A 409 (someone saved in between) is what a person sees as "changed after you
read it": the user reads again and saves again; it is counted, not an error.
"""

import itertools
import json
import os
import random
import time
from binascii import unhexlify
from pathlib import Path
from typing import Any

from django_otp.oath import totp  # pure Python: no Django set-up needed
from locust import HttpUser, LoadTestShape, between, constant, events, task
from locust.exception import StopUser

ACCOUNTS: dict[str, Any] = json.loads(Path(os.environ["LOAD_ACCOUNTS"]).read_text(encoding="utf-8"))
SAVES = Path(os.environ["LOAD_SAVES"])
CONFIRMED = Path(os.environ["LOAD_ACCOUNTS"]).with_name("confirmed-drafts.txt")
TIMES = Path(os.environ["LOAD_TIMES"])
THINK = between(1, 5) if os.environ.get("LOAD_THINK", "1") == "1" else constant(0)
YEAR = int(ACCOUNTS["statistics_year"])
RESIDENCE_STATUSES = ACCOUNTS["residence_statuses"]
_next_account = {kind: itertools.count() for kind in ("caseworker", "decision_maker", "reporter", "analyst")}


def log_save(**save: Any) -> None:
    """One JSON line per save the server confirmed (appended whole: lines of concurrent users never mix)."""
    line = json.dumps({**save, "at": time.time()}) + "\n"
    with SAVES.open("a", encoding="utf-8") as handle:
        handle.write(line)


def log_attempt(**attempt: Any) -> str:
    """A save about to be sent: if its answer never comes (the run stops while it waits), the check knows that the
    server may have applied it. Its id pairs it with the confirmed save."""
    key = f"{os.getpid()}-{next(_attempts)}"
    log_save(kind="attempt", attempt=key, **attempt)
    return key


_attempts = itertools.count()


@events.test_start.add_listener
def _fresh_log(**_kwargs: Any) -> None:
    SAVES.touch()


@events.request.add_listener
def _timed(request_type: str, name: str, response_time: float, exception: Any, **_kwargs: Any) -> None:
    """Every request's time (tab-separated: when, type, name, ms, 1 for a success), for the report's percentiles."""
    with TIMES.open("a", encoding="utf-8") as handle:
        handle.write(f"{time.time():.3f}\t{request_type}\t{name}\t{response_time:.1f}\t{0 if exception else 1}\n")


class SignedIn(HttpUser):
    abstract = True
    wait_time = THINK
    kind = ""

    def on_start(self) -> None:
        index = next(_next_account[self.kind])
        self.account = ACCOUNTS[self.kind][index]  # an IndexError: more users than accounts were made
        self.client.get("/accounts/login/", name="sign in")
        self.client.post(
            "/accounts/login/",
            {"username": self.account["username"], "password": self.account["password"]},
            headers=self._csrf(),
            name="sign in",
        )
        code = totp(unhexlify(self.account["totp_key"].encode()), step=30, t0=0, digits=6)
        with self.client.post(
            "/accounts/second-factor/",
            {"token": f"{code:06d}"},
            headers=self._csrf(),
            name="second factor",
            catch_response=True,
        ) as response:
            if "/accounts/" in response.url:
                response.failure(f"not signed in: still at {response.url}")
                raise StopUser()

    def _csrf(self) -> dict[str, str]:
        return {"X-CSRFToken": str(self.client.cookies.get("csrftoken") or ""), "Referer": f"{self.host}/"}

    def api(self, method: str, path: str, name: str, body: Any = None, ok: tuple[int, ...] = (200, 201)) -> Any:
        """A JSON API call with the session's CSRF token; a status in `ok` is a success, 409 a conflict."""
        with self.client.request(
            method, path, json=body, headers=self._csrf(), name=name, catch_response=True
        ) as response:
            if response.status_code in ok:
                response.success()
            elif response.status_code == 409:
                response.success()  # a conflict, told to the user as it should be: not an error
                events.request.fire(  # type: ignore[no-untyped-call]
                    request_type="CONFLICT", name=name, response_time=0, response_length=0, exception=None
                )
            else:
                response.failure(f"{response.status_code}: {response.text[:200]}")
            return response


class Caseworker(SignedIn):
    weight = 4
    kind = "caseworker"

    @task(3)
    def work_list(self) -> None:
        self.client.get(f"/register/?list={random.choice(['undecided', 'mine', 'all'])}", name="register: work list")

    @task(3)
    def open_case(self) -> None:
        self.client.get(f"/register/cases/{random.choice(self.account['cases'])}/", name="register: case page")

    @task(2)
    def record_event(self) -> None:
        case = random.choice(self.account["cases"])
        self.api(
            "POST",
            f"/api/register/cases/{case}/events/",
            "register: record an event (API)",
            {"form": "forced_labour", "country": "FI", "sector": "construction"},
        )

    @task(1)
    def change_hot_case(self) -> None:
        case = random.choice(self.account["hot_cases"])
        read = self.api("GET", f"/api/register/cases/{case}/", "register: read a case (API)").json()
        value = random.choice([status for status in RESIDENCE_STATUSES if status != read["residence_status"]])
        attempt = log_attempt(what="application", id=case, read=read["revision"])
        saved = self.api(
            "PATCH",
            f"/api/register/cases/{case}/",
            "register: save a case (API)",
            {"residence_status": value, "revision": read["revision"]},
        )
        if saved.status_code == 200:
            log_save(
                what="application",
                id=case,
                read=read["revision"],
                wrote=saved.json()["revision"],
                value=value,
                attempt=attempt,
            )


class DecisionMaker(SignedIn):
    weight = 1
    kind = "decision_maker"

    def on_start(self) -> None:
        super().on_start()
        tried = set(CONFIRMED.read_text(encoding="utf-8").splitlines()) if CONFIRMED.exists() else set()
        self.drafts = [draft for draft in self.account["drafts"] if f"{draft[1]}" not in tried]

    @task(2)
    def to_confirm(self) -> None:
        self.client.get("/register/?list=to_confirm", name="register: drafts to confirm")

    @task(1)
    def confirm(self) -> None:
        if not self.drafts:
            return
        case, draft = self.drafts.pop()
        with CONFIRMED.open("a", encoding="utf-8") as handle:  # a draft is tried once, in whichever step
            handle.write(f"{draft}\n")
        self.api(
            "POST",
            f"/api/register/cases/{case}/decision-drafts/{draft}/confirm/",
            "register: confirm a decision (API)",
        )


class Reporter(SignedIn):
    weight = 1
    kind = "reporter"

    @task
    def save_report(self) -> None:
        round_pk, number = self.account["round"], self.account["measure"]
        reports = self.api(
            "GET", f"/api/programme/reports/?round={round_pk}&measure={number}", "programme: read the report (API)"
        ).json()
        current = reports["results"][0] if reports.get("results") else None
        revision = current["revision"] if current else None
        value = f"{self.account['username']} {time.time():.6f}"
        attempt = log_attempt(what="report", id=current["id"] if current else None, read=revision)
        saved = self.api(
            "POST",
            f"/api/programme/rounds/{round_pk}/measures/{number}/report/",
            "programme: save a status report (API)",
            {"status": "on_track", "done": value, "revision": revision, "submit": False},
        )
        if saved.status_code in (200, 201):
            body = saved.json()
            log_save(what="report", id=body["id"], read=revision, wrote=body["revision"], value=value, attempt=attempt)


class Analyst(SignedIn):
    weight = 1
    kind = "analyst"

    @task(3)
    def statistics(self) -> None:
        self.client.get(f"/statistics/{YEAR}/", name="statistics: annual review page")

    @task(1)
    def index(self) -> None:
        self.client.get("/statistics/", name="statistics: index")


class Visitor(HttpUser):
    weight = 1
    wait_time = THINK

    @task
    def public(self) -> None:
        self.client.get(random.choice(["/", "/public/statistics/", "/progress/"]), name="public pages")


class Steps(LoadTestShape):
    """The steps of LOAD_STAGES ("8:90,16:90": users, seconds): users are added and stay signed in, as people
    do; each stage's start is appended to LOAD_STAGES_LOG for the report."""

    stages = [tuple(int(part) for part in stage.split(":")) for stage in os.environ["LOAD_STAGES"].split(",")]
    log = Path(os.environ["LOAD_STAGES_LOG"])
    logged = -1

    def tick(self) -> tuple[int, float] | None:
        elapsed = self.get_run_time()  # type: ignore[no-untyped-call]
        end = 0
        for index, (users, seconds) in enumerate(self.stages):
            end += seconds
            if elapsed < end:
                if index != self.logged:
                    self.logged = index
                    with self.log.open("a", encoding="utf-8") as handle:
                        handle.write(f"{time.time():.3f}\t{users}\n")
                return users, max(1.0, users / 4)
        return None
