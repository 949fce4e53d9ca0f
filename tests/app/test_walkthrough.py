"""The walkthrough as users meet it: gates, confirmations, languages, restore."""

import pytest

from mktsync_core import i18n, registry
from mktsync_core.demo_org import Scenario
from mktsync_core.models import StepId, SyncStatus
from mktsync_core.registry import STEPS
from mktsync_core.store import ProgressStore

from .conftest import (
    finish_step,
    new_session,
    open_step,
    setup_id,
    sidebar_links,
    text_of,
    tick_all,
    unticked,
    verify_credentials,
)


def title(at) -> str:
    return at.title[0].value


def warnings(at) -> str:
    return "\n".join(w.value for w in at.warning)


def test_first_visit_opens_home_with_every_later_step_locked():
    at = new_session()
    assert not at.exception
    assert title(at) == "Home"
    links = sidebar_links(at)
    assert len(links) == len(STEPS)
    assert [link.proto.disabled for link in links] == [False] + [True] * (len(STEPS) - 1)
    assert setup_id(at)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("ja-JP", "ホーム"), ("en-US", "Home"), ("fr-FR", "Home"), (None, "Home")],
)
def test_language_follows_the_browser(locale, expected):
    assert title(new_session(locale=locale)) == expected


@pytest.mark.parametrize("step", [s.id for s in STEPS[1:]])
def test_opening_a_locked_step_directly_says_why_and_links_to_the_step_to_do(step):
    at = open_step(new_session(), step)
    assert not at.exception
    assert "not open yet" in at.warning[0].value
    links = at.main.get("page_link")
    assert [link.proto.page for link in links][-1].endswith("home")
    assert not at.main.get("checkbox")


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_whole_walkthrough_with_confirmations_alone(lang):
    at = new_session(locale=f"{lang}-X")
    for s in STEPS[:-1]:
        assert not at.exception
        assert title(at) == registry_title(s.id, lang)
        finish_step(at, s.id)
    assert title(at) == registry_title(StepId.COMPLETE, lang)
    assert i18n.t("complete.success", lang) in text_of(at)
    again = new_session(setup=setup_id(at))
    assert all(not link.proto.disabled for link in sidebar_links(again))


def registry_title(step_id: StepId, lang) -> str:
    n = registry.number(step_id)
    name = i18n.t(f"step.{step_id}.title", lang)
    return name if n == 0 else f"{n}. {name}"


@pytest.mark.parametrize("step", [s.id for s in STEPS[1:-2]])
def test_next_stays_disabled_until_every_confirmation_is_ticked(step):
    at = new_session()
    for s in STEPS[: registry.number(step)]:
        finish_step(at, s.id)
    assert title(at) == registry_title(step, "en")
    if step is StepId.CREDENTIALS:
        verify_credentials(at)
    if step is StepId.START_SYNC:
        at.button(key="dupes.scan").click().run()
    boxes = unticked(at)
    assert boxes
    for box in boxes:
        assert at.button(key=f"{step}.next").disabled
        box.check().run()
    assert not at.button(key=f"{step}.next").disabled
    at.checkbox(key=boxes[0].key).uncheck().run()
    assert at.button(key=f"{step}.next").disabled


@pytest.mark.parametrize(
    ("step", "consequence"),
    [
        (StepId.CREDENTIALS, "confirm.credentials.sync_fields_permanent.consequence"),
        (StepId.MAPPINGS, "confirm.mappings.last_chance.consequence"),
        (StepId.START_SYNC, "confirm.start_sync.no_dedupe.consequence"),
        (StepId.START_SYNC, "confirm.start_sync.permanent.consequence"),
    ],
)
def test_irreversible_moments_name_their_consequence(step, consequence):
    at = new_session()
    for s in STEPS[: registry.number(step)]:
        finish_step(at, s.id)
    page = text_of(at)
    # The mapping review's consequence states the number of edits to perform (none here).
    assert i18n.t(consequence, "en", n=0) in page
    assert i18n.t("confirm.irreversible", "en") in page


def test_edition_changes_the_instructions_and_what_is_confirmed():
    at = new_session()
    finish_step(at, StepId.HOME)
    assert at.checkbox(key="confirm.prerequisites.page_layouts")
    keys = {c.key for c in at.checkbox}
    assert "confirm.prerequisites.sync_profile" not in keys
    pe_text = text_of(at)
    at = open_step(at, StepId.HOME)
    at.radio(key="home.edition").set_value("enterprise").run()
    at = open_step(at, StepId.PREREQUISITES)
    keys = {c.key for c in at.checkbox}
    assert "confirm.prerequisites.sync_profile" in keys
    assert "confirm.prerequisites.page_layouts" not in keys
    assert text_of(at) != pe_text


def test_language_switch_keeps_progress():
    at = new_session()
    finish_step(at, StepId.HOME)
    at.checkbox(key="confirm.prerequisites.api_access").check().run()
    # AppTest drops the router's sidebar after a page switch, so switch on a fresh run
    at = new_session(setup=setup_id(at))
    at.button_group(key="sidebar.language").set_value("ja").run()
    assert title(at) == "ホーム"
    at = open_step(at, StepId.PREREQUISITES)
    assert title(at) == registry_title(StepId.PREREQUISITES, "ja")
    assert at.checkbox(key="confirm.prerequisites.api_access").value
    # the choice is saved: a new session with the same setup id comes back in Japanese
    again = new_session(locale="en-US", setup=setup_id(at))
    assert title(again) == "ホーム"


def test_a_new_session_with_the_same_setup_id_continues_where_the_user_was():
    at = new_session()
    for s in STEPS[:3]:
        finish_step(at, s.id)
    assert title(at) == registry_title(StepId.CREDENTIALS, "en")
    again = new_session(setup=setup_id(at))
    statuses = [link.proto.disabled for link in sidebar_links(again)]
    assert statuses == [False, False, False, False, True, True, True, True]
    assert again.main.get("page_link")[-1].proto.label.startswith("Continue: 3.")
    other = new_session()
    assert setup_id(other) != setup_id(at)
    assert [link.proto.disabled for link in sidebar_links(other)][1:] == [True] * 7


def test_damaged_progress_gives_a_clear_message_and_a_fresh_start(data_dir):
    data_dir.mkdir(parents=True)
    (data_dir / "damaged-setup-1.json").write_text("{oops", encoding="utf-8")
    at = new_session(locale="ja-JP", setup="damaged-setup-1")
    assert not at.exception
    assert i18n.t("store.damaged", "ja") in warnings(at)
    assert title(at) == "ホーム"
    assert list(data_dir.glob("damaged-setup-1.damaged-*.json"))
    at.button(key="store.dismiss").click().run()
    assert i18n.t("store.damaged", "ja") not in warnings(at)


def test_changing_the_edition_after_confirming_warns_and_reopens_only_when_applied():
    at = new_session()
    for s in STEPS[:3]:
        finish_step(at, s.id)
    at = open_step(at, StepId.HOME)
    at.radio(key="home.edition").set_value("enterprise").run()
    warning = warnings(at)
    assert "1. Prerequisites" in warning and "2. Retrieve the security token" in warning
    at.button(key="home.keep.edition").click().run()
    assert at.radio(key="home.edition").value == "professional"
    assert not sidebar_links(new_session(setup=setup_id(at)))[3].proto.disabled

    at.radio(key="home.edition").set_value("enterprise").run()
    at.button(key="home.apply.edition").click().run()
    assert "reopened" in text_of(at)
    again = new_session(setup=setup_id(at))
    assert [link.proto.disabled for link in sidebar_links(again)][1:3] == [False, True]
    assert again.sidebar.get("caption")[0].value.endswith("Enterprise / Unlimited Edition")


def test_changing_the_mode_before_any_step_is_confirmed_just_applies():
    at = new_session()
    at.radio(key="home.mode").set_value("sandbox").run()
    assert "reopens" not in warnings(at)
    again = new_session(setup=setup_id(at))
    assert again.radio(key="home.mode").value == "sandbox"


def test_reset_needs_a_confirmation_and_then_starts_over():
    at = new_session()
    for s in STEPS[:2]:
        finish_step(at, s.id)
    at = open_step(at, StepId.HOME)
    at.button(key="home.reset.ask").click().run()
    at.button(key="home.reset.no").click().run()
    assert not sidebar_links(new_session(setup=setup_id(at)))[2].proto.disabled
    at.button(key="home.reset.ask").click().run()
    assert i18n.t("home.reset.warning", "en") in text_of(at)
    at.button(key="home.reset.yes").click().run()
    assert i18n.t("home.reset.done", "en") in text_of(at)
    again = new_session(setup=setup_id(at))
    assert [link.proto.disabled for link in sidebar_links(again)][1:] == [True] * 7


@pytest.mark.parametrize(
    ("status", "guidance", "confirmable"),
    [
        (SyncStatus.IN_PROGRESS, "verify.guidance.in_progress", False),
        (SyncStatus.FAILED, "verify.guidance.failed", False),
        (SyncStatus.LAST_SYNCED, "verify.guidance.last_synced", True),
    ],
)
def test_verify_gives_guidance_for_each_status(status, guidance, confirmable):
    at = new_session()
    for s in STEPS[: registry.number(StepId.VERIFY)]:
        finish_step(at, s.id)
    at.radio(key="verify.status").set_value(status).run()
    assert i18n.t(guidance, "en") in text_of(at)
    assert bool(unticked(at)) is confirmable
    assert at.button(key="verify.next").disabled
    if status is SyncStatus.FAILED:
        labels = [e.label for e in at.expander]
        assert any(i18n.t("verify.trouble.sync_errors_tab.title", "en") in x for x in labels)


def test_the_token_tip_lets_a_user_who_has_a_token_skip_ahead():
    at = new_session()
    for s in STEPS[:2]:
        finish_step(at, s.id)
    assert title(at) == registry_title(StepId.TOKEN, "en")
    assert at.success  # the guide's TIP is shown as a tip callout
    tick_all(at)
    assert not at.button(key="token.next").disabled


def test_a_store_that_cannot_be_written_is_reported_and_the_session_goes_on(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("MKTSYNC_DATA_DIR", str(blocker / "data"))
    at = new_session(locale="ja-JP")
    finish_step(at, StepId.HOME)
    assert not at.exception
    assert title(at) == registry_title(StepId.PREREQUISITES, "ja")
    assert i18n.t("store.unwritable", "ja") in warnings(at)


def test_a_store_that_cannot_be_read_is_reported(data_dir):
    (data_dir / "unreadable-1.json").mkdir(parents=True)
    at = new_session(setup="unreadable-1")
    assert not at.exception
    assert i18n.t("store.unreadable", "en") in warnings(at)
    assert title(at) == "Home"


def test_the_completion_screen_offers_the_report_and_a_fresh_setup_for_trainers():
    at = new_session(locale="ja-JP")
    at.selectbox(key="home.scenario").set_value(Scenario.MANY_DUPLICATES).run()
    for s in STEPS[:-1]:
        finish_step(at, s.id)
    assert title(at) == registry_title(StepId.COMPLETE, "ja")
    assert len(at.get("download_button")) == 2
    old = setup_id(at)
    at.button(key="complete.new_setup").click().run()
    assert title(at) == "ホーム"
    assert setup_id(at) != old
    assert ProgressStore().load(old).restored  # the finished setup stays under its link
    fresh = ProgressStore().load(setup_id(at)).progress
    assert fresh.confirmations == {} and fresh.scenario is Scenario.MANY_DUPLICATES
    assert fresh.language == "ja" or fresh.language is None
