"""The completion screen: what was confirmed, the setup report, and a fresh start for trainers."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mktsync_core import registry
from mktsync_core.report import build_report, to_markdown
from mktsync_core.ui import connection, icons, marketo_check, state
from mktsync_core.ui.state import numbered_title, tr


def summary() -> None:
    progress = state.progress()
    st.success(tr("complete.success"), icon=icons.CELEBRATE)
    rows = [
        {
            tr("complete.col.step"): numbered_title(s.id),
            tr("complete.col.confirmation"): tr(
                f"confirm.{c.id}.label", **registry.confirmation_params(c, progress)
            ),
            tr("complete.col.when"): progress.confirmations[c.id]
            .astimezone()
            .strftime("%Y-%m-%d %H:%M"),
        }
        for s in registry.STEPS[1:]
        for c in s.confirmations_for(progress.edition)
        if c.id in progress.confirmations
    ]
    st.subheader(tr("complete.summary.heading"))
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def report_downloads() -> None:
    """The setup report in both forms, built from the saved progress only."""
    progress, lang = state.progress(), state.lang()
    report = build_report(progress, lang)
    st.subheader(tr("report.heading"))
    st.caption(tr("report.intro"))
    left, right = st.columns(2)
    left.download_button(
        tr("report.download_md"),
        data=to_markdown(report, lang).encode("utf-8"),
        file_name=f"mktsync-setup-report-{progress.setup_id}.md",
        mime="text/markdown",
        key="report.md",
        icon=icons.DOWNLOAD,
        on_click="ignore",
    )
    right.download_button(
        tr("report.download_json"),
        data=report.model_dump_json(indent=2).encode("utf-8"),
        file_name=f"mktsync-setup-report-{progress.setup_id}.json",
        mime="application/json",
        key="report.json",
        icon=icons.DOWNLOAD,
        on_click="ignore",
    )


def new_setup() -> None:
    """Trainers: one click to a fresh setup, keeping this one under its own link."""
    st.divider()
    if st.button(
        tr("complete.new_setup"),
        key="complete.new_setup",
        help=tr("complete.new_setup_help"),
        icon=icons.REOPENED,
    ):
        connection.reset_form()
        marketo_check.reset()
        state.start_new_setup()
        st.switch_page(registry.step(registry.STEPS[0].id).page, query_params=state.link_params())
