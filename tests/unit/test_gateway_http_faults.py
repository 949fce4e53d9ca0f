"""HTTP-level faults, stubbed with ``responses`` at the transport boundary.

What matters: every fault ends as a typed error, transient ones are retried
a bounded number of times with backoff, and authentication failures are
never retried.
"""

from __future__ import annotations

import json
import re
import socket

import pytest
import requests
import responses
from pydantic import SecretStr

from mktsync_core.salesforce import (
    AccessTokenCredentials,
    CallCounter,
    GatewayConfig,
    LimitsSource,
    LoginInfo,
    PasswordCredentials,
    SalesforceGateway,
    SfError,
    SfErrorCode,
    new_session,
)

LOGIN_URL = "https://login.salesforce.com/services/Soap/u/59.0"
INSTANCE = "acme.my.salesforce.com"
DATA = f"https://{INSTANCE}/services/data/v59.0"
QUERY = re.compile(re.escape(f"{DATA}/query/") + r".*")
SESSION_ID = "00Dxx0000001gPL!AR8AQJXg5oz"

LOGIN_OK = f"""<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
 xmlns="urn:partner.soap.sforce.com"><soapenv:Body><loginResponse><result>
<passwordExpired>false</passwordExpired><sandbox>false</sandbox>
<serverUrl>https://{INSTANCE}/services/Soap/u/59.0/00Dxx0000001gPL</serverUrl>
<sessionId>{SESSION_ID}</sessionId><userId>005xx000001Sv6AAAS</userId>
<userInfo><organizationId>00Dxx0000001gPLEAY</organizationId></userInfo>
</result></loginResponse></soapenv:Body></soapenv:Envelope>"""


def login_fault(code: str, message: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope'
        ' xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"'
        ' xmlns:sf="urn:fault.partner.soap.sforce.com"><soapenv:Body><soapenv:Fault>'
        f"<faultcode>sf:{code}</faultcode><faultstring>{code}: {message}</faultstring>"
        f"<detail><sf:LoginFault><sf:exceptionCode>{code}</sf:exceptionCode>"
        f"<sf:exceptionMessage>{message}</sf:exceptionMessage></sf:LoginFault></detail>"
        "</soapenv:Fault></soapenv:Body></soapenv:Envelope>"
    )


def sf_error(code: str, message: str = "msg") -> str:
    return json.dumps([{"message": message, "errorCode": code}])


ORG_ROW = {
    "totalSize": 1,
    "done": True,
    "records": [
        {
            "attributes": {"type": "Organization"},
            "Id": "00Dxx0000001gPLEAY",
            "Name": "Acme",
            "OrganizationType": "Enterprise Edition",
            "IsSandbox": False,
            "InstanceName": "AP27",
        }
    ],
}


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("a test tried to open a socket")

    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def gateway(sleeps: list[float]) -> SalesforceGateway:
    return SalesforceGateway(new_session(trust_env=False), GatewayConfig(sleep=sleeps.append))


def creds() -> PasswordCredentials:
    return PasswordCredentials(
        username="sync@acme.com", password=SecretStr("pw"), security_token=SecretStr("TOKEN")
    )


def connect(gateway: SalesforceGateway) -> None:
    responses.add(responses.POST, LOGIN_URL, body=LOGIN_OK, status=200)
    assert isinstance(gateway.login(creds()), LoginInfo)


def requests_to(url: str | re.Pattern[str]) -> int:
    return sum(
        1
        for call in responses.calls
        if (
            url.match(call.request.url or "")
            if isinstance(url, re.Pattern)
            else (call.request.url or "").startswith(url)
        )
    )


@responses.activate
def test_read_timeout_on_a_query_is_retried_then_reported(
    gateway: SalesforceGateway, sleeps: list[float]
) -> None:
    connect(gateway)
    responses.add(responses.GET, QUERY, body=requests.exceptions.ReadTimeout("slow"))
    result = gateway.organization()
    assert isinstance(result, SfError) and result.code is SfErrorCode.TIMEOUT
    assert requests_to(QUERY) == 3
    assert sleeps == [0.5, 1.0]


@responses.activate
def test_read_timeout_on_login_is_not_resent(gateway: SalesforceGateway) -> None:
    responses.add(responses.POST, LOGIN_URL, body=requests.exceptions.ReadTimeout("slow"))
    result = gateway.login(creds())
    assert isinstance(result, SfError) and result.code is SfErrorCode.TIMEOUT
    assert requests_to(LOGIN_URL) == 1


@responses.activate
def test_connect_timeout_on_login_is_retried(gateway: SalesforceGateway) -> None:
    responses.add(responses.POST, LOGIN_URL, body=requests.exceptions.ConnectTimeout("no"))
    responses.add(responses.POST, LOGIN_URL, body=LOGIN_OK, status=200)
    assert isinstance(gateway.login(creds()), LoginInfo)
    assert gateway.calls == CallCounter(round_trips=2, api_calls=0, logins=2)


@responses.activate
def test_unreachable_network_is_bounded(gateway: SalesforceGateway, sleeps: list[float]) -> None:
    responses.add(responses.POST, LOGIN_URL, body=requests.exceptions.ConnectionError("dns"))
    result = gateway.login(creds())
    assert isinstance(result, SfError) and result.code is SfErrorCode.NETWORK_UNREACHABLE
    assert requests_to(LOGIN_URL) == 3 and len(sleeps) == 2


@responses.activate
def test_server_errors_then_success(gateway: SalesforceGateway) -> None:
    connect(gateway)
    responses.add(responses.GET, QUERY, body=sf_error("UNKNOWN_EXCEPTION"), status=500)
    responses.add(responses.GET, QUERY, body="<html>503</html>", status=503)
    responses.add(responses.GET, QUERY, json=ORG_ROW, status=200)
    info = gateway.organization()
    assert not isinstance(info, SfError) and info.name == "Acme"
    assert gateway.calls == CallCounter(round_trips=4, api_calls=3, logins=1)


@responses.activate
def test_server_error_forever_gives_up(gateway: SalesforceGateway, sleeps: list[float]) -> None:
    connect(gateway)
    responses.add(responses.GET, QUERY, body=sf_error("UNKNOWN_EXCEPTION"), status=500)
    result = gateway.organization()
    assert isinstance(result, SfError) and result.code is SfErrorCode.SERVER_UNAVAILABLE
    assert requests_to(QUERY) == 3
    assert sleeps == [0.5, 1.0]


def test_backoff_is_capped() -> None:
    sleeps: list[float] = []
    gateway = SalesforceGateway(
        new_session(trust_env=False),
        GatewayConfig(
            sleep=sleeps.append, max_attempts=5, backoff_seconds=1.0, backoff_cap_seconds=3.0
        ),
    )
    with responses.RequestsMock() as stub:
        stub.add(responses.POST, LOGIN_URL, body=requests.exceptions.ConnectionError("x"))
        gateway.login(creds())
    assert sleeps == [1.0, 2.0, 3.0, 3.0]


@responses.activate
def test_row_lock_is_transient(gateway: SalesforceGateway) -> None:
    connect(gateway)
    responses.add(responses.GET, QUERY, body=sf_error("UNABLE_TO_LOCK_ROW"), status=400)
    responses.add(responses.GET, QUERY, json=ORG_ROW, status=200)
    assert not isinstance(gateway.organization(), SfError)
    assert requests_to(QUERY) == 2


@responses.activate
def test_a_known_code_wins_over_a_5xx_status(gateway: SalesforceGateway) -> None:
    connect(gateway)
    responses.add(
        responses.GET, QUERY, body=sf_error("INVALID_OPERATION_WITH_EXPIRED_PASSWORD"), status=500
    )
    result = gateway.organization()
    assert isinstance(result, SfError) and result.code is SfErrorCode.PASSWORD_EXPIRED
    assert requests_to(QUERY) == 1


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("INVALID_LOGIN", SfErrorCode.WRONG_CREDENTIALS),
        ("LOGIN_MUST_USE_SECURITY_TOKEN", SfErrorCode.SECURITY_TOKEN_MISSING),
        ("API_DISABLED_FOR_ORG", SfErrorCode.API_DISABLED_FOR_ORG),
        ("API_CURRENTLY_DISABLED", SfErrorCode.API_DISABLED_FOR_USER),
        ("PASSWORD_LOCKOUT", SfErrorCode.USER_LOCKED),
        ("INSUFFICIENT_ACCESS", SfErrorCode.SOAP_LOGIN_DISABLED),
        ("REQUEST_LIMIT_EXCEEDED", SfErrorCode.REQUEST_LIMIT_EXCEEDED),
        ("LOGIN_CHALLENGE_ISSUED", SfErrorCode.LOGIN_REFUSED),
    ],
)
@responses.activate
def test_login_faults_are_never_retried(
    gateway: SalesforceGateway, code: str, expected: SfErrorCode
) -> None:
    responses.add(responses.POST, LOGIN_URL, body=login_fault(code, "no"), status=500)
    result = gateway.login(creds())
    assert isinstance(result, SfError) and result.code is expected
    assert result.sf_code == code
    assert requests_to(LOGIN_URL) == 1


@responses.activate
def test_soap_login_disabled_is_recognised_by_its_message(gateway: SalesforceGateway) -> None:
    message = "SOAP API login() is disabled by default in this org."
    responses.add(
        responses.POST, LOGIN_URL, body=login_fault("INVALID_OPERATION", message), status=500
    )
    result = gateway.login(creds())
    assert isinstance(result, SfError) and result.code is SfErrorCode.SOAP_LOGIN_DISABLED


@responses.activate
def test_login_html_error_page_is_retried_as_unavailable(gateway: SalesforceGateway) -> None:
    responses.add(responses.POST, LOGIN_URL, body="<html><body>Maintenance", status=503)
    result = gateway.login(creds())
    assert isinstance(result, SfError) and result.code is SfErrorCode.SERVER_UNAVAILABLE
    assert requests_to(LOGIN_URL) == 3


@pytest.mark.parametrize(
    "body",
    ["not xml at all", "<a><b>no session here</b></a>", "<?xml version='1.0'?><x>"],
)
@responses.activate
def test_malformed_login_answer(gateway: SalesforceGateway, body: str) -> None:
    responses.add(responses.POST, LOGIN_URL, body=body, status=200)
    result = gateway.login(creds())
    assert isinstance(result, SfError) and result.code is SfErrorCode.MALFORMED_RESPONSE
    assert requests_to(LOGIN_URL) == 1


@pytest.mark.parametrize(
    "body", ["{not json", json.dumps({"unexpected": True}), json.dumps({"records": [{}]})]
)
@responses.activate
def test_malformed_query_answers(gateway: SalesforceGateway, body: str) -> None:
    connect(gateway)
    responses.add(responses.GET, QUERY, body=body, status=200)
    result = gateway.organization()
    assert isinstance(result, SfError) and result.code is SfErrorCode.MALFORMED_RESPONSE
    assert gateway.calls.api_calls == 1


@responses.activate
def test_malformed_describe_answer(gateway: SalesforceGateway) -> None:
    connect(gateway)
    responses.add(
        responses.POST,
        f"{DATA}/composite",
        json={"compositeResponse": [{"referenceId": "r0", "httpStatusCode": 200, "body": {}}]},
    )
    result = gateway.describe(["Lead"])
    assert isinstance(result, SfError) and result.code is SfErrorCode.MALFORMED_RESPONSE


@responses.activate
def test_permanent_invalid_session_logs_in_again_only_once(gateway: SalesforceGateway) -> None:
    connect(gateway)
    responses.add(responses.GET, QUERY, body=sf_error("INVALID_SESSION_ID"), status=401)
    result = gateway.organization()
    assert isinstance(result, SfError) and result.code is SfErrorCode.SESSION_EXPIRED
    assert requests_to(LOGIN_URL) == 2
    assert requests_to(QUERY) == 2
    assert gateway.calls.api_calls == 0


@responses.activate
def test_invalid_session_with_a_non_json_body(gateway: SalesforceGateway) -> None:
    connect(gateway)
    responses.add(responses.GET, QUERY, body="Session expired", status=401)
    result = gateway.organization()
    assert isinstance(result, SfError) and result.code is SfErrorCode.SESSION_EXPIRED
    assert requests_to(QUERY) == 2


@responses.activate
def test_access_token_session_is_never_renewed(gateway: SalesforceGateway) -> None:
    responses.add(
        responses.GET,
        f"https://{INSTANCE}/services/oauth2/userinfo",
        json={"user_id": "005xx", "organization_id": "00Dxx", "preferred_username": "a@b.c"},
    )
    login = AccessTokenCredentials(
        access_token=SecretStr("00Dxx!token"), instance_url=f"https://{INSTANCE}"
    )
    assert isinstance(gateway.login(login), LoginInfo)
    responses.add(responses.GET, QUERY, body=sf_error("INVALID_SESSION_ID"), status=401)
    result = gateway.organization()
    assert isinstance(result, SfError) and result.code is SfErrorCode.SESSION_EXPIRED
    assert requests_to(QUERY) == 1
    assert requests_to(LOGIN_URL) == 0


@responses.activate
def test_daily_limit_is_not_retried(gateway: SalesforceGateway) -> None:
    connect(gateway)
    responses.add(
        responses.GET,
        QUERY,
        body=sf_error("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."),
        status=403,
    )
    result = gateway.organization()
    assert isinstance(result, SfError) and result.code is SfErrorCode.REQUEST_LIMIT_EXCEEDED
    assert requests_to(QUERY) == 1


@responses.activate
def test_concurrent_request_limit_is_retried(gateway: SalesforceGateway) -> None:
    connect(gateway)
    message = "ConcurrentRequests (Concurrent API Requests) Limit exceeded."
    responses.add(
        responses.GET, QUERY, body=sf_error("REQUEST_LIMIT_EXCEEDED", message), status=403
    )
    responses.add(responses.GET, QUERY, json=ORG_ROW)
    assert not isinstance(gateway.organization(), SfError)


@responses.activate
def test_limits_refused_falls_back_to_the_header_of_the_refusal(gateway: SalesforceGateway) -> None:
    connect(gateway)
    responses.add(
        responses.GET,
        f"{DATA}/limits/",
        body=sf_error("INSUFFICIENT_ACCESS"),
        status=403,
        headers={"Sforce-Limit-Info": "api-usage=4200/15000"},
    )
    limits = gateway.limits()
    assert not isinstance(limits, SfError)
    assert (limits.daily_used, limits.daily_max) == (4200, 15000)
    assert limits.source is LimitsSource.LIMIT_INFO_HEADER


@responses.activate
def test_limits_refused_without_any_header_is_not_verifiable(gateway: SalesforceGateway) -> None:
    connect(gateway)
    responses.add(
        responses.GET, f"{DATA}/limits/", body=sf_error("INSUFFICIENT_ACCESS"), status=403
    )
    result = gateway.limits()
    assert isinstance(result, SfError) and result.not_verifiable


@responses.activate
def test_composite_describe_is_one_post_with_per_object_results(gateway: SalesforceGateway) -> None:
    connect(gateway)
    lead = {
        "name": "Lead",
        "label": "Lead",
        "queryable": True,
        "fields": [
            {"name": "Email", "label": "Email", "type": "email", "length": 80, "updateable": True}
        ],
    }
    responses.add(
        responses.POST,
        f"{DATA}/composite",
        json={
            "compositeResponse": [
                {"referenceId": "r0", "httpStatusCode": 200, "httpHeaders": {}, "body": lead},
                {
                    "referenceId": "r1",
                    "httpStatusCode": 404,
                    "httpHeaders": {},
                    "body": [{"errorCode": "NOT_FOUND", "message": "nope"}],
                },
            ]
        },
    )
    result = gateway.describe(["Lead", "Campaign"])
    assert not isinstance(result, SfError)
    campaign = result["Campaign"]
    assert isinstance(campaign, SfError) and campaign.not_verifiable
    sent = json.loads(responses.calls[-1].request.body or b"{}")
    assert [r["url"] for r in sent["compositeRequest"]] == [
        "/services/data/v59.0/sobjects/Lead/describe",
        "/services/data/v59.0/sobjects/Campaign/describe",
    ]


def test_names_that_are_not_identifiers_never_reach_salesforce(gateway: SalesforceGateway) -> None:
    with responses.RequestsMock() as stub:
        stub.add(responses.POST, LOGIN_URL, body=LOGIN_OK)
        gateway.login(creds())
        result = gateway.counts(["Lead WHERE Id != null"])
        scan = gateway.duplicate_emails("Lead--")
    assert not isinstance(result, SfError)
    bad = result["Lead WHERE Id != null"]
    assert isinstance(bad, SfError) and bad.code is SfErrorCode.NOT_ACCESSIBLE
    assert isinstance(scan, SfError)
    assert gateway.calls.api_calls == 0
