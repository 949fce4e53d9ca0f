"""The Streamlit layer: the only part of mktsync_core that imports Streamlit."""
