"""The sync user's credentials, held so that they cannot leak by accident.

Secrets are ``SecretStr`` fields excluded from ``model_dump``/JSON and hidden
from ``repr``: a credentials object can be logged, put in session state or
exported by mistake without revealing the password, token or access token.
Form input is validated here, before any network traffic, so a typo costs no
failed login (failed logins count towards Salesforce's lockout).
"""

from __future__ import annotations

import re
from enum import StrEnum
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from mktsync_core.salesforce.errors import CredentialField, SfError, SfErrorCode, SfNotice

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_TOKEN = re.compile(r"^[A-Za-z0-9]+$")
_HOST_LABELS = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)*$")
_SF_SUFFIX = ".salesforce.com"
_LIGHTNING_SUFFIX = ".lightning.force.com"
_TRUSTED_INSTANCE_SUFFIXES = (".salesforce.com", ".force.com")


class AuthMode(StrEnum):
    PASSWORD = "password"
    ACCESS_TOKEN = "access_token"


class PasswordCredentials(BaseModel):
    """Username + password + security token, as typed into Marketo."""

    model_config = ConfigDict(extra="forbid")

    username: str
    password: SecretStr = Field(exclude=True, repr=False)
    security_token: SecretStr = Field(exclude=True, repr=False)
    sandbox: bool = False
    my_domain: str | None = None

    @property
    def login_domain(self) -> str:
        """The ``{domain}`` of ``https://{domain}.salesforce.com`` to log in at."""
        if self.my_domain:
            return self.my_domain
        return "test" if self.sandbox else "login"

    def forget(self) -> None:
        """Drop the secrets from this object (the username and flags stay for the form)."""
        self.password = SecretStr("")
        self.security_token = SecretStr("")


class AccessTokenCredentials(BaseModel):
    """An existing OAuth access token and the org's instance URL.

    The alternative for orgs where SOAP ``login()`` is disabled or retired.
    """

    model_config = ConfigDict(extra="forbid")

    access_token: SecretStr = Field(exclude=True, repr=False)
    instance_url: str

    @property
    def instance_host(self) -> str:
        return urlsplit(self.instance_url).netloc

    def forget(self) -> None:
        self.access_token = SecretStr("")


Credentials = PasswordCredentials | AccessTokenCredentials


class ValidatedLogin(BaseModel):
    """Credentials that passed the offline checks, and what was fixed up on the way."""

    model_config = ConfigDict(extra="forbid")

    credentials: PasswordCredentials | AccessTokenCredentials
    notices: tuple[SfNotice, ...] = ()


def _missing(field: CredentialField) -> SfError:
    return SfError(code=SfErrorCode.INPUT_MISSING, field=field)


def normalise_my_domain(raw: str) -> str | None:
    """The login domain prefix for what a user pasted, or None if it is not a Salesforce host.

    Accepts ``acme.my``, ``acme.my.salesforce.com``, a full URL, and the
    Lightning address users copy from the browser (``acme.lightning.force.com``).
    """
    text = raw.strip().lower()
    host = urlsplit(text if "://" in text else f"https://{text}").hostname or ""
    if host.endswith(_LIGHTNING_SUFFIX):
        stem = host.removesuffix(_LIGHTNING_SUFFIX)
        host = f"{stem}.my{_SF_SUFFIX}"
    if host.endswith(_SF_SUFFIX):
        host = host.removesuffix(_SF_SUFFIX)
    elif "." in host and not host.endswith((".my", ".sandbox.my")):
        return None
    return host if host and _HOST_LABELS.match(host) else None


def validate_password_login(
    username: str,
    password: str,
    security_token: str,
    *,
    sandbox: bool,
    my_domain: str = "",
) -> ValidatedLogin | SfError:
    """Check the credentials form; the first problem found, in form order, is returned.

    The token is trimmed (pasting from the reset email often adds a space or a
    newline); the password is not, because spaces may be part of it.
    """
    notices: list[SfNotice] = []
    user = username.strip()
    if not user:
        return _missing(CredentialField.USERNAME)
    if user != username:
        notices.append(SfNotice.USERNAME_TRIMMED)
    if not _EMAIL.match(user):
        return SfError(code=SfErrorCode.INPUT_USERNAME_NOT_EMAIL, field=CredentialField.USERNAME)
    if not password:
        return _missing(CredentialField.PASSWORD)
    if password != password.strip():
        notices.append(SfNotice.PASSWORD_WHITESPACE)
    token = security_token.strip()
    if token != security_token:
        notices.append(SfNotice.TOKEN_TRIMMED)
    if not token:
        notices.append(SfNotice.TOKEN_EMPTY)
    elif not _TOKEN.match(token):
        return SfError(code=SfErrorCode.INPUT_TOKEN_MALFORMED, field=CredentialField.SECURITY_TOKEN)
    domain: str | None = None
    if my_domain.strip():
        domain = normalise_my_domain(my_domain)
        if domain is None:
            return SfError(code=SfErrorCode.INPUT_DOMAIN_INVALID, field=CredentialField.MY_DOMAIN)
        if domain != my_domain.strip():
            notices.append(SfNotice.DOMAIN_NORMALISED)
    notices.append(SfNotice.SOAP_LOGIN_RETIRING)
    credentials = PasswordCredentials(
        username=user,
        password=SecretStr(password),
        security_token=SecretStr(token),
        sandbox=sandbox,
        my_domain=domain,
    )
    return ValidatedLogin(credentials=credentials, notices=tuple(notices))


def normalise_instance_url(raw: str) -> str | None:
    """``https://host[:port]`` for a Salesforce instance, or None.

    Only Salesforce hosts are accepted, because the access token is sent to
    this address: a typo must not hand it to somebody else's server.
    """
    text = raw.strip()
    parts = urlsplit(text if "://" in text else f"https://{text}")
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host.endswith(_TRUSTED_INSTANCE_SUFFIXES):
        return None
    if host.endswith(_LIGHTNING_SUFFIX):
        host = host.removesuffix(_LIGHTNING_SUFFIX) + f".my{_SF_SUFFIX}"
    if not _HOST_LABELS.match(host):
        return None
    return f"https://{host}" if parts.port in (None, 443) else f"https://{host}:{parts.port}"


def validate_access_token_login(access_token: str, instance_url: str) -> ValidatedLogin | SfError:
    """Check the advanced (access token) form."""
    notices: list[SfNotice] = []
    token = access_token.strip()
    if not token:
        return _missing(CredentialField.ACCESS_TOKEN)
    if token != access_token:
        notices.append(SfNotice.TOKEN_TRIMMED)
    if any(ch.isspace() for ch in token):
        return SfError(code=SfErrorCode.INPUT_TOKEN_MALFORMED, field=CredentialField.ACCESS_TOKEN)
    if not instance_url.strip():
        return _missing(CredentialField.INSTANCE_URL)
    url = normalise_instance_url(instance_url)
    if url is None:
        return SfError(
            code=SfErrorCode.INPUT_INSTANCE_URL_INVALID, field=CredentialField.INSTANCE_URL
        )
    credentials = AccessTokenCredentials(access_token=SecretStr(token), instance_url=url)
    return ValidatedLogin(credentials=credentials, notices=tuple(notices))
