"""mktsync: a guided, checked walkthrough for connecting Marketo Engage to Salesforce.

Everything here except :mod:`mktsync_core.ui` is free of Streamlit so it can be
tested with plain pytest.
"""
