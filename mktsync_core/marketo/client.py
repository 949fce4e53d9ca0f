"""A read-only Marketo REST client: enough to prove that Salesforce records reached Marketo.

Requests go through an injected ``requests.Session`` (the demo Marketo and
tests sit behind the same code). Shapes follow Marketo's REST docs
("Authentication", "Leads", "Error Codes"):

* token: ``POST /identity/oauth/token?grant_type=client_credentials`` with
  the client id and secret in the form body - the docs allow GET or POST, and
  POST keeps the secret out of every URL (and so out of proxy and access logs);
* every REST call carries the token in the ``Authorization: Bearer`` header
  (the ``access_token`` query parameter is being removed);
* ``GET /rest/v1/leads/describe.json`` for the lead schema;
* ``GET /rest/v1/leads.json?filterType=sfdcLeadId|sfdcContactId&filterValues=..``
  (at most 300 values) for the sampled records.

What the client adds for a tool marketers run against production instances:

* a timeout on every request;
* an expired or invalid token (601/602) is renewed once per verification,
  never in a loop;
* rate limit (606), concurrency limit (615) and Marketo's "try again" codes
  are retried a bounded number of times with backoff; the daily quota (607)
  is never retried, since only midnight (US Central) restores it;
* results instead of exceptions: :meth:`MarketoClient.verify` returns a
  :class:`SyncVerification` or a :class:`MktoError`, and no secret reaches a
  log line or an error.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

import requests
from pydantic import BaseModel, ConfigDict, Field, SecretStr

from mktsync_core.marketo.credentials import MarketoCredentials
from mktsync_core.marketo.errors import (
    CONCURRENCY,
    RATE_LIMIT,
    TOKEN_CODES,
    TRANSIENT_CODES,
    MktoError,
    MktoErrorCode,
    response_error,
)
from mktsync_core.marketo.models import (
    ID_FIELD,
    SFDC_TYPE,
    LeadField,
    MarketoCalls,
    RecordFinding,
    SalesforceSample,
    SyncVerification,
    find_fields,
)
from mktsync_core.marketo_fields import SfObject

logger = logging.getLogger(__name__)

MAX_FILTER_VALUES = 300
_RETRIED_CODES = frozenset({RATE_LIMIT, CONCURRENCY, *TRANSIENT_CODES})


class MarketoConfig(BaseModel):
    """Timeouts and the retry budget; ``sleep`` is injectable so tests do not wait.

    Marketo's rate limit is 100 calls per 20 seconds, so the backoff grows to
    several seconds rather than retrying at once.
    """

    model_config = ConfigDict(frozen=True)

    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    max_attempts: int = Field(default=4, ge=1, le=6)
    backoff_seconds: float = 2.0
    backoff_cap_seconds: float = 10.0
    sleep: Callable[[float], None] = time.sleep


class _Failure(Exception):
    """Internal carrier of an MktoError; never leaves the client."""

    def __init__(self, error: MktoError, *, transient: bool = False) -> None:
        super().__init__(error.code.value)
        self.error = error
        self.transient = transient


def _without_secrets(message: str | None, secrets: Iterable[str]) -> str | None:
    """Marketo's message, unless it repeats a secret (a proxy echoing the request)."""
    if message and any(secret in message for secret in secrets if secret):
        return None
    return message


def _json_object(response: requests.Response) -> dict[str, Any]:
    try:
        payload = response.json()
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        raise _Failure(
            MktoError(code=MktoErrorCode.MALFORMED_RESPONSE, http_status=response.status_code)
        )
    return payload


def _http_failure(response: requests.Response) -> _Failure:
    status = response.status_code
    if status >= 500:
        error = MktoError(code=MktoErrorCode.SERVER_UNAVAILABLE, http_status=status)
        return _Failure(error, transient=True)
    return _Failure(MktoError(code=MktoErrorCode.UNEXPECTED_ERROR, http_status=status))


class _Run:
    """One verification's token and counters: the token never outlives the run."""

    def __init__(self, credentials: MarketoCredentials) -> None:
        self.credentials = credentials
        self.token: SecretStr | None = None
        self.refreshed = False
        self.calls = MarketoCalls()

    @property
    def secrets(self) -> tuple[str, ...]:
        token = self.token.get_secret_value() if self.token else ""
        return (self.credentials.client_secret.get_secret_value(), token)


class MarketoClient:
    """Read-only access to one Marketo instance's lead database."""

    def __init__(self, session: requests.Session, config: MarketoConfig | None = None) -> None:
        self._session = session
        self._config = config or MarketoConfig()
        self._timeout = (self._config.connect_timeout, self._config.read_timeout)
        self.calls = MarketoCalls()

    def verify(
        self, credentials: MarketoCredentials, sample: SalesforceSample
    ) -> SyncVerification | MktoError:
        """Token, lead schema, then one lookup per object that has sampled ids.

        Costs 1 token request + 1 describe + 1 lookup per non-empty object.
        """
        run = _Run(credentials)
        try:
            self._authenticate(run)
            described = self._describe(run)
            records: list[RecordFinding] = []
            for sobject in (SfObject.LEAD, SfObject.CONTACT):
                ids = sample.ids(sobject)
                if ids:
                    records += self._lookup(run, sobject, ids, described)
            return SyncVerification(
                munchkin_id=credentials.munchkin_id,
                fields=find_fields(described),
                records=tuple(records),
                calls=run.calls,
            )
        except _Failure as failure:
            return failure.error
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            # A success payload of the wrong shape (pydantic errors are ValueErrors).
            logger.warning("Marketo answered with an unexpected payload (%s)", type(exc).__name__)
            return MktoError(code=MktoErrorCode.MALFORMED_RESPONSE)
        except Exception as exc:
            # Logged by type only: a chained cause may quote the token request.
            logger.error("unexpected failure while talking to Marketo (%s)", type(exc).__name__)
            return MktoError(code=MktoErrorCode.UNEXPECTED_ERROR)
        finally:
            for name in MarketoCalls.model_fields:
                total = getattr(self.calls, name) + getattr(run.calls, name)
                setattr(self.calls, name, total)

    # ----------------------------------------------------------- endpoints

    def _authenticate(self, run: _Run) -> None:
        creds = run.credentials

        def send() -> requests.Response:
            return self._session.post(
                f"{creds.base_url}/identity/oauth/token",
                params={"grant_type": "client_credentials"},
                data={
                    "client_id": creds.client_id,
                    "client_secret": creds.client_secret.get_secret_value(),
                },
                timeout=self._timeout,
            )

        run.calls.auth_requests += 1
        response = self._send(run, send)
        if response.status_code in (400, 401):
            raise _Failure(
                MktoError(
                    code=MktoErrorCode.BAD_CLIENT_CREDENTIALS, http_status=response.status_code
                )
            )
        if response.status_code != 200:
            raise _http_failure(response)
        token = _json_object(response).get("access_token")
        if not isinstance(token, str) or not token:
            raise _Failure(MktoError(code=MktoErrorCode.MALFORMED_RESPONSE, http_status=200))
        run.token = SecretStr(token)

    def _describe(self, run: _Run) -> tuple[LeadField, ...]:
        result = self._rest(run, "/rest/v1/leads/describe.json", {})
        fields = []
        for entry in result:
            rest = entry.get("rest") if isinstance(entry, dict) else None
            if not isinstance(rest, dict) or not rest.get("name"):
                continue  # a SOAP-only field
            fields.append(
                LeadField(
                    name=str(rest["name"]),
                    display_name=str(entry.get("displayName") or rest["name"]),
                    data_type=str(entry.get("dataType") or ""),
                    length=entry.get("length"),
                )
            )
        return tuple(fields)

    def _lookup(
        self,
        run: _Run,
        sobject: SfObject,
        ids: tuple[str, ...],
        described: tuple[LeadField, ...],
    ) -> list[RecordFinding]:
        """Which of ``ids`` Marketo holds, matched on the 15-character case-sensitive id.

        Only fields the describe listed are requested (an unknown one fails
        the whole call with 1006); the filter field itself is always used, so
        an instance without the Salesforce sync answers with a typed error.
        """
        id_field = ID_FIELD[sobject]
        known = {f.name for f in described}
        wanted = [f for f in ("id", SFDC_TYPE, id_field) if f == "id" or f in known]
        result = self._rest(
            run,
            "/rest/v1/leads.json",
            {
                "filterType": id_field,
                "filterValues": ",".join(ids[:MAX_FILTER_VALUES]),
                "fields": ",".join(wanted),
            },
        )
        by_id: dict[str, dict[str, Any]] = {}
        for person in result:
            sf_id = person.get(id_field) if isinstance(person, dict) else None
            if isinstance(sf_id, str):
                by_id.setdefault(sf_id[:15], person)
        findings = []
        for sf_id in ids[:MAX_FILTER_VALUES]:
            person = by_id.get(sf_id[:15])
            if person is None:
                findings.append(RecordFinding(sf_id=sf_id, sf_object=sobject))
                continue
            sfdc_type = person.get(SFDC_TYPE)
            findings.append(
                RecordFinding(
                    sf_id=sf_id,
                    sf_object=sobject,
                    marketo_id=int(person["id"]),
                    sfdc_type=str(sfdc_type) if sfdc_type else None,
                )
            )
        return findings

    # -------------------------------------------------------------- plumbing

    def _rest(self, run: _Run, path: str, params: dict[str, str]) -> list[Any]:
        """One REST GET; returns ``result``. Renews the token once per run on 601/602."""
        url = f"{run.credentials.base_url}{path}"
        while True:

            def send() -> requests.Response:
                token = run.token.get_secret_value() if run.token else ""
                return self._session.get(
                    url,
                    params=params,
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=self._timeout,
                )

            try:
                payload = self._send(run, send, marketo_errors=True)
            except _Failure as failure:
                if failure.error.mkto_code not in TOKEN_CODES or run.refreshed:
                    raise
                logger.info("Marketo access token expired; requesting a new one once")
                run.refreshed = True
                self._authenticate(run)
                continue
            run.calls.api_calls += 1
            result = payload.get("result", [])
            if not isinstance(result, list):
                raise _Failure(MktoError(code=MktoErrorCode.MALFORMED_RESPONSE))
            return result

    def _send(
        self,
        run: _Run,
        send: Callable[[], requests.Response],
        *,
        marketo_errors: bool = False,
    ) -> Any:
        """One request with bounded retries for transient failures.

        With ``marketo_errors`` the answer must be a Marketo REST payload: its
        ``success: false`` errors are raised, and the payload is returned;
        otherwise the raw response is returned for the caller to classify.
        """
        tries = 0
        while True:
            tries += 1
            run.calls.round_trips += 1
            try:
                return self._attempt(run, send, marketo_errors=marketo_errors)
            except _Failure as failure:
                if not failure.transient or tries >= self._config.max_attempts:
                    raise
                delay = min(
                    self._config.backoff_cap_seconds,
                    self._config.backoff_seconds * 2 ** (tries - 1),
                )
                logger.warning(
                    "transient Marketo failure (%s), retry %d in %.1fs",
                    failure.error.mkto_code or failure.error.code.value,
                    tries,
                    delay,
                )
                self._config.sleep(delay)

    def _attempt(
        self, run: _Run, send: Callable[[], requests.Response], *, marketo_errors: bool
    ) -> Any:
        try:
            response = send()
        except requests.exceptions.Timeout:
            # Every request here only reads, so sending it again is safe.
            raise _Failure(MktoError(code=MktoErrorCode.TIMEOUT), transient=True) from None
        except requests.exceptions.ConnectionError:
            error = MktoError(code=MktoErrorCode.NETWORK_UNREACHABLE)
            raise _Failure(error, transient=True) from None
        if not marketo_errors:
            if response.status_code >= 500:
                raise _http_failure(response)
            return response
        if response.status_code != 200:
            raise _http_failure(response)
        payload = _json_object(response)
        if payload.get("success") is True:
            return payload
        errors = payload.get("errors")
        first = errors[0] if isinstance(errors, list) and errors else None
        if not isinstance(first, dict) or "code" not in first:
            raise _Failure(MktoError(code=MktoErrorCode.MALFORMED_RESPONSE, http_status=200))
        code = str(first["code"])
        message = _without_secrets(str(first.get("message") or "") or None, run.secrets)
        error = response_error(code, message)
        raise _Failure(error, transient=code in _RETRIED_CODES)
