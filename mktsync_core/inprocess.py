"""Serve a ``requests.Session`` from an object in this process instead of the network.

The demo Salesforce org and the demo Marketo both answer their real wire
protocols in memory, so the live clients run unmodified against them. They
share this one transport so the two demos cannot drift apart in how a reply
becomes a :class:`requests.Response` or how an unserved host fails. Mounted for
every URL of a session, a demo session cannot reach the network at all: hosts
the server does not know fail like a DNS error.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, Protocol

import requests
from requests.adapters import BaseAdapter
from requests.models import PreparedRequest, Response
from requests.structures import CaseInsensitiveDict

JSON_CONTENT_TYPE = "application/json;charset=UTF-8"


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    content_type: str = JSON_CONTENT_TYPE
    headers: dict[str, str] = field(default_factory=dict)


def json_reply(status: int, payload: Any, headers: dict[str, str] | None = None) -> Reply:
    return Reply(status, json.dumps(payload).encode("utf-8"), JSON_CONTENT_TYPE, headers or {})


class UnknownHost(Exception):
    """A host the in-process server does not serve: to the client, like a DNS failure."""


class InProcessServer(Protocol):
    def handle(self, method: str, url: str, headers: dict[str, str], body: bytes) -> Reply: ...


class InProcessAdapter(BaseAdapter):
    """Answers every request of a session from ``server``; ``name`` only labels its errors."""

    def __init__(self, server: InProcessServer, name: str) -> None:
        super().__init__()
        self.server = server
        self.name = name

    def send(
        self,
        request: PreparedRequest,
        stream: bool = False,
        timeout: float | tuple[float, float] | tuple[float, None] | None = None,
        verify: bool | str = True,
        cert: bytes | str | tuple[bytes | str, bytes | str] | None = None,
        proxies: Mapping[str, str] | None = None,
    ) -> Response:
        body = request.body or b""
        raw = body.encode("utf-8") if isinstance(body, str) else bytes(body)
        try:
            reply = self.server.handle(
                request.method or "GET", request.url or "", dict(request.headers), raw
            )
        except UnknownHost as exc:
            raise requests.exceptions.ConnectionError(
                f"{self.name} does not serve host {exc}", request=request
            ) from None
        response = Response()
        response.status_code = reply.status
        response.reason = HTTPStatus(reply.status).phrase
        response.headers = CaseInsensitiveDict(
            {"Content-Type": reply.content_type, **reply.headers}
        )
        response._content = reply.body
        response.encoding = "utf-8"
        response.url = request.url or ""
        response.request = request
        return response

    def close(self) -> None:
        """Nothing to release: no sockets are ever opened."""


def inprocess_session(adapter: InProcessAdapter) -> requests.Session:
    """A session whose every request, whatever the scheme, goes to ``adapter``."""
    session = requests.Session()
    session.trust_env = False
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session
