"""The browser session's view of the saved progress.

``st.session_state`` is lost on every browser refresh, so the progress store is
the source of truth: it is restored once per session from the setup id in the
URL, and every change is written back at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from mktsync_core import i18n, registry
from mktsync_core.models import StepId
from mktsync_core.progress import Progress
from mktsync_core.store import (
    LoadResult,
    ProgressStore,
    StoreProblem,
    is_valid_setup_id,
    new_setup_id,
)

QUERY_SETUP = "setup"
_PROGRESS = "mktsync.progress"
_NOTICE = "mktsync.store_notice"
_REOPENED = "mktsync.reopened"


def store() -> ProgressStore:
    return ProgressStore()


def restore() -> None:
    """Load this session's progress once, and keep its setup id in the URL."""
    if _PROGRESS not in st.session_state:
        setup_id = st.query_params.get(QUERY_SETUP)
        result = (
            store().load(setup_id)
            if setup_id and is_valid_setup_id(setup_id)
            else LoadResult(progress=Progress(setup_id=new_setup_id()))
        )
        st.session_state[_PROGRESS] = result.progress
        if result.problem is not None:
            st.session_state[_NOTICE] = result.problem
    st.query_params[QUERY_SETUP] = progress().setup_id


def progress() -> Progress:
    value: Progress = st.session_state[_PROGRESS]
    return value


def commit(new: Progress) -> None:
    """Make ``new`` the session's progress and save it; a failed save is reported, not raised."""
    st.session_state[_PROGRESS] = new
    problem = store().save(new)
    if problem is not None:
        st.session_state[_NOTICE] = problem
    elif st.session_state.get(_NOTICE) is StoreProblem.UNWRITABLE:
        del st.session_state[_NOTICE]


def update(**changes: Any) -> None:
    commit(progress().model_copy(update=changes))


def start_new_setup() -> None:
    """A new setup id with the same language, edition and org choice; the old one stays saved."""
    old = progress()
    commit(
        Progress(
            setup_id=new_setup_id(),
            language=old.language,
            edition=old.edition,
            mode=old.mode,
            scenario=old.scenario,
        )
    )


def reset() -> None:
    """Forget every answer and confirmation of this setup, keeping the language."""
    old = progress()
    store().delete(old.setup_id)
    commit(Progress(setup_id=old.setup_id, language=old.language))


def note_reopened(steps: list[StepId], reason: str = "notice.reopened") -> None:
    """Remember, for the next page shown, which steps a change just reopened, and why."""
    if steps:
        st.session_state[_REOPENED] = (steps, reason)


def pop_reopened() -> tuple[list[StepId], str]:
    noted: tuple[list[StepId], str] = st.session_state.pop(_REOPENED, ([], ""))
    return noted


def store_notice() -> StoreProblem | None:
    notice: StoreProblem | None = st.session_state.get(_NOTICE)
    return notice


def dismiss_store_notice() -> None:
    st.session_state.pop(_NOTICE, None)


def lang() -> i18n.Lang:
    return i18n.pick_language(progress().language, st.context.locale)


def tr(key: str, **fmt: object) -> str:
    """A catalog string in the session's language."""
    return i18n.t(key, lang(), **fmt)


def link_params() -> dict[str, str]:
    """Query parameters every internal link must carry, so a refresh finds the setup again."""
    return {QUERY_SETUP: progress().setup_id}


def option_labels(prefix: str, suffix: str = "") -> Callable[[object], str]:
    """A ``format_func`` for option widgets: ``prefix.<value>suffix`` in the current language.

    The language is bound now, because Streamlit may call the function outside
    the script run, where the session is not available.
    """
    current = lang()
    return lambda value: i18n.t(f"{prefix}.{value}{suffix}", current)


def step_title(step_id: StepId) -> str:
    return tr(f"step.{step_id}.title")


def numbered_title(step_id: StepId) -> str:
    """The title as the checklist shows it: numbered like the guide's steps (Home has none)."""
    n = registry.number(step_id)
    return step_title(step_id) if n == 0 else f"{n}. {step_title(step_id)}"
