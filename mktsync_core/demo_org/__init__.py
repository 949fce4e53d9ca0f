"""A Salesforce org inside the app, for demos, training and tests without a network.

Use :func:`demo_session` as the ``requests.Session`` of a
:class:`~mktsync_core.salesforce.SalesforceGateway`; pick a scenario's
credentials from :data:`SCENARIOS`.
"""

from mktsync_core.demo_org.adapter import DemoOrgAdapter, demo_session
from mktsync_core.demo_org.org import DEFAULT_SEED, DemoOrg
from mktsync_core.demo_org.scenarios import (
    DEMO_PASSWORD,
    DEMO_SECURITY_TOKEN,
    SCENARIOS,
    Scenario,
    ScenarioSpec,
    scenario_for_username,
)

__all__ = [
    "DEFAULT_SEED",
    "DEMO_PASSWORD",
    "DEMO_SECURITY_TOKEN",
    "SCENARIOS",
    "DemoOrg",
    "DemoOrgAdapter",
    "Scenario",
    "ScenarioSpec",
    "demo_session",
    "scenario_for_username",
]
