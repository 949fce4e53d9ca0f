"""The Marketo check panel on the built-in demo Marketo, in both languages.

The panel runs in a page-less harness with a seeded session, so each test
need not walk to the Verify page first: the panel reads only the session's
progress and (when there is one) the shared Salesforce connection.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from mktsync_core import i18n
from mktsync_core.demo_org import SCENARIOS, Scenario, demo_session
from mktsync_core.marketo import MktoError, MktoErrorCode
from mktsync_core.marketo.demo import (
    DEMO_CLIENT_SECRET,
    DEMO_HOST,
    MarketoScenario,
    demo_client_id,
)
from mktsync_core.marketo.display import error_text
from mktsync_core.models import Mode
from mktsync_core.progress import Progress
from mktsync_core.salesforce import GatewayConfig, SalesforceGateway

from .conftest import text_of

SETUP = "marketo-check-test"
LEADS = "00Q000000000004AAA\n00Q000000000005AAA, 003000000000006AAA"


def _harness() -> None:
    import streamlit as st

    from mktsync_core.ui import marketo_check

    result = marketo_check.panel()
    st.session_state["test.verdict"] = result.verdict.value if result else None


def panel(lang: str, *, salesforce: bool = False) -> AppTest:
    at = AppTest.from_function(_harness, default_timeout=30)
    at.session_state["mktsync.progress"] = Progress(setup_id=SETUP, language=lang, mode=Mode.DEMO)
    if salesforce:
        gateway = SalesforceGateway(demo_session(), GatewayConfig(sleep=lambda _: None))
        gateway.login(SCENARIOS[Scenario.HEALTHY].credentials())
        at.session_state["conn.gateway"] = gateway
        at.session_state["conn.gateway_is_demo"] = True
    return at.run()


def check(at: AppTest, scenario: MarketoScenario, *, secret: str = DEMO_CLIENT_SECRET) -> AppTest:
    """Pick the scenario and type its demo credentials, as the trainer does."""
    at.selectbox(key="mkto.demo_scenario").set_value(scenario).run()
    at.text_input(key="mkto.endpoint").input(f"https://{DEMO_HOST}/rest")
    at.text_input(key="mkto.client_id").input(demo_client_id(scenario))
    at.text_input(key="mkto.client_secret").input(secret)
    at.button(key="mkto.check").click().run()
    assert not at.exception, at.exception
    return at


def t(key: str, lang: str, **fmt: object) -> str:
    return i18n.t(key, lang, **fmt)  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_synced_demo_proves_the_pasted_records_arrived(lang: str, data_dir: Path) -> None:
    at = panel(lang)
    assert t("marketo.heading", lang) in text_of(at)
    at.text_area(key="mkto.pasted_ids").input(LEADS)
    check(at, MarketoScenario.SYNCED)
    assert at.session_state["test.verdict"] == "synced"
    assert t("marketo.verdict.synced", lang) in at.success[-1].value
    assert t("marketo.records.summary", lang, arrived=3, total=3) in text_of(at)
    assert t("marketo.calls.used_other", lang, n=3, round_trips=4) in text_of(at)
    records = at.dataframe[0].value
    assert list(records[t("marketo.table.sf_id", lang)]) == LEADS.replace(",", "").split()
    # The secret left the widget; once the credentials are held the demo box is gone
    # too, so nothing on screen or in the data folder holds the secret.
    assert "mkto.client_secret" not in [w.key for w in at.text_input]
    assert "mkto.client_secret" not in at.session_state
    assert at.button(key="mkto.check_again")
    assert DEMO_CLIENT_SECRET not in text_of(at)
    for path in data_dir.rglob("*"):
        assert not path.is_file() or DEMO_CLIENT_SECRET not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_partly_synced_demo_with_salesforce_names_the_gaps(lang: str) -> None:
    at = panel(lang, salesforce=True)
    assert t("marketo.sample.from_salesforce", lang) in text_of(at)
    assert not at.text_area  # the sample comes from the connected org
    check(at, MarketoScenario.PARTLY_SYNCED)
    assert at.session_state["test.verdict"] == "partly_synced"
    assert t("marketo.verdict.partly_synced", lang) in at.warning[0].value
    assert any("`inferredMetropolitanArea`" in w.value for w in at.warning)
    assert t("marketo.records.missing", lang) in text_of(at)
    sf_calls = i18n.t("sf.calls.used_other", lang, n=2, round_trips=2)  # type: ignore[arg-type]
    assert t("marketo.calls.salesforce", lang, sf=sf_calls) in text_of(at)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_failed_sync_demo_and_check_again(lang: str) -> None:
    at = panel(lang)
    at.text_area(key="mkto.pasted_ids").input(LEADS)
    check(at, MarketoScenario.SYNC_FAILED)
    assert at.session_state["test.verdict"] == "not_synced"
    assert t("marketo.verdict.not_synced", lang) in at.error[0].value
    at.button(key="mkto.check_again").click().run()
    assert at.session_state["test.verdict"] == "not_synced"


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_wrong_secret_is_explained_with_fix_and_who(lang: str) -> None:
    at = check(panel(lang), MarketoScenario.SYNCED, secret="not-the-secret")
    text = error_text(MktoError(code=MktoErrorCode.BAD_CLIENT_CREDENTIALS), lang)  # type: ignore[arg-type]
    assert text.title in at.error[0].value and text.who in at.error[0].value
    assert at.session_state["test.verdict"] is None
    assert "not-the-secret" not in text_of(at)
    assert at.text_input(key="mkto.client_secret").value == ""  # cleared, the rest is kept
    assert at.text_input(key="mkto.endpoint").value == f"https://{DEMO_HOST}/rest"


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_empty_sample_checks_fields_only_and_forget_drops_the_credentials(lang: str) -> None:
    at = check(panel(lang), MarketoScenario.SYNCED)
    assert at.session_state["test.verdict"] == "fields_only"
    assert any(t("marketo.verdict.fields_only", lang) in box.value for box in at.info)
    at.button(key="mkto.forget").click().run()
    assert "mkto.credentials" not in at.session_state
    assert at.text_input(key="mkto.client_secret").value == ""
    assert at.button(key="mkto.check")


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_invalid_input_is_caught_before_any_request(lang: str) -> None:
    at = panel(lang)
    at.text_input(key="mkto.endpoint").input("https://example.com/rest")
    at.text_input(key="mkto.client_id").input("cid")
    at.text_input(key="mkto.client_secret").input("secret")
    at.button(key="mkto.check").click().run()
    error = MktoError(code=MktoErrorCode.INPUT_ENDPOINT_INVALID)
    assert error_text(error, lang).title in at.error[0].value  # type: ignore[arg-type]
