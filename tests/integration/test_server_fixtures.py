"""The unpacked servers' fixtures: a server that cannot start says why."""

from __future__ import annotations

import socket

import pytest

from tests.servers.courier import Courier


def test_a_server_that_cannot_start_fails_with_its_log():
    server = Courier()
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", server.port))  # taken, not listening: no greeting either
    try:
        with pytest.raises(RuntimeError, match=r"(?s)courier exited at start.*already in use"):
            server.start()
    finally:
        blocker.close()
        server.cleanup()
