"""Home: the choices that shape the whole walkthrough, progress at a glance, and reset.

Changing an earlier answer (edition, mode) after later steps were confirmed
reopens those steps, so the change is applied only after the user has seen
which steps it reopens.
"""

from __future__ import annotations

from enum import StrEnum

import streamlit as st

from mktsync_core import registry
from mktsync_core.models import Answer, ConfirmationId, Edition, Mode, StepId, utcnow
from mktsync_core.ui import icons, state
from mktsync_core.ui.shell import STATUS_ICONS, numbered_title
from mktsync_core.ui.state import tr
from mktsync_core.ui.step_page import page_link

_CHOICES: dict[Answer, tuple[str, type[StrEnum]]] = {
    Answer.EDITION: ("edition", Edition),
    Answer.MODE: ("mode", Mode),
}
_RESET_ASKED = "home.reset_asked"
_REOPENED = "home.reopened"


def _pending_key(field: str) -> str:
    return f"home.pending.{field}"


def _on_choice(answer: Answer) -> None:
    field, _ = _CHOICES[answer]
    value = st.session_state[f"home.{field}"]
    progress = state.progress()
    st.session_state.pop(_pending_key(field), None)
    if value == getattr(progress, field):
        return
    if registry.would_reopen(progress, answer):
        st.session_state[_pending_key(field)] = value
    else:
        state.update(**{field: value})


def _apply(answer: Answer) -> None:
    field, _ = _CHOICES[answer]
    value = st.session_state.pop(_pending_key(field))
    progress = state.progress()
    st.session_state[_REOPENED] = registry.would_reopen(progress, answer)
    state.commit(registry.reopen(progress, answer).model_copy(update={field: value}))


def _keep(answer: Answer) -> None:
    field, _ = _CHOICES[answer]
    st.session_state.pop(_pending_key(field), None)
    st.session_state[f"home.{field}"] = getattr(state.progress(), field)


def choice(answer: Answer) -> None:
    """A radio for one earlier answer, guarded by a warning when changing it reopens steps."""
    field, enum = _CHOICES[answer]
    key, pending = f"home.{field}", st.session_state.get(_pending_key(field))
    if pending is None:
        st.session_state[key] = getattr(state.progress(), field)
    options = list(enum)
    st.radio(
        tr(f"home.{field}.label"),
        options,
        format_func=state.option_labels(field),
        captions=[tr(f"{field}.{v}.help") for v in options],
        key=key,
        on_change=_on_choice,
        args=(answer,),
    )
    if pending is None:
        return
    steps = registry.would_reopen(state.progress(), answer)
    st.warning(
        tr("home.reopen.warning", steps=", ".join(numbered_title(s) for s in steps)),
        icon=icons.WARNING,
    )
    apply_col, keep_col = st.columns(2)
    apply_col.button(
        tr("home.reopen.apply"), key=f"home.apply.{field}", on_click=_apply, args=(answer,)
    )
    keep_col.button(
        tr("home.reopen.keep"), key=f"home.keep.{field}", on_click=_keep, args=(answer,)
    )


def reopened_notice() -> None:
    steps = st.session_state.pop(_REOPENED, None)
    if steps:
        st.info(
            tr("home.reopen.done", steps=", ".join(numbered_title(s) for s in steps)),
            icon=icons.REOPENED,
        )


def overview() -> None:
    """Every step with its status, and the way to start or continue."""
    progress = state.progress()
    st.subheader(tr("home.progress.heading"))
    for s in registry.STEPS[1:]:
        status = registry.status(s.id, progress)
        st.markdown(
            f"{STATUS_ICONS[status]} {numbered_title(s.id)} — {tr(f'sidebar.status.{status}')}"
        )
    if ConfirmationId.HOME_STARTED not in progress.confirmations:
        if st.button(tr("home.start"), type="primary", key="home.start"):
            confirmations = {**progress.confirmations, ConfirmationId.HOME_STARTED: utcnow()}
            state.update(confirmations=confirmations)
            st.switch_page(
                registry.step(StepId.PREREQUISITES).page, query_params=state.link_params()
            )
    else:
        following = registry.next_step(progress)
        page_link(
            following, tr("home.continue", step=numbered_title(following)), icon=icons.CONTINUE
        )


def _ask_reset() -> None:
    st.session_state[_RESET_ASKED] = True


def _cancel_reset() -> None:
    st.session_state.pop(_RESET_ASKED, None)


def _reset() -> None:
    st.session_state.pop(_RESET_ASKED, None)
    state.reset()
    st.session_state["home.reset_done"] = True


def reset_section() -> None:
    """Start over, after a confirmation that says what is lost."""
    with st.expander(tr("home.reset.heading")):
        st.caption(tr("home.setup_link", setup_id=state.progress().setup_id))
        if st.session_state.pop("home.reset_done", False):
            st.success(tr("home.reset.done"), icon=icons.CLEARED)
        if not st.session_state.get(_RESET_ASKED):
            st.button(tr("home.reset.ask"), key="home.reset.ask", on_click=_ask_reset)
            return
        st.warning(tr("home.reset.warning"), icon=icons.WARNING)
        yes_col, no_col = st.columns(2)
        yes_col.button(tr("home.reset.yes"), key="home.reset.yes", type="primary", on_click=_reset)
        no_col.button(tr("home.reset.no"), key="home.reset.no", on_click=_cancel_reset)
