"""Load test: Torju's users at work at once, against gunicorn and PostgreSQL on this machine (issue 17; `make load`).

    python bench/load_test.py [--victims 1000000] [--users 8,16,32,64] [--step-seconds 300]
                              [--saturate 8,16,32,64,128] [--saturate-seconds 120] [--workers 5] [--keep]

1. The database `torju_bench_load` (next to the one --database-url names):
   migrated, the synthetic register of --victims imported
   (bench/generate_register.py, reused from earlier runs), the demo's
   programme with an open reporting round, and the accounts the simulated
   users sign in as: for each kind enough distinct accounts for the largest
   step, each with a password and an authenticator app (TOTP) of its own;
   decision drafts for the decision makers to confirm. --keep reuses all of
   it (and its keys) when it is there, with new drafts in place of those
   earlier runs confirmed.
2. gunicorn with --workers sync workers serves Torju with production
   settings (TLS-less cookies, TORJU_SECURE_COOKIES=0), the database
   connection kept --conn-max-age seconds.
3. Locust (bench/load/locustfile.py) runs once through the steps of --users
   with think time of 1–5 s, then once through those of --saturate without
   think time, --step-seconds / --saturate-seconds each. Users are added
   step by step and stay signed in; each step is measured from the moment its
   new users have signed in. After each run the lost-update check: each save
   the server said succeeded is in the database, or was superseded by a
   later logged save that had read it; no two saves claim one revision.
4. The report (throughput, p50/p95/p99 per action, errors, conflicts, the
   check's result, the set-up) is written to --out (default
   bench/results/load-<time>/report.md) and printed.
"""

import argparse
import csv
import json
import os
import platform
import random
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cryptography.fernet import Fernet

from bench.common import (
    DEFAULT_DATABASE_URL,
    database_exists,
    database_url,
    fresh_database,
    register_folder,
    set_up_django,
)

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BENCH_DATABASE = "torju_bench_load_{victims}"  # one per register size: --keep reuses the one of --victims
KINDS = ("caseworker", "decision_maker", "reporter", "analyst")
CASES_PER_CASEWORKER = 200
HOT_CASES_PER_OFFICE = 5  # shared by every caseworker of the office: concurrent edits of one record
REPORTED_MEASURES = 4  # shared by the reporters: concurrent edits of one status report
DRAFTS_PER_DECISION_MAKER = 30
PASS_P95_MS = 1000
TARGET_P95_MS = 300


def arguments_of(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--victims", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "torju-bench")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--users", default="8,16,32,64", help="steps with think time (1–5 s), comma-separated")
    parser.add_argument("--step-seconds", type=int, default=300)
    parser.add_argument("--saturate", default="8,16,32,64,128", help="steps without think time; '' for none")
    parser.add_argument("--saturate-seconds", type=int, default=120)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn sync workers")
    parser.add_argument(
        "--conn-max-age", type=int, default=60, help="DATABASE_CONN_MAX_AGE of the server (0: a connection per request)"
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--keep", action="store_true", help="reuse the database, its accounts and keys if there")
    parser.add_argument("--out", type=Path, default=None)
    return parser.parse_args(argv)


def steps(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


# 1. The database and the accounts.


def secrets_of(folder: Path) -> dict[str, str]:
    """The keys the register was imported with: the server must decrypt with the same ones."""
    path = folder / "secrets.json"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(
            json.dumps(
                {
                    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
                    "TORJU_FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
                    "TORJU_IDENTIFIER_HASH_KEY": secrets.token_urlsafe(32),
                }
            ),
            encoding="utf-8",
        )
    loaded: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def prepare(arguments: argparse.Namespace, state: Path, keys: dict[str, str], accounts_file: Path) -> None:
    os.environ.update(keys)
    name = BENCH_DATABASE.format(victims=arguments.victims)
    url = database_url(arguments.database_url, name)
    if arguments.keep and accounts_file.exists() and database_exists(arguments.database_url, name):
        print(f"reusing the database {name} and {accounts_file}")
        set_up_django(url)
        top_up_drafts(accounts_file)
        return
    folder = register_folder(arguments.data, arguments.victims, arguments.seed)
    set_up_django(fresh_database(arguments.database_url, name))
    from django.core.management import call_command

    from torju.actor import Actor
    from torju.register.exchange import import_register

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    result = import_register(folder, actor=Actor.system("load test"))
    print(f"imported {sum(result.created.values())} rows in {time.perf_counter() - started:.1f} s")
    (state / "confirmed-drafts.txt").unlink(missing_ok=True)  # drafts the decision makers of earlier runs tried
    accounts = make_accounts(max(steps(arguments.users) + steps(arguments.saturate) + [8]))
    accounts_file.write_text(json.dumps(accounts), encoding="utf-8")


def analyse() -> None:
    """The planner's statistics of every table, as PostgreSQL's autovacuum keeps them in production.

    The set-up's accounts, decision drafts and an earlier run's writes change
    small tables by far more than their size; a PostgreSQL with autovacuum off
    (as on the test machines) would plan the work lists with the statistics of
    empty tables: the undecided list's anti-join with 900 open drafts took
    0.27 s instead of 0.03 s.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def positive_draft(drafter: Any, application_pk: int) -> list[int]:
    """A positive decision draft on an undecided case, for a decision maker to confirm: [case, draft]."""
    from django.utils import timezone

    from torju.actor import Actor
    from torju.legalpath.services import record_grounds
    from torju.register.models import Application
    from torju.register.services import draft_decision

    application = Application.objects.get(pk=application_pk)
    # A positive draft rests on recorded grounds of the identification (torju.legalpath).
    record_grounds(
        actor=Actor.for_user(drafter),
        application=application,
        is_child=False,
        act_assessed=True,
        means_assessed=True,
        purpose_assessed=True,
        indicators=["coercion.debt_bondage"],
        preliminary_on=application.received_on,
        reasonable_grounds=True,
        final_on=application.received_on,
        final_grounds=True,
    )
    draft = draft_decision(
        actor=Actor.for_user(drafter), application=application, decision="positive", decided_on=timezone.localdate()
    )
    return [application.pk, draft.pk]


def top_up_drafts(accounts_file: Path) -> None:
    """--keep: each decision maker again has DRAFTS_PER_DECISION_MAKER drafts no earlier run tried to confirm.

    Without it, a run on a kept database has nothing left to confirm and
    measures no confirmation. New drafts go on undecided cases without one
    that no simulated caseworker works on.
    """
    from torju.accounts.models import User
    from torju.register.models import Application

    accounts = json.loads(accounts_file.read_text(encoding="utf-8"))
    tried_file = accounts_file.with_name("confirmed-drafts.txt")
    tried = set(tried_file.read_text(encoding="utf-8").split()) if tried_file.exists() else set()
    worked_on = {pk for entry in accounts["caseworker"] for pk in entry["cases"] + entry["hot_cases"]}
    made = 0
    for office in sorted({entry["office"] for entry in accounts["decision_maker"]}):
        makers = [entry for entry in accounts["decision_maker"] if entry["office"] == office]
        for entry in makers:
            entry["drafts"] = [draft for draft in entry["drafts"] if f"{draft[1]}" not in tried]
        missing = sum(DRAFTS_PER_DECISION_MAKER - len(entry["drafts"]) for entry in makers)
        free = list(
            Application.objects.filter(office=office, decision="", decision_drafts__isnull=True)
            .exclude(pk__in=worked_on)
            .order_by("?")
            .values_list("pk", flat=True)[:missing]
        )
        drafter = User.objects.get(
            username=next(entry["username"] for entry in accounts["caseworker"] if entry["office"] == office)
        )
        for entry in makers:
            while len(entry["drafts"]) < DRAFTS_PER_DECISION_MAKER and free:
                entry["drafts"].append(positive_draft(drafter, free.pop()))
                made += 1
    accounts_file.write_text(json.dumps(accounts), encoding="utf-8")
    print(f"{made} new decision drafts to confirm")


def make_accounts(users: int) -> dict[str, Any]:
    """Distinct accounts for `users` simulated users of each kind, with their work; the file the locustfile reads."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_otp.util import random_hex

    from torju.accounts.models import Organisation, Role, RoleGrant, User
    from torju.actor import Actor
    from torju.codes.models import Code
    from torju.demo.programme import DEMO_SLUG
    from torju.demo.users import demo_user, ensure_demo_users
    from torju.programme.models import Measure, Programme
    from torju.programme.services import open_round
    from torju.register.models import Application

    rng = random.Random(1)
    password = secrets.token_urlsafe(16)
    hashed = make_password(password)  # once: every account has the same password, signing in checks it as usual
    offices = {office: Organisation.objects.get(office=office) for office in ("HEL", "TRE", "LPR")}
    ensure_demo_users(reset_passwords=False)  # the coordinator who opens a reporting round of the shipped plan
    today = timezone.localdate()
    programme = Programme.objects.get(slug=DEMO_SLUG)
    reporting_round = open_round(
        actor=Actor.for_user(demo_user("demo-coordinator")),
        programme=programme,
        name=f"Load test {today.year}",
        period_start=today.replace(month=1, day=1),
        period_end=today,
        deadline=today + timedelta(days=21),
        measure_numbers=list(Measure.objects.filter(programme=programme).values_list("number", flat=True)),
    )
    measures = list(
        reporting_round.measures.filter(responsibilities__isnull=False)
        .distinct()
        .order_by("number")[:REPORTED_MEASURES]
    )

    def account(kind: str, index: int, role: Role, organisation: Organisation) -> tuple[User, dict[str, Any]]:
        user = User.objects.create(
            username=f"load-{kind}-{index:03d}", password=hashed, organisation=organisation, last_name=kind
        )
        RoleGrant.objects.create(user=user, role=role)
        key = random_hex(20)
        TOTPDevice.objects.create(user=user, name="load", key=key, confirmed=True, step=30, digits=6, t0=0)
        return user, {"username": user.username, "password": password, "totp_key": key}

    undecided = {
        office: list(
            Application.objects.filter(office=office, decision="", decision_drafts__isnull=True)
            .order_by("?")
            .values_list("pk", flat=True)[: HOT_CASES_PER_OFFICE + users * DRAFTS_PER_DECISION_MAKER]
        )
        for office in offices
    }
    hot = {office: pks[:HOT_CASES_PER_OFFICE] for office, pks in undecided.items()}
    draftable = {office: pks[HOT_CASES_PER_OFFICE:] for office, pks in undecided.items()}
    accounts: dict[str, Any] = {kind: [] for kind in KINDS}
    drafters: dict[str, User] = {}
    for index in range(users):
        office = list(offices)[index % len(offices)]
        user, entry = account("caseworker", index, Role.CASEWORKER, offices[office])
        drafters.setdefault(office, user)
        cases = list(
            Application.objects.filter(office=office)
            .exclude(pk__in=hot[office] + draftable[office])
            .order_by("?")
            .values_list("pk", flat=True)[:CASES_PER_CASEWORKER]
        )
        accounts["caseworker"].append({**entry, "office": office, "cases": cases, "hot_cases": hot[office]})
    for index in range(users):
        office = list(offices)[index % len(offices)]
        _user, entry = account("decision_maker", index, Role.DECISION_MAKER, offices[office])
        drafts = [
            positive_draft(drafters[office], draftable[office].pop())
            for _draft in range(min(DRAFTS_PER_DECISION_MAKER, len(draftable[office])))
        ]
        accounts["decision_maker"].append({**entry, "office": office, "drafts": drafts})
    for index in range(users):
        measure: Measure = measures[index % len(measures)]
        organisation = measure.responsibilities.order_by("position").first().organisation  # type: ignore[union-attr]
        _user, entry = account("reporter", index, Role.REPORTER, organisation)
        accounts["reporter"].append({**entry, "round": reporting_round.pk, "measure": measure.number})
    analysts = Organisation.objects.get(code="AUTTAMISJARJESTELMA")
    for index in range(users):
        _user, entry = account("analyst", index, Role.ANALYST, analysts)
        accounts["analyst"].append(entry)
    rng.shuffle(accounts["caseworker"])
    accounts["statistics_year"] = today.year - 1
    accounts["residence_statuses"] = list(
        Code.objects.filter(code_list="residence_status").values_list("code", flat=True)
    )
    print(
        f"accounts: {users} of each of {', '.join(KINDS)}; "
        f"{sum(len(a['drafts']) for a in accounts['decision_maker'])} decision drafts to confirm"
    )
    return accounts


# 2. The server.


def serve(arguments: argparse.Namespace, keys: dict[str, str], state: Path) -> subprocess.Popen[bytes]:
    environment = {
        **os.environ,
        **keys,
        "DATABASE_URL": database_url(arguments.database_url, BENCH_DATABASE.format(victims=arguments.victims)),
        "DJANGO_SETTINGS_MODULE": "torju.settings",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "TORJU_SECURE_COOKIES": "0",
        "TORJU_STATIC_ROOT": str(state / "static"),
        "DATABASE_CONN_MAX_AGE": str(arguments.conn_max_age),
    }
    subprocess.run(
        [str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "torju.wsgi:application",
            "--bind",
            f"127.0.0.1:{arguments.port}",
            "--workers",
            str(arguments.workers),
            "--log-level",
            "warning",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=environment,
        start_new_session=True,
    )
    for _attempt in range(120):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{arguments.port}/healthz", timeout=5) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(1)
    os.killpg(server.pid, signal.SIGTERM)
    raise SystemExit("gunicorn did not answer /healthz within two minutes")


# 3. The steps.


def run(
    arguments: argparse.Namespace, accounts_file: Path, out: Path, users: list[int], think: bool, seconds: int
) -> list[dict[str, Any]]:
    """One Locust run through the steps of `users`, `seconds` each (users stay signed in); each step's figures."""
    label = "think" if think else "nothink"
    saves = out / f"saves-{label}.jsonl"
    times = out / f"times-{label}.tsv"
    stages_log = out / f"stages-{label}.tsv"
    environment = {
        **os.environ,
        "LOAD_ACCOUNTS": str(accounts_file),
        "LOAD_SAVES": str(saves),
        "LOAD_TIMES": str(times),
        "LOAD_THINK": "1" if think else "0",
        "LOAD_STAGES": ",".join(f"{count}:{seconds}" for count in users),
        "LOAD_STAGES_LOG": str(stages_log),
    }
    print(f"run: {users} users, {'think time 1–5 s' if think else 'no think time'}, {seconds} s a step")
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "bench" / "load" / "locustfile.py"),
            "--headless",
            "--host",
            f"http://127.0.0.1:{arguments.port}",
            "--csv",
            str(out / label),
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--stop-timeout",
            "10",
        ],
        env=environment,
        check=False,  # locust exits 1 when any request failed: the report says which
        stdout=subprocess.DEVNULL,
    )
    stages = [line.split("\t") for line in stages_log.read_text(encoding="utf-8").splitlines()]
    lines = times.read_text(encoding="utf-8").splitlines() if times.exists() else []
    entries = [line.split("\t") for line in lines]
    checked = lost_updates(saves)
    results = []
    for index, (started, count) in enumerate(stages):
        begin = float(started)
        finish = float(stages[index + 1][0]) if index + 1 < len(stages) else begin + seconds
        in_stage = [entry for entry in entries if begin <= float(entry[0]) < finish]
        # Measured from the moment the step's last new user had signed in until the step's end.
        signed_in = max((float(entry[0]) for entry in in_stage if entry[2] in SIGNING_IN), default=begin)
        window = max(1.0, finish - signed_in)
        last = index == len(stages) - 1
        results.append(
            {
                "users": int(count),
                "think": think,
                "seconds": seconds,
                "measured_seconds": round(window),
                "sign_in_seconds": round(signed_in - begin),
                "rows": figures(
                    [entry for entry in in_stage if float(entry[0]) >= signed_in and entry[2] not in SIGNING_IN],
                    window,
                ),
                "sign_ins": figures([entry for entry in in_stage if entry[2] in SIGNING_IN], finish - begin),
                "failures": _failures(out / f"{label}_failures.csv") if last else [],
                "lost_updates": checked if last else None,
            }
        )
    return results


SIGNING_IN = frozenset({"sign in", "second factor"})
WORK = "all work (without signing in)"


def percentile(sorted_times: list[float], share: float) -> float:
    return sorted_times[min(len(sorted_times) - 1, int(share * len(sorted_times)))] if sorted_times else 0.0


def figures(entries: list[list[str]], seconds: float) -> list[dict[str, Any]]:
    """Per action (and for all work but signing in): requests, failures, requests/s, p50/p95/p99 in ms.

    Computed from every request's time (the locustfile's log), so that the
    aggregate leaves out the sign-ins, whose password hash (Argon2) is slow
    by design. A 409 is counted under "conflicts".
    """
    groups: dict[str, list[tuple[float, bool]]] = {}
    conflicts: dict[str, int] = {}
    for _at, kind, name, milliseconds, ok in entries:
        if kind == "CONFLICT":
            conflicts[name] = conflicts.get(name, 0) + 1
            continue
        entry = (float(milliseconds), ok == "1")
        groups.setdefault(f"{kind} {name}", []).append(entry)
        if name not in SIGNING_IN:
            groups.setdefault(WORK, []).append(entry)
    rows = []
    for name, timed in sorted(groups.items(), key=lambda item: (item[0] == WORK, item[0])):
        ordered = sorted(milliseconds for milliseconds, _ok in timed)
        rows.append(
            {
                "name": name,
                "requests": len(timed),
                "failures": sum(1 for _ms, ok in timed if not ok),
                "conflicts": sum(count for conflict, count in conflicts.items() if name.endswith(" " + conflict))
                if name != WORK
                else sum(conflicts.values()),
                "per_second": len(timed) / seconds,
                "p50": percentile(ordered, 0.50),
                "p95": percentile(ordered, 0.95),
                "p99": percentile(ordered, 0.99),
            }
        )
    return rows


def _failures(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.open(encoding="utf-8"))) if path.exists() else []


def lost_updates(saves_file: Path) -> dict[str, Any]:
    """Check every logged save against the database: the latest is there, each earlier one was read by a later.

    A save that was sent but never answered (the run stopped while it
    waited; the server may have applied it) counts as a reader too; a record
    whose last revision only such a save can explain is "unconfirmed", not
    lost.
    """
    from torju.programme.models import StatusReport
    from torju.register.models import Application

    lines = saves_file.read_text(encoding="utf-8").splitlines() if saves_file.exists() else []
    logged = [json.loads(line) for line in lines]
    confirmed_attempts = {save.get("attempt") for save in logged if save.get("kind") != "attempt"}
    unanswered: dict[tuple[str, int], set[int]] = {}
    by_record: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for save in logged:
        if save.get("kind") == "attempt":
            if save["attempt"] not in confirmed_attempts and save["id"] is not None:
                unanswered.setdefault((save["what"], save["id"]), set()).add(save["read"])
        else:
            by_record.setdefault((save["what"], save["id"]), []).append(save)
    problems, unconfirmed = [], []
    for (what, pk), saves in by_record.items():
        if what == "application":
            revision, value = Application.objects.values_list("revision", "residence_status").get(pk=pk)
        else:
            revision, value = StatusReport.objects.values_list("revision", "done").get(pk=pk)
        written = [save["wrote"] for save in saves]
        if len(written) != len(set(written)):
            problems.append(f"{what} {pk}: two saves claim one revision")
        pending = unanswered.get((what, pk), set())
        read = {save["read"] for save in saves} | pending
        for save in saves:
            if save["wrote"] == revision:
                if save["value"] != value:
                    problems.append(f"{what} {pk}: revision {revision} holds another value than its save wrote")
            elif save["wrote"] not in read:
                problems.append(f"{what} {pk}: the save of revision {save['wrote']} is lost (no later save read it)")
        if revision not in written:
            if pending:
                unconfirmed.append(f"{what} {pk}: revision {revision} by a save whose answer never came")
            else:
                problems.append(f"{what} {pk}: the database's revision {revision} is no logged save")
    return {
        "saves": len(logged) - sum(1 for save in logged if save.get("kind") == "attempt"),
        "records": len(by_record),
        "problems": problems,
        "unconfirmed": unconfirmed,
    }


# 4. The report.


def report(arguments: argparse.Namespace, results: list[dict[str, Any]], started: datetime, register: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW max_connections")
        max_connections = cursor.fetchone()[0]
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        cursor.execute("SHOW autovacuum")
        autovacuum = cursor.fetchone()[0]
    lines = [
        f"# Load test of {started:%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}, "
        f"PostgreSQL {version} on the same machine (max_connections {max_connections}, autovacuum {autovacuum}; "
        "the planner's statistics taken with ANALYZE before the steps). "
        f"Load average at the start: {', '.join(f'{load:.1f}' for load in os.getloadavg())}.",
        f"Register: {register}. gunicorn: {arguments.workers} sync workers; DATABASE_CONN_MAX_AGE "
        f"{arguments.conn_max_age} s (0: a connection per request); no connection pooler.",
        "",
    ]
    for result in results:
        work = next((row for row in result["rows"] if row["name"] == WORK), None)
        lines += [
            f"## {result['users']} users, {'think time 1–5 s' if result['think'] else 'no think time'}, "
            f"{result['seconds']} s",
            "",
            f"The step's new users had signed in after {result['sign_in_seconds']} s; measured over the "
            f"{result['measured_seconds']} s after that.",
            (
                f"All work but signing in: {work['per_second']:.1f} requests/s, {work['requests']} requests, "
                f"{work['failures']} failed, {work['conflicts']} conflicts (409); p50 {work['p50']:.0f} ms, "
                f"p95 {work['p95']:.0f} ms, p99 {work['p99']:.0f} ms."
                if work
                else "No requests."
            ),
            "",
            "| action | requests | failed | 409 | req/s | p50 ms | p95 ms | p99 ms |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for row in result["rows"]:
            lines.append(
                f"| {row['name']} | {row['requests']} | {row['failures']} | {row['conflicts']} | "
                f"{row['per_second']:.2f} | {row['p50']:.0f} | {row['p95']:.0f} | {row['p99']:.0f} |"
            )
        for row in result["sign_ins"]:
            if row["name"] != WORK:
                lines.append(
                    f"| ({row['name']}, over the whole step) | {row['requests']} | {row['failures']} | | | "
                    f"{row['p50']:.0f} | {row['p95']:.0f} | {row['p99']:.0f} |"
                )
        checked = result["lost_updates"]
        if checked is not None:
            problems = checked["problems"]
            lines += [
                "",
                f"Lost-update check of the run: {checked['saves']} saves logged on {checked['records']} records; "
                f"lost updates: {len(problems)}{' — ' + '; '.join(problems[:5]) if problems else ''}; "
                f"applied without an answer (the run stopped while the save waited): {len(checked['unconfirmed'])}.",
            ]
        for failure in result["failures"][:10]:
            lines.append(
                f"\nFailure: {failure.get('Method')} {failure.get('Name')}: {failure.get('Error')} "
                f"({failure.get('Occurrences')}×)"
            )
        lines.append("")
    saturated = [result for result in results if not result["think"]]
    work_p95 = {
        result["users"]: next((row["p95"] for row in result["rows"] if row["name"] == WORK), 0.0)
        for result in saturated
    }
    over = [users for users, p95 in work_p95.items() if p95 > PASS_P95_MS]
    if saturated:
        lines.append(
            f"Without think time, the p95 of all work passes {PASS_P95_MS} ms first at {over[0]} users."
            if over
            else f"Without think time, the p95 of all work stayed under {PASS_P95_MS} ms up to "
            f"{saturated[-1]['users']} users."
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    arguments = arguments_of(argv)
    started = datetime.now(UTC)
    state = arguments.data / f"load-{arguments.victims}-seed{arguments.seed}"
    out = arguments.out or ROOT / "bench" / "results" / f"load-{started:%Y%m%d-%H%M}"
    out.mkdir(parents=True, exist_ok=True)
    keys = secrets_of(state)
    accounts_file = state / "accounts.json"
    prepare(arguments, state, keys, accounts_file)
    from torju.register.models import Application, Person

    register = (
        f"{arguments.victims:,} synthetic victims (seed {arguments.seed}): {Person.objects.count():,} persons, "
        f"{Application.objects.count():,} applications"
    )
    from torju.statistics.snapshots import figures_of_year

    analyse()
    json_accounts = json.loads(accounts_file.read_text(encoding="utf-8"))
    started_warming = time.perf_counter()
    figures_of_year(int(json_accounts["statistics_year"]))  # the year's snapshot, as after any night's first look
    print(f"statistics snapshot of {json_accounts['statistics_year']} in {time.perf_counter() - started_warming:.1f} s")
    server = serve(arguments, keys, state)
    results = []
    try:
        if steps(arguments.users):
            results += run(arguments, accounts_file, out, steps(arguments.users), True, arguments.step_seconds)
        if steps(arguments.saturate):
            results += run(arguments, accounts_file, out, steps(arguments.saturate), False, arguments.saturate_seconds)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    text = report(arguments, results, started, register)
    (out / "report.md").write_text(text, encoding="utf-8")
    (out / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(text)
    shutil.rmtree(state / "static", ignore_errors=True)
    lost = sum(len(result["lost_updates"]["problems"]) for result in results if result["lost_updates"])
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
