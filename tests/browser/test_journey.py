"""A new user walks through the setup in a real browser, refreshing midway."""

import re

import pytest
from playwright.sync_api import Page, expect

from mktsync_core import i18n, registry
from mktsync_core.demo_org import SCENARIOS, Scenario
from mktsync_core.models import StepId
from mktsync_core.salesforce import SfError, SfErrorCode, error_text

pytestmark = pytest.mark.browser


def wait_for_app(page: Page) -> None:
    """Wait for the rerun an action started to finish (Streamlit's own e2e suite does the same)."""
    page.wait_for_selector("[data-testid='stAppViewContainer']")
    page.wait_for_timeout(400)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']")
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0)


def heading(step_id: StepId, lang) -> str:
    n, name = registry.number(step_id), i18n.t(f"step.{step_id}.title", lang)
    return name if n == 0 else f"{n}. {name}"


def expect_step(page: Page, step_id: StepId, lang) -> None:
    title = page.get_by_test_id("stMain").get_by_role("heading", level=1)
    expect(title).to_have_text(heading(step_id, lang))


def sidebar_link(page: Page, step_id: StepId, lang):
    links = page.get_by_test_id("stSidebar").get_by_test_id("stPageLink-NavLink")
    return links.filter(has_text=heading(step_id, lang)).first


def tick_everything(page: Page) -> None:
    boxes = page.get_by_test_id("stMain").get_by_test_id("stCheckbox")
    for i in range(boxes.count()):
        box = boxes.nth(i)
        if not box.locator("input").is_checked():
            box.locator("label").click()
            expect(box.locator("input")).to_be_checked()
            wait_for_app(page)


def press_next(page: Page, lang) -> None:
    prefix = i18n.t("footer.next", lang, step="").strip()
    page.get_by_role("button", name=re.compile("^" + re.escape(prefix))).click()
    wait_for_app(page)


def verify_credentials(page: Page, scenario: Scenario, lang) -> None:
    """Type a scenario's demo credentials into the form, as a trainer does in front of a room."""
    spec = SCENARIOS[scenario]
    form = page.get_by_test_id("stForm").first
    form.get_by_label(i18n.t("conn.username", lang)).fill(spec.username)
    form.get_by_label(i18n.t("conn.password", lang), exact=True).fill(
        spec.password.get_secret_value()
    )
    form.get_by_label(i18n.t("conn.security_token", lang), exact=True).fill(
        spec.security_token.get_secret_value()
    )
    form.get_by_role("button", name=i18n.t("conn.verify", lang)).click()
    wait_for_app(page)


def finish(page: Page, step_id: StepId, lang, screenshot) -> None:
    expect_step(page, step_id, lang)
    screenshot(page, f"{lang}-{registry.number(step_id)}-{step_id}")
    if step_id is StepId.HOME:
        page.get_by_role("button", name=i18n.t("home.start", lang)).click()
        wait_for_app(page)
        return
    if step_id is StepId.CREDENTIALS:
        verify_credentials(page, Scenario.HEALTHY, lang)
        expect(page.get_by_test_id("stAlertContentSuccess").first).to_contain_text(
            "sync@healthy.demo"
        )
    if step_id is StepId.START_SYNC:
        page.get_by_role("button", name=i18n.t("dupes.scan", lang)).click()
        wait_for_app(page)
    if step_id is StepId.VERIFY:
        label = i18n.t("verify.status.last_synced", lang).replace("*", "").split("（")[0]
        page.get_by_test_id("stRadio").get_by_text(label.split(" (")[0], exact=False).first.click()
        wait_for_app(page)
    tick_everything(page)
    press_next(page, lang)


def open_app(browser, app_url, locale) -> Page:
    context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(app_url)
    wait_for_app(page)
    return page


def test_japanese_user_completes_the_walkthrough_and_survives_a_refresh(
    browser, app_url, screenshot
):
    page = open_app(browser, app_url, "ja-JP")
    steps = [s.id for s in registry.STEPS]
    for step_id in steps[:3]:
        finish(page, step_id, "ja", screenshot)
    expect_step(page, StepId.CREDENTIALS, "ja")
    assert "setup=" in page.url
    page.reload()
    wait_for_app(page)
    expect_step(page, StepId.CREDENTIALS, "ja")
    expect(sidebar_link(page, StepId.TOKEN, "ja")).not_to_have_attribute("disabled", "")
    expect(sidebar_link(page, StepId.MAPPINGS, "ja")).to_have_attribute("disabled", "")
    for step_id in steps[3:-1]:
        finish(page, step_id, "ja", screenshot)
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
    for step_id in (StepId.HOME, StepId.PREREQUISITES, StepId.TOKEN):
        finish(page, step_id, "en", screenshot)
    expect_step(page, StepId.CREDENTIALS, "en")
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
    for step_id in (StepId.HOME, StepId.PREREQUISITES, StepId.TOKEN):
        finish(page, step_id, "ja", screenshot)
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


def choose_scenario(page: Page, scenario: Scenario, lang) -> None:
    box = page.get_by_test_id("stSelectbox").locator("input")
    box.click()
    box.fill(i18n.t(f"demo.scenario.{scenario}.title", lang))
    page.keyboard.press("Enter")
    wait_for_app(page)
    expect(page.get_by_test_id("stMain")).to_contain_text(SCENARIOS[scenario].username)


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
