"""The demo org's server side: Salesforce's wire protocol, answered in memory.

It speaks what the gateway (and plain simple-salesforce) sends - SOAP
``login()`` on the login and My Domain hosts, REST under
``/services/data/vXX.X/``, ``/services/oauth2/userinfo`` - with Salesforce's
status codes, fault shapes and error bodies, so the live code path runs
unchanged against it. Every authenticated REST request is charged to the
scenario's daily API usage and reported in ``Sforce-Limit-Info``, as a real
org does; that counter is what tests compare the gateway's own count with.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any
from urllib.parse import parse_qs, urlsplit

from mktsync_core.demo_org.bulk import BulkJobs
from mktsync_core.demo_org.data import Record, generate, make_id
from mktsync_core.demo_org.scenarios import (
    PRODUCTION_HOST,
    SANDBOX_HOST,
    SCENARIOS,
    Scenario,
    ScenarioSpec,
    scenario_for_username,
)
from mktsync_core.demo_org.schema import (
    ObjectSchema,
    describe_json,
    global_describe_json,
    objects_for,
    padded_objects,
    without_fields,
)
from mktsync_core.demo_org.soql import Engine, SoqlError
from mktsync_core.demo_org.volume import LargeVolume
from mktsync_core.inprocess import Reply, UnknownHost, json_reply

DEFAULT_SEED = 20240601
PAGE_SIZE = 2000
COMPOSITE_MAX_SUBREQUESTS = 25
COMPOSITE_MAX_QUERIES = 5

# host -> does it serve sandboxes?
_LOGIN_HOSTS = {
    "login.salesforce.com": False,
    "test.salesforce.com": True,
    PRODUCTION_HOST: False,
    SANDBOX_HOST: True,
}
_XML = "text/xml;charset=UTF-8"


@dataclass(frozen=True)
class _Session:
    spec: ScenarioSpec


def _json(status: int, payload: Any, headers: dict[str, str] | None = None) -> Reply:
    return json_reply(status, payload, headers)


def _error(status: int, code: str, message: str) -> tuple[int, Any]:
    return status, [{"message": message, "errorCode": code}]


_NOT_FOUND = _error(404, "NOT_FOUND", "The requested resource does not exist")


def soap_fault(code: str, message: str, *, login_fault: bool = True) -> bytes:
    """A login() fault exactly as Salesforce shapes it (literal ``sf:`` prefixes)."""
    fault_type = "sf:LoginFault" if login_fault else "sf:UnexpectedErrorFault"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"'
        ' xmlns:sf="urn:fault.partner.soap.sforce.com"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<soapenv:Body><soapenv:Fault>"
        f"<faultcode>sf:{code}</faultcode>"
        f"<faultstring>{escape(code)}: {escape(message)}</faultstring>"
        f'<detail><{fault_type} xsi:type="{fault_type}">'
        f"<sf:exceptionCode>{escape(code)}</sf:exceptionCode>"
        f"<sf:exceptionMessage>{escape(message)}</sf:exceptionMessage>"
        f"</{fault_type}></detail>"
        "</soapenv:Fault></soapenv:Body></soapenv:Envelope>"
    ).encode()


_INVALID_LOGIN = (
    "INVALID_LOGIN",
    "Invalid username, password, security token; or user locked out.",
)
_MUST_USE_TOKEN = (
    "LOGIN_MUST_USE_SECURITY_TOKEN",
    "Invalid username, password, security token; or user locked out. Are you at a new"
    " location? When accessing Salesforce--either via a desktop client or the API--from"
    " outside of your company's trusted networks, you must add a security token to your"
    " password to log in.",
)


# What a trainer can break or fix in a running demo org; identity fields stay as they are.
_PROBLEM_FIELDS = (
    "login_fault",
    "token_is_stale",
    "password_expired",
    "marketing_user",
    "view_setup",
    "hidden_objects",
    "read_only_objects",
    "api_used",
)


class DemoOrg:
    """All scenarios' orgs, their sessions and their API usage.

    ``lead_volume`` turns every scenario's Lead and Contact tables into a large
    org's (that many leads, a fifth as many contacts), computed on demand: what
    benchmarks and full-scan tests need; the scenarios' own data is unchanged
    without it.
    """

    def __init__(
        self,
        seed: int = DEFAULT_SEED,
        *,
        lead_volume: int | None = None,
        fields_per_object: int | None = None,
    ) -> None:
        self.seed = seed
        # A large org's schema: the audited objects padded to this many fields each.
        self._fields_per_object = fields_per_object
        # Fields the admin hid from the sync user since the demo started, per scenario.
        self._hidden_fields: dict[Scenario, frozenset[tuple[str, str]]] = {}
        self._volume = LargeVolume(lead_volume) if lead_volume is not None else None
        self._bulk = BulkJobs()
        self._data: dict[Scenario, dict[str, Sequence[Record]]] = {}
        self._used: dict[Scenario, int] = {}
        self._sessions: dict[str, _Session] = {}
        self._cursors: dict[str, list[Record]] = {}
        self._issued = 0
        self._fixed: dict[Scenario, ScenarioSpec] = {}
        self._access_tokens = {
            spec.access_token.get_secret_value(): _Session(spec) for spec in SCENARIOS.values()
        }

    # ---------------------------------------------------------- inspection

    def records(self, scenario: Scenario, sobject: str) -> Sequence[Record]:
        """The records of one object, generated on first use."""
        if scenario not in self._data:
            tables: dict[str, Sequence[Record]] = {**generate(self.spec(scenario), self.seed)}
            if self._volume is not None:
                tables.update(self._volume.tables())
            self._data[scenario] = tables
        return self._data[scenario][sobject]

    def spec(self, scenario: Scenario) -> ScenarioSpec:
        """How this org's scenario behaves now, after any fix a trainer simulated."""
        return self._fixed.get(scenario, SCENARIOS[scenario])

    def simulate_problem(self, scenario: Scenario, problem: Scenario) -> None:
        """Something breaks in this scenario's org after the setup, the way ``problem`` is broken.

        For the trainer's "Failed" story: the sync user's password expires, or
        the Marketing User box gets unticked, or the daily API limit runs out —
        while the login name stays the one the room already saw.
        """
        broken = SCENARIOS[problem]
        self._replace(
            scenario,
            self.spec(scenario).model_copy(
                update={field: getattr(broken, field) for field in _PROBLEM_FIELDS}
            ),
        )

    def _replace(self, scenario: Scenario, spec: ScenarioSpec) -> None:
        self._fixed[scenario] = spec
        self._data.pop(scenario, None)
        self._used.pop(scenario, None)
        self._sessions = {k: v for k, v in self._sessions.items() if v.spec.scenario != scenario}

    def simulate_fix(self, scenario: Scenario) -> None:
        """The Salesforce admin fixes what the scenario broke (password, Marketing User, limits…).

        Lets a trainer show the last part of troubleshooting: after the fix the
        same credentials work and the re-checks pass. The login itself (its
        username and demo password) stays the same.
        """
        healthy = SCENARIOS[Scenario.HEALTHY]
        self._replace(
            scenario,
            self.spec(scenario).model_copy(
                update={field: getattr(healthy, field) for field in _PROBLEM_FIELDS}
            ),
        )

    def hide_field(self, scenario: Scenario, sobject: str, field_name: str) -> None:
        """The admin hides one field from the sync user (profile field-level security).

        The sync user's describes and queries stop showing it at once; the
        sessions stay valid, as in Salesforce.
        """
        hidden = self._hidden_fields.get(scenario, frozenset())
        self._hidden_fields[scenario] = hidden | {(sobject, field_name)}

    def show_field(self, scenario: Scenario, sobject: str, field_name: str) -> None:
        """The admin makes a hidden field visible to the sync user again."""
        hidden = self._hidden_fields.get(scenario, frozenset())
        self._hidden_fields[scenario] = hidden - {(sobject, field_name)}

    def hidden_fields(self, scenario: Scenario) -> frozenset[tuple[str, str]]:
        return self._hidden_fields.get(scenario, frozenset())

    def _objects(self, spec: ScenarioSpec) -> dict[str, ObjectSchema]:
        """The objects as this scenario's sync user sees them now."""
        objects = (
            padded_objects(spec, self._fields_per_object)
            if self._fields_per_object
            else objects_for(spec)
        )
        hidden = self._hidden_fields.get(spec.scenario)
        return without_fields(objects, hidden) if hidden else objects

    def api_calls_used(self, spec: ScenarioSpec) -> int:
        """API calls charged in this scenario's org since the demo org started."""
        return self._used.get(spec.scenario, 0)

    def expire_sessions(self) -> None:
        """Like the org's session timeout passing: every issued session becomes invalid."""
        self._sessions.clear()

    # ------------------------------------------------------------- routing

    def handle(self, method: str, url: str, headers: dict[str, str], body: bytes) -> Reply:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if host not in _LOGIN_HOSTS:
            raise UnknownHost(host)
        path = parts.path
        if path.startswith("/services/Soap/u/") and method == "POST":
            return self._soap_login(host, path.rsplit("/", 1)[-1], body)
        session = self._session(host, headers)
        if path == "/services/oauth2/userinfo":
            return self._userinfo(session)
        if path.startswith("/services/data/v"):
            return self._rest(session, method, parts.path, parts.query, body)
        return _json(*_NOT_FOUND)

    def _session(self, host: str, headers: dict[str, str]) -> _Session | None:
        auth = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
        token = auth.removeprefix("Bearer ").strip()
        session = self._sessions.get(token) or self._access_tokens.get(token)
        if session is None or session.spec.instance_host != host:
            return None
        return session

    # --------------------------------------------------------------- login

    def _soap_login(self, host: str, version: str, body: bytes) -> Reply:
        def fault(code: str, message: str, *, login_fault: bool = True) -> Reply:
            return Reply(500, soap_fault(code, message, login_fault=login_fault), _XML)

        try:
            number = float(version)
            root = ET.fromstring(body)
        except (ValueError, ET.ParseError):
            return fault(
                "UNKNOWN_EXCEPTION", "Unable to parse the login request", login_fault=False
            )
        if not 31.0 <= number < 65.0:
            return fault(
                "UNSUPPORTED_API_VERSION",
                f"login() is not available in API version {version}",
                login_fault=False,
            )
        texts = {el.tag.rsplit("}", 1)[-1]: el.text or "" for el in root.iter()}
        spec = scenario_for_username(texts.get("username", ""))
        spec = self.spec(spec.scenario) if spec is not None else None
        if spec is None or _LOGIN_HOSTS[host] != spec.is_sandbox:
            return fault(*_INVALID_LOGIN)
        given = texts.get("password", "")
        expected = spec.password.get_secret_value() + spec.current_token.get_secret_value()
        if not hmac.compare_digest(given.encode(), expected.encode()):
            if hmac.compare_digest(given.encode(), spec.password.get_secret_value().encode()):
                return fault(*_MUST_USE_TOKEN)
            return fault(*_INVALID_LOGIN)
        if spec.login_fault is not None:
            return fault(*spec.login_fault, login_fault=False)
        return Reply(200, self._login_result(spec, version), _XML)

    def _login_result(self, spec: ScenarioSpec, version: str) -> bytes:
        self._issued += 1
        digest = hashlib.sha256(f"{self.seed}:{self._issued}".encode()).hexdigest()
        org = self.records(spec.scenario, "Organization")[0]
        user = self.records(spec.scenario, "User")[0]
        session_id = f"{org['Id'][:15]}!AR{digest[:48]}"
        self._sessions[session_id] = _Session(spec)
        host = spec.instance_host

        def el(tag: str, value: object) -> str:
            text = str(value).lower() if isinstance(value, bool) else str(value)
            return f"<{tag}>{escape(text)}</{tag}>"

        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"'
            ' xmlns="urn:partner.soap.sforce.com"'
            ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            "<soapenv:Body><loginResponse><result>"
            + el("metadataServerUrl", f"https://{host}/services/Soap/m/{version}/{org['Id'][:15]}")
            + el("passwordExpired", spec.password_expired)
            + el("sandbox", spec.is_sandbox)
            + el("serverUrl", f"https://{host}/services/Soap/u/{version}/{org['Id'][:15]}")
            + el("sessionId", session_id)
            + el("userId", user["Id"])
            + "<userInfo>"
            + el("organizationId", org["Id"])
            + el("organizationName", org["Name"])
            + el("profileId", user["ProfileId"])
            + '<roleId xsi:nil="true"/>'
            + el("sessionSecondsValid", 7200)
            + el("userEmail", user["Email"])
            + el("userFullName", user["Name"])
            + el("userId", user["Id"])
            + el("userLanguage", "ja")
            + el("userLocale", "ja_JP")
            + el("userName", user["Username"])
            + el("userTimeZone", "Asia/Tokyo")
            + el("userType", user["UserType"])
            + "</userInfo></result></loginResponse></soapenv:Body></soapenv:Envelope>"
        ).encode()

    def _userinfo(self, session: _Session | None) -> Reply:
        if session is None:
            return _json(*_error(401, "INVALID_SESSION_ID", "Session expired or invalid"))
        org = self.records(session.spec.scenario, "Organization")[0]
        user = self.records(session.spec.scenario, "User")[0]
        return _json(
            200,
            {
                "sub": f"https://login.salesforce.com/id/{org['Id']}/{user['Id']}",
                "user_id": user["Id"],
                "organization_id": org["Id"],
                "preferred_username": user["Username"],
                "name": user["Name"],
                "email": user["Email"],
                "zoneinfo": "Asia/Tokyo",
                "locale": "ja_JP",
            },
        )

    # ---------------------------------------------------------------- REST

    def _rest(
        self, session: _Session | None, method: str, path: str, query: str, body: bytes
    ) -> Reply:
        if session is None:
            return _json(*_error(401, "INVALID_SESSION_ID", "Session expired or invalid"))
        spec = session.spec
        refusal = self._refusal(spec)
        if refusal is not None:
            return _json(*refusal)
        if spec.password_expired:
            return _json(
                *_error(
                    500,
                    "INVALID_OPERATION_WITH_EXPIRED_PASSWORD",
                    "The users password has expired, you must call SetPassword before"
                    " attempting any other API operations",
                )
            )
        used = spec.api_used + self._used.get(spec.scenario, 0)
        if used >= spec.api_max:
            limit_header = {"Sforce-Limit-Info": f"api-usage={used}/{spec.api_max}"}
            status, payload = _error(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
            return _json(status, payload, limit_header)
        self._used[spec.scenario] = self._used.get(spec.scenario, 0) + 1
        headers = {"Sforce-Limit-Info": f"api-usage={used + 1}/{spec.api_max}"}
        version, _, rest = path.removeprefix("/services/data/v").partition("/")
        if rest.rstrip("/") == "composite" and method == "POST":
            return _json(*self._composite(spec, version, body), headers)
        if rest.startswith("jobs/query"):
            reply = self._bulk.handle(
                spec.scenario.value,
                lambda: self._engine(spec, version),
                method,
                rest.removeprefix("jobs/query"),
                query,
                body,
            )
            return Reply(reply.status, reply.body, reply.content_type, {**headers, **reply.headers})
        return _json(*self._route(spec, method, version, rest, query), headers)

    @staticmethod
    def _refusal(spec: ScenarioSpec) -> tuple[int, Any] | None:
        """How the org refuses REST calls made with an access token when login() would fail."""
        code, message = spec.login_fault or ("", "")
        if code in {"API_DISABLED_FOR_ORG", "API_CURRENTLY_DISABLED"}:
            return _error(403, code, message)
        if code == "PASSWORD_LOCKOUT":
            return _error(401, "INVALID_SESSION_ID", "Session expired or invalid")
        return None

    def _route(
        self, spec: ScenarioSpec, method: str, version: str, rest: str, query: str
    ) -> tuple[int, Any]:
        if method != "GET":
            return _error(405, "METHOD_NOT_ALLOWED", f"HTTP Method '{method}' not allowed")
        segments = [s for s in rest.split("/") if s]
        objects = self._objects(spec)
        if segments == ["sobjects"]:
            return 200, global_describe_json(objects, version)
        if len(segments) == 3 and segments[0] == "sobjects" and segments[2] == "describe":
            schema = next(
                (o for o in objects.values() if o.name.lower() == segments[1].lower()), None
            )
            return (200, describe_json(schema, version)) if schema else _NOT_FOUND
        if segments == ["limits"]:
            return self._limits(spec)
        if segments == ["query"]:
            soql = parse_qs(query).get("q", [""])[0]
            return self._query(spec, version, soql)
        if len(segments) == 2 and segments[0] == "query":
            return self._next_page(version, segments[1])
        return _NOT_FOUND

    def _limits(self, spec: ScenarioSpec) -> tuple[int, Any]:
        if not spec.view_setup:
            return _error(
                403,
                "INSUFFICIENT_ACCESS",
                "The limits resource requires the View Setup and Configuration permission",
            )
        used = spec.api_used + self._used.get(spec.scenario, 0)
        return 200, {
            "DailyApiRequests": {"Max": spec.api_max, "Remaining": spec.api_max - used},
            "DailyBulkApiRequests": {"Max": 10000, "Remaining": 10000},
            "DataStorageMB": {"Max": 1024, "Remaining": 871},
            "FileStorageMB": {"Max": 2048, "Remaining": 2001},
            "ConcurrentAsyncGetReportInstances": {"Max": 200, "Remaining": 200},
        }

    def _engine(self, spec: ScenarioSpec, version: str) -> Engine:
        return Engine(self._objects(spec), lambda name: self.records(spec.scenario, name), version)

    def _query(self, spec: ScenarioSpec, version: str, soql: str) -> tuple[int, Any]:
        engine = self._engine(spec, version)
        try:
            outcome = engine.run(soql)
        except SoqlError as exc:
            return _error(400, exc.code, exc.message)
        rows = outcome.rows
        if len(rows) <= PAGE_SIZE or rows[0]["attributes"]["type"] == "AggregateResult":
            return 200, {"totalSize": outcome.total, "done": True, "records": rows}
        cursor = f"01g{make_id('', len(self._cursors) + 1)[:12]}"
        self._cursors[cursor] = rows
        return 200, self._page(version, cursor, 0)

    def _page(self, version: str, cursor: str, offset: int) -> dict[str, Any]:
        rows = self._cursors[cursor]
        end = offset + PAGE_SIZE
        page: dict[str, Any] = {
            "totalSize": len(rows),
            "done": end >= len(rows),
            "records": rows[offset:end],
        }
        if end < len(rows):
            page["nextRecordsUrl"] = f"/services/data/v{version}/query/{cursor}-{end}"
        return page

    def _next_page(self, version: str, locator: str) -> tuple[int, Any]:
        cursor, _, offset = locator.partition("-")
        if cursor not in self._cursors or not offset.isdigit():
            return _error(400, "INVALID_QUERY_LOCATOR", "invalid query locator")
        return 200, self._page(version, cursor, int(offset))

    def _composite(self, spec: ScenarioSpec, version: str, body: bytes) -> tuple[int, Any]:
        try:
            requests_ = json.loads(body)["compositeRequest"]
        except (ValueError, KeyError, TypeError):
            return _error(400, "JSON_PARSER_ERROR", "The request body is not a composite request")
        queries = sum(1 for r in requests_ if "/query" in str(r.get("url", "")))
        if len(requests_) > COMPOSITE_MAX_SUBREQUESTS or queries > COMPOSITE_MAX_QUERIES:
            return _error(
                400,
                "INVALID_BATCH_REQUEST",
                "A composite request may have 25 subrequests, 5 of them queries",
            )
        results = []
        prefix = f"/services/data/v{version}/"
        for sub in requests_:
            parts = urlsplit(str(sub.get("url", "")))
            if parts.path.startswith(prefix):
                rest = parts.path.removeprefix(prefix)
                status, payload = self._route(
                    spec, str(sub.get("method", "GET")), version, rest, parts.query
                )
            else:
                status, payload = _NOT_FOUND
            results.append(
                {
                    "body": payload,
                    "httpHeaders": {},
                    "httpStatusCode": status,
                    "referenceId": sub.get("referenceId"),
                }
            )
        return 200, {"compositeResponse": results}
