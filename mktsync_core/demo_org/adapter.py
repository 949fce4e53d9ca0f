"""The transport that puts the demo org behind an ordinary ``requests.Session``."""

from __future__ import annotations

import requests

from mktsync_core.demo_org.org import DemoOrg
from mktsync_core.inprocess import InProcessAdapter, inprocess_session


class DemoOrgAdapter(InProcessAdapter):
    def __init__(self, org: DemoOrg) -> None:
        super().__init__(org, "demo org")
        # Tests and the gateway's transport check reach the org through the adapter.
        self.org = org


def demo_session(org: DemoOrg | None = None) -> requests.Session:
    """A session whose every request is answered by the demo org."""
    return inprocess_session(DemoOrgAdapter(org or DemoOrg()))
