"""Every way talking to Salesforce can fail, as a stable code the UI can translate.

Raw exceptions from ``requests`` or simple-salesforce carry English text, URLs
and sometimes response bodies; none of that may reach a marketer. The gateway
turns each failure into an :class:`SfError` whose code picks a ja/en message
and says who can fix it, so a page never has to interpret an exception.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, computed_field


class Fixer(StrEnum):
    """Who has to act: the person at the keyboard, or the org's Salesforce admin."""

    MARKETER = "marketer"
    SALESFORCE_ADMIN = "salesforce_admin"


class CredentialField(StrEnum):
    USERNAME = "username"
    PASSWORD = "password"
    SECURITY_TOKEN = "security_token"
    MY_DOMAIN = "my_domain"
    ACCESS_TOKEN = "access_token"
    INSTANCE_URL = "instance_url"


class SfErrorCode(StrEnum):
    WRONG_CREDENTIALS = "wrong_credentials"
    SECURITY_TOKEN_MISSING = "security_token_missing"
    API_DISABLED_FOR_ORG = "api_disabled_for_org"
    API_DISABLED_FOR_USER = "api_disabled_for_user"
    PASSWORD_EXPIRED = "password_expired"
    SOAP_LOGIN_DISABLED = "soap_login_disabled"
    USER_LOCKED = "user_locked"
    LOGIN_REFUSED = "login_refused"
    SESSION_EXPIRED = "session_expired"
    REQUEST_LIMIT_EXCEEDED = "request_limit_exceeded"
    INSUFFICIENT_ACCESS = "insufficient_access"
    NOT_ACCESSIBLE = "not_accessible"
    QUERY_TOO_LARGE = "query_too_large"
    TIMEOUT = "timeout"
    NETWORK_UNREACHABLE = "network_unreachable"
    SERVER_UNAVAILABLE = "server_unavailable"
    MALFORMED_RESPONSE = "malformed_response"
    UNEXPECTED_ERROR = "unexpected_error"
    NOT_CONNECTED = "not_connected"
    INPUT_MISSING = "input_missing"
    INPUT_USERNAME_NOT_EMAIL = "input_username_not_email"
    INPUT_TOKEN_MALFORMED = "input_token_malformed"
    INPUT_DOMAIN_INVALID = "input_domain_invalid"
    INPUT_INSTANCE_URL_INVALID = "input_instance_url_invalid"


_ADMIN_FIXES = frozenset(
    {
        SfErrorCode.API_DISABLED_FOR_ORG,
        SfErrorCode.API_DISABLED_FOR_USER,
        SfErrorCode.SOAP_LOGIN_DISABLED,
        SfErrorCode.USER_LOCKED,
        SfErrorCode.LOGIN_REFUSED,
        SfErrorCode.REQUEST_LIMIT_EXCEEDED,
        SfErrorCode.INSUFFICIENT_ACCESS,
        SfErrorCode.NOT_ACCESSIBLE,
    }
)

# A check that hits one of these did not fail: the sync user just may not look.
_NOT_VERIFIABLE = frozenset({SfErrorCode.INSUFFICIENT_ACCESS, SfErrorCode.NOT_ACCESSIBLE})


class SfError(BaseModel):
    """A failure the UI can show: a code, plus facts that are safe to display.

    ``sf_code`` and ``sf_message`` are what Salesforce itself said (useful to an
    admin); they never contain request bodies, so never a password or token.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: SfErrorCode
    sf_code: str | None = None
    sf_message: str | None = None
    http_status: int | None = None
    field: CredentialField | None = None
    subject: str | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def fixer(self) -> Fixer:
        return Fixer.SALESFORCE_ADMIN if self.code in _ADMIN_FIXES else Fixer.MARKETER

    @property
    def not_verifiable(self) -> bool:
        """True when the sync user lacks the permission a check needs."""
        return self.code in _NOT_VERIFIABLE


class SfNotice(StrEnum):
    """Something worth telling the user that did not stop the login."""

    TOKEN_TRIMMED = "token_trimmed"
    TOKEN_EMPTY = "token_empty"
    USERNAME_TRIMMED = "username_trimmed"
    PASSWORD_WHITESPACE = "password_whitespace"
    DOMAIN_NORMALISED = "domain_normalised"
    SOAP_LOGIN_RETIRING = "soap_login_retiring"


_LOGIN_FAULTS = {
    "INVALID_LOGIN": SfErrorCode.WRONG_CREDENTIALS,
    "LOGIN_MUST_USE_SECURITY_TOKEN": SfErrorCode.SECURITY_TOKEN_MISSING,
    "API_DISABLED_FOR_ORG": SfErrorCode.API_DISABLED_FOR_ORG,
    "API_CURRENTLY_DISABLED": SfErrorCode.API_DISABLED_FOR_USER,
    "INVALID_OPERATION_WITH_EXPIRED_PASSWORD": SfErrorCode.PASSWORD_EXPIRED,
    "PASSWORD_LOCKOUT": SfErrorCode.USER_LOCKED,
    # New orgs refuse login() to users without "Use Any API Auth" with this code.
    "INSUFFICIENT_ACCESS": SfErrorCode.SOAP_LOGIN_DISABLED,
    # login() does not exist in API 65.0+.
    "UNSUPPORTED_API_VERSION": SfErrorCode.SOAP_LOGIN_DISABLED,
    "REQUEST_LIMIT_EXCEEDED": SfErrorCode.REQUEST_LIMIT_EXCEEDED,
}

_REST_ERRORS = {
    "INVALID_SESSION_ID": SfErrorCode.SESSION_EXPIRED,
    "INVALID_OPERATION_WITH_EXPIRED_PASSWORD": SfErrorCode.PASSWORD_EXPIRED,
    "API_DISABLED_FOR_ORG": SfErrorCode.API_DISABLED_FOR_ORG,
    "API_CURRENTLY_DISABLED": SfErrorCode.API_DISABLED_FOR_USER,
    "REQUEST_LIMIT_EXCEEDED": SfErrorCode.REQUEST_LIMIT_EXCEEDED,
    "INSUFFICIENT_ACCESS": SfErrorCode.INSUFFICIENT_ACCESS,
    "INSUFFICIENT_ACCESS_OR_READONLY": SfErrorCode.INSUFFICIENT_ACCESS,
    "INVALID_TYPE": SfErrorCode.NOT_ACCESSIBLE,
    "INVALID_FIELD": SfErrorCode.NOT_ACCESSIBLE,
    "NOT_FOUND": SfErrorCode.NOT_ACCESSIBLE,
    "EXCEEDED_ID_LIMIT": SfErrorCode.QUERY_TOO_LARGE,
    "QUERY_TIMEOUT": SfErrorCode.QUERY_TOO_LARGE,
    "UNABLE_TO_LOCK_ROW": SfErrorCode.SERVER_UNAVAILABLE,
    "SERVER_UNAVAILABLE": SfErrorCode.SERVER_UNAVAILABLE,
}

# Salesforce says "try again": the same request can succeed a moment later.
TRANSIENT_SF_CODES = frozenset({"UNABLE_TO_LOCK_ROW", "SERVER_UNAVAILABLE"})

_STATUS_FALLBACK = {
    401: SfErrorCode.SESSION_EXPIRED,
    403: SfErrorCode.INSUFFICIENT_ACCESS,
    404: SfErrorCode.NOT_ACCESSIBLE,
}

_MAX_MESSAGE = 300


def _short(message: str | None) -> str | None:
    return message[:_MAX_MESSAGE] if message else None


def login_fault_error(sf_code: str, sf_message: str | None) -> SfError:
    """The error for a SOAP login() fault.

    SOAP login being switched off in the org arrives as a generic
    INVALID_OPERATION whose message names login(); the code alone can't tell.
    """
    code = _LOGIN_FAULTS.get(sf_code)
    if code is None and sf_code == "INVALID_OPERATION" and "login()" in (sf_message or ""):
        code = SfErrorCode.SOAP_LOGIN_DISABLED
    if code is None and "FROZEN" in sf_code:
        code = SfErrorCode.USER_LOCKED
    return SfError(
        code=code or SfErrorCode.LOGIN_REFUSED,
        sf_code=sf_code,
        sf_message=_short(sf_message),
    )


def rest_error(
    http_status: int, sf_code: str | None, sf_message: str | None, subject: str | None = None
) -> SfError:
    """The error for a REST response: Salesforce's code first, the HTTP status as fallback."""
    code = _REST_ERRORS.get(sf_code or "")
    if code is None:
        if http_status >= 500:
            code = SfErrorCode.SERVER_UNAVAILABLE
        else:
            code = _STATUS_FALLBACK.get(http_status, SfErrorCode.UNEXPECTED_ERROR)
    return SfError(
        code=code,
        sf_code=sf_code,
        sf_message=_short(sf_message),
        http_status=http_status,
        subject=subject,
    )
