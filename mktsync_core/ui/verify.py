"""Verify sync: the status the user reads in Marketo decides what happens next."""

from __future__ import annotations

import streamlit as st

from mktsync_core.models import ConfirmationId, SyncStatus
from mktsync_core.ui import icons, state
from mktsync_core.ui.state import tr
from mktsync_core.ui.step_page import confirm

_KEY = "verify.status"


def _on_status() -> None:
    chosen = st.session_state.get(_KEY)
    progress = state.progress()
    confirmations = dict(progress.confirmations)
    if chosen is not SyncStatus.LAST_SYNCED:
        confirmations.pop(ConfirmationId.VERIFY_LAST_SYNCED, None)
    state.update(verify_status=chosen, confirmations=confirmations)


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
        for n in range(1, 6):
            st.markdown(f"- {tr(f'verify.troubleshoot.{n}')}")
