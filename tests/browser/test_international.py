"""The analyst downloads the EU template for 2025 and the CTDC-ready file, and opens Finland in the global
picture; axe-core on every page."""

import csv
import io
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import FilePayload, Page, expect
from pytest_django.fixtures import Settings

from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import TEST_PASSWORD, user_with_role
from tests.international.registers import random_register
from torju.accounts.models import Role
from torju.international.ctdc import COLUMNS


def test_analyst_downloads_the_eu_template_and_the_ctdc_file(page: Page, settings: Settings, tmp_path: Path) -> None:
    settings.DEMO_MODE = True  # a demo analyst signs in without a second factor
    analyst = user_with_role(Role.ANALYST, is_demo=True)
    random_register(seed=31, persons=700, years=(2024, 2025))
    sign_in(page, analyst.username, TEST_PASSWORD)
    page.goto("/")
    page.get_by_role("button", name="English", exact=True).click()
    page.wait_for_load_state()
    page.get_by_role("link", name="International reporting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("International reporting")

    page.get_by_label("Template", exact=True).select_option("eu")
    page.get_by_label("Reference year").fill("2025")
    page.get_by_label("Figures", exact=True).select_option("exact")
    page.get_by_label("File format").select_option("xlsx")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download").click()
    assert download.value.suggested_filename == "torju-eu-2025-2025-exact.xlsx"
    saved = tmp_path / "eu.xlsx"
    download.value.save_as(saved)
    book = load_workbook(saved)
    assert "victims_age_sex" in book.sheetnames
    assert book["About"]["B5"].value == 2025

    page.get_by_role("link", name="CTDC-ready microdata").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("CTDC-ready microdata")
    page.get_by_label("From year").fill("2024")
    page.get_by_label("To year").fill("2025")
    page.get_by_role("button", name="Prepare and check").click()
    expect(page.get_by_role("status")).to_contain_text("Passed")
    expect(page.locator("pre.note")).to_contain_text("k-anonymity check (pyCANON): passed")
    with page.expect_download() as file:
        page.get_by_role("link", name="Download the CTDC-ready file (CSV)").click()
    assert file.value.suggested_filename == "torju-ctdc-2024-2025.csv"
    rows = list(csv.DictReader(io.StringIO(Path(file.value.path()).read_text(encoding="utf-8"))))
    assert rows and list(rows[0]) == COLUMNS
    assert_accessible(page)

    page.get_by_role("link", name="Finland in the global picture").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Finland in the global picture")
    page.get_by_label("The CSV file as CTDC publishes it").set_input_files(
        files=FilePayload(
            name="ctdc.csv",
            mimeType="text/csv",
            buffer=b"Terms of use.\nyearOfRegistration;gender;ageBroad;citizenship;CountryOfExploitation;"
            b"isForcedLabour;isSexualExploit\n2024;Female;18--20;UA;PL;0;1\n;Male;48+;NP;FI;1;0\n",
        )
    )
    page.get_by_role("button", name="Import").click()
    expect(page.locator("main")).to_contain_text("2 rows read, 1 kept, 1 skipped")
    expect(page.get_by_role("table", name="Shares of victims, per cent")).to_be_visible()
