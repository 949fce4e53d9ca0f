"""The Marketo API-only user's LaunchPoint credentials, held so that they cannot leak by accident.

The client secret is a ``SecretStr`` excluded from ``model_dump``/JSON and
hidden from ``repr``, so credentials can sit in session state without the
secret ever reaching a log, an export or the progress store.

Where marketers find each value (Marketo "Authentication" page):

* Munchkin Account ID and REST endpoint: Admin > Integration > Web Services,
  REST API section (the endpoint is ``https://<munchkin id>.mktorest.com/rest``;
  the Identity URL is the same host with ``/identity``). The Munchkin ID alone
  is also shown under Admin > Integration > Munchkin.
* Client ID and Client Secret: Admin > Integration > LaunchPoint, select the
  custom service, View Details.

Only ``*.mktorest.com`` hosts are accepted, because the client secret is sent
there: a typo must not hand it to somebody else's server.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from mktsync_core.marketo.errors import MktoError, MktoErrorCode, MktoInputField, MktoNotice

_MUNCHKIN = re.compile(r"^\d{3}-[A-Z]{3}-\d{3}$")
_REST_SUFFIX = ".mktorest.com"


class MarketoCredentials(BaseModel):
    """One Marketo instance and the LaunchPoint custom service that may read it."""

    model_config = ConfigDict(extra="forbid")

    munchkin_id: str = Field(pattern=_MUNCHKIN.pattern)
    client_id: str
    client_secret: SecretStr = Field(exclude=True, repr=False)

    @property
    def base_url(self) -> str:
        return f"https://{self.munchkin_id.lower()}{_REST_SUFFIX}"

    def forget(self) -> None:
        """Drop the secret (the instance and client id stay for the form)."""
        self.client_secret = SecretStr("")


class ValidatedMarketoLogin(BaseModel):
    model_config = ConfigDict(extra="forbid")

    credentials: MarketoCredentials
    notices: tuple[MktoNotice, ...] = ()


def normalise_munchkin_id(raw: str) -> str | None:
    """The Munchkin ID (``123-ABC-456``) in what a user pasted, or None.

    Accepts the bare ID and the REST endpoint or Identity URL copied from
    Web Services, with or without scheme and path.
    """
    text = raw.strip()
    if _MUNCHKIN.match(text.upper()):
        return text.upper()
    parts = urlsplit(text if "://" in text else f"https://{text}")
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host.endswith(_REST_SUFFIX):
        return None
    candidate = host.removesuffix(_REST_SUFFIX).upper()
    return candidate if _MUNCHKIN.match(candidate) else None


def validate_marketo_login(
    endpoint: str, client_id: str, client_secret: str
) -> ValidatedMarketoLogin | MktoError:
    """Check the form before any request; the first problem, in form order, is returned.

    Client ids and secrets never contain whitespace, so surrounding whitespace
    (added by copying from LaunchPoint) is trimmed with a notice.
    """
    notices: list[MktoNotice] = []
    if not endpoint.strip():
        return MktoError(code=MktoErrorCode.INPUT_MISSING, field=MktoInputField.ENDPOINT)
    munchkin = normalise_munchkin_id(endpoint)
    if munchkin is None:
        return MktoError(code=MktoErrorCode.INPUT_ENDPOINT_INVALID, field=MktoInputField.ENDPOINT)
    if munchkin != endpoint.strip():
        notices.append(MktoNotice.ENDPOINT_NORMALISED)
    cid = client_id.strip()
    if not cid:
        return MktoError(code=MktoErrorCode.INPUT_MISSING, field=MktoInputField.CLIENT_ID)
    if cid != client_id:
        notices.append(MktoNotice.CLIENT_ID_TRIMMED)
    if any(ch.isspace() for ch in cid):
        return MktoError(
            code=MktoErrorCode.INPUT_CLIENT_ID_MALFORMED, field=MktoInputField.CLIENT_ID
        )
    secret = client_secret.strip()
    if not secret:
        return MktoError(code=MktoErrorCode.INPUT_MISSING, field=MktoInputField.CLIENT_SECRET)
    if secret != client_secret:
        notices.append(MktoNotice.SECRET_TRIMMED)
    credentials = MarketoCredentials(
        munchkin_id=munchkin, client_id=cid, client_secret=SecretStr(secret)
    )
    return ValidatedMarketoLogin(credentials=credentials, notices=tuple(notices))
