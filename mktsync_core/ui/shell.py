"""What every run draws around the current page: navigation, sidebar checklist, notices."""

from __future__ import annotations

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from mktsync_core import registry
from mktsync_core.i18n import LANGS
from mktsync_core.models import StepId, StepStatus
from mktsync_core.store import StoreProblem
from mktsync_core.ui import connection, icons, state
from mktsync_core.ui.state import numbered_title, step_title, tr

STATUS_ICONS = {
    StepStatus.DONE: icons.DONE,
    StepStatus.OPEN: icons.OPEN,
    StepStatus.LOCKED: icons.LOCKED,
}


def configure_page() -> None:
    st.set_page_config(page_title="mktsync", page_icon=icons.APP, layout="centered")


def pages() -> list[StreamlitPage]:
    """Every step page, registered on every run so a locked page's URL never 'does not exist'."""
    return [
        st.Page(
            s.page,
            title=step_title(s.id),
            url_path=s.id.value,
            default=s.id is StepId.HOME,
        )
        for s in registry.STEPS
    ]


def _on_language_change() -> None:
    chosen = st.session_state.get("sidebar.language")
    if chosen in LANGS:
        state.update(language=chosen)


def sidebar() -> None:
    progress = state.progress()
    with st.sidebar:
        st.session_state["sidebar.language"] = state.lang()
        st.segmented_control(
            tr("sidebar.language"),
            options=list(LANGS),
            # Each language is named in itself, the same in both catalogs.
            format_func=state.option_labels("sidebar.language"),
            key="sidebar.language",
            required=True,
            on_change=_on_language_change,
        )
        st.markdown(f"**{tr('sidebar.checklist')}**")
        for s in registry.STEPS:
            status = registry.status(s.id, progress)
            st.page_link(
                s.page,
                label=numbered_title(s.id),
                icon=STATUS_ICONS[status],
                disabled=status is StepStatus.LOCKED,
                help=tr(f"sidebar.status.{status}"),
                query_params=state.link_params(),
            )
        st.divider()
        st.caption(tr("sidebar.edition", edition=tr(f"edition.{progress.edition}")))
        st.caption(tr("sidebar.mode", mode=tr(f"mode.{progress.mode}")))
        connection.sidebar_status()
        st.caption(tr("sidebar.setup_id", setup_id=progress.setup_id))


def notices() -> None:
    """Tell the user once, in their language, what changed behind their back.

    Which steps an answer or a new connection reopened, and when saved
    progress could not be used.
    """
    reopened, reason = state.pop_reopened()
    if reopened:
        steps = ", ".join(numbered_title(s) for s in reopened)
        st.info(tr(reason, steps=steps), icon=icons.REOPENED)
    notice = state.store_notice()
    if notice is None:
        return
    if notice is StoreProblem.UNWRITABLE:
        st.warning(tr("store.unwritable"), icon=icons.WARNING)
        return
    st.warning(tr(f"store.{notice}"), icon=icons.WARNING)
    st.button(tr("store.dismiss"), key="store.dismiss", on_click=state.dismiss_store_notice)
