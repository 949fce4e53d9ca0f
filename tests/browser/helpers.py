"""What every browser journey does: wait for Streamlit, find a step, fill the demo login, move on.

One module the journeys import, so a change in Streamlit's markup is fixed in one place.
"""

import re

from playwright.sync_api import Page, expect

from mktsync_core import i18n, registry
from mktsync_core.demo_org import SCENARIOS, Scenario
from mktsync_core.models import StepId


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


def choose_scenario(page: Page, scenario: Scenario, lang) -> None:
    box = page.get_by_test_id("stSelectbox").locator("input")
    box.click()
    box.fill(i18n.t(f"demo.scenario.{scenario}.title", lang))
    page.keyboard.press("Enter")
    wait_for_app(page)
    expect(page.get_by_test_id("stMain")).to_contain_text(SCENARIOS[scenario].username)


def walk_to(page: Page, step_id: StepId, lang, screenshot) -> None:
    """Finish every step before ``step_id`` the way a user would, and arrive on it."""
    for step in registry.STEPS[: registry.number(step_id)]:
        finish(page, step.id, lang, screenshot)
    expect_step(page, step_id, lang)
