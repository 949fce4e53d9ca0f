"""The Marketo client against the demo Marketo, and against recorded-shaped stubs of each error."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses
from pydantic import SecretStr
from requests.models import PreparedRequest, Response
from responses.registries import OrderedRegistry

from mktsync_core.demo_org import SCENARIOS, Scenario, demo_session
from mktsync_core.i18n import LANGS, catalog
from mktsync_core.marketo import (
    SYNCED_FIELDS,
    FieldKind,
    MarketoCalls,
    MarketoClient,
    MarketoConfig,
    MarketoCredentials,
    MktoError,
    MktoErrorCode,
    MktoFixer,
    MktoInputField,
    MktoNotice,
    SalesforceSample,
    SyncVerification,
    ValidatedMarketoLogin,
    Verdict,
    parse_pasted_ids,
    recent_ids,
    to_18,
    validate_marketo_login,
)
from mktsync_core.marketo.demo import (
    DEMO_CLIENT_SECRET,
    DEMO_MUNCHKIN_ID,
    PARTLY_MISSING_FIELDS,
    DemoMarketo,
    DemoMarketoAdapter,
    MarketoScenario,
    demo_client_id,
    demo_marketo_session,
)
from mktsync_core.marketo.display import calls_used_text, error_text
from mktsync_core.marketo.models import LeadField, find_fields
from mktsync_core.marketo_fields import MARKETO_FIELDS
from mktsync_core.salesforce import GatewayConfig, SalesforceGateway, SfError

BASE = "https://123-abc-456.mktorest.com"
TOKEN_URL = f"{BASE}/identity/oauth/token"
DESCRIBE_URL = f"{BASE}/rest/v1/leads/describe.json"
LEADS_URL = f"{BASE}/rest/v1/leads.json"
SECRET = "s3cretFromLaunchPoint"
LEAD_ID = "00Q5g00000AbCdEFGH"
CONTACT_ID = "0035g00000XyZabCDE"


pytestmark = pytest.mark.usefixtures("no_network")


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def live_client(sleeps: Sleeps | None = None) -> MarketoClient:
    session = requests.Session()
    session.trust_env = False
    return MarketoClient(session, MarketoConfig(sleep=sleeps if sleeps is not None else Sleeps()))


def live_credentials() -> MarketoCredentials:
    return MarketoCredentials(
        munchkin_id="123-ABC-456", client_id="0f3c-client", client_secret=SecretStr(SECRET)
    )


def demo_credentials(scenario: MarketoScenario) -> MarketoCredentials:
    return MarketoCredentials(
        munchkin_id=DEMO_MUNCHKIN_ID,
        client_id=demo_client_id(scenario),
        client_secret=SecretStr(DEMO_CLIENT_SECRET),
    )


def refused(code: str, message: str = "refused") -> dict[str, object]:
    return {"requestId": "a1#b2", "success": False, "errors": [{"code": code, "message": message}]}


def ok(result: list[object]) -> dict[str, object]:
    return {"requestId": "a1#b2", "success": True, "result": result}


TOKEN_OK = {"access_token": "tok-1:ab", "token_type": "bearer", "expires_in": 3599, "scope": "x"}
DESCRIBE_OK = ok(
    [
        {"id": 1, "displayName": "Email Address", "dataType": "email", "rest": {"name": "email"}},
        {
            "id": 2,
            "displayName": "Lead Score",
            "dataType": "integer",
            "rest": {"name": "leadScore"},
        },
        {"id": 3, "displayName": "SFDC Type", "dataType": "string", "rest": {"name": "sfdcType"}},
        {"id": 4, "displayName": "SFDC Lead", "dataType": "string", "rest": {"name": "sfdcLeadId"}},
        {"id": 5, "displayName": "SOAP only", "dataType": "string", "soap": {"name": "X"}},
    ]
)
LEADS_OK = ok([{"id": 42, "sfdcType": "Lead", "sfdcLeadId": LEAD_ID}])
LEAD_ONLY = SalesforceSample(lead_ids=(LEAD_ID,))


def verify(client: MarketoClient, sample: SalesforceSample = LEAD_ONLY) -> SyncVerification:
    result = client.verify(live_credentials(), sample)
    assert isinstance(result, SyncVerification), result
    return result


def fail(client: MarketoClient, sample: SalesforceSample = LEAD_ONLY) -> MktoError:
    result = client.verify(live_credentials(), sample)
    assert isinstance(result, MktoError), result
    return result


# ------------------------------------------------------------ demo Marketo


@pytest.fixture(scope="module")
def demo_org_sample() -> SalesforceSample:
    """The demo org's newest leads and contacts, read the way the Verify page reads them."""
    gateway = SalesforceGateway(demo_session(), GatewayConfig(sleep=lambda _: None))
    assert not isinstance(gateway.login(SCENARIOS[Scenario.HEALTHY].credentials()), SfError)
    with gateway.counting() as used:
        sample = recent_ids(gateway)
    assert isinstance(sample, SalesforceSample)
    assert (used.api_calls, used.round_trips) == (2, 2)
    assert len(sample.lead_ids) == 5 and len(sample.contact_ids) == 5
    return sample


def test_synced_demo_finds_every_demo_org_record_and_field(
    demo_org_sample: SalesforceSample,
) -> None:
    instance = DemoMarketo()
    client = MarketoClient(demo_marketo_session(instance))
    result = client.verify(demo_credentials(MarketoScenario.SYNCED), demo_org_sample)
    assert isinstance(result, SyncVerification)
    assert result.verdict is Verdict.SYNCED
    assert [r.sf_id for r in result.records] == [
        *demo_org_sample.lead_ids,
        *demo_org_sample.contact_ids,
    ]
    assert all(r.arrived for r in result.records)
    assert {r.sfdc_type for r in result.records} == {"Lead", "Contact"}
    assert result.missing_fields == ()
    # One token, one describe, one lookup per object - and Marketo saw exactly that.
    assert result.calls == MarketoCalls(round_trips=4, api_calls=3, auth_requests=1)
    assert instance.served == {
        "/identity/oauth/token": 1,
        "/rest/v1/leads/describe.json": 1,
        "/rest/v1/leads.json": 2,
    }


def test_partly_synced_demo_misses_some_records_and_fields(
    demo_org_sample: SalesforceSample,
) -> None:
    client = MarketoClient(demo_marketo_session())
    result = client.verify(demo_credentials(MarketoScenario.PARTLY_SYNCED), demo_org_sample)
    assert isinstance(result, SyncVerification)
    assert result.verdict is Verdict.PARTLY_SYNCED
    assert 0 < len(result.missing_records) < len(result.records)
    assert {f.pair.marketo_name for f in result.missing_fields} == PARTLY_MISSING_FIELDS
    assert {f.pair.kind for f in result.missing_fields} == {FieldKind.OPTIONAL}


def test_failed_sync_demo_has_none_of_the_records(demo_org_sample: SalesforceSample) -> None:
    client = MarketoClient(demo_marketo_session())
    result = client.verify(demo_credentials(MarketoScenario.SYNC_FAILED), demo_org_sample)
    assert isinstance(result, SyncVerification)
    assert result.verdict is Verdict.NOT_SYNCED
    assert len(result.missing_records) == 10


def test_demo_knows_only_ids_the_demo_org_generates() -> None:
    client = MarketoClient(demo_marketo_session())
    sample = SalesforceSample(lead_ids=(to_18("00Q000000000001"), LEAD_ID), contact_ids=())
    result = client.verify(demo_credentials(MarketoScenario.SYNCED), sample)
    assert isinstance(result, SyncVerification)
    # A 15-character id converted to 18 still matches: the first 15 characters are the id.
    assert [r.arrived for r in result.records] == [True, False]
    assert result.calls.round_trips == 3


def test_without_a_sample_only_the_fields_are_checked() -> None:
    client = MarketoClient(demo_marketo_session())
    result = client.verify(demo_credentials(MarketoScenario.SYNC_FAILED), SalesforceSample())
    assert isinstance(result, SyncVerification)
    assert result.verdict is Verdict.FIELDS_ONLY
    assert result.calls == MarketoCalls(round_trips=2, api_calls=1, auth_requests=1)


def test_demo_refuses_wrong_client_credentials_like_marketo() -> None:
    client = MarketoClient(demo_marketo_session())
    wrong = demo_credentials(MarketoScenario.SYNCED).model_copy(
        update={"client_secret": SecretStr("nope")}
    )
    result = client.verify(wrong, LEAD_ONLY)
    assert isinstance(result, MktoError)
    assert result.code is MktoErrorCode.BAD_CLIENT_CREDENTIALS and result.http_status == 401
    assert client.calls.round_trips == 1


class ExpireAfterDescribe(DemoMarketoAdapter):
    """Lets an hour pass right after the describe: every token issued so far expires."""

    def send(
        self,
        request: PreparedRequest,
        stream: bool = False,
        timeout: float | tuple[float, float] | tuple[float, None] | None = None,
        verify: bool | str = True,
        cert: bytes | str | tuple[bytes | str, bytes | str] | None = None,
        proxies: Mapping[str, str] | None = None,
    ) -> Response:
        response = super().send(request, stream, timeout, verify, cert, proxies)
        if "describe" in (request.url or ""):
            self.instance.expire_tokens()
        return response


def test_demo_token_expiring_mid_run_is_renewed_once(demo_org_sample: SalesforceSample) -> None:
    instance = DemoMarketo()
    session = requests.Session()
    session.mount("https://", ExpireAfterDescribe(instance))
    result = MarketoClient(session).verify(
        demo_credentials(MarketoScenario.SYNCED), demo_org_sample
    )
    assert isinstance(result, SyncVerification) and result.verdict is Verdict.SYNCED
    assert result.calls == MarketoCalls(round_trips=6, api_calls=3, auth_requests=2)
    assert instance.served["/identity/oauth/token"] == 2


# -------------------------------------------------------- wire-level stubs


def test_token_request_keeps_the_secret_out_of_the_url_and_uses_the_bearer_header() -> None:
    with responses.RequestsMock() as stub:
        stub.add(responses.POST, TOKEN_URL, json=TOKEN_OK)
        stub.add(responses.GET, DESCRIBE_URL, json=DESCRIBE_OK)
        stub.add(responses.GET, LEADS_URL, json=LEADS_OK)
        verify(live_client())
        token_call, describe_call, leads_call = stub.calls
    assert token_call.request.method == "POST"
    assert SECRET not in (token_call.request.url or "")
    assert parse_qs(urlsplit(token_call.request.url or "").query) == {
        "grant_type": ["client_credentials"]
    }
    body = token_call.request.body
    form = parse_qs(body if isinstance(body, str) else (body or b"").decode())
    assert form == {"client_id": ["0f3c-client"], "client_secret": [SECRET]}
    for call in (describe_call, leads_call):
        assert call.request.headers["Authorization"] == "Bearer tok-1:ab"
        assert "access_token" not in (call.request.url or "")
    query = parse_qs(urlsplit(leads_call.request.url or "").query)
    assert query["filterType"] == ["sfdcLeadId"]
    assert query["filterValues"] == [LEAD_ID]
    # Only fields the describe listed are asked for (sfdcContactId is not there).
    assert query["fields"] == ["id,sfdcType,sfdcLeadId"]


def test_records_match_on_the_15_character_id() -> None:
    with responses.RequestsMock() as stub:
        stub.add(responses.POST, TOKEN_URL, json=TOKEN_OK)
        stub.add(responses.GET, DESCRIBE_URL, json=DESCRIBE_OK)
        stub.add(responses.GET, LEADS_URL, json=ok([{"id": 7, "sfdcLeadId": LEAD_ID[:15]}]))
        result = verify(live_client())
    assert result.records[0].marketo_id == 7 and result.records[0].sfdc_type is None


def test_bad_client_credentials_are_not_retried() -> None:
    client = live_client()
    with responses.RequestsMock() as stub:
        stub.add(
            responses.POST,
            TOKEN_URL,
            status=401,
            json={"error": "invalid_client", "error_description": "Bad client credentials"},
        )
        error = fail(client)
    assert error.code is MktoErrorCode.BAD_CLIENT_CREDENTIALS
    assert error.fixer is MktoFixer.MARKETER
    assert client.calls == MarketoCalls(round_trips=1, api_calls=0, auth_requests=1)


@pytest.mark.parametrize("code", ["601", "602"])
def test_token_refused_mid_run_is_renewed_once(code: str) -> None:
    client = live_client()
    with responses.RequestsMock(registry=OrderedRegistry) as stub:
        stub.add(responses.POST, TOKEN_URL, json=TOKEN_OK)
        stub.add(responses.GET, DESCRIBE_URL, json=DESCRIBE_OK)
        stub.add(responses.GET, LEADS_URL, json=refused(code, "Access token expired"))
        stub.add(responses.POST, TOKEN_URL, json={**TOKEN_OK, "access_token": "tok-2:ab"})
        stub.add(responses.GET, LEADS_URL, json=LEADS_OK)
        result = verify(client)
        assert stub.calls[-1].request.headers["Authorization"] == "Bearer tok-2:ab"
    assert result.verdict is Verdict.PARTLY_SYNCED  # the stub describe lacks most fields
    assert result.records[0].arrived
    assert result.calls == MarketoCalls(round_trips=5, api_calls=2, auth_requests=2)


def test_a_token_refused_again_after_renewal_fails_instead_of_looping() -> None:
    client = live_client()
    with responses.RequestsMock(registry=OrderedRegistry) as stub:
        stub.add(responses.POST, TOKEN_URL, json=TOKEN_OK)
        stub.add(responses.GET, DESCRIBE_URL, json=refused("602", "Access token expired"))
        stub.add(responses.POST, TOKEN_URL, json=TOKEN_OK)
        stub.add(responses.GET, DESCRIBE_URL, json=refused("601", "Access token invalid"))
        error = fail(client)
        assert len(stub.calls) == 4
    assert error.code is MktoErrorCode.TOKEN_EXPIRED and error.mkto_code == "601"
    assert client.calls == MarketoCalls(round_trips=4, api_calls=0, auth_requests=2)


def test_rate_limit_then_success_backs_off_once() -> None:
    sleeps = Sleeps()
    client = live_client(sleeps)
    with responses.RequestsMock() as stub:
        stub.add(responses.POST, TOKEN_URL, json=TOKEN_OK)
        stub.add(responses.GET, DESCRIBE_URL, json=refused("606", "Max rate limit '100' exceeded"))
        stub.add(responses.GET, DESCRIBE_URL, json=DESCRIBE_OK)
        stub.add(responses.GET, LEADS_URL, json=LEADS_OK)
        result = verify(client)
    assert sleeps == [2.0]
    assert result.calls == MarketoCalls(round_trips=4, api_calls=2, auth_requests=1)


@pytest.mark.parametrize(
    ("code", "expected"),
    [("606", MktoErrorCode.RATE_LIMITED), ("615", MktoErrorCode.CONCURRENCY_LIMIT)],
)
def test_a_limit_that_never_lifts_fails_after_a_bounded_number_of_attempts(
    code: str, expected: MktoErrorCode
) -> None:
    sleeps = Sleeps()
    client = live_client(sleeps)
    with responses.RequestsMock() as stub:
        stub.add(responses.POST, TOKEN_URL, json=TOKEN_OK)
        stub.add(responses.GET, DESCRIBE_URL, json=refused(code))
        error = fail(client)
        assert len(stub.calls) == 1 + 4
    assert error.code is expected and error.mkto_code == code
    assert sleeps == [2.0, 4.0, 8.0]
    assert client.calls == MarketoCalls(round_trips=5, api_calls=0, auth_requests=1)


def test_concurrency_limit_then_success() -> None:
    sleeps = Sleeps()
    with responses.RequestsMock() as stub:
        stub.add(responses.POST, TOKEN_URL, json=TOKEN_OK)
        stub.add(responses.GET, DESCRIBE_URL, json=DESCRIBE_OK)
        stub.add(responses.GET, LEADS_URL, json=refused("615", "Concurrent access limit reached"))
        stub.add(responses.GET, LEADS_URL, json=LEADS_OK)
        result = verify(live_client(sleeps))
    assert sleeps == [2.0] and result.records[0].arrived


def test_the_daily_quota_is_never_retried() -> None:
    sleeps = Sleeps()
    client = live_client(sleeps)
    with responses.RequestsMock() as stub:
        stub.add(responses.POST, TOKEN_URL, json=TOKEN_OK)
        stub.add(responses.GET, DESCRIBE_URL, json=refused("607", "Daily quota reached"))
        error = fail(client)
    assert error.code is MktoErrorCode.DAILY_QUOTA_REACHED
    assert error.fixer is MktoFixer.MARKETO_ADMIN
    assert sleeps == [] and client.calls.round_trips == 2


def test_an_unknown_field_names_the_field() -> None:
    with responses.RequestsMock() as stub:
        stub.add(responses.POST, TOKEN_URL, json=TOKEN_OK)
        stub.add(responses.GET, DESCRIBE_URL, json=DESCRIBE_OK)
        stub.add(responses.GET, LEADS_URL, json=refused("1006", "Field 'sfdcLeadId' not found"))
        error = fail(live_client())
    assert error.code is MktoErrorCode.UNKNOWN_FIELD and error.subject == "sfdcLeadId"
    assert "sfdcLeadId" in error_text(error, "ja").title


def test_access_denied_is_for_the_marketo_admin() -> None:
    with responses.RequestsMock() as stub:
        stub.add(responses.POST, TOKEN_URL, json=TOKEN_OK)
        stub.add(responses.GET, DESCRIBE_URL, json=refused("603", "Access denied"))
        error = fail(live_client())
    assert error.code is MktoErrorCode.ACCESS_DENIED and error.fixer is MktoFixer.MARKETO_ADMIN


def test_an_unlisted_marketo_code_is_kept_for_the_admin() -> None:
    with responses.RequestsMock() as stub:
        stub.add(responses.POST, TOKEN_URL, json=TOKEN_OK)
        stub.add(responses.GET, DESCRIBE_URL, json=refused("611", "System error"))
        error = fail(live_client())
    assert error.code is MktoErrorCode.UNEXPECTED_ERROR and error.mkto_code == "611"
    assert "611" in (error_text(error, "en").details or "")


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (requests.exceptions.ConnectionError("dns"), MktoErrorCode.NETWORK_UNREACHABLE),
        (requests.exceptions.ConnectTimeout("slow"), MktoErrorCode.TIMEOUT),
        (requests.exceptions.ReadTimeout("slow"), MktoErrorCode.TIMEOUT),
    ],
)
def test_network_failures_are_retried_then_typed(exc: Exception, expected: MktoErrorCode) -> None:
    sleeps = Sleeps()
    client = live_client(sleeps)
    with responses.RequestsMock() as stub:
        stub.add(responses.POST, TOKEN_URL, body=exc)
        error = fail(client)
        assert len(stub.calls) == 4
    assert error.code is expected and len(sleeps) == 3


def test_a_transient_network_failure_recovers() -> None:
    with responses.RequestsMock() as stub:
        stub.add(responses.POST, TOKEN_URL, json=TOKEN_OK)
        stub.add(responses.GET, DESCRIBE_URL, body=requests.exceptions.ReadTimeout("slow"))
        stub.add(responses.GET, DESCRIBE_URL, json=DESCRIBE_OK)
        stub.add(responses.GET, LEADS_URL, json=LEADS_OK)
        result = verify(live_client())
    assert result.calls == MarketoCalls(round_trips=4, api_calls=2, auth_requests=1)


@pytest.mark.parametrize(
    ("url", "method", "answer", "expected"),
    [
        (
            TOKEN_URL,
            responses.POST,
            {"body": "<html>proxy</html>"},
            MktoErrorCode.MALFORMED_RESPONSE,
        ),
        (
            TOKEN_URL,
            responses.POST,
            {"json": {"token_type": "bearer"}},
            MktoErrorCode.MALFORMED_RESPONSE,
        ),
        (DESCRIBE_URL, responses.GET, {"body": "not json"}, MktoErrorCode.MALFORMED_RESPONSE),
        (
            DESCRIBE_URL,
            responses.GET,
            {"json": {"success": False}},
            MktoErrorCode.MALFORMED_RESPONSE,
        ),
        (DESCRIBE_URL, responses.GET, {"json": [1, 2]}, MktoErrorCode.MALFORMED_RESPONSE),
        (
            DESCRIBE_URL,
            responses.GET,
            {"json": {"success": True, "result": {}}},
            MktoErrorCode.MALFORMED_RESPONSE,
        ),
        (
            LEADS_URL,
            responses.GET,
            {"json": ok([{"sfdcLeadId": LEAD_ID}])},
            MktoErrorCode.MALFORMED_RESPONSE,
        ),
        (DESCRIBE_URL, responses.GET, {"status": 414}, MktoErrorCode.UNEXPECTED_ERROR),
    ],
)
def test_unreadable_answers_are_typed(
    url: str, method: str, answer: dict[str, object], expected: MktoErrorCode
) -> None:
    with responses.RequestsMock() as stub:
        if url != TOKEN_URL:
            stub.add(responses.POST, TOKEN_URL, json=TOKEN_OK)
        if url == LEADS_URL:
            stub.add(responses.GET, DESCRIBE_URL, json=DESCRIBE_OK)
        stub.add(method, url, **answer)  # type: ignore[arg-type]
        error = fail(live_client())
    assert error.code is expected


def test_server_errors_are_retried_then_typed() -> None:
    sleeps = Sleeps()
    with responses.RequestsMock() as stub:
        stub.add(responses.POST, TOKEN_URL, json=TOKEN_OK)
        stub.add(responses.GET, DESCRIBE_URL, status=503, body="down")
        error = fail(live_client(sleeps))
        assert len(stub.calls) == 5
    assert error.code is MktoErrorCode.SERVER_UNAVAILABLE and error.http_status == 503


# ------------------------------------------------------- inputs and mapping


@pytest.mark.parametrize(
    ("typed", "munchkin", "normalised"),
    [
        ("123-ABC-456", "123-ABC-456", False),
        (" 123-abc-456 ", "123-ABC-456", True),
        ("https://123-ABC-456.mktorest.com/rest", "123-ABC-456", True),
        ("123-abc-456.mktorest.com/identity", "123-ABC-456", True),
    ],
)
def test_endpoint_forms_give_the_munchkin_id(typed: str, munchkin: str, normalised: bool) -> None:
    result = validate_marketo_login(typed, "cid", "secret")
    assert isinstance(result, ValidatedMarketoLogin)
    assert result.credentials.munchkin_id == munchkin
    assert result.credentials.base_url == f"https://{munchkin.lower()}.mktorest.com"
    assert (MktoNotice.ENDPOINT_NORMALISED in result.notices) is normalised


@pytest.mark.parametrize(
    ("endpoint", "client_id", "secret", "code", "field"),
    [
        ("", "cid", "s", MktoErrorCode.INPUT_MISSING, MktoInputField.ENDPOINT),
        (
            "http://123-ABC-456.mktorest.com/rest",
            "c",
            "s",
            MktoErrorCode.INPUT_ENDPOINT_INVALID,
            MktoInputField.ENDPOINT,
        ),
        (
            "https://123-ABC-456.mktorest.com.evil.example",
            "c",
            "s",
            MktoErrorCode.INPUT_ENDPOINT_INVALID,
            MktoInputField.ENDPOINT,
        ),
        (
            "https://app-ab12.marketo.com",
            "c",
            "s",
            MktoErrorCode.INPUT_ENDPOINT_INVALID,
            MktoInputField.ENDPOINT,
        ),
        ("123-ABC-456", "  ", "s", MktoErrorCode.INPUT_MISSING, MktoInputField.CLIENT_ID),
        (
            "123-ABC-456",
            "ab cd",
            "s",
            MktoErrorCode.INPUT_CLIENT_ID_MALFORMED,
            MktoInputField.CLIENT_ID,
        ),
        ("123-ABC-456", "cid", "\n", MktoErrorCode.INPUT_MISSING, MktoInputField.CLIENT_SECRET),
    ],
)
def test_malformed_input_is_caught_before_any_request(
    endpoint: str, client_id: str, secret: str, code: MktoErrorCode, field: MktoInputField
) -> None:
    result = validate_marketo_login(endpoint, client_id, secret)
    assert isinstance(result, MktoError)
    assert (result.code, result.field) == (code, field)


def test_pasted_ids_are_sorted_converted_and_checked() -> None:
    text = f"001A0000006Vm9r, 00Q5g00000AbCdE\n{CONTACT_ID};{CONTACT_ID}  hello 00Qshort"
    pasted = parse_pasted_ids(text)
    assert pasted.sample.lead_ids == (to_18("00Q5g00000AbCdE"),)
    assert pasted.sample.contact_ids == (CONTACT_ID,)
    assert pasted.rejected == ("001A0000006Vm9r", "hello", "00Qshort")
    assert not pasted.truncated


def test_15_character_ids_get_salesforce_checksum() -> None:
    assert to_18("001A0000006Vm9r") == "001A0000006Vm9rIAC"
    assert to_18("001A0000006Vm9rIAC") == "001A0000006Vm9rIAC"


def test_at_most_50_pasted_ids_are_kept() -> None:
    pasted = parse_pasted_ids(" ".join(f"00Q{n:012d}" for n in range(60)))
    assert len(pasted.sample.lead_ids) == 50 and pasted.truncated


def test_every_step_1_field_is_checked_under_a_marketo_name() -> None:
    checked = {p.sf_api_name for p in SYNCED_FIELDS}
    assert {f.api_name for f in MARKETO_FIELDS} <= checked


def test_a_field_listed_under_its_salesforce_api_name_counts_as_present() -> None:
    described = [LeadField(name="MKTO71_Lead_Score__c", display_name="Score", data_type="float")]
    findings = {f.pair.marketo_name: f for f in find_fields(described)}
    assert findings["leadScore"].found_as == "MKTO71_Lead_Score__c"
    assert not findings["email"].present


@pytest.mark.parametrize("lang", LANGS)
def test_every_error_has_a_message_with_fix_and_who(lang: str) -> None:
    for code in MktoErrorCode:
        text = error_text(MktoError(code=code, field=MktoInputField.CLIENT_ID), lang)  # type: ignore[arg-type]
        assert text.title and text.fix and text.who
        assert "{" not in text.title + text.fix
    assert f"marketo.error.{MktoErrorCode.DAILY_QUOTA_REACHED.value}.details" in catalog(lang)  # type: ignore[arg-type]


def test_calls_text_counts_api_calls_and_requests() -> None:
    text = calls_used_text(MarketoCalls(round_trips=4, api_calls=3, auth_requests=1), "en")
    assert "3 Marketo API calls" in text and "4 requests" in text
