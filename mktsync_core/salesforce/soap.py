"""SOAP ``login()``: the request body and the reading of Salesforce's answer.

simple-salesforce's own login posts without a timeout and throws away
``passwordExpired``, ``userId`` and ``sandbox``; the gateway needs all three
(an expired password otherwise looks like a successful login), so it sends
the same envelope itself and hands the session to simple-salesforce.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html import escape
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, SecretStr


class LoginResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    session_id: SecretStr
    instance_host: str
    user_id: str
    org_id: str
    password_expired: bool
    sandbox: bool


class LoginFault(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    message: str | None


class NotSoap(ValueError):
    """The body is not a SOAP login answer (an HTML error page, a proxy, garbage)."""


def login_envelope(username: str, password_and_token: str, client_id: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8" ?>'
        '<env:Envelope xmlns:xsd="http://www.w3.org/2001/XMLSchema"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"'
        ' xmlns:urn="urn:partner.soap.sforce.com">'
        "<env:Header><urn:CallOptions>"
        f"<urn:client>{escape(client_id)}</urn:client>"
        "<urn:defaultNamespace>sf</urn:defaultNamespace>"
        "</urn:CallOptions></env:Header>"
        '<env:Body><n1:login xmlns:n1="urn:partner.soap.sforce.com">'
        f"<n1:username>{escape(username)}</n1:username>"
        f"<n1:password>{escape(password_and_token)}</n1:password>"
        "</n1:login></env:Body></env:Envelope>"
    )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _texts(root: ET.Element) -> dict[str, str]:
    """First text of each element, keyed by local name (namespaces differ per endpoint)."""
    found: dict[str, str] = {}
    for element in root.iter():
        found.setdefault(_local(element.tag), (element.text or "").strip())
    return found


def parse_login_response(body: bytes) -> LoginResult | LoginFault:
    """Read a login answer; raises :class:`NotSoap` when it is not one."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise NotSoap("login answer is not XML") from exc
    texts = _texts(root)
    if "exceptionCode" in texts:
        return LoginFault(code=texts["exceptionCode"], message=texts.get("exceptionMessage"))
    if "faultcode" in texts:
        code = texts["faultcode"].rsplit(":", 1)[-1]
        return LoginFault(code=code, message=texts.get("faultstring"))
    required = ("sessionId", "serverUrl", "userId", "organizationId")
    if not all(texts.get(key) for key in required):
        raise NotSoap("login answer lacks session fields")
    host = (urlsplit(texts["serverUrl"]).netloc or "").replace("-api", "")
    if not host:
        raise NotSoap("login answer has no server URL host")
    return LoginResult(
        session_id=SecretStr(texts["sessionId"]),
        instance_host=host,
        user_id=texts["userId"],
        org_id=texts["organizationId"],
        password_expired=texts.get("passwordExpired") == "true",
        sandbox=texts.get("sandbox") == "true",
    )
