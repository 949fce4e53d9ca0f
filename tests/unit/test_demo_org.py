"""The demo org speaks Salesforce's wire protocol faithfully.

Driven with plain simple-salesforce (no gateway), so the protocol is checked
against the library the gateway is built on.
"""

from __future__ import annotations

import functools
import json
import time
import xml.etree.ElementTree as ET
from typing import Any

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st
from simple_salesforce.api import Salesforce
from simple_salesforce.exceptions import (
    SalesforceAuthenticationFailed,
    SalesforceError,
    SalesforceExpiredSession,
    SalesforceMalformedRequest,
)
from simple_salesforce.format import format_soql

from mktsync_core.demo_org import SCENARIOS, DemoOrg, Scenario, demo_session
from mktsync_core.demo_org.data import NORMAL
from mktsync_core.demo_org.scenarios import PRODUCTION_HOST, SANDBOX_HOST

SOAP_FAULT_NS = "urn:fault.partner.soap.sforce.com"


pytestmark = pytest.mark.usefixtures("no_network")


@pytest.fixture(scope="module")
def org() -> DemoOrg:
    return DemoOrg()


def connect(org: DemoOrg, scenario: Scenario = Scenario.HEALTHY, **kw: Any) -> Salesforce:
    spec = SCENARIOS[scenario]
    return Salesforce(
        username=spec.username,
        password=spec.password.get_secret_value(),
        security_token=spec.security_token.get_secret_value(),
        domain="test" if spec.is_sandbox else None,
        session=demo_session(org),
        object_pairs_hook=dict,
        **kw,
    )


@pytest.fixture(scope="module")
def sf(org: DemoOrg) -> Salesforce:
    return connect(org)


def error_code(exc: SalesforceError) -> str:
    return str(exc.content[0]["errorCode"])


# ------------------------------------------------------------------- login


def test_simple_salesforce_logs_in_unchanged(sf: Salesforce) -> None:
    assert sf.sf_instance == PRODUCTION_HOST
    assert sf.session_id.startswith("00D")


def test_sandbox_login_via_test_domain(org: DemoOrg) -> None:
    assert connect(org, Scenario.SANDBOX).sf_instance == SANDBOX_HOST


def test_login_fault_shape() -> None:
    session = demo_session(DemoOrg())
    response = session.post(
        "https://login.salesforce.com/services/Soap/u/59.0",
        data=b"<env:Envelope xmlns:env='http://schemas.xmlsoap.org/soap/envelope/'><env:Body>"
        b"<n1:login xmlns:n1='urn:partner.soap.sforce.com'><n1:username>nobody@x.demo"
        b"</n1:username><n1:password>x</n1:password></n1:login></env:Body></env:Envelope>",
        headers={"content-type": "text/xml", "SOAPAction": "login"},
    )
    assert response.status_code == 500
    assert response.headers["Content-Type"].startswith("text/xml")
    root = ET.fromstring(response.content)
    assert root.findtext(".//faultcode") == "sf:INVALID_LOGIN"
    assert root.findtext(f".//{{{SOAP_FAULT_NS}}}LoginFault/{{{SOAP_FAULT_NS}}}exceptionCode") == (
        "INVALID_LOGIN"
    )
    assert b"<sf:exceptionCode>INVALID_LOGIN</sf:exceptionCode>" in response.content


@pytest.mark.parametrize(
    ("scenario", "code"),
    [
        (Scenario.WRONG_PASSWORD, "INVALID_LOGIN"),
        (Scenario.API_DISABLED_ORG, "API_DISABLED_FOR_ORG"),
        (Scenario.API_DISABLED_USER, "API_CURRENTLY_DISABLED"),
        (Scenario.USER_LOCKED, "PASSWORD_LOCKOUT"),
        (Scenario.SOAP_LOGIN_DISABLED, "INVALID_OPERATION"),
    ],
)
def test_simple_salesforce_reads_the_fault_codes(
    org: DemoOrg, scenario: Scenario, code: str
) -> None:
    with pytest.raises(SalesforceAuthenticationFailed) as raised:
        connect(org, scenario)
    assert raised.value.code == code


def test_missing_token_fault(org: DemoOrg) -> None:
    spec = SCENARIOS[Scenario.HEALTHY]
    with pytest.raises(SalesforceAuthenticationFailed) as raised:
        Salesforce(
            username=spec.username,
            password=spec.password.get_secret_value(),
            security_token="",
            session=demo_session(org),
        )
    assert raised.value.code == "LOGIN_MUST_USE_SECURITY_TOKEN"


def test_login_is_not_available_from_api_65(org: DemoOrg) -> None:
    with pytest.raises(SalesforceAuthenticationFailed) as raised:
        connect(org, version="65.0")
    assert raised.value.code == "UNSUPPORTED_API_VERSION"


def test_expired_password_logs_in_but_data_calls_fail(org: DemoOrg) -> None:
    sf = connect(org, Scenario.EXPIRED_PASSWORD)
    with pytest.raises(SalesforceError) as raised:
        sf.query("SELECT Id FROM Organization")
    assert error_code(raised.value) == "INVALID_OPERATION_WITH_EXPIRED_PASSWORD"


def test_unknown_hosts_fail_like_dns() -> None:
    with pytest.raises(requests.exceptions.ConnectionError):
        demo_session(DemoOrg()).get("https://example.com/")


def test_rest_without_a_session_is_401_with_an_error_list(sf: Salesforce) -> None:
    response = demo_session(DemoOrg()).get(f"https://{PRODUCTION_HOST}/services/data/v59.0/limits/")
    assert response.status_code == 401
    assert response.json() == [
        {"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}
    ]
    direct = Salesforce(
        session_id="bogus", instance=PRODUCTION_HOST, session=demo_session(DemoOrg())
    )
    with pytest.raises(SalesforceExpiredSession):
        direct.query("SELECT Id FROM Lead")


def test_every_rest_answer_reports_api_usage(org: DemoOrg) -> None:
    sf = connect(org, Scenario.MANY_DUPLICATES)
    before = org.api_calls_used(SCENARIOS[Scenario.MANY_DUPLICATES])
    sf.query("SELECT COUNT() FROM Lead")
    sf.restful("sobjects/Lead/describe")
    usage = sf.api_usage["api-usage"]
    spec = SCENARIOS[Scenario.MANY_DUPLICATES]
    assert usage.total == spec.api_max
    assert usage.used == spec.api_used + before + 2


# ------------------------------------------------------------------ describe


def test_describe_field_metadata(sf: Salesforce) -> None:
    lead = sf.restful("sobjects/Lead/describe")
    fields = {f["name"]: f for f in lead["fields"]}
    score = fields["mkto71_Lead_Score__c"]
    assert (score["type"], score["precision"], score["scale"], score["custom"]) == (
        "double",
        10,
        0,
        True,
    )
    assert fields["mkto71_Acquisition_Program__c"]["length"] == 255
    assert fields["Email"]["type"] == "email" and fields["Email"]["groupable"]
    assert fields["Status"]["picklistValues"][0]["value"] == "Open - Not Contacted"
    assert fields["OwnerId"]["referenceTo"] == ["Group", "User"]
    assert fields["Lead_Region__c"]["calculated"] and not fields["Lead_Region__c"]["updateable"]
    assert fields["SystemModstamp"]["updateable"] is False
    assert fields["Internal_Notes__c"]["length"] == 32768
    contact = {f["name"]: f for f in sf.restful("sobjects/Contact/describe")["fields"]}
    assert contact["Bank_Account__c"]["encrypted"] is True


def test_global_describe_lists_custom_objects(sf: Salesforce) -> None:
    names = {o["name"]: o for o in sf.describe()["sobjects"]}
    assert {"Lead", "Contact", "PermissionSet", "Product_Interest__c"} <= set(names)
    assert names["Product_Interest__c"]["custom"] is True


def test_describe_of_an_unknown_object_is_404(sf: Salesforce) -> None:
    with pytest.raises(SalesforceError) as raised:
        sf.restful("sobjects/Nope__c/describe")
    assert raised.value.status == 404 and error_code(raised.value) == "NOT_FOUND"


def test_composite_subrequests(sf: Salesforce) -> None:
    body = {
        "allOrNone": False,
        "compositeRequest": [
            {
                "method": "GET",
                "url": "/services/data/v59.0/sobjects/Lead/describe",
                "referenceId": "a",
            },
            {
                "method": "GET",
                "url": "/services/data/v59.0/query/?q=SELECT+COUNT()+FROM+Task",
                "referenceId": "b",
            },
            {
                "method": "GET",
                "url": "/services/data/v59.0/sobjects/Nope/describe",
                "referenceId": "c",
            },
        ],
    }
    result = sf.restful("composite", method="POST", json=body)
    by_ref = {r["referenceId"]: r for r in result["compositeResponse"]}
    assert by_ref["a"]["httpStatusCode"] == 200 and by_ref["a"]["body"]["name"] == "Lead"
    assert by_ref["b"]["body"]["totalSize"] == 400
    assert by_ref["c"]["httpStatusCode"] == 404


def test_composite_refuses_more_than_25_subrequests(sf: Salesforce) -> None:
    subrequests = [
        {
            "method": "GET",
            "url": "/services/data/v59.0/sobjects/Lead/describe",
            "referenceId": f"r{i}",
        }
        for i in range(26)
    ]
    with pytest.raises(SalesforceMalformedRequest):
        sf.restful("composite", method="POST", json={"compositeRequest": subrequests})


def test_limits_resource(sf: Salesforce) -> None:
    daily = sf.limits()["DailyApiRequests"]
    assert daily["Max"] == 15_000 and 0 < daily["Remaining"] < 15_000


# ---------------------------------------------------------------------- SOQL


def test_count(sf: Salesforce) -> None:
    result = sf.query("SELECT COUNT() FROM Lead")
    assert result["totalSize"] == NORMAL.leads and result["records"] == []


def test_text_comparison_is_case_insensitive(sf: Salesforce) -> None:
    email = sf.query("SELECT Email FROM Lead WHERE Email != null LIMIT 1")["records"][0]["Email"]
    upper = sf.query(format_soql("SELECT Id, Email FROM Lead WHERE Email = {}", email.upper()))
    assert upper["totalSize"] >= 1
    assert all(r["Email"].casefold() == email.casefold() for r in upper["records"])


def test_aggregate_with_alias_and_expr_names(sf: Salesforce) -> None:
    rows = sf.query(
        "SELECT Email, COUNT(Id) c, COUNT(Email) FROM Lead WHERE Email != null GROUP BY Email"
        " HAVING COUNT(Id) > 1 ORDER BY COUNT(Id) DESC LIMIT 5"
    )["records"]
    assert len(rows) == 5
    assert rows[0]["attributes"] == {"type": "AggregateResult"}
    assert set(rows[0]) == {"attributes", "Email", "c", "expr0"}
    assert rows[0]["c"] >= rows[-1]["c"] >= 2


def test_aggregate_without_limit_beyond_2000_groups_is_refused(org: DemoOrg) -> None:
    sf = connect(org, Scenario.MANY_DUPLICATES)
    with pytest.raises(SalesforceMalformedRequest) as raised:
        sf.query("SELECT Email, COUNT(Id) FROM Lead GROUP BY Email HAVING COUNT(Id) > 1")
    assert error_code(raised.value) == "EXCEEDED_ID_LIMIT"


def test_semi_join_and_relationship_fields(sf: Salesforce) -> None:
    user = sf.query(
        "SELECT Id, Profile.Name, Profile.UserLicense.Name FROM User WHERE Username = "
        "'sync@healthy.demo'"
    )["records"][0]
    assert user["Profile"]["Name"] == "System Administrator"
    assert user["Profile"]["UserLicense"]["Name"] == "Salesforce"
    sets = sf.query(
        format_soql(
            "SELECT Name, PermissionsApiEnabled FROM PermissionSet WHERE Id IN (SELECT"
            " PermissionSetId FROM PermissionSetAssignment WHERE AssigneeId = {})",
            user["Id"],
        )
    )
    assert sets["totalSize"] == 2


def test_in_list_and_order_by(sf: Salesforce) -> None:
    rows = sf.query(
        "SELECT Name, Type FROM Account WHERE Type IN ('Partner', 'Prospect')"
        " ORDER BY Name DESC LIMIT 3"
    )["records"]
    assert [r["Name"] for r in rows] == sorted((r["Name"] for r in rows), reverse=True)
    assert {r["Type"] for r in rows} <= {"Partner", "Prospect"}


def test_paging_with_a_relative_next_records_url(sf: Salesforce) -> None:
    first = sf.query("SELECT Id FROM Lead")
    assert not first["done"] and first["nextRecordsUrl"].startswith("/services/data/v59.0/query/")
    second = sf.query_more(first["nextRecordsUrl"], identifier_is_url=True)
    assert len(first["records"]) + len(second["records"]) == NORMAL.leads and second["done"]
    assert sum(1 for _ in sf.query_all_iter("SELECT Id FROM Lead")) == NORMAL.leads


@pytest.mark.parametrize(
    ("soql", "code"),
    [
        ("SELECT Id FROM Lead WHERE Email = 'a' OR Email = 'b'", "MALFORMED_QUERY"),
        ("SELECT Id FROM Lead OFFSET 5", "MALFORMED_QUERY"),
        ("SELECT * FROM Lead", "MALFORMED_QUERY"),
        ("SELECT Id FROM Lead WHERE", "MALFORMED_QUERY"),
        ("DELETE FROM Lead", "MALFORMED_QUERY"),
        ("SELECT Email, COUNT(Id) FROM Lead", "MALFORMED_QUERY"),
        ("SELECT Description, COUNT(Id) FROM Lead GROUP BY Description", "MALFORMED_QUERY"),
        ("SELECT COUNT(), Id FROM Lead", "MALFORMED_QUERY"),
        ("SELECT Nope__c FROM Lead", "INVALID_FIELD"),
        ("SELECT Id FROM Nope__c", "INVALID_TYPE"),
        ("SELECT Id FROM Lead WHERE Email = 'x' ; DROP", "MALFORMED_QUERY"),
    ],
)
def test_unsupported_queries_are_refused(sf: Salesforce, soql: str, code: str) -> None:
    with pytest.raises(SalesforceMalformedRequest) as raised:
        sf.query(soql)
    assert error_code(raised.value) == code


def test_hidden_objects_are_invalid_types(org: DemoOrg) -> None:
    sf = connect(org, Scenario.NO_OBJECT_ACCESS)
    with pytest.raises(SalesforceMalformedRequest) as raised:
        sf.query("SELECT COUNT() FROM Campaign")
    assert error_code(raised.value) == "INVALID_TYPE"


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_any_string_literal_is_parsed_as_data(text: str) -> None:
    sf = _shared_sf()
    result = sf.query(format_soql("SELECT Id FROM Lead WHERE LastName = {}", text))
    assert result["done"] is True


@functools.cache
def _shared_sf() -> Salesforce:
    """Hypothesis runs many examples per test; one login serves them all."""
    return connect(DemoOrg(), Scenario.MARKETO_FIELDS_MISSING)


# ---------------------------------------------------------------------- data


def test_data_is_deterministic_for_a_seed() -> None:
    first, second, other = DemoOrg(seed=7), DemoOrg(seed=7), DemoOrg(seed=8)
    leads = [first.records(Scenario.HEALTHY, "Lead"), second.records(Scenario.HEALTHY, "Lead")]
    assert json.dumps(leads[0]) == json.dumps(leads[1])
    assert json.dumps(leads[0]) != json.dumps(other.records(Scenario.HEALTHY, "Lead"))


def _duplicate_groups(records: list[dict[str, Any]]) -> int:
    tally: dict[str, int] = {}
    for record in records:
        if record["Email"]:
            tally[record["Email"].casefold()] = tally.get(record["Email"].casefold(), 0) + 1
    return sum(1 for n in tally.values() if n > 1)


@pytest.mark.parametrize("seed", [1, 20240601, 99])
def test_duplicate_counts_are_known_from_the_seed(seed: int) -> None:
    org = DemoOrg(seed=seed)
    leads = org.records(Scenario.HEALTHY, "Lead")
    contacts = org.records(Scenario.HEALTHY, "Contact")
    assert (len(leads), len(contacts)) == (NORMAL.leads, NORMAL.contacts)
    assert _duplicate_groups(leads) == NORMAL.lead_duplicate_groups
    assert _duplicate_groups(contacts) == NORMAL.contact_duplicate_groups
    lead_emails = {r["Email"].casefold() for r in leads if r["Email"]}
    contact_emails = {r["Email"].casefold() for r in contacts if r["Email"]}
    assert len(lead_emails & contact_emails) == NORMAL.lead_contact_overlap


def test_the_org_builds_fast() -> None:
    started = time.perf_counter()
    org = DemoOrg()
    org.records(Scenario.HEALTHY, "Lead")
    assert time.perf_counter() - started < 0.5
