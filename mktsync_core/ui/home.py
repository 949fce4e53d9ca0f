"""Home: the choices that shape the whole walkthrough, progress at a glance, and reset.

Changing an earlier answer (edition, mode) after later steps were confirmed
reopens those steps, so the change is applied only after the user has seen
which steps it reopens.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

import streamlit as st

from mktsync_core import registry
from mktsync_core.demo_org import SCENARIOS, Scenario
from mktsync_core.models import Answer, ConfirmationId, Edition, Mode, StepId
from mktsync_core.ui import connection, icons, marketo_check, state
from mktsync_core.ui.shell import STATUS_ICONS
from mktsync_core.ui.state import numbered_title, tr
from mktsync_core.ui.step_page import page_link


class _Choice(NamedTuple):
    field: str
    options: tuple[StrEnum, ...]
    label_prefix: str
    label_suffix: str = ""
    help_suffix: str | None = ".help"


_CHOICES: dict[Answer, _Choice] = {
    Answer.EDITION: _Choice("edition", tuple(Edition), "edition"),
    Answer.MODE: _Choice("mode", tuple(Mode), "mode"),
    Answer.SCENARIO: _Choice(
        "scenario", tuple(Scenario), "demo.scenario", ".title", help_suffix=None
    ),
}
_RESET_ASKED = "home.reset_asked"


def _pending_key(answer: Answer) -> str:
    return f"home.pending.{answer}"


def _widget_key(answer: Answer) -> str:
    return f"home.{answer}"


def _apply(answer: Answer, value: object) -> None:
    """Change the answer; another org (mode, scenario) also drops the live connection."""
    progress = state.progress()
    state.note_reopened(registry.would_reopen(progress, answer))
    state.commit(registry.change_answer(progress, answer, str(value)))
    if answer in (Answer.MODE, Answer.SCENARIO):
        connection.reset_form()


def _on_choice(answer: Answer) -> None:
    field = _CHOICES[answer].field
    value = st.session_state[_widget_key(answer)]
    progress = state.progress()
    st.session_state.pop(_pending_key(answer), None)
    if value == getattr(progress, field):
        return
    if registry.would_reopen(progress, answer):
        st.session_state[_pending_key(answer)] = value
    else:
        _apply(answer, value)


def _confirm_pending(answer: Answer) -> None:
    _apply(answer, st.session_state.pop(_pending_key(answer)))


def _keep(answer: Answer) -> None:
    st.session_state.pop(_pending_key(answer), None)
    st.session_state[_widget_key(answer)] = getattr(state.progress(), _CHOICES[answer].field)


def choice(answer: Answer) -> None:
    """One earlier answer, guarded by a warning when changing it reopens confirmed steps."""
    spec = _CHOICES[answer]
    key, pending = _widget_key(answer), st.session_state.get(_pending_key(answer))
    if pending is None:
        st.session_state[key] = getattr(state.progress(), spec.field)
    label = tr(f"home.{spec.field}.label")
    format_func = state.option_labels(spec.label_prefix, spec.label_suffix)
    if spec.help_suffix is None:
        st.selectbox(
            label,
            spec.options,
            format_func=format_func,
            key=key,
            on_change=_on_choice,
            args=(answer,),
        )
    else:
        st.radio(
            label,
            spec.options,
            format_func=format_func,
            captions=[tr(f"{spec.label_prefix}.{v}{spec.help_suffix}") for v in spec.options],
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
        tr("home.reopen.apply"),
        key=f"home.apply.{answer}",
        on_click=_confirm_pending,
        args=(answer,),
    )
    keep_col.button(
        tr("home.reopen.keep"), key=f"home.keep.{answer}", on_click=_keep, args=(answer,)
    )


def demo_scenario() -> None:
    """In demo mode: which real-world failure the demo org plays, and its credentials."""
    if state.progress().mode is not Mode.DEMO:
        return
    choice(Answer.SCENARIO)
    st.caption(tr(SCENARIOS[state.progress().scenario].description_key))
    connection.demo_credentials()


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
            state.commit(registry.give(progress, ConfirmationId.HOME_STARTED))
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
    # The connections go with the reset: a live one left in the session would hide the login
    # form, and a Marketo result left there would be saved into the fresh setup's report.
    connection.reset_form()
    marketo_check.reset()
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
