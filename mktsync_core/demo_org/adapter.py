"""The transport that puts the demo org behind an ordinary ``requests.Session``.

Mounted for every URL of the session, so a demo session cannot reach the
network at all: hosts the demo org does not serve fail like a DNS error.
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus

import requests
from requests.adapters import BaseAdapter
from requests.models import PreparedRequest, Response
from requests.structures import CaseInsensitiveDict

from mktsync_core.demo_org.org import DemoOrg, UnknownHost


class DemoOrgAdapter(BaseAdapter):
    def __init__(self, org: DemoOrg) -> None:
        super().__init__()
        self.org = org

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
            reply = self.org.handle(
                request.method or "GET", request.url or "", dict(request.headers), raw
            )
        except UnknownHost as exc:
            raise requests.exceptions.ConnectionError(
                f"demo org does not serve host {exc}", request=request
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


def demo_session(org: DemoOrg | None = None) -> requests.Session:
    """A session whose every request is answered by the demo org."""
    session = requests.Session()
    session.trust_env = False
    adapter = DemoOrgAdapter(org or DemoOrg())
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session
