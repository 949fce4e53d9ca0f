"""No password, security token or session token may leak into anything displayable.

Checked on the credentials models themselves, on a full login + checks flow
against the demo org, and on simple-salesforce's login against a hostile
proxy that echoes the login request back - each with every logger at DEBUG.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest
import requests
import responses
from pydantic import SecretStr
from requests.models import PreparedRequest, Response

from mktsync_core.demo_org import SCENARIOS, DemoOrg, DemoOrgAdapter, Scenario
from mktsync_core.demo_org.scenarios import PRODUCTION_HOST
from mktsync_core.salesforce import (
    AccessTokenCredentials,
    GatewayConfig,
    LoginInfo,
    PasswordCredentials,
    SalesforceGateway,
    SfError,
    SfErrorCode,
    SfNotice,
    ValidatedLogin,
    error_text,
    new_session,
    validate_access_token_login,
    validate_password_login,
)

PASSWORD = "Pa55-w0rd&<secret>"
TOKEN = "Tok3nAbCdEfGhIjKlMnOp"


pytestmark = pytest.mark.usefixtures("no_network")


def password_credentials() -> PasswordCredentials:
    return PasswordCredentials(
        username="sync@acme.com", password=SecretStr(PASSWORD), security_token=SecretStr(TOKEN)
    )


def renderings(obj: object) -> list[str]:
    out = [repr(obj), str(obj), f"{obj}"]
    dump = getattr(obj, "model_dump_json", None)
    if dump is not None:
        out.append(dump())
        out.append(repr(obj.model_dump()))  # type: ignore[attr-defined]
    return out


def test_password_credentials_never_render_their_secrets() -> None:
    creds = password_credentials()
    for text in renderings(creds):
        assert PASSWORD not in text and TOKEN not in text
    assert "password" not in creds.model_dump() and "security_token" not in creds.model_dump()
    assert creds.password.get_secret_value() == PASSWORD


def test_access_token_credentials_never_render_the_token() -> None:
    creds = AccessTokenCredentials(
        access_token=SecretStr(TOKEN), instance_url="https://acme.my.salesforce.com"
    )
    for text in renderings(creds):
        assert TOKEN not in text
    assert creds.model_dump() == {"instance_url": "https://acme.my.salesforce.com"}


def test_forget_drops_the_secrets() -> None:
    creds = password_credentials()
    creds.forget()
    assert creds.password.get_secret_value() == "" and creds.security_token.get_secret_value() == ""


def test_validation_results_do_not_render_secrets() -> None:
    validated = validate_password_login("sync@acme.com", PASSWORD, f"  {TOKEN}\n", sandbox=False)
    assert isinstance(validated, ValidatedLogin)
    assert SfNotice.TOKEN_TRIMMED in validated.notices
    assert isinstance(validated.credentials, PasswordCredentials)
    assert validated.credentials.security_token.get_secret_value() == TOKEN
    for text in renderings(validated):
        assert PASSWORD not in text and TOKEN not in text
    bad = validate_password_login("sync@acme.com", PASSWORD, f"{TOKEN} x", sandbox=False)
    assert isinstance(bad, SfError) and bad.code is SfErrorCode.INPUT_TOKEN_MALFORMED
    for text in renderings(bad) + list(error_text(bad, "ja").model_dump().values()):
        assert TOKEN not in str(text)


@pytest.mark.parametrize(
    ("username", "password", "token", "domain", "expected"),
    [
        ("", "pw", "T", "", SfErrorCode.INPUT_MISSING),
        ("   ", "pw", "T", "", SfErrorCode.INPUT_MISSING),
        ("Marketo Sync", "pw", "T", "", SfErrorCode.INPUT_USERNAME_NOT_EMAIL),
        ("sync@acme.com", "", "T", "", SfErrorCode.INPUT_MISSING),
        ("sync@acme.com", "pw", "to ken", "", SfErrorCode.INPUT_TOKEN_MALFORMED),
        ("sync@acme.com", "pw", "T", "evil.example.com", SfErrorCode.INPUT_DOMAIN_INVALID),
    ],
)
def test_malformed_input_is_caught_before_any_request(
    username: str, password: str, token: str, domain: str, expected: SfErrorCode
) -> None:
    result = validate_password_login(username, password, token, sandbox=False, my_domain=domain)
    assert isinstance(result, SfError) and result.code is expected
    assert result.field is not None


@pytest.mark.parametrize(
    ("typed", "domain"),
    [
        ("acme.my.salesforce.com", "acme.my"),
        ("https://acme.my.salesforce.com/", "acme.my"),
        ("https://acme.lightning.force.com/lightning/page/home", "acme.my"),
        ("acme--uat.sandbox.my.salesforce.com", "acme--uat.sandbox.my"),
        ("acme.my", "acme.my"),
    ],
)
def test_my_domain_is_normalised(typed: str, domain: str) -> None:
    result = validate_password_login("a@b.co", "pw", "T", sandbox=False, my_domain=typed)
    assert isinstance(result, ValidatedLogin)
    assert isinstance(result.credentials, PasswordCredentials)
    assert result.credentials.login_domain == domain


def test_empty_token_is_allowed_with_a_notice() -> None:
    result = validate_password_login(" a@b.co ", "pw", "", sandbox=True)
    assert isinstance(result, ValidatedLogin)
    assert {SfNotice.TOKEN_EMPTY, SfNotice.USERNAME_TRIMMED} <= set(result.notices)
    assert isinstance(result.credentials, PasswordCredentials)
    assert result.credentials.login_domain == "test"


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://acme.my.salesforce.com", True),
        ("acme.my.salesforce.com/", True),
        ("http://acme.my.salesforce.com", False),
        ("https://salesforce.com.evil.example", False),
        ("https://example.com", False),
    ],
)
def test_access_token_only_goes_to_salesforce_hosts(url: str, ok: bool) -> None:
    result = validate_access_token_login(f" {TOKEN} ", url)
    assert isinstance(result, ValidatedLogin) is ok
    if ok:
        assert isinstance(result, ValidatedLogin)
        assert SfNotice.TOKEN_TRIMMED in result.notices


class HeaderRecorder(DemoOrgAdapter):
    """Remembers the bearer tokens the org handed out, to search for them afterwards."""

    def __init__(self, org: DemoOrg) -> None:
        super().__init__(org)
        self.bearers: set[str] = set()

    def send(
        self,
        request: PreparedRequest,
        stream: bool = False,
        timeout: float | tuple[float, float] | tuple[float, None] | None = None,
        verify: bool | str = True,
        cert: bytes | str | tuple[bytes | str, bytes | str] | None = None,
        proxies: Mapping[str, str] | None = None,
    ) -> Response:
        auth = request.headers.get("Authorization", "")
        if auth:
            self.bearers.add(auth.removeprefix("Bearer "))
        return super().send(request, stream, timeout, verify, cert, proxies)


def test_full_flow_leaks_no_secret(debug_logs: pytest.LogCaptureFixture) -> None:
    caplog = debug_logs
    org = DemoOrg()
    recorder = HeaderRecorder(org)
    session = requests.Session()
    session.trust_env = False
    session.mount("https://", recorder)
    gateway = SalesforceGateway(session, GatewayConfig(sleep=lambda _: None))
    spec = SCENARIOS[Scenario.HEALTHY]
    wrong = spec.credentials().model_copy(update={"password": SecretStr(PASSWORD)})
    displayable: list[object] = [gateway.login(wrong)]
    displayable.append(gateway.login(spec.credentials()))
    org.expire_sessions()
    displayable += [
        gateway.organization(),
        gateway.running_user(),
        gateway.describe(["Lead", "Contact", "Account", "Opportunity", "Campaign"]),
        gateway.counts(["Lead", "Contact"]),
        gateway.duplicate_emails("Lead"),
        gateway.limits(),
        gateway.query("SELECT Id, Email FROM Contact LIMIT 5"),
        gateway.query("SELECT Nope FROM Lead"),
        gateway.login_info,
        gateway.calls,
        gateway.api_usage,
    ]
    token_login = AccessTokenCredentials(
        access_token=spec.access_token, instance_url=f"https://{PRODUCTION_HOST}"
    )
    displayable.append(gateway.login(token_login))
    displayable.append(gateway.organization())
    gateway.forget()

    secrets = {
        PASSWORD,
        spec.password.get_secret_value(),
        spec.security_token.get_secret_value(),
        spec.password.get_secret_value() + spec.security_token.get_secret_value(),
        spec.access_token.get_secret_value(),
        *recorder.bearers,
    }
    assert len(recorder.bearers) >= 2  # two sessions plus the access token were used
    texts = [caplog.text]
    for item in displayable:
        texts += renderings(item)
        if isinstance(item, SfError):
            for lang in ("en", "ja"):
                texts += [str(v) for v in error_text(item, lang).model_dump().values()]
    blob = "\n".join(texts)
    for secret in secrets:
        assert secret not in blob
    assert caplog.records, "the flow should have logged something at DEBUG"


LOGIN_URL = "https://login.salesforce.com/services/Soap/u/59.0"
ESCAPED_PASSWORD = "Pa55-w0rd&amp;&lt;secret&gt;"


def _echo_fault(request: PreparedRequest) -> tuple[int, dict[str, str], str]:
    """A proxy that quotes the request it refused inside a SOAP fault message."""
    body = request.body.decode() if isinstance(request.body, bytes) else str(request.body)
    fault = (
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"'
        ' xmlns:sf="urn:fault.partner.soap.sforce.com"><soapenv:Body><soapenv:Fault>'
        "<detail><sf:LoginFault><sf:exceptionCode>INVALID_LOGIN</sf:exceptionCode>"
        f"<sf:exceptionMessage>rejected: {ESCAPED_PASSWORD}{TOKEN}</sf:exceptionMessage>"
        "</sf:LoginFault></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>"
    )
    assert ESCAPED_PASSWORD + TOKEN in body  # the proxy really saw the secret
    return 500, {}, fault


def _echo_page(status: int) -> object:
    def answer(request: PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        body = request.body if isinstance(request.body, bytes) else str(request.body).encode()
        return status, {}, b"<html><body>Blocked: " + body

    return answer


def _explode(request: PreparedRequest) -> tuple[int, dict[str, str], str]:
    body = request.body.decode() if isinstance(request.body, bytes) else str(request.body)
    raise RuntimeError(f"transport bug while sending {body}")


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (_echo_fault, SfErrorCode.WRONG_CREDENTIALS),
        (_echo_page(503), SfErrorCode.SERVER_UNAVAILABLE),
        (_echo_page(200), SfErrorCode.MALFORMED_RESPONSE),
        (_echo_page(407), SfErrorCode.MALFORMED_RESPONSE),
        (_explode, SfErrorCode.UNEXPECTED_ERROR),
    ],
)
def test_a_proxy_echoing_the_login_request_leaks_nothing(
    debug_logs: pytest.LogCaptureFixture, answer: object, expected: SfErrorCode
) -> None:
    gateway = SalesforceGateway(new_session(trust_env=False), GatewayConfig(sleep=lambda _: None))
    with responses.RequestsMock() as stub:
        stub.add_callback(responses.POST, LOGIN_URL, callback=answer)  # type: ignore[arg-type]
        result = gateway.login(password_credentials())
    assert isinstance(result, SfError) and result.code is expected
    texts = [debug_logs.text, *renderings(result)]
    for lang in ("en", "ja"):
        texts += [str(v) for v in error_text(result, lang).model_dump().values()]
    blob = "\n".join(texts)
    for secret in (PASSWORD, ESCAPED_PASSWORD, TOKEN):
        assert secret not in blob


def test_live_login_leaks_no_secret(debug_logs: pytest.LogCaptureFixture) -> None:
    session_id = "00Dxx0000001gPL!AR8AQJXg5ozSecretSession"
    login_ok = (
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"'
        ' xmlns="urn:partner.soap.sforce.com"><soapenv:Body><loginResponse><result>'
        "<serverUrl>https://acme.my.salesforce.com/services/Soap/u/59.0/00Dxx</serverUrl>"
        f"<sessionId>{session_id}</sessionId></result></loginResponse></soapenv:Body>"
        "</soapenv:Envelope>"
    )
    identity = {
        "compositeResponse": [
            {"referenceId": "r0", "httpStatusCode": 200, "body": {"records": [{"Id": "005x"}]}},
            {
                "referenceId": "r1",
                "httpStatusCode": 200,
                "body": {
                    "records": [
                        {
                            "Id": "00Dx",
                            "Name": "Acme",
                            "OrganizationType": "Enterprise Edition",
                            "IsSandbox": False,
                        }
                    ]
                },
            },
            {"referenceId": "r2", "httpStatusCode": 200, "body": {"sobjects": []}},
        ]
    }
    gateway = SalesforceGateway(new_session(trust_env=False), GatewayConfig(sleep=lambda _: None))
    with responses.RequestsMock() as stub:
        stub.add(responses.POST, LOGIN_URL, body=login_ok)
        stub.add(
            responses.POST,
            "https://acme.my.salesforce.com/services/data/v59.0/composite",
            json=identity,
        )
        result = gateway.login(password_credentials())
    assert isinstance(result, LoginInfo)
    blob = "\n".join([debug_logs.text, *renderings(result), *renderings(gateway.calls)])
    for secret in (PASSWORD, ESCAPED_PASSWORD, TOKEN, session_id):
        assert secret not in blob
