"""Scan Salesforce for duplicates, export them for the admin, acknowledge, continue."""

import csv
import io

import pytest
from playwright.sync_api import expect

from mktsync_core import i18n
from mktsync_core.models import StepId

from .helpers import expect_step, open_app, press_next, tick_everything, wait_for_app, walk_to

pytestmark = pytest.mark.browser


def test_scan_export_acknowledge_continue(browser, app_url, screenshot):
    lang = "en"
    page = open_app(browser, app_url, "en-US")
    walk_to(page, StepId.START_SYNC, lang, screenshot)
    main = page.get_by_test_id("stMain")

    main.get_by_role("button", name=i18n.t("dupes.scan", lang)).click()
    wait_for_app(page)
    expect(main.get_by_text("(70+ duplicated email addresses)")).to_be_visible()
    main.get_by_role("button", name=i18n.t("dupes.complete_scan", lang)).click()
    wait_for_app(page)
    expect(main.get_by_text("(80 duplicated email addresses)")).to_be_visible()
    expect(main.get_by_test_id("stVegaLiteChart").first).to_be_visible()
    screenshot(page, "en-5-start_sync-duplicates")

    with page.expect_download() as info:
        main.get_by_role("button", name=i18n.t("dupes.download", lang)).click()
    data = info.value.path().read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 80 and all("@" in r[i18n.t("dupes.column.email", lang)] for r in rows)

    tick_everything(page)
    press_next(page, lang)
    expect_step(page, StepId.VERIFY, lang)
