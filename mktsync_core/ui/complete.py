"""The completion screen: what was confirmed, and when."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mktsync_core import registry
from mktsync_core.ui import icons, state
from mktsync_core.ui.state import numbered_title, tr


def summary() -> None:
    progress = state.progress()
    st.balloons()
    st.success(tr("complete.success"), icon=icons.CELEBRATE)
    rows = [
        {
            tr("complete.col.step"): numbered_title(s.id),
            tr("complete.col.confirmation"): tr(f"confirm.{c.id}.label"),
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
