"""AppTest harness: every test starts from the real router (app.py), never from a page alone."""

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from mktsync_core import registry
from mktsync_core.demo_org import SCENARIOS, Scenario
from mktsync_core.models import StepId, SyncStatus

APP = str(Path(__file__).parents[2] / "app.py")


def new_session(locale: str | None = "en-US", setup: str | None = None) -> AppTest:
    """A new browser session (what a refresh or a returning user gets)."""
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=30)
    if locale:
        at.context = {"locale": locale}
    if setup:
        at.query_params["setup"] = setup
    return at.run()


def open_step(at: AppTest, step_id: StepId) -> AppTest:
    return at.switch_page(registry.step(step_id).page).run()


def unticked(at: AppTest) -> list:
    return [c for c in at.checkbox if c.key and c.key.startswith("confirm.") and not c.value]


def tick_all(at: AppTest) -> AppTest:
    while boxes := unticked(at):
        boxes[0].check().run()
        assert not at.exception, at.exception
    return at


def verify_credentials(
    at: AppTest,
    scenario: Scenario = Scenario.HEALTHY,
    *,
    password: str | None = None,
    token: str | None = None,
    username: str | None = None,
) -> AppTest:
    """Type a demo scenario's credentials into the form, as the trainer does, and verify."""
    spec = SCENARIOS[scenario]
    at.text_input(key="conn.username").input(spec.username if username is None else username)
    at.text_input(key="conn.password").input(
        spec.password.get_secret_value() if password is None else password
    )
    at.text_input(key="conn.security_token").input(
        spec.security_token.get_secret_value() if token is None else token
    )
    if spec.is_sandbox:
        at.checkbox(key="conn.sandbox").check()
    return at.button(key="conn.verify_password").click().run()


def finish_step(at: AppTest, step_id: StepId) -> AppTest:
    """Give the step's confirmations (as a user would) and press Next."""
    if step_id is StepId.HOME:
        return at.button(key="home.start").click().run()
    if step_id is StepId.CREDENTIALS and "conn.username" in [t.key for t in at.text_input]:
        verify_credentials(at, at.session_state["mktsync.progress"].scenario)
        assert not at.exception, at.exception
    if step_id is StepId.VERIFY:
        at.radio(key="verify.status").set_value(SyncStatus.LAST_SYNCED).run()
    if step_id is StepId.START_SYNC and "dupes.scan" in [b.key for b in at.button]:
        at.button(key="dupes.scan").click().run()
        assert not at.exception, at.exception
    tick_all(at)
    return at.button(key=f"{step_id}.next").click().run()


def setup_id(at: AppTest) -> str:
    value = at.query_params["setup"]
    return value if isinstance(value, str) else value[0]


def sidebar_links(at: AppTest) -> list:
    return list(at.sidebar.get("page_link"))


def text_of(at: AppTest) -> str:
    """Everything the main area says, for asserting on visible words."""
    parts = [e.value for e in at.main.get("markdown")]
    for kind in ("title", "header", "subheader", "caption", "warning", "info", "success", "error"):
        parts += [str(e.value) for e in at.main.get(kind)]
    parts += [c.label for c in at.main.get("checkbox")]
    parts += [b.label for b in at.main.get("button")]
    return "\n".join(parts)


@pytest.fixture(autouse=True)
def _isolated_store(data_dir):
    return data_dir
