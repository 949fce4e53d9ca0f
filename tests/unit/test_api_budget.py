"""The exact API-call budget of each page on the demo org's healthy scenario.

The org's daily API allocation is shared with Marketo's own sync, and the
product promises the whole pre-flight in a handful of calls (at most 6). Each
test runs what a page runs, in the order a user meets the pages, and counts
the calls the gateway made and the demo org charged: a change that stops
batching or re-reads what the login already read fails here, not in a
benchmark nobody runs.
"""

from __future__ import annotations

import pytest

from mktsync_core.checks import run_prerequisite_checks
from mktsync_core.demo_org import SCENARIOS, DemoOrg, Scenario, demo_session
from mktsync_core.duplicates import ScanMethod, run_scan
from mktsync_core.mapping import fetch_review_describes
from mktsync_core.models import Edition
from mktsync_core.salesforce import CallCounter, LoginInfo, SalesforceGateway
from mktsync_core.visibility import fetch_describes

HEALTHY = SCENARIOS[Scenario.HEALTHY]
PREFLIGHT_BUDGET = 6


class Journey:
    """One browser session going through the pages, counting each page's calls."""

    def __init__(self) -> None:
        self.org = DemoOrg()
        self.gw = SalesforceGateway(demo_session(self.org))
        self.start = self.org.api_calls_used(HEALTHY)

    def login(self) -> CallCounter:
        """The connection form: log in, then name the org (ui/connection.py)."""
        with self.gw.counting() as used:
            assert isinstance(self.gw.login(HEALTHY.credentials()), LoginInfo)
            self.gw.organization()
        return used

    def prerequisites(self) -> CallCounter:
        with self.gw.counting() as used:
            assert not run_prerequisite_checks(self.gw, Edition.PROFESSIONAL).blocking
        return used

    def visibility(self) -> CallCounter:
        with self.gw.counting() as used:
            assert not isinstance(fetch_describes(self.gw), Exception)
        return used

    def mapping(self) -> CallCounter:
        with self.gw.counting() as used:
            fetch_review_describes(self.gw)
        return used

    def start_sync(self) -> CallCounter:
        with self.gw.counting() as used:
            assert run_scan(self.gw).method is ScanMethod.AGGREGATE
        return used

    def verify(self) -> CallCounter:
        """The troubleshooting re-check reads the org afresh (ui/verify.py)."""
        with self.gw.counting() as used:
            self.gw.refresh()
            run_prerequisite_checks(self.gw, Edition.PROFESSIONAL)
        return used

    @property
    def charged(self) -> int:
        """What the org itself counted against its daily allocation."""
        return self.org.api_calls_used(HEALTHY) - self.start


@pytest.fixture
def journey() -> Journey:
    return Journey()


def test_login_reads_the_user_the_org_and_the_object_list_in_one_call(journey: Journey) -> None:
    assert journey.login() == CallCounter(round_trips=2, api_calls=1, logins=1)


def test_prerequisite_checks_cost_one_composite(journey: Journey) -> None:
    journey.login()
    assert journey.prerequisites() == CallCounter(round_trips=1, api_calls=1)


def test_the_visibility_audit_reuses_the_checks_describes(journey: Journey) -> None:
    journey.login()
    journey.prerequisites()
    assert journey.visibility() == CallCounter()


def test_the_visibility_audit_alone_costs_one_composite(journey: Journey) -> None:
    journey.login()
    assert journey.visibility() == CallCounter(round_trips=1, api_calls=1)


def test_the_mapping_review_reuses_the_describes(journey: Journey) -> None:
    journey.login()
    journey.visibility()
    assert journey.mapping() == CallCounter()


def test_the_quick_duplicate_scan_costs_three_composites(journey: Journey) -> None:
    journey.login()
    # Counts, then the aggregates, then the record ids of the top groups.
    assert journey.start_sync() == CallCounter(round_trips=3, api_calls=3)


def test_the_verify_recheck_reads_afresh_in_one_composite(journey: Journey) -> None:
    journey.login()
    journey.prerequisites()
    assert journey.verify() == CallCounter(round_trips=1, api_calls=1)


def test_the_whole_preflight_fits_the_budget(journey: Journey) -> None:
    pages = [
        journey.login(),
        journey.prerequisites(),
        journey.visibility(),
        journey.mapping(),
        journey.start_sync(),
        journey.verify(),
    ]
    assert [p.api_calls for p in pages] == [1, 1, 0, 0, 3, 1]
    assert sum(p.api_calls for p in pages) == journey.charged == PREFLIGHT_BUDGET
