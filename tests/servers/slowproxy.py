"""A loopback TCP proxy that holds back the server's answer to every APPEND.

The server has stored the message when it answers, so a client killed while
the answer is held back is the worst moment for crash safety: the draft is
in the folder but the client never learnt it. Widening that moment lets a
random kill land there often.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time

from tests.servers.dovecot import free_port


class AppendDelayProxy:
    def __init__(self, target_port: int, delay: float) -> None:
        self.target_port = target_port
        self.delay = delay
        self.port = free_port()
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._closed = False
        self.holding = threading.Event()  # set while an APPEND's answer is held back
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target_port))
            appending = threading.Event()
            threading.Thread(target=self._pump, args=(client, server, appending, False),
                             daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, appending, True),
                             daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, appending: threading.Event,
              from_server: bool) -> None:
        try:
            while data := source.recv(65536):
                if not from_server and b" APPEND " in data:
                    appending.set()
                if from_server and appending.is_set() and b"APPENDUID" in data:
                    appending.clear()
                    self.holding.set()
                    time.sleep(self.delay)
                    self.holding.clear()
                sink.sendall(data)
        except OSError:
            pass  # either side went away: close both below
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self._closed = True
        self._listener.close()
