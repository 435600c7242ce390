"""A private Radicale (CalDAV) on 127.0.0.1 for tests.

Started as `python -m radicale` from an empty config with its storage and a
plain htpasswd file in a temporary folder, on a free port; ready when an
authenticated PROPFIND of the user's home answers. Start-up failures raise
with the server's log. Stopped by its own process id.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.servers.dovecot import free_port

USER, PASSWORD = "owner", "calendar-secret"


class Radicale:
    def __init__(self) -> None:
        self.base = Path(tempfile.mkdtemp(prefix="inviteassist-radicale-"))
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.users = self.base / "users"
        self.users.write_text(f"{USER}:{PASSWORD}\n", encoding="utf-8")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def log(self) -> str:
        path = self.base / "radicale.log"
        return path.read_text(errors="replace") if path.exists() else "(no log)"

    def start(self, timeout: float = 15.0) -> None:
        log = (self.base / "radicale.log").open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", "",
             "--server-hosts", f"127.0.0.1:{self.port}",
             "--storage-filesystem-folder", str(self.base / "collections"),
             "--auth-type", "htpasswd", "--auth-htpasswd-filename", str(self.users),
             "--auth-htpasswd-encryption", "plain", "--auth-delay", "0"],
            stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"radicale exited at start ({self.process.returncode}):\n"
                                   f"{self.log}")
            if self._answers():
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"radicale did not answer within {timeout} s:\n{self.log}")

    def _answers(self) -> bool:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, self.url, USER, PASSWORD)
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}),
                                             urllib.request.HTTPBasicAuthHandler(manager))
        request = urllib.request.Request(f"{self.url}{USER}/", method="PROPFIND",
                                         headers={"Depth": "0"})
        try:
            with opener.open(request, timeout=1) as response:
                return int(response.status) < 500
        except urllib.error.HTTPError as exc:
            return exc.code < 500
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.base, ignore_errors=True)
