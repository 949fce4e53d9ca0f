"""Fixtures shared by the unit tests that drive the demo servers and the live clients."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator

import pytest


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that opens a socket: the demo servers must answer everything in-process."""

    def refuse(*_: object) -> None:
        raise AssertionError("a test tried to open a socket")

    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Every logger at DEBUG, restored afterwards, so a leak test sees all a library could log."""
    names = ("", "urllib3", "simple_salesforce", "requests", "responses", "mktsync_core")
    levels = {name: logging.getLogger(name).level for name in names}
    for name in names:
        logging.getLogger(name).setLevel(logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    yield caplog
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
