"""No Marketo client secret or access token may leak into anything displayable.

Checked on the credentials model, on full verifications against the demo
Marketo (including a token renewal) and against a proxy that echoes the
token request back inside a Marketo error - each with every logger at DEBUG.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest
import requests
import responses
from pydantic import SecretStr
from requests.models import PreparedRequest, Response

from mktsync_core.marketo import (
    MarketoClient,
    MarketoConfig,
    MarketoCredentials,
    MktoError,
    MktoErrorCode,
    SalesforceSample,
    SyncVerification,
    ValidatedMarketoLogin,
    validate_marketo_login,
)
from mktsync_core.marketo.demo import (
    DEMO_CLIENT_SECRET,
    DEMO_HOST,
    DemoMarketo,
    DemoMarketoAdapter,
    MarketoScenario,
    demo_client_id,
)
from mktsync_core.marketo.display import error_text

SECRET = "Mk70-s3cret&<LaunchPoint>"
LEAD = "00Q000000000004AAA"


pytestmark = pytest.mark.usefixtures("no_network")


def renderings(obj: object) -> list[str]:
    out = [repr(obj), str(obj), f"{obj}"]
    dump = getattr(obj, "model_dump_json", None)
    if dump is not None:
        out.append(dump())
        out.append(repr(obj.model_dump()))  # type: ignore[attr-defined]
    if isinstance(obj, MktoError):
        for lang in ("en", "ja"):
            out += [str(v) for v in error_text(obj, lang).model_dump().values()]
    return out


def credentials(
    secret: str = SECRET, scenario: MarketoScenario = MarketoScenario.SYNCED
) -> MarketoCredentials:
    return MarketoCredentials(
        munchkin_id="999-DMO-999",
        client_id=demo_client_id(scenario),
        client_secret=SecretStr(secret),
    )


def test_credentials_never_render_their_secret() -> None:
    creds = credentials()
    for text in renderings(creds):
        assert SECRET not in text
    assert "client_secret" not in creds.model_dump()
    assert creds.client_secret.get_secret_value() == SECRET


def test_forget_drops_the_secret() -> None:
    creds = credentials()
    creds.forget()
    assert creds.client_secret.get_secret_value() == ""


def test_validation_results_do_not_render_the_secret() -> None:
    validated = validate_marketo_login("999-DMO-999", "cid", f" {SECRET}\n")
    assert isinstance(validated, ValidatedMarketoLogin)
    assert validated.credentials.client_secret.get_secret_value() == SECRET
    for text in renderings(validated):
        assert SECRET not in text
    bad = validate_marketo_login("https://evil.example/rest", "cid", SECRET)
    assert isinstance(bad, MktoError) and bad.code is MktoErrorCode.INPUT_ENDPOINT_INVALID
    assert all(SECRET not in text for text in renderings(bad))


class Recorder(DemoMarketoAdapter):
    """Remembers every URL sent and every token the instance issued."""

    def __init__(self, instance: DemoMarketo) -> None:
        super().__init__(instance)
        self.urls: list[str] = []
        self.tokens: set[str] = set()

    def send(
        self,
        request: PreparedRequest,
        stream: bool = False,
        timeout: float | tuple[float, float] | tuple[float, None] | None = None,
        verify: bool | str = True,
        cert: bytes | str | tuple[bytes | str, bytes | str] | None = None,
        proxies: Mapping[str, str] | None = None,
    ) -> Response:
        self.urls.append(request.url or "")
        response = super().send(request, stream, timeout, verify, cert, proxies)
        token = response.json().get("access_token") if "oauth" in (request.url or "") else None
        if token:
            self.tokens.add(token)
        if "describe" in (request.url or ""):
            self.instance.expire_tokens()
        return response


def test_verifications_leak_neither_secret_nor_token(debug_logs: pytest.LogCaptureFixture) -> None:
    instance = DemoMarketo()
    recorder = Recorder(instance)
    session = requests.Session()
    session.trust_env = False
    session.mount("https://", recorder)
    client = MarketoClient(session, MarketoConfig(sleep=lambda _: None))
    real_secret = DEMO_CLIENT_SECRET
    displayable: list[object] = [
        client.verify(credentials(), SalesforceSample(lead_ids=(LEAD,))),
        client.verify(credentials(real_secret), SalesforceSample(lead_ids=(LEAD,))),
        client.verify(credentials(real_secret, MarketoScenario.PARTLY_SYNCED), SalesforceSample()),
        client.calls,
    ]
    assert isinstance(displayable[0], MktoError)
    assert isinstance(displayable[1], SyncVerification)
    assert len(recorder.tokens) >= 3  # the second run renewed its expired token
    texts = [debug_logs.text, *recorder.urls]
    for item in displayable:
        texts += renderings(item)
    blob = "\n".join(texts)
    for secret in (SECRET, real_secret, *recorder.tokens):
        assert secret not in blob
    assert debug_logs.records, "the flow should have logged something at DEBUG"


def test_a_proxy_echoing_the_request_leaks_nothing(debug_logs: pytest.LogCaptureFixture) -> None:
    base = f"https://{DEMO_HOST}"
    token = "a0b1c2d3-e4f5-aaaa-bbbb-ccccdddd0001:ab"
    with responses.RequestsMock() as stub:
        stub.add(responses.POST, f"{base}/identity/oauth/token", json={"access_token": token})
        stub.add(
            responses.GET,
            f"{base}/rest/v1/leads/describe.json",
            json={
                "success": False,
                "errors": [{"code": "611", "message": f"echo Bearer {token} secret={SECRET}"}],
            },
        )
        session = requests.Session()
        session.trust_env = False
        result = MarketoClient(session).verify(credentials(), SalesforceSample())
    assert isinstance(result, MktoError) and result.mkto_code == "611"
    assert result.mkto_message is None
    blob = "\n".join([debug_logs.text, *renderings(result)])
    assert SECRET not in blob and token not in blob
