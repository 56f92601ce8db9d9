"""Browser tests: Playwright driving Debian's Chromium, headless, against the live server."""

import io
import re
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import Browser, Page, sync_playwright
from pytest_django.fixtures import Settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, live_server: object, transactional_db: None) -> Iterator[Page]:
    context = browser.new_context(base_url=str(live_server), locale="en-GB")
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.fixture
def demo_passwords(settings: Settings, transactional_db: None) -> dict[str, str]:
    """Run `setup_demo` as `make run` does and read the passwords it prints."""
    settings.DEMO_MODE = True
    output = io.StringIO()
    call_command("setup_demo", stdout=output)
    return dict(re.findall(r"^\s+(demo-[\w-]+)\s+(\S+)", output.getvalue(), flags=re.MULTILINE))


def assert_accessible(page: Page) -> None:
    """axe-core on the page as it is now: zero violations."""
    results = Axe().run(page)
    assert results.violations_count == 0, f"{page.url}:\n{results.generate_report()}"


def sign_in(page: Page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
