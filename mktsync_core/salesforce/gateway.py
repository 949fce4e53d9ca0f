"""The one door to Salesforce: every request of the app goes through here.

Every request is made by simple-salesforce on an injected ``requests.Session``
(so the demo org and tests can sit behind the same code): ``SalesforceLogin``
for the SOAP login, then a ``Salesforce`` client in session-id mode. The
gateway adds what the library lacks for a tool marketers run against
production orgs:

* a timeout on every request, enforced on the session's transports (the
  library sends its login without one);
* bounded retries with backoff for transient failures only - never for a
  refused login, which would count towards the user's lockout;
* at most one re-login on an expired session (session-id mode never
  refreshes by itself; the library's own refresh loops are unbounded for some
  calls, simple-salesforce#804);
* an expired password caught at login: the library drops ``passwordExpired``
  from the login answer, so login makes one cheap identity call, which an
  expired password refuses;
* counters of round trips and API calls, because the daily API allocation is
  shared with Marketo;
* results instead of exceptions: every public method returns a value or an
  :class:`SfError`, and no secret reaches a log line or an error.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from html import escape
from typing import Any, TypeVar
from urllib.parse import urlencode
from xml.parsers.expat import ExpatError

import requests
from pydantic import BaseModel, ConfigDict, Field
from simple_salesforce.api import Salesforce
from simple_salesforce.exceptions import SalesforceAuthenticationFailed, SalesforceError
from simple_salesforce.format import format_soql
from simple_salesforce.login import SalesforceLogin

from mktsync_core.salesforce.counter import CallCounter
from mktsync_core.salesforce.credentials import (
    AccessTokenCredentials,
    AuthMode,
    Credentials,
    PasswordCredentials,
)
from mktsync_core.salesforce.errors import (
    TRANSIENT_SF_CODES,
    CredentialField,
    SfError,
    SfErrorCode,
    SfNotice,
    login_fault_error,
    rest_error,
)
from mktsync_core.salesforce.models import (
    PERMISSION_COLUMNS,
    ApiLimits,
    BulkJob,
    BulkPage,
    DuplicateGroup,
    DuplicateScan,
    LimitsSource,
    LoginInfo,
    ObjectDescribe,
    OrgInfo,
    QueryResult,
    SObjectSummary,
    UserInfo,
    UserPermissions,
)
from mktsync_core.salesforce.transport import install_default_timeout

logger = logging.getLogger(__name__)

# SOAP login() exists up to 64.0 (salesforce-api.md §1.7); 59.0 is the version
# simple-salesforce 1.12 defaults to and that the docs were verified against.
API_VERSION = "59.0"
COMPOSITE_MAX_SUBREQUESTS = 25
COMPOSITE_MAX_QUERIES = 5
AGGREGATE_PAGE = 2000

# Refused before the request ran, like a 401: the org does not charge them.
_UNCHARGED_SF_CODES = frozenset(
    {"REQUEST_LIMIT_EXCEEDED", "INVALID_OPERATION_WITH_EXPIRED_PASSWORD"}
)
# simple-salesforce's code when a 200 login answer holds no session.
_NO_SESSION_IN_ANSWER = "UNKNOWN_EXCEPTION_CODE"

_SOBJECT_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_LIMIT_INFO = re.compile(r"api-usage=(\d+)/(\d+)")

T = TypeVar("T")


class GatewayConfig(BaseModel):
    """Timeouts and the retry budget; ``sleep`` is injectable so tests do not wait."""

    model_config = ConfigDict(frozen=True)

    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    max_attempts: int = Field(default=3, ge=1, le=5)
    backoff_seconds: float = 0.5
    backoff_cap_seconds: float = 4.0
    sleep: Callable[[float], None] = time.sleep
    client_id: str = "mktsync"


def new_session(*, trust_env: bool = True) -> requests.Session:
    """A session for live orgs; ``trust_env=False`` keeps proxy env vars out of tests.

    The gateway given this session puts its timeout on the mounted transports.
    """
    session = requests.Session()
    session.trust_env = trust_env
    return session


class _Kind(StrEnum):
    LOGIN = "login"
    REST = "rest"
    OAUTH = "oauth"


class _Failure(Exception):
    """Internal carrier of an SfError; never leaves the gateway."""

    def __init__(
        self, error: SfError, *, transient: bool = False, reached_api: bool = False
    ) -> None:
        super().__init__(error.code.value)
        self.error = error
        self.transient = transient
        self.reached_api = reached_api


def _error_fields(content: object) -> tuple[str | None, str | None]:
    """errorCode and message of a REST error body, read defensively."""
    first = content[0] if isinstance(content, list) and content else content
    if not isinstance(first, dict):
        return None, None
    code, message = first.get("errorCode"), first.get("message")
    return (str(code) if code else None), (str(message) if message else None)


def _translate(exc: Exception, *, resend_after_timeout: bool) -> _Failure | None:
    """The failure for an exception raised by one HTTP attempt, or None if it is a bug."""
    if isinstance(exc, _Failure):
        return exc
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        # Nothing reached the server, so sending again is always safe.
        return _Failure(SfError(code=SfErrorCode.TIMEOUT), transient=True)
    if isinstance(exc, requests.exceptions.Timeout):
        return _Failure(SfError(code=SfErrorCode.TIMEOUT), transient=resend_after_timeout)
    if isinstance(exc, requests.exceptions.ConnectionError):
        return _Failure(SfError(code=SfErrorCode.NETWORK_UNREACHABLE), transient=True)
    if isinstance(exc, SalesforceError):
        status = int(exc.status)
        sf_code, message = _error_fields(exc.content)
        error = rest_error(status, sf_code, message)
        concurrent = sf_code == "REQUEST_LIMIT_EXCEEDED" and "ConcurrentRequests" in (message or "")
        known = error.code not in (SfErrorCode.SERVER_UNAVAILABLE, SfErrorCode.UNEXPECTED_ERROR)
        transient = sf_code in TRANSIENT_SF_CODES or concurrent or (status >= 500 and not known)
        charged = status != 401 and sf_code not in _UNCHARGED_SF_CODES
        return _Failure(error, transient=transient, reached_api=charged)
    if isinstance(exc, ValueError | KeyError | TypeError):
        # Undecodable JSON, or JSON of the wrong shape (pydantic errors are ValueErrors).
        return _Failure(SfError(code=SfErrorCode.MALFORMED_RESPONSE), reached_api=True)
    return None


def _without_secrets(message: str | None, secrets: Iterable[str]) -> str | None:
    """Salesforce's message, unless it repeats a secret (a proxy echoing the request)."""
    if message and any(secret in message for secret in secrets if secret):
        return None
    return message


def _unreadable_login_answer(status: int | None) -> _Failure:
    """A login answer that is not SOAP: an error page (retried if 5xx), a proxy, garbage."""
    if status is not None and status >= 500:
        unavailable = SfError(code=SfErrorCode.SERVER_UNAVAILABLE, http_status=status)
        return _Failure(unavailable, transient=True)
    return _Failure(SfError(code=SfErrorCode.MALFORMED_RESPONSE, http_status=status))


def _login_refusal(
    exc: SalesforceAuthenticationFailed, status: int | None, secrets: Iterable[str]
) -> _Failure:
    """The failure for a login simple-salesforce refused (salesforce-api.md §1.4-1.5).

    ``code`` is the SOAP fault's exceptionCode, or the HTTP status when the
    answer was not XML (its text is then a raw body and is not kept).
    """
    code = getattr(exc, "code", None)
    if isinstance(code, int):
        return _unreadable_login_answer(code)
    if code is None or code == _NO_SESSION_IN_ANSWER:
        return _unreadable_login_answer(status)
    message = getattr(exc, "auth_message", None) or str(exc)
    return _Failure(login_fault_error(str(code), _without_secrets(message, secrets)))


def _strip_attributes(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_attributes(v) for k, v in value.items() if k != "attributes"}
    if isinstance(value, list):
        return [_strip_attributes(v) for v in value]
    return value


class SalesforceGateway:
    """A connection to one org for one browser session.

    The session becomes the gateway's: it wraps the session's transports to
    give every request a timeout, and registers a response hook on it to
    remember the ``Sforce-Limit-Info`` header. Mount transports before handing
    the session over.
    """

    def __init__(self, session: requests.Session, config: GatewayConfig | None = None) -> None:
        self._session = session
        self._config = config or GatewayConfig()
        self._timeout = (self._config.connect_timeout, self._config.read_timeout)
        self._client: Salesforce | None = None
        self._credentials: Credentials | None = None
        self._login_info: LoginInfo | None = None
        self._limit_info: tuple[int, int] | None = None
        self._last_status: int | None = None
        self._scopes: list[CallCounter] = []
        self.calls = CallCounter()
        install_default_timeout(session, self._timeout)
        session.hooks["response"].append(self._on_response)

    # ----------------------------------------------------------------- state

    @property
    def login_info(self) -> LoginInfo | None:
        return self._login_info

    @property
    def connected(self) -> bool:
        return self._client is not None

    @contextmanager
    def counting(self) -> Iterator[CallCounter]:
        """Count the calls made inside the block (the totals in ``calls`` go on too)."""
        scope = CallCounter()
        self._scopes.append(scope)
        try:
            yield scope
        finally:
            self._scopes.remove(scope)

    def forget(self) -> None:
        """Drop the credentials and the session token; counters are kept."""
        if self._credentials is not None:
            self._credentials.forget()
        self._drop_connection()

    def _drop_connection(self) -> None:
        self._credentials = None
        self._client = None
        self._login_info = None

    # ----------------------------------------------------------------- login

    def login(self, credentials: Credentials) -> LoginInfo | SfError:
        """Log in and identify the user; on failure nothing of the old connection is kept.

        A password login costs two round trips: the SOAP login (counted in
        ``logins``) and one composite identity call (one API call), which is
        also what reports an expired password.
        """
        if self._credentials is not credentials:
            self.forget()
        self._drop_connection()
        # Transports mounted after the gateway was made get the timeout too.
        install_default_timeout(self._session, self._timeout)

        def run() -> LoginInfo:
            if isinstance(credentials, PasswordCredentials):
                client, info = self._password_login(credentials)
            else:
                client, info = self._token_login(credentials)
            self._client = client
            self._credentials = credentials
            self._login_info = info
            return info

        return self._boundary(run, secrets_in_flight=True)

    def _soap_login(self, credentials: PasswordCredentials) -> Salesforce:
        """simple-salesforce's SOAP login(), once, and a client on the session it opened."""
        password = credentials.password.get_secret_value()
        token = credentials.security_token.get_secret_value()
        if not password:
            # The library would send the text "None"; a forgotten password is missing input.
            raise _Failure(SfError(code=SfErrorCode.INPUT_MISSING, field=CredentialField.PASSWORD))
        secrets = (password, token, escape(password), password + token)

        def attempt() -> tuple[str, str]:
            self._last_status = None
            try:
                session_id, instance = SalesforceLogin(
                    username=credentials.username,
                    password=password,
                    # The library escapes the password but appends the token as is.
                    security_token=escape(token),
                    domain=credentials.login_domain,
                    session=self._session,
                    client_id=self._config.client_id,
                    sf_version=API_VERSION,
                )
            except SalesforceAuthenticationFailed as exc:
                raise _login_refusal(exc, self._last_status, secrets) from None
            except (ExpatError, UnicodeDecodeError):
                # A 200 answer that is not XML, or an error page that is not text.
                raise _unreadable_login_answer(self._last_status) from None
            return str(session_id), str(instance)

        # A read timeout may hide a refused login: resending could add a failed attempt.
        session_id, instance = self._send(attempt, _Kind.LOGIN, resend_after_timeout=False)
        return Salesforce(
            session_id=session_id,
            instance=instance,
            session=self._session,
            version=API_VERSION,
            object_pairs_hook=dict,
        )

    def _password_login(self, credentials: PasswordCredentials) -> tuple[Salesforce, LoginInfo]:
        client = self._soap_login(credentials)
        user_id, org_id, sandbox = self._identify(client, credentials.username)
        info = LoginInfo(
            auth_mode=AuthMode.PASSWORD,
            username=credentials.username,
            user_id=user_id,
            org_id=org_id,
            instance_host=str(client.sf_instance),
            sandbox=sandbox,
            api_version=API_VERSION,
            notices=(SfNotice.SOAP_LOGIN_RETIRING,),
        )
        return client, info

    def _identify(self, client: Salesforce, username: str) -> tuple[str, str, bool]:
        """User id, org id and sandbox flag in one composite call (one API call).

        It is the first data call of the new session, so it is also the one an
        expired password refuses (INVALID_OPERATION_WITH_EXPIRED_PASSWORD):
        simple-salesforce does not pass ``passwordExpired`` on. No re-login here:
        a session refused right after login would be refused again.
        """
        queries = (
            format_soql("SELECT Id FROM User WHERE Username = {}", username),
            "SELECT Id, IsSandbox FROM Organization",
        )
        paths = ["query/?" + urlencode({"q": soql}) for soql in queries]
        data = self._send(lambda: self._post_composite(client, paths), _Kind.REST)
        rows: list[list[dict[str, Any]]] = []
        for subject, (status, body) in zip(
            ("User", "Organization"), _composite_results(data, len(paths)), strict=True
        ):
            if status != 200:
                raise _Failure(rest_error(status, *_error_fields(body), subject=subject))
            records = body["records"]
            if not records:
                raise _Failure(SfError(code=SfErrorCode.MALFORMED_RESPONSE, subject=subject))
            rows.append(records)
        user, org = rows[0][0], rows[1][0]
        return str(user["Id"]), str(org["Id"]), bool(org["IsSandbox"])

    def _token_login(self, credentials: AccessTokenCredentials) -> tuple[Salesforce, LoginInfo]:
        client = Salesforce(
            session_id=credentials.access_token.get_secret_value(),
            instance_url=credentials.instance_url,
            session=self._session,
            version=API_VERSION,
            object_pairs_hook=dict,
        )

        def attempt() -> Any:
            try:
                return client.oauth2("userinfo")
            except SalesforceError as exc:
                if int(exc.status) == 403:
                    # userinfo refuses a token it will not accept with 403, not 401.
                    refused = SfError(code=SfErrorCode.SESSION_EXPIRED, http_status=403)
                    raise _Failure(refused) from None
                raise

        data = self._send(attempt, _Kind.OAUTH)
        if not isinstance(data, dict):
            raise _Failure(SfError(code=SfErrorCode.MALFORMED_RESPONSE))
        info = LoginInfo(
            auth_mode=AuthMode.ACCESS_TOKEN,
            username=str(data.get("preferred_username") or "") or None,
            user_id=str(data["user_id"]),
            org_id=str(data["organization_id"]),
            instance_host=credentials.instance_host,
            sandbox=None,
            api_version=API_VERSION,
        )
        return client, info

    # ------------------------------------------------------------------ reads

    def organization(self) -> OrgInfo | SfError:
        """Name, edition and sandbox flag: decides PE vs EE instructions and the Sandbox box."""

        def run() -> OrgInfo:
            records = self._records(
                "SELECT Id, Name, OrganizationType, IsSandbox, InstanceName FROM Organization"
            )
            if not records:
                raise _Failure(SfError(code=SfErrorCode.MALFORMED_RESPONSE, subject="Organization"))
            row = records[0]
            return OrgInfo(
                id=row["Id"],
                name=row["Name"],
                organization_type=row["OrganizationType"],
                is_sandbox=row["IsSandbox"],
                instance_name=row.get("InstanceName"),
            )

        return self._boundary(run)

    def running_user(self) -> UserInfo | SfError:
        """The logged-in user, with permissions when the user may read them (2-3 API calls)."""

        def run() -> UserInfo:
            user_id = self._require_login().user_id
            base = (
                "SELECT Id, Username, Name, IsActive, UserType, Profile.Name, {license}"
                "UserPermissionsMarketingUser FROM User WHERE Id = {{user_id}}"
            )
            try:
                rows = self._records(
                    format_soql(base.format(license="Profile.UserLicense.Name, "), user_id=user_id)
                )
            except _Failure as failure:
                if failure.error.code is not SfErrorCode.NOT_ACCESSIBLE:
                    raise
                # Non-admins may not see the licence relationship; UserType still tells a lot.
                rows = self._records(format_soql(base.format(license=""), user_id=user_id))
            if not rows:
                raise _Failure(SfError(code=SfErrorCode.MALFORMED_RESPONSE, subject="User"))
            row = rows[0]
            profile = row.get("Profile") or {}
            permissions, permissions_error = self._permissions(user_id)
            return UserInfo(
                id=row["Id"],
                username=row["Username"],
                name=row["Name"],
                is_active=row["IsActive"],
                user_type=row["UserType"],
                profile_name=profile.get("Name"),
                license_name=(profile.get("UserLicense") or {}).get("Name"),
                marketing_user=row["UserPermissionsMarketingUser"],
                permissions=permissions,
                permissions_error=permissions_error,
            )

        return self._boundary(run)

    def _permissions(self, user_id: str) -> tuple[UserPermissions | None, SfError | None]:
        soql = format_soql(
            "SELECT "
            + ", ".join(PERMISSION_COLUMNS)
            + " FROM PermissionSet WHERE Id IN (SELECT PermissionSetId FROM"
            " PermissionSetAssignment WHERE AssigneeId = {user_id})",
            user_id=user_id,
        )
        try:
            rows = self._records(soql)
        except _Failure as failure:
            return None, failure.error
        if not rows:
            # Every user has at least the profile's permission set: none means "not allowed to see".
            return None, SfError(code=SfErrorCode.INSUFFICIENT_ACCESS, subject="PermissionSet")
        values = {
            attribute: any(bool(row.get(column)) for row in rows)
            for column, attribute in PERMISSION_COLUMNS.items()
        }
        return UserPermissions(**values), None

    def describe(self, sobjects: Sequence[str]) -> dict[str, ObjectDescribe | SfError] | SfError:
        """Describes as the running user sees them, 25 objects per API call (composite).

        An object the user cannot see comes back as a per-object NOT_ACCESSIBLE error.
        """

        def run() -> dict[str, ObjectDescribe | SfError]:
            result: dict[str, ObjectDescribe | SfError] = {}
            names = self._valid_names(sobjects, result)
            for start in range(0, len(names), COMPOSITE_MAX_SUBREQUESTS):
                chunk = names[start : start + COMPOSITE_MAX_SUBREQUESTS]
                paths = [f"sobjects/{name}/describe" for name in chunk]
                for name, (status, body) in zip(chunk, self._composite(paths), strict=True):
                    result[name] = (
                        ObjectDescribe.model_validate(body)
                        if status == 200
                        else rest_error(status, *_error_fields(body), subject=name)
                    )
            return result

        return self._boundary(run)

    def list_objects(self) -> tuple[SObjectSummary, ...] | SfError:
        """The global describe: every object the user can see (1 API call)."""

        def run() -> tuple[SObjectSummary, ...]:
            data = self._rest(lambda c: c.restful("sobjects", timeout=self._timeout))
            return tuple(SObjectSummary.model_validate(o) for o in data["sobjects"])

        return self._boundary(run)

    def query(self, soql: str, *, max_pages: int = 10) -> QueryResult | SfError:
        """A SOQL query, following ``nextRecordsUrl`` for at most ``max_pages`` pages."""

        def run() -> QueryResult:
            page = self._rest(lambda c: c.query(soql, timeout=self._timeout))
            records = list(page["records"])
            pages = 1
            while not page["done"] and pages < max_pages:
                page = self._rest(self._next_page(page["nextRecordsUrl"]))
                records.extend(page["records"])
                pages += 1
            return QueryResult(
                total_size=page["totalSize"],
                records=_strip_attributes(records),
                truncated=not page["done"],
            )

        return self._boundary(run)

    def counts(self, sobjects: Sequence[str]) -> dict[str, int | SfError] | SfError:
        """Exact visible record counts (``SELECT COUNT()``), five objects per API call."""

        def run() -> dict[str, int | SfError]:
            result: dict[str, int | SfError] = {}
            names = self._valid_names(sobjects, result)
            for start in range(0, len(names), COMPOSITE_MAX_QUERIES):
                chunk = names[start : start + COMPOSITE_MAX_QUERIES]
                paths = ["query/?" + urlencode({"q": f"SELECT COUNT() FROM {n}"}) for n in chunk]
                for name, (status, body) in zip(chunk, self._composite(paths), strict=True):
                    result[name] = (
                        int(body["totalSize"])
                        if status == 200
                        else rest_error(status, *_error_fields(body), subject=name)
                    )
            return result

        return self._boundary(run)

    def duplicate_emails(
        self, sobject: str, *, limit: int = AGGREGATE_PAGE
    ) -> DuplicateScan | SfError:
        """Emails on more than one record (case-insensitive, as Salesforce groups them)."""

        def run() -> DuplicateScan:
            if not _SOBJECT_NAME.match(sobject):
                raise _Failure(SfError(code=SfErrorCode.NOT_ACCESSIBLE, subject=sobject))
            bounded = max(1, min(limit, AGGREGATE_PAGE))
            soql = (
                f"SELECT Email, COUNT(Id) c FROM {sobject} WHERE Email != null GROUP BY Email"
                f" HAVING COUNT(Id) > 1 ORDER BY COUNT(Id) DESC LIMIT {bounded}"
            )
            rows = self._records(soql)
            groups = tuple(DuplicateGroup(email=r["Email"], count=r["c"]) for r in rows)
            return DuplicateScan(sobject=sobject, groups=groups, limit=bounded)

        return self._boundary(run)

    def queries(self, soqls: Sequence[str]) -> list[QueryResult | SfError] | SfError:
        """Several SOQL queries, five per composite call (one API call each); first pages only.

        A query that fails on its own comes back as its own SfError; ``truncated``
        marks a result with more pages than the composite answer carries.
        """

        def run() -> list[QueryResult | SfError]:
            results: list[QueryResult | SfError] = []
            for start in range(0, len(soqls), COMPOSITE_MAX_QUERIES):
                chunk = soqls[start : start + COMPOSITE_MAX_QUERIES]
                paths = ["query/?" + urlencode({"q": soql}) for soql in chunk]
                for status, body in self._composite(paths):
                    results.append(
                        QueryResult(
                            total_size=body["totalSize"],
                            records=_strip_attributes(body["records"]),
                            truncated=not body["done"],
                        )
                        if status == 200
                        else rest_error(status, *_error_fields(body))
                    )
            return results

        return self._boundary(run)

    # Bulk API 2.0 query jobs, one request (one API call) per method, through
    # simple-salesforce's bulk2 client: its ``query()`` helper polls and pages on
    # its own, which would hide the calls from the counters and leave no way to
    # show progress or to cancel between pages.

    def bulk_query(self, sobject: str, soql: str) -> BulkJob | SfError:
        """Create a query job for ``soql`` (the org runs it asynchronously)."""
        return self._bulk(sobject, lambda b: b.create_job("query", soql), BulkJob.model_validate)

    def bulk_job(self, sobject: str, job_id: str) -> BulkJob | SfError:
        """The job's state, to poll until it is finished."""
        return self._bulk(sobject, lambda b: b.get_job(job_id, True), BulkJob.model_validate)

    def bulk_abort(self, sobject: str, job_id: str) -> BulkJob | SfError:
        """Stop a job the user cancelled, so the org does not keep working for nothing."""
        return self._bulk(sobject, lambda b: b.abort_job(job_id, True), BulkJob.model_validate)

    def bulk_results(
        self, sobject: str, job_id: str, *, locator: str | None = None, max_records: int = 50_000
    ) -> BulkPage | SfError:
        """One page of a finished job's CSV; pass the previous page's locator for the next."""

        def page(data: Any) -> BulkPage:
            return BulkPage(
                csv=data["records"],
                records=int(data["number_of_records"]),
                locator=data["locator"] or None,
            )

        return self._bulk(
            sobject, lambda b: b.get_query_results(job_id, locator or "", max_records), page
        )

    def _bulk(
        self, sobject: str, call: Callable[[Any], Any], shape: Callable[[Any], T]
    ) -> T | SfError:
        def run() -> T:
            if not _SOBJECT_NAME.match(sobject):
                raise _Failure(SfError(code=SfErrorCode.NOT_ACCESSIBLE, subject=sobject))
            return shape(self._rest(lambda c: call(getattr(c.bulk2, sobject)._client)))

        return self._boundary(run)

    def limits(self) -> ApiLimits | SfError:
        """The daily API allocation; without View Setup, read from the last response header."""

        def run() -> ApiLimits:
            try:
                data = self._rest(lambda c: c.limits(timeout=self._timeout))
            except _Failure as failure:
                fallback = self.api_usage
                if failure.error.code is not SfErrorCode.INSUFFICIENT_ACCESS or fallback is None:
                    raise
                return fallback
            daily = data["DailyApiRequests"]
            return ApiLimits(
                daily_max=int(daily["Max"]),
                daily_remaining=int(daily["Remaining"]),
                source=LimitsSource.LIMITS_RESOURCE,
            )

        return self._boundary(run)

    @property
    def api_usage(self) -> ApiLimits | None:
        """The allocation as of the last ``Sforce-Limit-Info`` header (free, no permission)."""
        if self._limit_info is None:
            return None
        used, total = self._limit_info
        return ApiLimits(
            daily_max=total,
            daily_remaining=max(total - used, 0),
            source=LimitsSource.LIMIT_INFO_HEADER,
        )

    # -------------------------------------------------------------- plumbing

    def _boundary(self, run: Callable[[], T], *, secrets_in_flight: bool = False) -> T | SfError:
        """Run ``run``; any failure becomes an SfError.

        With ``secrets_in_flight`` (a login) exceptions are logged by type only:
        their text and chained causes may quote the login request or answer.
        """
        try:
            return run()
        except _Failure as failure:
            return failure.error
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            # A 2xx payload of the wrong shape (pydantic errors are ValueErrors).
            if secrets_in_flight:
                logger.warning("unexpected login payload (%s)", type(exc).__name__)
            else:
                logger.warning("Salesforce answered with an unexpected payload", exc_info=True)
            return SfError(code=SfErrorCode.MALFORMED_RESPONSE)
        except Exception as exc:
            if secrets_in_flight:
                logger.error("unexpected failure during login (%s)", type(exc).__name__)
            else:
                logger.exception("unexpected failure while talking to Salesforce")
            return SfError(code=SfErrorCode.UNEXPECTED_ERROR)

    def _require_login(self) -> LoginInfo:
        if self._login_info is None:
            raise _Failure(SfError(code=SfErrorCode.NOT_CONNECTED))
        return self._login_info

    def _require_client(self) -> Salesforce:
        if self._client is None:
            raise _Failure(SfError(code=SfErrorCode.NOT_CONNECTED))
        return self._client

    def _tick(self, attribute: str) -> None:
        for counter in (self.calls, *self._scopes):
            setattr(counter, attribute, getattr(counter, attribute) + 1)

    def _on_response(self, response: requests.Response, *_: Any, **__: Any) -> None:
        """Remember the status (to classify login refusals) and the org's API usage."""
        self._last_status = response.status_code
        match = _LIMIT_INFO.search(response.headers.get("Sforce-Limit-Info", ""))
        if match:
            self._limit_info = (int(match[1]), int(match[2]))

    def _send(
        self, attempt: Callable[[], T], kind: _Kind, *, resend_after_timeout: bool = True
    ) -> T:
        """Run one HTTP request with bounded retries for transient failures."""
        tries = 0
        while True:
            tries += 1
            self._tick("round_trips")
            if kind is _Kind.LOGIN:
                self._tick("logins")
            try:
                value = attempt()
            except Exception as exc:
                failure = _translate(exc, resend_after_timeout=resend_after_timeout)
                if failure is None:
                    raise
                if failure.reached_api and kind is _Kind.REST:
                    self._tick("api_calls")
                if not failure.transient or tries >= self._config.max_attempts:
                    raise failure from None
                delay = min(
                    self._config.backoff_cap_seconds,
                    self._config.backoff_seconds * 2 ** (tries - 1),
                )
                logger.warning(
                    "transient Salesforce failure (%s), retry %d in %.1fs",
                    failure.error.code.value,
                    tries,
                    delay,
                )
                self._config.sleep(delay)
                continue
            if kind is _Kind.REST:
                self._tick("api_calls")
            return value

    def _rest(self, call: Callable[[Salesforce], Any]) -> Any:
        """A REST call; an expired session is renewed once with the stored password."""
        client = self._require_client()
        credentials = self._credentials
        try:
            return self._send(lambda: call(client), _Kind.REST)
        except _Failure as failure:
            expired = failure.error.code is SfErrorCode.SESSION_EXPIRED
            if not expired or not isinstance(credentials, PasswordCredentials):
                raise
        logger.info("Salesforce session expired; logging in again once")
        renewed = self._soap_login(credentials)
        self._client = renewed
        return self._send(lambda: call(renewed), _Kind.REST)

    def _next_page(self, url: str) -> Callable[[Salesforce], Any]:
        return lambda c: c.query_more(url, identifier_is_url=True, timeout=self._timeout)

    def _records(self, soql: str) -> list[dict[str, Any]]:
        page = self._rest(lambda c: c.query(soql, timeout=self._timeout))
        records: list[dict[str, Any]] = _strip_attributes(page["records"])
        return records

    def _composite(self, paths: Sequence[str]) -> list[tuple[int, Any]]:
        """GET subrequests in one composite call: one round trip, one API call."""
        data = self._rest(lambda c: self._post_composite(c, paths))
        return _composite_results(data, len(paths))

    def _post_composite(self, client: Salesforce, paths: Sequence[str]) -> Any:
        body = {
            "allOrNone": False,
            "compositeRequest": [
                {
                    "method": "GET",
                    "url": f"/services/data/v{API_VERSION}/{p}",
                    "referenceId": f"r{i}",
                }
                for i, p in enumerate(paths)
            ],
        }
        return client.restful("composite", method="POST", json=body, timeout=self._timeout)

    @staticmethod
    def _valid_names(sobjects: Sequence[str], result: dict[str, Any]) -> list[str]:
        """Names safe to splice into a URL or SOQL; the others get an error right away."""
        names: list[str] = []
        for name in dict.fromkeys(sobjects):
            if _SOBJECT_NAME.match(name):
                names.append(name)
            else:
                result[name] = SfError(code=SfErrorCode.NOT_ACCESSIBLE, subject=name)
        return names


def _composite_results(data: Any, count: int) -> list[tuple[int, Any]]:
    """(status, body) of each subrequest ``r0``..``r{count-1}``, in request order."""
    by_ref = {item["referenceId"]: item for item in data["compositeResponse"]}
    return [(int(by_ref[f"r{i}"]["httpStatusCode"]), by_ref[f"r{i}"]["body"]) for i in range(count)]
