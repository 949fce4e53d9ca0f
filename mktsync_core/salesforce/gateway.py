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
* as few API calls as the org allows: reads are packed into ``composite``
  requests (25 subrequests, 5 of them queries, one API call each), and what
  does not change during a login - the organization, the object list, the
  describes - is read once per login and kept until :meth:`refresh`;
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
        self._organization: OrgInfo | None = None
        self._objects: tuple[SObjectSummary, ...] | None = None
        self._describes: dict[str, ObjectDescribe] = {}
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

    @property
    def known_objects(self) -> tuple[SObjectSummary, ...] | None:
        """The object list if this login already read it (free), else None."""
        return self._objects

    def refresh(self) -> None:
        """Make the next reads ask the org again: for a re-check the user asked for.

        Drops the describes and the object list; the organization (name,
        edition, sandbox) stays what the login found.
        """
        self._objects = None
        self._describes = {}

    def _drop_connection(self) -> None:
        self._credentials = None
        self._client = None
        self._login_info = None
        self._organization = None
        self._objects = None
        self._describes = {}

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
        user_id, organization, objects = self._identify(client, credentials.username)
        self._organization, self._objects = organization, objects
        info = LoginInfo(
            auth_mode=AuthMode.PASSWORD,
            username=credentials.username,
            user_id=user_id,
            org_id=organization.id,
            instance_host=str(client.sf_instance),
            sandbox=organization.is_sandbox,
            api_version=API_VERSION,
            notices=(SfNotice.SOAP_LOGIN_RETIRING,),
        )
        return client, info

    def _identify(
        self, client: Salesforce, username: str
    ) -> tuple[str, OrgInfo, tuple[SObjectSummary, ...] | None]:
        """User id, the organization and the object list in one composite call (one API call).

        It is the first data call of the new session, so it is also the one an
        expired password refuses (INVALID_OPERATION_WITH_EXPIRED_PASSWORD):
        simple-salesforce does not pass ``passwordExpired`` on. No re-login here:
        a session refused right after login would be refused again. The
        organization (edition, sandbox) and the object list ride along because
        every page after a login needs them; an object list the org will not
        give is simply asked for again when needed.
        """
        paths = [
            _query_path(format_soql("SELECT Id FROM User WHERE Username = {}", username)),
            _query_path(_ORGANIZATION_SOQL),
            _OBJECT_LIST_PATH,
        ]
        data = self._send(lambda: self._post_composite(client, paths), _Kind.REST)
        (user_status, user), (org_status, org), (list_status, listed) = _composite_results(
            data, len(paths)
        )
        rows: list[dict[str, Any]] = []
        for subject, status, body in (
            ("User", user_status, user),
            ("Organization", org_status, org),
        ):
            if status != 200:
                raise _Failure(rest_error(status, *_error_fields(body), subject=subject))
            if not body["records"]:
                raise _Failure(SfError(code=SfErrorCode.MALFORMED_RESPONSE, subject=subject))
            rows.append(body["records"][0])
        objects = _object_list(listed) if list_status == 200 else None
        return str(rows[0]["Id"]), _org_info(rows[1]), objects

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
        """Name, edition and sandbox flag: decides PE vs EE instructions and the Sandbox box.

        A password login already read it (no API call); an access-token login
        reads it once (one API call).
        """

        def run() -> OrgInfo:
            if self._organization is None:
                self._require_client()
                records = self._records(_ORGANIZATION_SOQL)
                if not records:
                    raise _Failure(
                        SfError(code=SfErrorCode.MALFORMED_RESPONSE, subject="Organization")
                    )
                self._organization = _org_info(records[0])
            return self._organization

        return self._boundary(run)

    def running_user(self) -> UserInfo | SfError:
        """The logged-in user, with permissions when the user may read them (1-2 API calls)."""

        def run() -> UserInfo:
            user = self._read((), user=True).user
            assert user is not None
            if isinstance(user, SfError):
                raise _Failure(user)
            return user

        return self._boundary(run)

    def read(
        self, describe: Sequence[str], *, user: bool = False, spare: Sequence[str] = ()
    ) -> tuple[dict[str, ObjectDescribe | SfError], UserInfo | SfError | None] | SfError:
        """The describes of ``describe`` and, with ``user``, the running user, in shared composites.

        What :meth:`describe` and :meth:`running_user` return, for the price of
        one call when they fit in one composite (the pre-flight checks' case).
        ``spare`` objects are described only in the room left in the last
        composite, so that a page about to need them finds them read for free;
        they are kept for :meth:`describe`, not returned.
        """

        def run() -> tuple[dict[str, ObjectDescribe | SfError], UserInfo | SfError | None]:
            reads = self._read(describe, user=user, spare=spare)
            return reads.describes, reads.user

        return self._boundary(run)

    def describe(self, sobjects: Sequence[str]) -> dict[str, ObjectDescribe | SfError] | SfError:
        """Describes as the running user sees them, 25 objects per API call (composite).

        An object the user cannot see comes back as a per-object NOT_ACCESSIBLE
        error. Describes read since the login (or the last :meth:`refresh`) cost nothing.
        """
        return self._boundary(lambda: self._read(sobjects).describes)

    def _read(
        self, sobjects: Sequence[str], *, user: bool = False, spare: Sequence[str] = ()
    ) -> _Reads:
        errors: dict[str, ObjectDescribe | SfError] = {}
        names = self._valid_names(sobjects, errors)
        missing = [n for n in names if n not in self._describes]
        user_id = self._require_login().user_id if user else ""
        queries = [_user_soql(user_id, licence=True), _perms_soql(user_id)] if user else []
        sent = len(missing) + len(queries)
        room = -sent % COMPOSITE_MAX_SUBREQUESTS if sent else 0
        extra = [
            n for n in self._valid_names(spare, {}) if n not in self._describes and n not in missing
        ]
        missing += extra[:room]
        answers = self._batch(
            [f"sobjects/{name}/describe" for name in missing] + [_query_path(q) for q in queries]
        )
        for name, (status, body) in zip(missing, answers[: len(missing)], strict=True):
            if status == 200:
                self._describes[name] = ObjectDescribe.model_validate(body)
            else:
                errors[name] = rest_error(status, *_error_fields(body), subject=name)
        describes = {
            name: self._describes.get(name) or errors[name] for name in dict.fromkeys(sobjects)
        }
        found = self._user(*answers[len(missing) :]) if user else None
        return _Reads(describes=describes, user=found)

    def _user(self, user: tuple[int, Any], permissions: tuple[int, Any]) -> UserInfo | SfError:
        """The running user from the answers to its two queries (and a fallback query if needed)."""
        status, body = user
        if status == 200:
            rows = _strip_attributes(body["records"])
        else:
            error = rest_error(status, *_error_fields(body))
            if error.code is not SfErrorCode.NOT_ACCESSIBLE:
                return error
            # Non-admins may not see the licence relationship; UserType still tells a lot.
            try:
                rows = self._records(_user_soql(self._require_login().user_id, licence=False))
            except _Failure as failure:
                return failure.error
        if not rows:
            return SfError(code=SfErrorCode.MALFORMED_RESPONSE, subject="User")
        row = rows[0]
        profile = row.get("Profile") or {}
        granted, refused = _permissions(*permissions)
        return UserInfo(
            id=row["Id"],
            username=row["Username"],
            name=row["Name"],
            is_active=row["IsActive"],
            user_type=row["UserType"],
            profile_name=profile.get("Name"),
            license_name=(profile.get("UserLicense") or {}).get("Name"),
            marketing_user=row["UserPermissionsMarketingUser"],
            permissions=granted,
            permissions_error=refused,
        )

    def list_objects(self) -> tuple[SObjectSummary, ...] | SfError:
        """The global describe: every object the user can see (1 call, unless the login read it)."""

        def run() -> tuple[SObjectSummary, ...]:
            if self._objects is None:
                data = self._rest(lambda c: c.restful("sobjects", timeout=self._timeout))
                self._objects = _object_list(data)
            return self._objects

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
            paths = [_query_path(f"SELECT COUNT() FROM {n}") for n in names]
            for name, (status, body) in zip(names, self._batch(paths), strict=True):
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
            answers = self._batch([_query_path(soql) for soql in soqls])
            return [
                QueryResult(
                    total_size=body["totalSize"],
                    records=_strip_attributes(body["records"]),
                    truncated=not body["done"],
                )
                if status == 200
                else rest_error(status, *_error_fields(body))
                for status, body in answers
            ]

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

    def _batch(self, paths: Sequence[str]) -> list[tuple[int, Any]]:
        """GET subrequests in as few composite calls as Salesforce allows, answers in order.

        A composite takes 25 subrequests, at most 5 of them queries; each is one
        round trip and one API call, whatever it carries.
        """
        answers: list[tuple[int, Any]] = []
        chunk: list[str] = []
        queries = 0
        for path in paths:
            is_query = path.startswith(_QUERY_PREFIX)
            if len(chunk) == COMPOSITE_MAX_SUBREQUESTS or (
                is_query and queries == COMPOSITE_MAX_QUERIES
            ):
                answers += self._composite(chunk)
                chunk, queries = [], 0
            chunk.append(path)
            queries += is_query
        if chunk:
            answers += self._composite(chunk)
        return answers

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


_QUERY_PREFIX = "query/?"
_OBJECT_LIST_PATH = "sobjects"
_ORGANIZATION_SOQL = "SELECT Id, Name, OrganizationType, IsSandbox, InstanceName FROM Organization"


class _Reads(BaseModel):
    """What one :meth:`SalesforceGateway._read` found; ``user`` is None when not asked."""

    describes: dict[str, ObjectDescribe | SfError]
    user: UserInfo | SfError | None


def _query_path(soql: str) -> str:
    return _QUERY_PREFIX + urlencode({"q": soql})


def _user_soql(user_id: str, *, licence: bool) -> str:
    return format_soql(
        "SELECT Id, Username, Name, IsActive, UserType, Profile.Name, "
        + ("Profile.UserLicense.Name, " if licence else "")
        + "UserPermissionsMarketingUser FROM User WHERE Id = {}",
        user_id,
    )


def _perms_soql(user_id: str) -> str:
    return format_soql(
        "SELECT "
        + ", ".join(PERMISSION_COLUMNS)
        + " FROM PermissionSet WHERE Id IN (SELECT PermissionSetId FROM"
        " PermissionSetAssignment WHERE AssigneeId = {})",
        user_id,
    )


def _permissions(status: int, body: Any) -> tuple[UserPermissions | None, SfError | None]:
    """The union of the user's permission sets, or why they could not be read."""
    if status != 200:
        return None, rest_error(status, *_error_fields(body))
    rows = body["records"]
    if not rows:
        # Every user has at least the profile's permission set: none means "not allowed to see".
        return None, SfError(code=SfErrorCode.INSUFFICIENT_ACCESS, subject="PermissionSet")
    values = {
        attribute: any(bool(row.get(column)) for row in rows)
        for column, attribute in PERMISSION_COLUMNS.items()
    }
    return UserPermissions(**values), None


def _org_info(row: dict[str, Any]) -> OrgInfo:
    return OrgInfo(
        id=row["Id"],
        name=row["Name"],
        organization_type=row["OrganizationType"],
        is_sandbox=row["IsSandbox"],
        instance_name=row.get("InstanceName"),
    )


def _object_list(data: Any) -> tuple[SObjectSummary, ...]:
    return tuple(SObjectSummary.model_validate(o) for o in data["sobjects"])


def _composite_results(data: Any, count: int) -> list[tuple[int, Any]]:
    """(status, body) of each subrequest ``r0``..``r{count-1}``, in request order."""
    by_ref = {item["referenceId"]: item for item in data["compositeResponse"]}
    return [(int(by_ref[f"r{i}"]["httpStatusCode"]), by_ref[f"r{i}"]["body"]) for i in range(count)]
