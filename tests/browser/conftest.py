"""Browser tests: Playwright driving Debian's Chromium, headless, against the live server.

axe-core runs on every page a test visits, whatever the test does: the
`page` fixture checks each new HTML document before the test's next use of
the page (a goto, a reload, a locator, an expectation, a keyboard press) and
once more at the end, so the page a click, a form or a redirect led to is
checked before anything is done on it. A document is checked once; the
check fails the test at once, naming the page and its violations.
"""

import functools
import io
import re
from collections.abc import Callable, Generator, Iterator
from typing import Any
from weakref import WeakKeyDictionary

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import Browser, Keyboard, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError
from pytest_django.fixtures import Settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield chromium
        chromium.close()


# Set on a document once axe-core has checked it: a new document (a navigation, a reload) lacks it.
CHECKED_MARK = "__torjuAxeChecked"
NAVIGATION_RETRIES = 5
# Page methods that do not act on the document (or end the page): no check before them.
UNCHECKED_METHODS = frozenset({"close", "is_closed", "on", "once", "remove_listener", "set_default_timeout"})


class AxeOnEveryPage:
    """Runs axe-core on each new HTML document of one page, before the page is used again."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.evaluate = page.evaluate  # the page's own, not the wrapped one
        self.wait_for_load_state = page.wait_for_load_state
        self.checking = False

    def wrap(self, method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def checked_first(*args: Any, **kwargs: Any) -> Any:
            self.check_new_document()
            return method(*args, **kwargs)

        return checked_first

    def install(self) -> None:
        for target, names in ((self.page, dir(Page)), (self.page.keyboard, dir(Keyboard))):
            for name in names:
                if name.startswith("_") or name in UNCHECKED_METHODS:
                    continue
                member = getattr(target, name)
                if callable(member):
                    setattr(target, name, self.wrap(member))

    def check_new_document(self) -> None:
        if self.checking or self.page.is_closed() or self.page.url.startswith("about:"):
            return
        self.checking = True
        try:
            for attempt in range(NAVIGATION_RETRIES):
                self.wait_for_load_state()  # the document a click, a key or a form led to, once loaded
                try:
                    checked, content_type = self.evaluate(
                        f"() => [window.{CHECKED_MARK} === true, document.contentType]"
                    )
                    if not checked and content_type == "text/html":
                        self.run_axe()
                    return
                except PlaywrightError as error:
                    # A navigation began (a key press does not wait for it) after the last document loaded.
                    if "context was destroyed" not in str(error) or attempt == NAVIGATION_RETRIES - 1:
                        raise
        finally:
            self.checking = False

    def run_axe(self) -> None:
        results = Axe().run(self.page)
        assert results.violations_count == 0, f"{self.page.url}:\n{results.generate_report()}"
        self.evaluate(f"() => {{ window.{CHECKED_MARK} = true; }}")


REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()
CHECKERS: "WeakKeyDictionary[Page, AxeOnEveryPage]" = WeakKeyDictionary()


def axe_of(page: Page) -> AxeOnEveryPage:
    return CHECKERS[page]


@pytest.fixture
def page(
    browser: Browser, live_server: object, transactional_db: None, request: pytest.FixtureRequest
) -> Iterator[Page]:
    context = browser.new_context(base_url=str(live_server), locale="en-GB")
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    checker = AxeOnEveryPage(tab)
    checker.install()
    CHECKERS[tab] = checker
    yield tab
    if not failed(request):
        checker.check_new_document()  # the last page too
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keeps each phase's report on the test, so that a fixture's teardown knows whether the test failed."""
    report = yield
    item.stash.setdefault(REPORTS, {})[report.when] = report
    return report


def failed(request: pytest.FixtureRequest) -> bool:
    call = request.node.stash.get(REPORTS, {}).get("call")
    return call is None or call.failed


@pytest.fixture
def demo_passwords(settings: Settings, transactional_db: None) -> dict[str, str]:
    """Run `setup_demo` as `make run` does and read the passwords it prints."""
    settings.DEMO_MODE = True
    output = io.StringIO()
    call_command("setup_demo", stdout=output)
    return dict(re.findall(r"^\s+(demo-[\w-]+)\s+(\S+)", output.getvalue(), flags=re.MULTILINE))


def assert_accessible(page: Page) -> None:
    """axe-core on the page as it is now (e.g. after a change without a new document): zero violations."""
    checker = axe_of(page)
    checker.checking = True
    try:
        checker.wait_for_load_state()
        checker.run_axe()
    finally:
        checker.checking = False


def sign_in(page: Page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
