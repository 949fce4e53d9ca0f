"""The trainer's "Failed" story in a real browser: break, re-check, fix, finish, file the report."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from mktsync_core import i18n
from mktsync_core.demo_org import SCENARIOS, Scenario
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


def test_failed_sync_is_traced_fixed_and_the_report_has_no_secret(browser, app_url, screenshot):
    lang = "en"
    page = open_app(browser, app_url, "en-US")
    walk_to(page, StepId.VERIFY, lang, screenshot)
    main = page.get_by_test_id("stMain")

    main.get_by_test_id("stRadio").get_by_text("Failed").first.click()
    wait_for_app(page)
    tools = main.get_by_test_id("stExpander").filter(
        has_text=i18n.t("verify.trainer.heading", lang)
    )
    tools.click()
    tools.get_by_role("button", name=i18n.t("verify.trainer.break", lang)).click()
    wait_for_app(page)
    main.get_by_role("button", name=i18n.t("verify.recheck.button", lang)).click()
    wait_for_app(page)
    cause = i18n.t("verify.trouble.expired_credentials.title", lang)
    found = i18n.t("verify.trouble.status.found", lang)
    expect(main.get_by_test_id("stExpander").filter(has_text=cause).first).to_contain_text(found)
    screenshot(page, "en-6-verify-failed-found")

    tools = main.get_by_test_id("stExpander").filter(
        has_text=i18n.t("verify.trainer.heading", lang)
    )
    tools.get_by_role("button", name=i18n.t("verify.recheck.simulate_fix", lang)).click()
    wait_for_app(page)
    verify_credentials(page, Scenario.HEALTHY, lang)
    main.get_by_role("button", name=i18n.t("verify.recheck.button", lang)).click()
    wait_for_app(page)
    clear = i18n.t("verify.trouble.status.clear", lang)
    expect(main.get_by_test_id("stExpander").filter(has_text=cause).first).to_contain_text(clear)

    main.get_by_test_id("stRadio").get_by_text("Last Synced").first.click()
    wait_for_app(page)
    tick_everything(page)
    press_next(page, lang)
    expect_step(page, StepId.COMPLETE, lang)
    with page.expect_download() as download:
        page.get_by_role("button", name=i18n.t("report.download_md", lang)).click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("# " + i18n.t("report.md.title", lang))
    spec = SCENARIOS[Scenario.HEALTHY]
    for secret in (spec.password.get_secret_value(), spec.security_token.get_secret_value()):
        assert secret not in text
    screenshot(page, "en-7-complete-report")
