"""A marketer breaks one proposed pair, pairs two unmapped fields and exports the mapping."""

import csv
import io

import pytest
from playwright.sync_api import Page, expect

from mktsync_core import i18n
from mktsync_core.demo_org import SCENARIOS, DemoOrg, Scenario, demo_session
from mktsync_core.mapping import MappingPlan, build_review, fetch_review_describes
from mktsync_core.models import StepId
from mktsync_core.salesforce import GatewayConfig, SalesforceGateway

from .helpers import open_app, wait_for_app, walk_to

pytestmark = pytest.mark.browser

# Column order and widths as the page configures them (small = 75 px, medium = 200 px).
BREAK_X, CONTACT_X = 400 + 37, 475 + 100
ROW_H = 35


def demo_rows() -> list[str]:
    """The editor's rows, in order, as the page builds them from the healthy demo org."""
    gateway = SalesforceGateway(demo_session(DemoOrg()), GatewayConfig(sleep=lambda _: None))
    gateway.login(SCENARIOS[Scenario.HEALTHY].credentials())
    described = fetch_review_describes(gateway)
    assert not isinstance(described, Exception)
    return list(build_review(described.objects, MappingPlan()).final)


def select_cell(page: Page, grid, rows: int, row: int, x: int) -> None:
    """Select a cell by keyboard from the top: the grid scrolls, and keeps its scroll on reruns."""
    box = grid.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + ROW_H + ROW_H // 2)
    for key, times in (("ArrowUp", rows), ("ArrowDown", row)):
        for _ in range(times):
            page.keyboard.press(key)


def test_break_one_pair_pair_two_unmapped_fields_and_export(browser, app_url, screenshot):
    lang = "en"
    rows = demo_rows()
    page = open_app(browser, app_url, "en-US")
    walk_to(page, StepId.MAPPINGS, lang, screenshot)
    grid = page.get_by_test_id("stDataFrame").filter(has=page.locator("canvas")).last
    grid.scroll_into_view_if_needed()
    expect(page.get_by_test_id("stMain")).to_contain_text(i18n.t("mapping.action.none", lang))

    select_cell(page, grid, len(rows), rows.index("Budget__c"), BREAK_X)
    page.keyboard.press("Space")
    wait_for_app(page)
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("Break Mapping")

    select_cell(page, grid, len(rows), rows.index("LinkedIn_URL__c"), CONTACT_X)
    page.keyboard.press("Enter")
    expect(page.get_by_role("listbox")).to_be_visible()
    page.keyboard.type("LinkedIn Profile")
    expect(page.get_by_role("option")).to_have_count(1)
    page.keyboard.press("Enter")
    wait_for_app(page)
    expect(main).to_contain_text("onto LinkedIn Profile (LinkedIn_Profile__c)")
    expect(main).to_contain_text("2 edit(s) to perform")
    screenshot(page, "en-4-mappings-edited")

    with page.expect_download() as download:
        page.get_by_test_id("stDownloadButton").filter(
            has_text=i18n.t("mapping.export", lang)
        ).click()
    with open(download.value.path(), "rb") as f:
        data = f.read()
    assert data.startswith(b"\xef\xbb\xbf")
    exported = {r["lead_field"]: r for r in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))}
    assert exported["Budget__c"]["contact_field"] == "" and exported["Budget__c"]["edit"] == "break"
    assert exported["LinkedIn_URL__c"]["contact_field"] == "LinkedIn_Profile__c"
    assert exported["LinkedIn_URL__c"]["edit"] == "pair"
