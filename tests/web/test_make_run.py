"""`make run`'s real path: scripts/run.sh serves Torju with gunicorn and whitenoise, twice over one database.

The script runs as `make run` runs it (demo mode, SQLite, collectstatic, the
demo data, the task worker, gunicorn), on a free port, with its database,
secrets and static files in a temporary folder. A browser-like client (a
cookie jar that keeps Secure cookies to HTTPS, as browsers do) fetches a page
and a static file with its hashed name, signs in with a printed demo password
over plain HTTP and changes it. The second run must keep that password and
the audit trail of the first, and print no new passwords.

The Makefile's own guard is tested too: without Python's ensurepip (Debian
ships it in python3-venv) `make` installs python3-venv as root and otherwise
stops with a message that names the package.
"""

import gzip
import os
import re
import signal
import socket
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, OpenerDirector, Request, build_opener

from torju.demo.users import DEMO_USERS

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class NoRedirects(HTTPRedirectHandler):
    """Redirects are answers to check, not to follow."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def browser() -> OpenerDirector:
    return build_opener(HTTPCookieProcessor(CookieJar()), NoRedirects())


def fetch(
    opener: OpenerDirector, url: str, data: dict[str, str] | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    request = Request(url, data=urlencode(data).encode() if data is not None else None, headers=headers or {})
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except HTTPError as answer:  # 3xx (not followed) and 4xx/5xx
        return answer.code, dict(answer.headers), answer.read()


def csrf_token(page: bytes) -> str:
    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found, "the form has no CSRF token"
    return found.group(1).decode()


def sign_in(base: str, username: str, password: str) -> tuple[OpenerDirector, int, str]:
    opener = browser()
    _status, _headers, page = fetch(opener, f"{base}/accounts/login/")
    status, headers, _body = fetch(
        opener,
        f"{base}/accounts/login/",
        {"csrfmiddlewaretoken": csrf_token(page), "username": username, "password": password},
    )
    return opener, status, headers.get("Location", "")


@contextmanager
def make_run(folder: Path, port: int, log: Path) -> Iterator[str]:
    """scripts/run.sh in its own process group, until it answers; stopped (worker too) afterwards."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(folder),
        "TORJU_DATA_DIR": str(folder / "var"),
        "TORJU_STATIC_ROOT": str(folder / "static"),
        "TORJU_BIND": f"127.0.0.1:{port}",
    }
    with log.open("w") as output:
        server = subprocess.Popen(
            ["bash", "scripts/run.sh"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            assert server.poll() is None, f"run.sh stopped:\n{log.read_text()}"
            try:
                if fetch(browser(), f"{base}/healthz")[0] == 200:
                    break
            except (URLError, ConnectionError, TimeoutError):
                pass
            assert time.monotonic() < deadline, f"no answer in {STARTUP_SECONDS} s:\n{log.read_text()}"
            time.sleep(0.5)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_make_run_serves_with_gunicorn_and_whitenoise_and_keeps_data_on_rerun(tmp_path: Path) -> None:
    port = free_port()
    with make_run(tmp_path, port, tmp_path / "first.log") as base:
        status, headers, page = fetch(browser(), f"{base}/")
        assert status == 200 and "gunicorn" in headers.get("Server", "")
        assert b'<html lang="fi">' in page and b'class="demo-banner"' in page
        stylesheet = re.search(rb'href="(/static/torju/torju\.[0-9a-f]{12}\.css)"', page)
        assert stylesheet, "the page names no hashed stylesheet (manifest storage)"
        status, headers, css = fetch(
            browser(), base + stylesheet.group(1).decode(), headers={"Accept-Encoding": "gzip"}
        )
        assert status == 200 and headers["Content-Type"].startswith("text/css")
        assert headers.get("Content-Encoding") == "gzip" and "immutable" in headers["Cache-Control"]
        assert b"--brand" in gzip.decompress(css)
        assert fetch(browser(), f"{base}/static/torju/no-such-file.css")[0] == 404

        printed = dict(re.findall(r"^\s+(demo-[\w-]+)\s+(\S+)", (tmp_path / "first.log").read_text(), re.MULTILINE))
        assert len(printed) == len(DEMO_USERS), (tmp_path / "first.log").read_text()
        opener, status, location = sign_in(base, "demo-coordinator", printed["demo-coordinator"])
        assert (status, location) == (302, "/"), "signing in over plain HTTP (demo mode) failed"
        _status, _headers, form = fetch(opener, f"{base}/accounts/password/")
        new_password = "a new password chosen between the runs"
        status, _headers, _body = fetch(
            opener,
            f"{base}/accounts/password/",
            {
                "csrfmiddlewaretoken": csrf_token(form),
                "old_password": printed["demo-coordinator"],
                "new_password1": new_password,
                "new_password2": new_password,
            },
        )
        assert status == 302, "the password was not changed"

    with make_run(tmp_path, port, tmp_path / "second.log") as base:
        assert "exist already" in (tmp_path / "second.log").read_text()
        assert not re.search(r"^\s+demo-[\w-]+\s+\S+", (tmp_path / "second.log").read_text(), re.MULTILINE)
        assert sign_in(base, "demo-coordinator", new_password)[1:] == (302, "/")
        assert sign_in(base, "demo-analyst", printed["demo-analyst"])[1:] == (302, "/")
        assert sign_in(base, "demo-coordinator", printed["demo-coordinator"])[1] == 200  # the old one: refused

    with sqlite3.connect(tmp_path / "var" / "torju.sqlite3") as database:
        changes = database.execute(
            "SELECT count(*) FROM audit_auditevent WHERE action = 'password_changed' AND actor_username = ?",
            ["demo-coordinator"],
        ).fetchone()[0]
        users = database.execute("SELECT count(*) FROM accounts_user").fetchone()[0]
    assert (changes, users) == (1, len(DEMO_USERS))


def fake_command(folder: Path, name: str, script: str) -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(0o755)


def make_venv(tmp_path: Path, uid: int) -> subprocess.CompletedProcess[str]:
    """`make` of a new .venv with a Python that lacks ensurepip, as the user `uid`; apt-get only records."""
    fakes = tmp_path / "bin"
    fakes.mkdir()
    fake_command(fakes, "python3", 'case "$*" in *ensurepip*) exit 1;; *) echo "venv $*" >&2; exit 3;; esac')
    fake_command(fakes, "id", f"echo {uid}")
    fake_command(fakes, "apt-get", f'echo "apt-get $*" >> {tmp_path}/apt.log')
    return subprocess.run(
        ["make", f"VENV={tmp_path}/venv", f"{tmp_path}/venv/bin/pip"],
        cwd=ROOT,
        env={"PATH": f"{fakes}:/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_make_installs_python3_venv_as_root_when_ensurepip_is_missing(tmp_path: Path) -> None:
    result = make_venv(tmp_path, uid=0)
    log = (tmp_path / "apt.log").read_text()
    assert "apt-get update" in log
    assert re.search(r"apt-get install .*python3-venv", log), log
    assert "venv -m venv" in result.stderr  # then the virtual environment is made
    assert not (tmp_path / "venv").exists()  # that one failed (a fake): nothing half-made is left


def test_make_names_python3_venv_when_it_cannot_install_it(tmp_path: Path) -> None:
    result = make_venv(tmp_path, uid=1000)
    assert result.returncode != 0
    assert "python3-venv" in result.stderr and "apt-get install python3-venv" in result.stderr
    assert not (tmp_path / "apt.log").exists()
    assert "venv -m venv" not in result.stderr  # no attempt without ensurepip
