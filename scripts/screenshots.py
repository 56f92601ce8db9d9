"""`make screenshots`: PNGs of the case page, a work list and the audit trail in fi, sv and en, for the README.

Sets Torju up as `make run` does (demo mode, migrations, static files, the demo data), but on a throw-away
SQLite database in a temporary directory, serves it with gunicorn on a free local port, and photographs the
pages with Playwright and Debian's Chromium (the browser tests' flags) as the demo caseworker and the demo
auditor. Writes docs/screenshots/{case-page,work-list,audit-trail}-{fi,sv,en}.png.
"""

import os
import re
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "screenshots"
BIN = ROOT / ".venv" / "bin"
LANGUAGES = ["fi", "sv", "en"]
# As tests/browser/conftest.py (not imported: the script runs without the test dependencies' conftest).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT = {"width": 1280, "height": 900}


def manage(environment: dict[str, str], *arguments: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [str(BIN / "python"), "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10):  # noqa: S310 - the local server's http URL
                return
        except OSError:  # refused, reset or timed out while the server starts
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def sign_in(page: Page, username: str, password: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    if "/accounts/login/" in page.url:
        raise SystemExit(f"could not sign in as {username}")


def photograph(page: Page, base_url: str, path: str, name: str) -> None:
    for language in LANGUAGES:
        page.context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
        page.goto(path)
        page.wait_for_load_state("networkidle")
        shown = page.locator("html").get_attribute("lang")
        if shown != language:
            raise SystemExit(f"{path} answered in {shown!r}, not {language!r}")
        target = OUTPUT / f"{name}-{language}.png"
        page.screenshot(path=str(target))
        print(f"  {target.relative_to(ROOT)}")


def main() -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="torju-screenshots-") as folder:
        environment = {
            **os.environ,
            "TORJU_DEMO_MODE": "1",
            "DJANGO_SETTINGS_MODULE": "torju.settings",
            "TORJU_DATA_DIR": folder,
            "DATABASE_URL": f"sqlite:///{folder}/torju.sqlite3",
        }
        print("==> the demo on a throw-away database (a few minutes)")
        manage(environment, "migrate", "--noinput")
        manage(environment, "collectstatic", "--noinput", "--verbosity", "0")
        printed = manage(environment, "setup_demo")
        passwords = dict(re.findall(r"^\s+(demo-[\w-]+)\s+(\S+)", printed, flags=re.MULTILINE))
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(  # noqa: S603 - gunicorn of the virtualenv, fixed arguments
            [str(BIN / "gunicorn"), "torju.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            cwd=ROOT,
            env=environment,
        )
        try:
            wait_for(f"{base_url}/healthz")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
                context = browser.new_context(base_url=base_url, viewport=VIEWPORT)  # type: ignore[arg-type]
                page = context.new_page()
                page.set_default_timeout(30_000)
                print("==> screenshots")
                sign_in(page, "demo-caseworker", passwords["demo-caseworker"])
                photograph(page, base_url, "/register/", "work-list")
                page.goto("/register/")
                case = page.locator("main a[href^='/register/cases/']").first.get_attribute("href")
                if case is None:
                    raise SystemExit("the demo caseworker's work list shows no case")
                photograph(page, base_url, case, "case-page")
                sign_in(page, "demo-auditor", passwords["demo-auditor"])
                photograph(page, base_url, "/audit/", "audit-trail")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
