"""The router: page config, saved progress, every step page, the sidebar checklist."""

import streamlit as st

from mktsync_core.ui import shell, state

shell.configure_page()
state.restore()
page = st.navigation(shell.pages(), position="hidden")
shell.sidebar()
page.run()
