"""Every way talking to Marketo's REST API can fail, as a stable code the UI can translate.

Marketo answers most failures with HTTP 200 and ``{"success": false, "errors":
[{"code": "6xx", ...}]}``; the identity endpoint answers bad client
credentials with HTTP 401 (Marketo REST "Error Codes" page). The client turns
each into an :class:`MktoError` whose code picks a ja/en message and says who
can fix it, so the Verify page never interprets a Marketo code itself.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, computed_field


class MktoFixer(StrEnum):
    """Who has to act: the person at the keyboard, or the Marketo admin."""

    MARKETER = "marketer"
    MARKETO_ADMIN = "marketo_admin"


class MktoInputField(StrEnum):
    ENDPOINT = "endpoint"
    CLIENT_ID = "client_id"
    CLIENT_SECRET = "client_secret"


class MktoErrorCode(StrEnum):
    BAD_CLIENT_CREDENTIALS = "bad_client_credentials"
    ACCESS_DENIED = "access_denied"
    TOKEN_EXPIRED = "token_expired"
    RATE_LIMITED = "rate_limited"
    DAILY_QUOTA_REACHED = "daily_quota_reached"
    CONCURRENCY_LIMIT = "concurrency_limit"
    UNKNOWN_FIELD = "unknown_field"
    TIMEOUT = "timeout"
    NETWORK_UNREACHABLE = "network_unreachable"
    SERVER_UNAVAILABLE = "server_unavailable"
    MALFORMED_RESPONSE = "malformed_response"
    UNEXPECTED_ERROR = "unexpected_error"
    INPUT_MISSING = "input_missing"
    INPUT_ENDPOINT_INVALID = "input_endpoint_invalid"
    INPUT_CLIENT_ID_MALFORMED = "input_client_id_malformed"


_ADMIN_FIXES = frozenset(
    {
        MktoErrorCode.ACCESS_DENIED,
        MktoErrorCode.DAILY_QUOTA_REACHED,
        MktoErrorCode.UNKNOWN_FIELD,
    }
)


class MktoError(BaseModel):
    """A failure the UI can show: a code, plus facts that are safe to display.

    ``mkto_code`` and ``mkto_message`` are what Marketo said (for the Marketo
    admin or Marketo Support); they are dropped when they quote a secret.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: MktoErrorCode
    mkto_code: str | None = None
    mkto_message: str | None = None
    http_status: int | None = None
    field: MktoInputField | None = None
    subject: str | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def fixer(self) -> MktoFixer:
        return MktoFixer.MARKETO_ADMIN if self.code in _ADMIN_FIXES else MktoFixer.MARKETER


class MktoNotice(StrEnum):
    """Something worth telling the user that did not stop the check."""

    ENDPOINT_NORMALISED = "endpoint_normalised"
    CLIENT_ID_TRIMMED = "client_id_trimmed"
    SECRET_TRIMMED = "secret_trimmed"


# Response-level codes (Marketo REST "Error Codes" page).
TOKEN_CODES = frozenset({"601", "602"})
RATE_LIMIT = "606"
DAILY_QUOTA = "607"
CONCURRENCY = "615"
# "Try again" codes besides 606/615: bad gateway, request time-out, API
# temporarily unavailable, invalid subscription (usually temporary), transient error.
TRANSIENT_CODES = frozenset({"502", "604", "608", "614", "713"})
# 1006 "Field '%s' not found"; 1011 "Field '%s' not supported" (as filterType).
UNKNOWN_FIELD_CODES = frozenset({"1006", "1011"})

_BY_CODE = {
    "601": MktoErrorCode.TOKEN_EXPIRED,
    "602": MktoErrorCode.TOKEN_EXPIRED,
    "603": MktoErrorCode.ACCESS_DENIED,
    RATE_LIMIT: MktoErrorCode.RATE_LIMITED,
    DAILY_QUOTA: MktoErrorCode.DAILY_QUOTA_REACHED,
    CONCURRENCY: MktoErrorCode.CONCURRENCY_LIMIT,
    **dict.fromkeys(TRANSIENT_CODES, MktoErrorCode.SERVER_UNAVAILABLE),
    **dict.fromkeys(UNKNOWN_FIELD_CODES, MktoErrorCode.UNKNOWN_FIELD),
}


def _quoted_field(message: str | None) -> str | None:
    """The field name in Marketo's "Field 'x' not found" messages."""
    if not message or message.count("'") < 2:
        return None
    return message.split("'")[1] or None


def response_error(code: str, message: str | None) -> MktoError:
    """The error for a response-level Marketo error code."""
    mapped = _BY_CODE.get(code, MktoErrorCode.UNEXPECTED_ERROR)
    subject = _quoted_field(message) if mapped is MktoErrorCode.UNKNOWN_FIELD else None
    return MktoError(code=mapped, mkto_code=code, mkto_message=message, subject=subject)
