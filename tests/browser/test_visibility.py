"""A trainer plans a hide in the real grid, exports it, re-checks after the admin, acknowledges."""

import pytest
from playwright.sync_api import Locator, Page, expect

from mktsync_core import i18n
from mktsync_core.demo_org import Scenario
from mktsync_core.models import StepId

from .helpers import (
    expect_step,
    open_app,
    press_next,
    tick_everything,
    verify_credentials,
    wait_for_app,
    walk_to,
)

pytestmark = pytest.mark.browser

ROW_HEIGHT = 35  # glide-data-grid's default, header included (streamlit-tech.md §2.5)


def click_hide_cell(page: Page, row: int, until: Locator) -> None:
    """Tick the Hide cell (the first, pinned column) of a row: click it, then press Space.

    The grid is a canvas: a click that lands while it is still redrawing after
    the filter changed is lost, so the tick is tried again until ``until`` (what
    the page shows once the tick arrived) appears.
    """
    grid = page.locator("[class*='st-key-vis-editor']").first
    for _ in range(3):
        grid.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        box = grid.bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + 30, box["y"] + ROW_HEIGHT * (row + 1) + ROW_HEIGHT / 2)
        page.keyboard.press("Space")
        wait_for_app(page)
        try:
            expect(until).to_be_visible(timeout=10_000)
            return
        except AssertionError:
            continue
    expect(until).to_be_visible()


def test_tick_hide_export_recheck_and_acknowledge(browser, app_url, screenshot, tmp_path):
    lang = "en"
    page = open_app(browser, app_url, "en-US")
    walk_to(page, StepId.CREDENTIALS, lang, screenshot)
    verify_credentials(page, Scenario.HEALTHY, lang)
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text(i18n.t("vis.heading", lang))

    search = main.get_by_label(i18n.t("vis.filter.search", lang))
    search.fill("Bank_Account__c")
    search.press("Enter")
    wait_for_app(page)
    expect(main).to_contain_text(i18n.t("vis.shown", lang, shown=1, total="").split(" of")[0])
    unresolved = main.get_by_text(i18n.t("vis.plan.unresolved", lang, n=1)[:40])
    click_hide_cell(page, 0, until=unresolved)
    expect(main).to_contain_text(i18n.t("vis.plan.heading", lang))
    screenshot(page, "en-3-credentials-hide-planned")

    with page.expect_download() as download_info:
        main.get_by_role("button", name=i18n.t("vis.plan.download", lang)).click()
    path = tmp_path / "plan.csv"
    download_info.value.save_as(path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Bank_Account__c" in data.decode("utf-8-sig")

    main.get_by_role("button", name=i18n.t("vis.demo.simulate", lang)).click()
    wait_for_app(page)
    main.get_by_role("button", name=i18n.t("vis.recheck.button", lang)).click()
    wait_for_app(page)
    expect(main).to_contain_text(i18n.t("vis.recheck.now_hidden", lang, n=1))
    expect(main).to_contain_text(i18n.t("vis.plan.settled", lang))
    screenshot(page, "en-3-credentials-rechecked")

    ack = main.get_by_test_id("stCheckbox").filter(has_text="new permanent Marketo fields")
    ack.locator("label").click()
    expect(ack.locator("input")).to_be_checked()
    wait_for_app(page)
    tick_everything(page)
    press_next(page, lang)
    expect_step(page, StepId.MAPPINGS, lang)
