"""A timeout on every request of the gateway's session, including simple-salesforce's login.

simple-salesforce sends SOAP ``login()`` and ``oauth2()`` without a timeout
(salesforce-api.md §1.6), so the default is enforced where every request
passes: the transport adapters mounted on the session. Rather than replacing
what is mounted, each adapter is wrapped, so the default composes with any
transport - the live ``HTTPAdapter`` (and the ``responses`` stubs that patch
it), the demo org's adapter, a recording adapter in a test.
"""

from __future__ import annotations

from collections.abc import Mapping

import requests
from requests.adapters import BaseAdapter
from requests.models import PreparedRequest, Response

Timeout = tuple[float, float]


class DefaultTimeoutAdapter(BaseAdapter):
    """Sends through ``inner``, with ``timeout`` when the caller gave none."""

    def __init__(self, inner: BaseAdapter, timeout: Timeout) -> None:
        super().__init__()
        self.inner = inner
        self.timeout = timeout

    def send(
        self,
        request: PreparedRequest,
        stream: bool = False,
        timeout: float | tuple[float, float] | tuple[float, None] | None = None,
        verify: bool | str = True,
        cert: bytes | str | tuple[bytes | str, bytes | str] | None = None,
        proxies: Mapping[str, str] | None = None,
    ) -> Response:
        return self.inner.send(
            request,
            stream=stream,
            timeout=self.timeout if timeout is None else timeout,
            verify=verify,
            cert=cert,
            proxies=proxies,
        )

    def close(self) -> None:
        self.inner.close()


def install_default_timeout(session: requests.Session, timeout: Timeout) -> None:
    """Give every transport mounted on ``session`` the default ``timeout`` (idempotent)."""
    for prefix, adapter in list(session.adapters.items()):
        if isinstance(adapter, DefaultTimeoutAdapter):
            adapter.timeout = timeout
        else:
            session.mount(prefix, DefaultTimeoutAdapter(adapter, timeout))
