"""No password, security token or session token may leak into anything displayable.

Checked on the credentials models themselves and on a full login + checks
flow against the demo org with every logger captured at DEBUG.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Mapping

import pytest
import requests
from pydantic import SecretStr
from requests.models import PreparedRequest, Response

from mktsync_core.demo_org import SCENARIOS, DemoOrg, DemoOrgAdapter, Scenario
from mktsync_core.demo_org.scenarios import PRODUCTION_HOST
from mktsync_core.salesforce import (
    AccessTokenCredentials,
    GatewayConfig,
    PasswordCredentials,
    SalesforceGateway,
    SfError,
    SfErrorCode,
    SfNotice,
    ValidatedLogin,
    error_text,
    validate_access_token_login,
    validate_password_login,
)

PASSWORD = "Pa55-w0rd&<secret>"
TOKEN = "Tok3nAbCdEfGhIjKlMnOp"


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("a test tried to open a socket")

    monkeypatch.setattr(socket.socket, "connect", refuse)


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


def test_full_flow_leaks_no_secret(caplog: pytest.LogCaptureFixture) -> None:
    for name in ("", "urllib3", "simple_salesforce", "requests", "mktsync_core"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    caplog.set_level(logging.DEBUG)
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
