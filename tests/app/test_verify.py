"""Verify page: a Failed sync is traced to its cause live, fixed, and the setup completes."""

import pytest

from mktsync_core import i18n, registry
from mktsync_core.demo_org import Scenario
from mktsync_core.marketo.demo import (
    DEMO_CLIENT_SECRET,
    DEMO_HOST,
    MarketoScenario,
    demo_client_id,
)
from mktsync_core.models import StepId, SyncStatus
from mktsync_core.troubleshooting import TroubleId, TroubleStatus, diagnose

from .conftest import finish_step, new_session, text_of, tick_all, verify_credentials


def at_verify():
    at = new_session()
    for s in registry.STEPS[: registry.number(StepId.VERIFY)]:
        finish_step(at, s.id)
    assert at.title[0].value.startswith("6.")
    return at


def statuses(at) -> dict[TroubleId, TroubleStatus]:
    recheck = at.session_state["mktsync.progress"].verify_recheck
    return {f.item.id: f.status for f in diagnose(recheck)}


@pytest.mark.parametrize(
    ("problem", "cause"),
    [
        (Scenario.EXPIRED_PASSWORD, TroubleId.EXPIRED_CREDENTIALS),
        (Scenario.NOT_MARKETING_USER, TroubleId.MARKETING_USER),
        (Scenario.API_LIMIT_EXHAUSTED, TroubleId.API_LIMIT),
    ],
)
def test_failed_recheck_fix_then_last_synced_completes_the_setup(problem, cause):
    at = at_verify()
    at.radio(key="verify.status").set_value(SyncStatus.FAILED).run()
    at.selectbox(key="verify.problem").set_value(problem).run()
    at.button(key="verify.simulate_problem").click().run()
    at.button(key="verify.recheck").click().run()
    assert not at.exception
    assert statuses(at)[cause] is TroubleStatus.FOUND
    # a login that no longer works is dropped, so the form asks for the credentials again
    form_shown = any(t.key == "conn.password" for t in at.text_input)
    assert form_shown is (problem is Scenario.EXPIRED_PASSWORD)
    title = i18n.t(f"verify.trouble.{cause}.title", "en")
    assert any(title in e.label for e in at.expander)

    at.button(key="verify.simulate_fix").click().run()
    assert i18n.t("verify.recheck.fixed", "en") in text_of(at)
    verify_credentials(at)
    at.button(key="verify.recheck").click().run()
    assert statuses(at)[cause] is TroubleStatus.CLEAR
    assert TroubleStatus.FOUND not in statuses(at).values()

    at.radio(key="verify.status").set_value(SyncStatus.LAST_SYNCED).run()
    tick_all(at)
    at.button(key="verify.next").click().run()
    assert at.title[0].value.startswith("7.")


def test_recheck_without_a_login_asks_for_the_credentials_first():
    at = at_verify()
    at.radio(key="verify.status").set_value(SyncStatus.FAILED).run()
    at.button(key="conn.forget").click().run()
    at.button(key="verify.recheck").click().run()
    assert i18n.t("verify.recheck.need_login", "en") in text_of(at)
    assert at.session_state["mktsync.progress"].verify_recheck is None


def test_troubleshooting_is_available_on_demand_when_the_sync_runs():
    at = at_verify()
    at.radio(key="verify.status").set_value(SyncStatus.IN_PROGRESS).run()
    labels = [e.label for e in at.expander]
    assert i18n.t("verify.trouble.on_demand", "en") in labels


def test_a_fresh_setup_does_not_inherit_the_previous_setups_marketo_check():
    """The Marketo proof belongs to one setup's report: a trainer's next setup starts without it."""
    at = at_verify()
    at.text_input(key="mkto.endpoint").input(f"https://{DEMO_HOST}/rest")
    at.text_input(key="mkto.client_id").input(demo_client_id(MarketoScenario.SYNCED))
    at.text_input(key="mkto.client_secret").input(DEMO_CLIENT_SECRET)
    at.button(key="mkto.check").click().run()
    assert at.session_state["mktsync.progress"].marketo_verification is not None
    finish_step(at, StepId.VERIFY)
    at.button(key="complete.new_setup").click().run()
    for s in registry.STEPS[: registry.number(StepId.VERIFY)]:
        finish_step(at, s.id)
    assert at.title[0].value.startswith("6.")
    assert at.session_state["mktsync.progress"].marketo_verification is None
    assert [t for t in at.text_input if t.key == "mkto.client_secret"]
