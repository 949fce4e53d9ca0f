"""HTTP-level faults, stubbed with ``responses`` at the transport boundary.

What matters: every fault ends as a typed error, transient ones are retried
a bounded number of times with backoff, authentication failures are never
retried, and every request - simple-salesforce's login included - carries
the configured timeout.
"""

from __future__ import annotations

import json
import re
from urllib.parse import unquote_plus

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
    QueryResult,
    SalesforceGateway,
    SfError,
    SfErrorCode,
    new_session,
)

LOGIN_URL = "https://login.salesforce.com/services/Soap/u/59.0"
INSTANCE = "acme.my.salesforce.com"
DATA = f"https://{INSTANCE}/services/data/v59.0"
QUERY = re.compile(re.escape(f"{DATA}/query/") + r".*")
COMPOSITE = f"{DATA}/composite"
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


def sub(ref: str, status: int, body: object) -> dict[str, object]:
    return {"referenceId": ref, "httpStatusCode": status, "httpHeaders": {}, "body": body}


USER_ID = "005xx000001Sv6AAAS"
ORG_ID = "00Dxx0000001gPLEAY"
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


OBJECT_LIST = {
    "sobjects": [
        {"name": "Lead", "label": "Lead", "queryable": True},
        {"name": "Invoice__c", "label": "Invoice", "custom": True, "queryable": True},
    ]
}
# The composite identity call login makes after the SOAP login: the user, the org, the objects.
IDENTITY = {
    "compositeResponse": [
        sub("r0", 200, {"totalSize": 1, "done": True, "records": [{"Id": USER_ID}]}),
        sub("r1", 200, ORG_ROW),
        sub("r2", 200, OBJECT_LIST),
    ]
}


pytestmark = pytest.mark.usefixtures("no_network")


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


def stub_login(stub: responses.RequestsMock | None = None) -> None:
    add = stub.add if stub is not None else responses.add
    add(responses.POST, LOGIN_URL, body=LOGIN_OK, status=200)
    add(responses.POST, COMPOSITE, json=IDENTITY, status=200)


def connect(gateway: SalesforceGateway) -> None:
    stub_login()
    assert isinstance(gateway.login(creds()), LoginInfo)


def read_org(gateway: SalesforceGateway) -> QueryResult | SfError:
    """One plain query: the login already read the organization, so ask for it again."""
    return gateway.query("SELECT Id, Name FROM Organization")


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
    result = read_org(gateway)
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
    stub_login()
    assert isinstance(gateway.login(creds()), LoginInfo)
    assert gateway.calls == CallCounter(round_trips=3, api_calls=1, logins=2)


@responses.activate
def test_login_and_every_call_carry_the_configured_timeout() -> None:
    gateway = SalesforceGateway(
        new_session(trust_env=False),
        GatewayConfig(connect_timeout=1.5, read_timeout=9.0, sleep=lambda _: None),
    )
    connect(gateway)
    responses.add(responses.GET, QUERY, json=ORG_ROW)
    assert not isinstance(read_org(gateway), SfError)
    responses.add(
        responses.GET,
        f"https://{INSTANCE}/services/oauth2/userinfo",
        json={"user_id": "005xx", "organization_id": "00Dxx"},
    )
    token = AccessTokenCredentials(
        access_token=SecretStr("00Dxx!token"), instance_url=f"https://{INSTANCE}"
    )
    assert isinstance(gateway.login(token), LoginInfo)
    sent = [call.request for call in responses.calls]
    assert [r.url.split("?")[0] for r in sent] == [  # type: ignore[union-attr]
        LOGIN_URL,
        COMPOSITE,
        f"{DATA}/query/",
        f"https://{INSTANCE}/services/oauth2/userinfo",
    ]
    assert [r.req_kwargs["timeout"] for r in sent] == [(1.5, 9.0)] * 4  # type: ignore[attr-defined]


@responses.activate
def test_login_request_is_simple_salesforces_soap_login(gateway: SalesforceGateway) -> None:
    responses.add(
        responses.POST, "https://acme.my.salesforce.com/services/Soap/u/59.0", body=LOGIN_OK
    )
    responses.add(responses.POST, COMPOSITE, json=IDENTITY)
    tricky = PasswordCredentials(
        username="sync+a&b@acme.com",
        password=SecretStr("p&w<d>"),
        security_token=SecretStr("T0ken"),
        my_domain="acme.my",
    )
    assert isinstance(gateway.login(tricky), LoginInfo)
    login = responses.calls[0].request
    body = login.body.decode() if isinstance(login.body, bytes) else str(login.body)
    assert login.headers["SOAPAction"] == "login"
    assert "<urn:client>simple-salesforce/mktsync</urn:client>" in body
    assert "<n1:username>sync+a&amp;b@acme.com</n1:username>" in body
    assert "<n1:password>p&amp;w&lt;d&gt;T0ken</n1:password>" in body


@responses.activate
def test_sandbox_box_logs_in_at_test(gateway: SalesforceGateway) -> None:
    sandbox_url = "https://test.salesforce.com/services/Soap/u/59.0"
    responses.add(responses.POST, sandbox_url, body=LOGIN_OK)
    sandbox_identity = json.loads(json.dumps(IDENTITY))
    sandbox_identity["compositeResponse"][1]["body"]["records"][0]["IsSandbox"] = True
    responses.add(responses.POST, COMPOSITE, json=sandbox_identity)
    result = gateway.login(creds().model_copy(update={"sandbox": True}))
    assert isinstance(result, LoginInfo)
    assert (result.sandbox, result.user_id, result.org_id) == (True, USER_ID, ORG_ID)
    assert result.instance_host == INSTANCE
    assert requests_to(sandbox_url) == 1


@responses.activate
def test_identity_call_reads_the_user_the_organization_and_the_object_list(
    gateway: SalesforceGateway,
) -> None:
    connect(gateway)
    sent = json.loads(responses.calls[1].request.body or b"{}")
    urls = [unquote_plus(r["url"]) for r in sent["compositeRequest"]]
    assert urls == [
        "/services/data/v59.0/query/?q=SELECT Id FROM User WHERE Username = 'sync@acme.com'",
        "/services/data/v59.0/query/?q=SELECT Id, Name, OrganizationType, IsSandbox, InstanceName"
        " FROM Organization",
        "/services/data/v59.0/sobjects",
    ]
    organization = gateway.organization()
    assert not isinstance(organization, SfError) and organization.name == "Acme"
    listed = gateway.list_objects()
    assert not isinstance(listed, SfError) and [o.name for o in listed] == ["Lead", "Invoice__c"]
    assert gateway.calls == CallCounter(round_trips=2, api_calls=1, logins=1)


@responses.activate
def test_expired_password_is_caught_by_the_identity_call(gateway: SalesforceGateway) -> None:
    responses.add(responses.POST, LOGIN_URL, body=LOGIN_OK)
    responses.add(
        responses.POST,
        COMPOSITE,
        body=sf_error("INVALID_OPERATION_WITH_EXPIRED_PASSWORD", "call SetPassword"),
        status=500,
    )
    result = gateway.login(creds())
    assert isinstance(result, SfError) and result.code is SfErrorCode.PASSWORD_EXPIRED
    assert not gateway.connected
    assert gateway.calls == CallCounter(round_trips=2, api_calls=0, logins=1)


@responses.activate
def test_expired_password_in_a_subrequest_is_caught_too(gateway: SalesforceGateway) -> None:
    responses.add(responses.POST, LOGIN_URL, body=LOGIN_OK)
    refused = [{"errorCode": "INVALID_OPERATION_WITH_EXPIRED_PASSWORD", "message": "expired"}]
    responses.add(
        responses.POST,
        COMPOSITE,
        json={"compositeResponse": [sub(f"r{i}", 500, refused) for i in range(3)]},
    )
    result = gateway.login(creds())
    assert isinstance(result, SfError) and result.code is SfErrorCode.PASSWORD_EXPIRED
    assert not gateway.connected


@responses.activate
def test_session_refused_right_after_login_is_not_renewed(gateway: SalesforceGateway) -> None:
    responses.add(responses.POST, LOGIN_URL, body=LOGIN_OK)
    responses.add(responses.POST, COMPOSITE, body=sf_error("INVALID_SESSION_ID"), status=401)
    result = gateway.login(creds())
    assert isinstance(result, SfError) and result.code is SfErrorCode.SESSION_EXPIRED
    assert requests_to(LOGIN_URL) == 1 and requests_to(COMPOSITE) == 1


@responses.activate
def test_read_timeout_on_the_identity_call_never_resends_the_login(
    gateway: SalesforceGateway,
) -> None:
    responses.add(responses.POST, LOGIN_URL, body=LOGIN_OK)
    responses.add(responses.POST, COMPOSITE, body=requests.exceptions.ReadTimeout("slow"))
    result = gateway.login(creds())
    assert isinstance(result, SfError) and result.code is SfErrorCode.TIMEOUT
    assert requests_to(LOGIN_URL) == 1 and requests_to(COMPOSITE) == 3
    assert not gateway.connected


@pytest.mark.parametrize(
    "identity",
    [
        {"compositeResponse": []},
        {"compositeResponse": [sub("r0", 200, {"records": []}), sub("r1", 200, {"records": []})]},
        {"unexpected": True},
    ],
)
@responses.activate
def test_malformed_identity_answer(gateway: SalesforceGateway, identity: object) -> None:
    responses.add(responses.POST, LOGIN_URL, body=LOGIN_OK)
    responses.add(responses.POST, COMPOSITE, json=identity)
    result = gateway.login(creds())
    assert isinstance(result, SfError) and result.code is SfErrorCode.MALFORMED_RESPONSE
    assert not gateway.connected


@responses.activate
def test_a_forgotten_password_is_never_sent(gateway: SalesforceGateway) -> None:
    forgotten = creds()
    forgotten.forget()
    result = gateway.login(forgotten)
    assert isinstance(result, SfError) and result.code is SfErrorCode.INPUT_MISSING
    assert len(responses.calls) == 0


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
    with gateway.counting() as used:
        info = read_org(gateway)
    assert not isinstance(info, SfError) and info.records[0]["Name"] == "Acme"
    assert used == CallCounter(round_trips=3, api_calls=3, logins=0)


@responses.activate
def test_server_error_forever_gives_up(gateway: SalesforceGateway, sleeps: list[float]) -> None:
    connect(gateway)
    responses.add(responses.GET, QUERY, body=sf_error("UNKNOWN_EXCEPTION"), status=500)
    result = read_org(gateway)
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
    assert not isinstance(read_org(gateway), SfError)
    assert requests_to(QUERY) == 2


@responses.activate
def test_a_known_code_wins_over_a_5xx_status(gateway: SalesforceGateway) -> None:
    connect(gateway)
    responses.add(
        responses.GET, QUERY, body=sf_error("INVALID_OPERATION_WITH_EXPIRED_PASSWORD"), status=500
    )
    result = read_org(gateway)
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


@responses.activate
def test_login_fault_without_an_exception_code_on_a_5xx_is_retried(
    gateway: SalesforceGateway,
) -> None:
    responses.add(
        responses.POST, LOGIN_URL, body="<fault><reason>busy</reason></fault>", status=502
    )
    result = gateway.login(creds())
    assert isinstance(result, SfError) and result.code is SfErrorCode.SERVER_UNAVAILABLE
    assert result.http_status == 502 and result.sf_message is None
    assert requests_to(LOGIN_URL) == 3


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("not xml at all", 200),
        ("<a><b>no session here</b></a>", 200),
        ("<?xml version='1.0'?><x>", 200),
        (b"\xff\xfe\x00garbage", 200),
        (b"\xff\xfe\x00garbage", 403),
        ("<html>Forbidden</html>", 403),
    ],
)
@responses.activate
def test_malformed_login_answer(gateway: SalesforceGateway, body: str, status: int) -> None:
    responses.add(responses.POST, LOGIN_URL, body=body, status=status)
    result = gateway.login(creds())
    assert isinstance(result, SfError) and result.code is SfErrorCode.MALFORMED_RESPONSE
    assert result.sf_message is None
    assert requests_to(LOGIN_URL) == 1
    assert not gateway.connected


@pytest.mark.parametrize(
    "body", ["{not json", json.dumps({"unexpected": True}), json.dumps({"records": [{}]})]
)
@responses.activate
def test_malformed_query_answers(gateway: SalesforceGateway, body: str) -> None:
    connect(gateway)
    responses.add(responses.GET, QUERY, body=body, status=200)
    with gateway.counting() as used:
        result = read_org(gateway)
    assert isinstance(result, SfError) and result.code is SfErrorCode.MALFORMED_RESPONSE
    assert used.api_calls == 1


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
    with gateway.counting() as used:
        result = read_org(gateway)
    assert isinstance(result, SfError) and result.code is SfErrorCode.SESSION_EXPIRED
    assert requests_to(LOGIN_URL) == 2
    assert requests_to(QUERY) == 2
    assert requests_to(COMPOSITE) == 1  # the re-login does not identify the user again
    assert used == CallCounter(round_trips=3, api_calls=0, logins=1)


@responses.activate
def test_relogin_refused_ends_the_loop(gateway: SalesforceGateway) -> None:
    connect(gateway)
    responses.add(responses.GET, QUERY, body=sf_error("INVALID_SESSION_ID"), status=401)
    responses.replace(
        responses.POST, LOGIN_URL, body=login_fault("INVALID_LOGIN", "changed"), status=500
    )
    result = read_org(gateway)
    assert isinstance(result, SfError) and result.code is SfErrorCode.WRONG_CREDENTIALS
    assert requests_to(LOGIN_URL) == 2 and requests_to(QUERY) == 1


@responses.activate
def test_invalid_session_with_a_non_json_body(gateway: SalesforceGateway) -> None:
    connect(gateway)
    responses.add(responses.GET, QUERY, body="Session expired", status=401)
    result = read_org(gateway)
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
    result = read_org(gateway)
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
    result = read_org(gateway)
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
    assert not isinstance(read_org(gateway), SfError)


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
        stub_login(stub)
        assert isinstance(gateway.login(creds()), LoginInfo)
        with gateway.counting() as used:
            result = gateway.counts(["Lead WHERE Id != null"])
            scan = gateway.duplicate_emails("Lead--")
    assert not isinstance(result, SfError)
    bad = result["Lead WHERE Id != null"]
    assert isinstance(bad, SfError) and bad.code is SfErrorCode.NOT_ACCESSIBLE
    assert isinstance(scan, SfError)
    assert used == CallCounter()
