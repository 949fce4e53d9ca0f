"""The whole prerequisites run against the built-in demo org, scenario by scenario.

The demo org answers Salesforce's wire protocol through the session's
transport adapter, so this is the live code path end to end: gateway, fetch,
judge. The API-call budget is exact so that an extra call is caught.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd
import pytest
import requests
from requests.adapters import BaseAdapter
from requests.models import PreparedRequest, Response

from mktsync_core.checks import (
    PREREQUISITE_OBJECTS,
    CheckReport,
    CheckStatus,
    fetch_prerequisites,
    run_prerequisite_checks,
)
from mktsync_core.demo_org import SCENARIOS, DemoOrg, Scenario, demo_session
from mktsync_core.i18n import LANGS, Lang, t
from mktsync_core.models import Edition
from mktsync_core.salesforce import (
    GatewayConfig,
    LoginInfo,
    SalesforceGateway,
    SfError,
    SfErrorCode,
)

PE, EE = Edition.PROFESSIONAL, Edition.ENTERPRISE


pytestmark = pytest.mark.usefixtures("no_network")


def make_gateway(org: DemoOrg) -> SalesforceGateway:
    return SalesforceGateway(demo_session(org), GatewayConfig(sleep=lambda _: None))


def edition_of(scenario: Scenario) -> Edition:
    professional = SCENARIOS[scenario].organization_type == "Professional Edition"
    return PE if professional else EE


def run(scenario: Scenario, edition: Edition | None = None) -> tuple[CheckReport, DemoOrg]:
    """Log in with the scenario's demo credentials and run the page's checks, as the page does."""
    org = DemoOrg()
    gateway = make_gateway(org)
    outcome = gateway.login(SCENARIOS[scenario].credentials())
    login_error = outcome if isinstance(outcome, SfError) else None
    before = org.api_calls_used(SCENARIOS[scenario])
    report = run_prerequisite_checks(
        gateway, edition or edition_of(scenario), login_error=login_error
    )
    # The gateway's count is what the org itself charged for the run.
    assert org.api_calls_used(SCENARIOS[scenario]) - before == report.api_calls
    return report, org


@dataclass(frozen=True)
class Expected:
    api_calls: int
    fail: set[str] = field(default_factory=set)
    warn: set[str] = field(default_factory=set)
    not_verifiable: set[str] = field(default_factory=set)


# Reminders every logged-in run shows (information only, nothing to acknowledge).
PE_INFO = {"C7.map_lead_fields", "C9.page_layouts", "C12.lead.required_fields"}
EE_INFO = {"C3.user.profile", "C7.map_lead_fields", "C12.lead.required_fields"}
LOGIN_FAILED = {"C1.api_access"}

CONTACT_INFERRED = {
    f"mkto71_Inferred_{s}__c"
    for s in (
        "City",
        "Company",
        "Country",
        "Metropolitan_Area",
        "Phone_Area_Code",
        "Postal_Code",
        "State_Region",
    )
}

# Healthy: one composite with the describes, the User and the PermissionSet queries
# (the login read the Organization and the object list).
HEALTHY_BUDGET = 1

EXPECTED: dict[Scenario, Expected] = {
    Scenario.HEALTHY: Expected(HEALTHY_BUDGET),
    Scenario.MARKETO_FIELDS_MISSING: Expected(
        HEALTHY_BUDGET,
        fail={"C6.contact.mkto71_Lead_Score__c"},
        warn={
            "C6.lead.mkto71_Acquisition_Program__c",
            "C6.contact.mkto71_Acquisition_Program__c",
            "C7.mkto71_Lead_Score__c",
            *(f"C7.{name}" for name in CONTACT_INFERRED),
        },
    ),
    Scenario.API_DISABLED_ORG: Expected(0, fail=LOGIN_FAILED),
    Scenario.API_DISABLED_USER: Expected(0, fail=LOGIN_FAILED),
    Scenario.WRONG_PASSWORD: Expected(0, fail=LOGIN_FAILED),
    Scenario.EXPIRED_PASSWORD: Expected(0, fail=LOGIN_FAILED),
    Scenario.USER_LOCKED: Expected(0, fail=LOGIN_FAILED),
    Scenario.NOT_MARKETING_USER: Expected(HEALTHY_BUDGET, warn={"C3.user.marketing_user"}),
    # The licence relationship is hidden (User is queried again without it) and
    # PermissionSet is invisible: 2 calls, and three items are not verifiable.
    Scenario.NO_OBJECT_ACCESS: Expected(
        2,
        fail={"C5.opportunity"},
        warn={"C5.campaign"},
        not_verifiable={
            "C3.user.license",
            "C4.permissions",
            "C19.password_never_expires",
        },
    ),
    Scenario.MANY_DUPLICATES: Expected(HEALTHY_BUDGET),
    # The org refuses even the login's first API call.
    Scenario.API_LIMIT_EXHAUSTED: Expected(0, fail=LOGIN_FAILED),
    Scenario.SANDBOX: Expected(HEALTHY_BUDGET),
    Scenario.SOAP_LOGIN_DISABLED: Expected(0, fail=LOGIN_FAILED),
}


def test_every_scenario_has_an_expectation() -> None:
    assert set(EXPECTED) == set(Scenario)


@pytest.mark.parametrize("scenario", list(Scenario))
def test_each_scenario_gives_its_expected_results(scenario: Scenario) -> None:
    expected = EXPECTED[scenario]
    report, _ = run(scenario)
    assert report.ids(CheckStatus.FAIL) == expected.fail
    assert report.ids(CheckStatus.WARN) == expected.warn
    assert report.ids(CheckStatus.NOT_VERIFIABLE) == expected.not_verifiable
    assert report.blocking is bool(expected.fail)
    assert report.needs_acknowledgment is bool(expected.warn | expected.not_verifiable)
    if expected.fail != LOGIN_FAILED:
        info = PE_INFO if edition_of(scenario) is PE else EE_INFO
        assert report.ids(CheckStatus.INFO) >= info
    for result in report.results:
        for lang in LANGS:
            assert result.title(lang) and result.reason(lang)


@pytest.mark.parametrize("scenario", list(Scenario))
def test_exact_api_call_budget_per_scenario(scenario: Scenario) -> None:
    report, _ = run(scenario)
    assert report.api_calls == EXPECTED[scenario].api_calls
    assert report.round_trips == EXPECTED[scenario].api_calls


def test_login_failures_report_the_login_error() -> None:
    report, _ = run(Scenario.API_DISABLED_ORG)
    [result] = report.results
    assert result.error_code is SfErrorCode.API_DISABLED_FOR_ORG
    assert "API" in result.fix("ja")  # type: ignore[operator]


def test_marketo_fields_missing_says_what_is_missing_and_who_fixes_it() -> None:
    report, _ = run(Scenario.MARKETO_FIELDS_MISSING)
    missing = report.by_id("C6.lead.mkto71_Acquisition_Program__c")
    assert missing is not None and missing.fixer is not None
    assert "mkto71_Acquisition_Program" in (missing.fix("en") or "")
    assert "新規顧客獲得プログラム" in missing.title("ja")
    wrong = report.by_id("C6.contact.mkto71_Lead_Score__c")
    assert wrong is not None
    assert wrong.evidence == {"type": "string", "length": 10, "updateable": True}
    optional = report.ids(CheckStatus.INFO)
    assert "C6.lead.mkto71_Acquisition_Program_Id__c" in optional
    assert {f"C6.contact.{name}" for name in CONTACT_INFERRED} <= optional


def test_the_report_carries_the_orgs_edition_and_sandbox_flag() -> None:
    report, _ = run(Scenario.SANDBOX)
    assert (report.detected_edition, report.is_sandbox) == (EE, True)
    assert report.by_id("C2.sandbox").status is CheckStatus.INFO  # type: ignore[union-attr]
    healthy, _ = run(Scenario.HEALTHY)
    assert (healthy.detected_edition, healthy.is_sandbox) == (PE, False)


def test_choosing_the_wrong_edition_warns() -> None:
    report, _ = run(Scenario.HEALTHY, EE)
    assert "C2.edition" in report.ids(CheckStatus.WARN)
    assert report.ids(CheckStatus.FAIL) == set()
    # The Enterprise checks run instead of the Professional ones.
    assert {"C8.account.type", "C8.event", "C8.task"} <= report.ids(CheckStatus.PASS)
    assert not any(i.startswith("C9.") for i in report.ids())


def test_limits_come_from_the_header_without_an_extra_call() -> None:
    report, _ = run(Scenario.HEALTHY)
    headroom = report.by_id("C18.api_headroom")
    assert headroom is not None and headroom.status is CheckStatus.PASS
    assert headroom.evidence["source"] == "limit_info_header"
    spec = SCENARIOS[Scenario.HEALTHY]
    assert headroom.evidence["DailyApiRequests.Max"] == spec.api_max


def test_fetch_without_a_connection_sends_nothing() -> None:
    gateway = make_gateway(DemoOrg())
    data = fetch_prerequisites(gateway)
    assert isinstance(data.organization, SfError)
    assert data.organization.code is SfErrorCode.NOT_CONNECTED
    assert gateway.calls.round_trips == 0


def test_fetch_describes_the_seven_objects_in_one_call() -> None:
    org = DemoOrg()
    gateway = make_gateway(org)
    assert isinstance(gateway.login(SCENARIOS[Scenario.HEALTHY].credentials()), LoginInfo)
    with gateway.counting() as used:
        data = fetch_prerequisites(gateway)
    assert not isinstance(data.describes, SfError)
    assert list(data.describes) == list(PREREQUISITE_OBJECTS)
    assert used.api_calls == HEALTHY_BUDGET


class _Unreachable(BaseAdapter):
    """The network dropping after the login, at the HTTP boundary."""

    def send(
        self,
        request: PreparedRequest,
        stream: bool = False,
        timeout: float | tuple[float, float] | tuple[float, None] | None = None,
        verify: bool | str = True,
        cert: bytes | str | tuple[bytes | str, bytes | str] | None = None,
        proxies: Mapping[str, str] | None = None,
    ) -> Response:
        raise requests.exceptions.ConnectionError("network is down", request=request)

    def close(self) -> None:
        """Nothing to release."""


def test_network_loss_stops_fetching_and_is_reported_once() -> None:
    org = DemoOrg()
    session = demo_session(org)
    gateway = SalesforceGateway(session, GatewayConfig(sleep=lambda _: None))
    assert isinstance(gateway.login(SCENARIOS[Scenario.HEALTHY].credentials()), LoginInfo)
    session.mount("https://", _Unreachable())
    report = run_prerequisite_checks(gateway, PE)
    # The Organization query is tried three times; nothing else is sent after it.
    assert report.round_trips == GatewayConfig().max_attempts
    assert report.api_calls == 0
    assert report.blocking
    line = report.by_id("fetch.network_unreachable")
    assert line is not None and line.status is CheckStatus.FAIL
    assert "C5.objects" in str(line.evidence["checks"])


@pytest.mark.parametrize("lang", LANGS)
def test_csv_export_round_trips_with_bom(lang: Lang) -> None:
    report, _ = run(Scenario.NO_OBJECT_ACCESS)
    raw = report.to_csv(lang, "https://mktsync-demo.my.salesforce.com")
    assert raw[:3] == b"\xef\xbb\xbf"
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", keep_default_na=False)
    frame = report.frame(lang, "https://mktsync-demo.my.salesforce.com")
    pd.testing.assert_frame_equal(back, frame)
    ids = back[t("checks.column.check", lang)].tolist()
    assert ids == [r.id for r in report.results]
    status_column = back[t("checks.column.status", lang)]
    assert t("checks.status.not_verifiable", lang) in status_column.tolist()
    links = back[t("checks.column.setup", lang)]
    assert any(
        link.startswith("https://mktsync-demo.my.salesforce.com/lightning/") for link in links
    )
