"""Verify sync: the status the user reads in Marketo decides what happens next.

On "Failed" (or on demand) the page becomes a troubleshooting checklist whose
testable causes are re-checked live with the prerequisite checks.
"""

from __future__ import annotations

import streamlit as st

from mktsync_core import registry
from mktsync_core.checks import run_prerequisite_checks
from mktsync_core.demo_org import Scenario
from mktsync_core.models import ConfirmationId, Mode, SyncStatus
from mktsync_core.troubleshooting import (
    LOGIN_BROKEN,
    Finding,
    Recheck,
    TroubleStatus,
    diagnose,
)
from mktsync_core.ui import connection, icons, marketo_check, state
from mktsync_core.ui.state import tr
from mktsync_core.ui.step_page import confirm

_KEY = "verify.status"
_MESSAGE = "verify.message"

TROUBLE_ICONS = {
    TroubleStatus.FOUND: icons.ERROR,
    TroubleStatus.WARNING: icons.WARNING,
    TroubleStatus.UNKNOWN: icons.HELP,
    TroubleStatus.CLEAR: icons.DONE,
    TroubleStatus.MANUAL: icons.TODO,
    TroubleStatus.NOT_CHECKED: icons.OPEN,
}


def _on_status() -> None:
    state.commit(registry.record_verify_status(state.progress(), st.session_state.get(_KEY)))


def status_check() -> None:
    """Ask which status Marketo shows, then give the guidance for it."""
    st.subheader(tr("verify.status.heading"))
    st.session_state[_KEY] = state.progress().verify_status
    options = list(SyncStatus)
    chosen = st.radio(
        tr("verify.status.label"),
        options,
        format_func=state.option_labels("verify.status"),
        key=_KEY,
        on_change=_on_status,
    )
    if chosen is None:
        st.info(tr("verify.status.pick"), icon=icons.PICK)
    elif chosen is SyncStatus.LAST_SYNCED:
        st.success(tr("verify.guidance.last_synced"), icon=icons.DONE)
        confirm(ConfirmationId.VERIFY_LAST_SYNCED)
    elif chosen is SyncStatus.IN_PROGRESS:
        st.info(tr("verify.guidance.in_progress"), icon=icons.WAIT)
    else:
        st.error(tr("verify.guidance.failed"), icon=icons.ERROR)
        troubleshooting()
        return
    with st.expander(tr("verify.trouble.on_demand"), icon=icons.TODO):
        troubleshooting()


def _recheck() -> None:
    """Run the prerequisite checks again, or judge the refused login, and save what they say."""
    gw = connection.gateway()
    refused = connection.last_login_error()
    if not gw.connected and refused is None:
        st.session_state[_MESSAGE] = "verify.recheck.need_login"
        return
    gw.refresh()  # a re-check reads the org as it is now, not as the login found it
    progress = state.progress()
    report = run_prerequisite_checks(gw, progress.edition, login_error=refused)
    state.update(verify_recheck=Recheck(report=report))
    if any(r.error_code in LOGIN_BROKEN for r in report.results):
        connection.forget()  # the saved login no longer works: show the form again


TRAINER_PROBLEMS = (
    Scenario.EXPIRED_PASSWORD,
    Scenario.NOT_MARKETING_USER,
    Scenario.API_LIMIT_EXHAUSTED,
    Scenario.USER_LOCKED,
    Scenario.NO_OBJECT_ACCESS,
)


def _simulate_problem() -> None:
    org = connection.demo_org()
    problem = st.session_state.get("verify.problem")
    if org is None or problem is None:
        return
    org.simulate_problem(state.progress().scenario, problem)
    st.session_state[_MESSAGE] = "verify.recheck.broken"


def _trainer_tools() -> None:
    """Demo only: break the org the way a real one breaks after the setup, then fix it."""
    with st.expander(tr("verify.trainer.heading"), icon=icons.NOTE):
        st.caption(tr("verify.trainer.intro"))
        st.selectbox(
            tr("verify.trainer.problem"),
            TRAINER_PROBLEMS,
            format_func=state.option_labels("demo.scenario", ".title"),
            key="verify.problem",
        )
        left, right = st.columns(2)
        left.button(
            tr("verify.trainer.break"),
            key="verify.simulate_problem",
            on_click=_simulate_problem,
            icon=icons.ERROR,
        )
        right.button(
            tr("verify.recheck.simulate_fix"),
            key="verify.simulate_fix",
            on_click=_simulate_fix,
            icon=icons.DONE,
        )


def _simulate_fix() -> None:
    org = connection.demo_org()
    if org is None:
        return
    org.simulate_fix(state.progress().scenario)
    connection.forget()
    state.update(verify_recheck=None)
    st.session_state[_MESSAGE] = "verify.recheck.fixed"


def _finding(finding: Finding) -> None:
    lang = state.lang()
    item = finding.item.id
    status = tr(f"verify.trouble.status.{finding.status}")
    with st.expander(
        f"{tr(f'verify.trouble.{item}.title')} — {status}",
        icon=TROUBLE_ICONS[finding.status],
        expanded=finding.status is TroubleStatus.FOUND,
    ):
        st.markdown(f"**{tr('verify.trouble.cause')}:** {tr(f'verify.trouble.{item}.cause')}")
        st.markdown(f"**{tr('verify.trouble.fix')}:** {tr(f'verify.trouble.{item}.fix')}")
        st.caption(tr("verify.trouble.who", who=tr(f"checks.fixer.{finding.item.fixer}")))
        for result in finding.evidence:
            st.markdown(f"- {result.title(lang)}: {result.reason(lang)}")


def troubleshooting() -> None:
    """The documented causes of a failed sync, with live evidence where the app can look."""
    st.subheader(tr("verify.trouble.heading"))
    connection.form(required=False, note="verify.recheck.login_note")
    if state.progress().mode is Mode.DEMO:
        _trainer_tools()
    st.button(
        tr("verify.recheck.button"), key="verify.recheck", on_click=_recheck, icon=icons.REFRESH
    )
    message = st.session_state.pop(_MESSAGE, None)
    if message:
        st.info(tr(message), icon=icons.NOTE)
    recheck = state.progress().verify_recheck
    if recheck is not None:
        when = recheck.ran_at.astimezone().strftime("%Y-%m-%d %H:%M")
        st.caption(tr("verify.recheck.when", when=when, calls=recheck.report.api_calls))
    for finding in diagnose(recheck):
        _finding(finding)


def marketo_section() -> None:
    """Optional proof from Marketo's side; the result (never the secret) is saved for the report."""
    result = marketo_check.panel()
    if result is not None and result != state.progress().marketo_verification:
        state.update(marketo_verification=result)
