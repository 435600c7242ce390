"""Starting and stopping a test server that runs in its own process group."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable


def await_imap_greeting(process: subprocess.Popen[bytes], port: int, timeout: float,
                        name: str, log: Callable[[], str], interval: float = 0.02) -> None:
    """Return once 127.0.0.1:`port` greets with `* OK`; stop the server and raise
    with its log when it exits or stays silent for `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited at start:\n{log()}")
        with contextlib.suppress(OSError), socket.create_connection(
                ("127.0.0.1", port), timeout=1) as sock:
            if sock.recv(64).startswith(b"* OK"):
                return
        time.sleep(interval)
    stop_group(process)
    raise RuntimeError(f"{name} did not answer within {timeout} s:\n{log()}")


def stop_group(process: subprocess.Popen[bytes], timeout: float = 10) -> None:
    """SIGTERM the whole process group (the master alone leaves session
    processes answering), SIGKILL it after `timeout` seconds."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
