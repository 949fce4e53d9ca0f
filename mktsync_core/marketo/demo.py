"""A Marketo instance inside the app, behind the same in-process transport as the demo org.

It answers the same wire protocol as Marketo's REST API - identity token,
lead describe, leads by filter type, response-level error codes - so the live
client runs unmodified against it, without sockets. Its people correspond to
the demo org's Salesforce records: ids are recognised with the demo org's own
id generator (:func:`mktsync_core.demo_org.data.make_id`), not copied.

The trainer picks a scenario in the panel; each scenario has its own client
id (like the demo org's usernames), so one instance serves them all and the
room sees the same form as a live user.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections import Counter
from collections.abc import Mapping
from enum import StrEnum
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests

from mktsync_core.demo_org.data import MANY, make_id
from mktsync_core.inprocess import (
    InProcessAdapter,
    Reply,
    UnknownHost,
    inprocess_session,
    json_reply,
)
from mktsync_core.marketo.models import SFDC_CONTACT_ID, SFDC_LEAD_ID, SFDC_TYPE

DEMO_MUNCHKIN_ID = "999-DMO-999"
DEMO_HOST = f"{DEMO_MUNCHKIN_ID.lower()}.mktorest.com"
DEMO_CLIENT_SECRET = "DemoMktoSecret7Hq2Wv9Lc4Np"


class MarketoScenario(StrEnum):
    SYNCED = "synced"
    PARTLY_SYNCED = "partly_synced"
    SYNC_FAILED = "sync_failed"


def demo_client_id(scenario: MarketoScenario) -> str:
    """The scenario's client id: shaped like LaunchPoint's (a UUID), fixed across runs."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://mktsync.demo/marketo/{scenario.value}"))


# Marketo's own fields as the describe lists them (REST name, label, type).
_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("id", "Id", "integer"),
    ("email", "Email Address", "email"),
    ("firstName", "First Name", "string"),
    ("lastName", "Last Name", "string"),
    ("company", "Company Name", "string"),
    ("leadSource", "Lead Source", "string"),
    ("leadScore", "Lead Score", "integer"),
    ("mktoAcquisitionDate", "Acquisition Date", "datetime"),
    ("acquisitionProgramId", "Acquisition Program Id", "integer"),
    ("originalReferrer", "Original Referrer", "string"),
    ("originalSearchEngine", "Original Search Engine", "string"),
    ("originalSearchPhrase", "Original Search Phrase", "string"),
    ("originalSourceInfo", "Original Source Info", "string"),
    ("originalSourceType", "Original Source Type", "string"),
    ("inferredCity", "Inferred City", "string"),
    ("inferredCompany", "Inferred Company", "string"),
    ("inferredCountry", "Inferred Country", "string"),
    ("inferredMetropolitanArea", "Inferred Metropolitan Area", "string"),
    ("inferredPhoneAreaCode", "Inferred Phone Area Code", "string"),
    ("inferredPostalCode", "Inferred Postal Code", "string"),
    ("inferredStateRegion", "Inferred State Region", "string"),
    (SFDC_TYPE, "SFDC Type", "string"),
    (SFDC_LEAD_ID, "SFDC Lead ID", "string"),
    (SFDC_CONTACT_ID, "SFDC Contact ID", "string"),
    ("createdAt", "Created At", "datetime"),
    ("updatedAt", "Updated At", "datetime"),
)
# Partly synced: these fields never reached Marketo (hidden from the sync user, say).
PARTLY_MISSING_FIELDS = frozenset(
    {
        "originalSearchPhrase",
        "originalSourceInfo",
        "inferredMetropolitanArea",
        "inferredPhoneAreaCode",
    }
)
_SF_ID = re.compile(r"^(00Q|003)(\d{12})")
_PREFIX_TYPE = {
    "00Q": ("Lead", SFDC_LEAD_ID, MANY.leads),
    "003": ("Contact", SFDC_CONTACT_ID, MANY.contacts),
}
_PERSON_ID_BASE = {"00Q": 1_000_000, "003": 2_000_000}


def _ok(result: list[Any]) -> Reply:
    return json_reply(200, {"requestId": "demo#1", "success": True, "result": result})


def _refused(code: str, message: str) -> Reply:
    return json_reply(
        200,
        {"requestId": "demo#1", "success": False, "errors": [{"code": code, "message": message}]},
    )


class DemoMarketo:
    """All scenarios' instances, their tokens, and what they were asked."""

    def __init__(self) -> None:
        self._tokens: dict[str, MarketoScenario] = {}
        self._expired: set[str] = set()
        self._issued = 0
        self.served: Counter[str] = Counter()

    # ---------------------------------------------------------- inspection

    @staticmethod
    def field_names(scenario: MarketoScenario) -> tuple[str, ...]:
        names = tuple(name for name, _, _ in _FIELDS)
        if scenario is MarketoScenario.PARTLY_SYNCED:
            return tuple(n for n in names if n not in PARTLY_MISSING_FIELDS)
        return names

    @staticmethod
    def holds(scenario: MarketoScenario, sf_id: str) -> bool:
        """Whether the scenario's sync brought this demo-org record into Marketo.

        Matched on the first 15 characters (the case-sensitive id), and only
        for ids the demo org's generator produces.
        """
        match = _SF_ID.match(sf_id)
        if match is None:
            return False
        prefix, n = match[1], int(match[2])
        if n >= _PREFIX_TYPE[prefix][2] or make_id(prefix, n)[:15] != sf_id[:15]:
            return False
        if scenario is MarketoScenario.SYNC_FAILED:
            return False
        # Partly synced: every third record is stuck (a validation rule, say).
        return scenario is MarketoScenario.SYNCED or n % 3 != 1

    def expire_tokens(self) -> None:
        """Like an hour passing: every issued token now answers 602."""
        self._expired |= set(self._tokens)

    # ------------------------------------------------------------- routing

    def handle(self, method: str, url: str, headers: Mapping[str, str], body: bytes) -> Reply:
        parts = urlsplit(url)
        if (parts.hostname or "").lower() != DEMO_HOST:
            raise UnknownHost(parts.hostname)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        self.served[parts.path] += 1
        if parts.path == "/identity/oauth/token":
            form = {k: v[-1] for k, v in parse_qs(body.decode("utf-8")).items()}
            return self._token(method, {**query, **form})
        scenario = self._scenario(headers)
        if isinstance(scenario, Reply):
            return scenario
        if method != "GET":
            return _refused("605", "Request method not supported")
        if parts.path == "/rest/v1/leads/describe.json":
            return self._describe(scenario)
        if parts.path == "/rest/v1/leads.json":
            return self._leads(scenario, query)
        return _refused("610", "Requested resource not found")

    def _token(self, method: str, params: dict[str, str]) -> Reply:
        if method not in ("GET", "POST") or params.get("grant_type") != "client_credentials":
            return json_reply(400, {"error": "invalid_request", "error_description": "Bad request"})
        scenario = next(
            (s for s in MarketoScenario if demo_client_id(s) == params.get("client_id")), None
        )
        if scenario is None or params.get("client_secret") != DEMO_CLIENT_SECRET:
            return json_reply(
                401, {"error": "invalid_client", "error_description": "Bad client credentials"}
            )
        self._issued += 1
        digest = hashlib.sha256(f"mkto-demo:{scenario.value}:{self._issued}".encode()).hexdigest()
        token = f"{uuid.UUID(digest[:32])}:ab"
        self._tokens[token] = scenario
        return json_reply(
            200,
            {
                "access_token": token,
                "token_type": "bearer",
                "expires_in": 3599,
                "scope": "api-only@mktsync.demo",
            },
        )

    def _scenario(self, headers: Mapping[str, str]) -> MarketoScenario | Reply:
        auth = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
        token = auth.removeprefix("Bearer ").strip()
        if token in self._expired:
            return _refused("602", "Access token expired")
        scenario = self._tokens.get(token)
        return scenario if scenario is not None else _refused("601", "Access token invalid")

    def _describe(self, scenario: MarketoScenario) -> Reply:
        present = set(self.field_names(scenario))
        return _ok(
            [
                {
                    "id": i,
                    "displayName": label,
                    "dataType": data_type,
                    **({"length": 255} if data_type == "string" else {}),
                    "rest": {"name": name, "readOnly": name.startswith(("sfdc", "id"))},
                    "soap": {"name": name[0].upper() + name[1:], "readOnly": False},
                }
                for i, (name, label, data_type) in enumerate(_FIELDS, start=1)
                if name in present
            ]
        )

    def _leads(self, scenario: MarketoScenario, query: dict[str, str]) -> Reply:
        filter_type, values = query.get("filterType", ""), query.get("filterValues", "")
        if not filter_type or not values:
            missing = "filterType" if not filter_type else "filterValues"
            return _refused("1003", f"{missing} cannot be blank")
        known = set(self.field_names(scenario))
        fields = query.get("fields", "id,email,updatedAt,createdAt,firstName,lastName").split(",")
        unknown = next((f for f in (filter_type, *fields) if f not in known), None)
        if unknown is not None:
            return _refused("1006", f"Field '{unknown}' not found")
        wanted = values.split(",")
        if len(wanted) > 300:
            return _refused("1003", "Too many values in filterValues")
        people = []
        for sf_id in wanted:
            match = _SF_ID.match(sf_id)
            if match is None or not self.holds(scenario, sf_id):
                continue
            sf_type, id_field, _ = _PREFIX_TYPE[match[1]]
            if id_field != filter_type:
                continue
            record = {
                "id": _PERSON_ID_BASE[match[1]] + int(match[2]),
                SFDC_TYPE: sf_type,
                id_field: make_id(match[1], int(match[2])),
            }
            people.append({k: v for k, v in record.items() if k in fields})
        return _ok(people)


class DemoMarketoAdapter(InProcessAdapter):
    def __init__(self, instance: DemoMarketo) -> None:
        super().__init__(instance, "demo Marketo")
        # Tests reach the instance through the adapter, to expire its tokens mid-run.
        self.instance = instance


def demo_marketo_session(instance: DemoMarketo | None = None) -> requests.Session:
    """A session whose every request is answered by the demo Marketo."""
    return inprocess_session(DemoMarketoAdapter(instance or DemoMarketo()))
