"""A new user walks through the setup in a real browser, refreshing midway."""

import pytest
from playwright.sync_api import expect

from mktsync_core import i18n, registry
from mktsync_core.demo_org import SCENARIOS, Scenario
from mktsync_core.models import StepId
from mktsync_core.salesforce import SfError, SfErrorCode, error_text

from .helpers import (
    choose_scenario,
    expect_step,
    finish,
    open_app,
    sidebar_link,
    verify_credentials,
    wait_for_app,
    walk_to,
)

pytestmark = pytest.mark.browser


def test_japanese_user_completes_the_walkthrough_and_survives_a_refresh(
    browser, app_url, screenshot
):
    page = open_app(browser, app_url, "ja-JP")
    walk_to(page, StepId.CREDENTIALS, "ja", screenshot)
    assert "setup=" in page.url
    page.reload()
    wait_for_app(page)
    expect_step(page, StepId.CREDENTIALS, "ja")
    expect(sidebar_link(page, StepId.TOKEN, "ja")).not_to_have_attribute("disabled", "")
    expect(sidebar_link(page, StepId.MAPPINGS, "ja")).to_have_attribute("disabled", "")
    for step in registry.STEPS[registry.number(StepId.CREDENTIALS) : -1]:
        finish(page, step.id, "ja", screenshot)
    expect_step(page, StepId.COMPLETE, "ja")
    expect(page.get_by_text(i18n.t("complete.success", "ja"))).to_be_visible()
    screenshot(page, "ja-7-complete")


def test_english_user_reaches_step_three_and_locked_links_do_nothing(browser, app_url, screenshot):
    page = open_app(browser, app_url, "en-US")
    expect_step(page, StepId.HOME, "en")
    locked = sidebar_link(page, StepId.START_SYNC, "en")
    expect(locked).to_have_attribute("disabled", "")
    locked.click(force=True)
    wait_for_app(page)
    expect_step(page, StepId.HOME, "en")
    walk_to(page, StepId.CREDENTIALS, "en", screenshot)
    screenshot(page, "en-3-credentials")


def test_a_locked_url_explains_itself(browser, app_url, screenshot):
    page = open_app(browser, app_url, "ja-JP")
    page.goto(f"{app_url}/start_sync")
    wait_for_app(page)
    expect(page.get_by_test_id("stAlertContentWarning")).to_contain_text("ホーム")
    expect(page.get_by_text("Page not found")).to_have_count(0)
    screenshot(page, "ja-locked-url")


def test_a_trainer_shows_a_failing_scenario_then_the_healthy_one(browser, app_url, screenshot):
    page = open_app(browser, app_url, "ja-JP")
    choose_scenario(page, Scenario.WRONG_PASSWORD, "ja")
    walk_to(page, StepId.CREDENTIALS, "ja", screenshot)
    verify_credentials(page, Scenario.WRONG_PASSWORD, "ja")
    title = error_text(SfError(code=SfErrorCode.WRONG_CREDENTIALS), "ja").title
    expect(page.get_by_test_id("stAlertContentError")).to_contain_text(title)
    form = page.get_by_test_id("stForm").first
    expect(form.get_by_label(i18n.t("conn.username", "ja"))).to_have_value(
        SCENARIOS[Scenario.WRONG_PASSWORD].username
    )
    screenshot(page, "ja-3-credentials-wrong-password")
    verify_credentials(page, Scenario.HEALTHY, "ja")
    expect(page.get_by_test_id("stAlertContentSuccess").first).to_contain_text("sync@healthy.demo")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_contain_text("Demo Corp (mktsync)")
    screenshot(page, "ja-3-credentials-verified")


def test_live_checks_pass_on_a_healthy_org_and_name_the_missing_fields_otherwise(
    browser, app_url, screenshot
):
    page = open_app(browser, app_url, "en-US")
    finish(page, StepId.HOME, "en", screenshot)
    expect_step(page, StepId.PREREQUISITES, "en")
    verify_credentials(page, Scenario.HEALTHY, "en")
    expect(page.get_by_text(i18n.t("checkpanel.all_clear", "en"))).to_be_visible()
    screenshot(page, "en-1-prerequisites-healthy")

    page = open_app(browser, app_url, "ja-JP")
    choose_scenario(page, Scenario.MARKETO_FIELDS_MISSING, "ja")
    finish(page, StepId.HOME, "ja", screenshot)
    verify_credentials(page, Scenario.MARKETO_FIELDS_MISSING, "ja")
    failing = page.get_by_test_id("stExpander").filter(has_text="mkto71_Lead_Score__c").first
    expect(failing).to_be_visible()
    expect(page.get_by_test_id("stAlertContentError").first).to_be_visible()
    screenshot(page, "ja-1-prerequisites-fields-missing")
